"""Tambon's tables: created on first start, given the columns a newer release added, and
dropped for scratch databases. Every start calls `create_tables`; it is cheap when nothing is
missing.

The connection itself (the `database` proxy, engines, error classification) is sync.db;
this module builds on the models and on the indexes that listing and search keep.
"""

import peewee
from playhouse.migrate import SchemaMigrator, migrate

from sync import search, tally
from sync.db import database, is_postgres
from sync.listing import install_indexes
from sync.models import MODELS, SubmissionTally, User
from sync.places import recode_stored_places

__all__ = ["add_missing_columns", "create_tables", "drop_tables", "has_tables"]


def has_tables() -> bool:
    """Whether the connected database has Tambon's tables (`tambon init` was run)."""
    return database.table_exists(User._meta.table_name)


def create_tables() -> None:
    """Create the tables that do not exist yet, then the listing's expression indexes and
    the Thai search index. Safe, and cheap, to call on every start."""
    with database.connection_context():
        existing = set(database.get_tables())
        missing = [model for model in MODELS if model._meta.table_name not in existing]
        if missing:
            database.create_tables(missing, safe=True)
            if is_postgres():
                _compress_with_lz4(missing)
            if SubmissionTally in missing:
                tally.rebuild()  # a database from before the tally: count what it holds
        add_missing_columns([model for model in MODELS if model not in missing])
        install_indexes()
        recode_stored_places()  # records stored before places were coded


def add_missing_columns(models=None) -> None:
    """Add the columns a newer release gave an existing table (`ALTER TABLE ... ADD COLUMN`).

    Only nullable columns are ever added this way, so no existing row needs a value and the
    statement is cheap on both engines; a model field that is not nullable and missing is a
    programming error and raises.
    """
    migrator = None
    existing = set(database.get_tables())
    for model in models if models is not None else MODELS:
        if model._meta.table_name not in existing:
            continue
        table = model._meta.table_name
        present = {column.name for column in database.get_columns(table)}
        for field in model._meta.sorted_fields:
            if field.column_name in present:
                continue
            if not field.null:
                raise RuntimeError(f"{table}.{field.column_name} is missing and not nullable")
            migrator = migrator or SchemaMigrator.from_database(database.obj)
            with database.atomic():
                migrate(migrator.add_column(table, field.column_name, field))


def _compress_with_lz4(models) -> None:
    """Compress the large text of new PostgreSQL tables with lz4 instead of pglz.

    Answers are 2-10 KB of JSON, over the 2 KB at which PostgreSQL compresses a value, and
    stored twice per push (current and revision): with pglz that compression was about half
    the cost of the insert. lz4 needs PostgreSQL 14 built with it (Debian's is); where it is
    missing the default stays. Only new, empty tables are altered, so a restart never waits
    for a table lock.
    """
    statements = [
        f'ALTER TABLE "{model._meta.table_name}" ALTER COLUMN "{column.column_name}" '
        "SET COMPRESSION lz4"
        for model in models for column in model._meta.sorted_fields
        if isinstance(column, peewee.TextField)
    ]
    try:
        with database.atomic():
            for statement in statements:
                database.execute_sql(statement)
    except peewee.DatabaseError:
        pass  # PostgreSQL before 14, or built without lz4


def drop_tables() -> None:
    """Drop every table (tests and scratch databases only)."""
    with database.connection_context():
        search.uninstall()
        database.drop_tables(MODELS, safe=True, cascade=is_postgres())
