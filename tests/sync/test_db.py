"""How tables are made on each backend."""

import psycopg2

from sync import db, tables
from tests.conftest import PASSWORD, release


def test_postgresql_compresses_answers_with_lz4_not_the_slower_default(pg_scratch_url):
    database = db.init_database(pg_scratch_url)
    tables.drop_tables()
    tables.create_tables()  # new tables, as a first start makes them
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


def _pg(url, *statements):
    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
        rows = cursor.fetchall() if cursor.description else None
    connection.close()
    return rows


def _one_stored_submission(url):
    from sync import catalog
    from sync.accounts import create_user
    from sync.push import push_batch
    from tests.factories import batch, item

    database = db.init_database(url)
    tables.drop_tables()
    tables.create_tables()
    catalog.publish_bundled("admin")
    user = create_user("somchai", "field", PASSWORD)
    pushed = item(seed=7, venue="ศาลาประชาคมบ้านดอนแก้ว")
    push_batch(user, batch(pushed))
    return database, pushed["uuid"]


def test_postgresql_database_from_before_the_deferred_index_is_upgraded_on_start(pg_scratch_url):
    """A database whose every insert fed the trigram index: the next start adds the flag,
    swaps the index for the partial one, and every old row is still found, then indexed."""
    from sync import search
    from sync.models import Submission

    database, stored = _one_stored_submission(pg_scratch_url)
    release(database)
    _pg(pg_scratch_url, "DROP INDEX submission_search_trgm_indexed",
        "DROP INDEX submission_search_waiting",
        "ALTER TABLE submission DROP COLUMN search_indexed",
        "CREATE INDEX submission_search_trgm ON submission USING gin "
        "(search_text gin_trgm_ops)")
    database = db.init_database(pg_scratch_url)
    tables.create_tables()
    indexes = {name for (name,) in _pg(
        pg_scratch_url, "SELECT indexname FROM pg_indexes WHERE tablename = 'submission'")}
    assert "submission_search_trgm" not in indexes
    assert {"submission_search_trgm_indexed", "submission_search_waiting"} <= indexes

    def found():
        return [s.uuid for s in Submission.select().where(search.matches("ดอนแก้ว"))]

    with database.connection_context():
        assert search.backlog() == 1 and found() == [stored]
        assert search.catch_up() == 1
        assert search.backlog() == 0 and found() == [stored]
    release(database)


def test_postgresql_indexers_on_two_servers_skip_each_others_rows(pg_scratch_url):
    """Each server sharing a database runs an indexer: one never waits for the rows another
    holds, and none is indexed twice or left out."""
    from sync import search

    database, _ = _one_stored_submission(pg_scratch_url)
    with database.connection_context():
        assert search.backlog() == 1
    other = psycopg2.connect(pg_scratch_url)
    with other.cursor() as cursor:  # the other server's indexer, mid-transaction
        cursor.execute("SELECT id FROM submission WHERE NOT search_indexed FOR UPDATE")
        with database.connection_context():
            assert search.catch_up() == 0  # skipped at once, not waited for
        cursor.execute("UPDATE submission SET search_indexed = true")
    other.commit()
    other.close()
    with database.connection_context():
        assert (search.backlog(), search.catch_up()) == (0, 0)
    release(database)
