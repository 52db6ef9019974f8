"""How tables are made on each backend."""

import psycopg2

from sync import db
from tests.sync.conftest import release


def test_postgresql_compresses_answers_with_lz4_not_the_slower_default(pg_scratch_url):
    database = db.init_database(pg_scratch_url)
    db.drop_tables()
    db.create_tables()  # new tables, as a first start makes them
    release(database)
    connection = psycopg2.connect(pg_scratch_url)
    with connection.cursor() as cursor:
        cursor.execute("SELECT attrelid::regclass::text, attname, attcompression FROM pg_attribute "
                       "WHERE attname IN ('answers', 'payload') AND attnum > 0 "
                       "AND attrelid::regclass::text IN ('submission', 'revision', "
                       "'conflict_revision', 'quarantine')")
        found = {(table, column): method for table, column, method in cursor.fetchall()}
    connection.close()
    assert len(found) == 4 and set(found.values()) == {"l"}, found
