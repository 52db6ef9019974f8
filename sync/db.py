"""The one database handle, bound late.

`database` is a peewee `DatabaseProxy` that every model uses; the application (or a test, or
the CLI) initialises it once from a URL. The same code runs on SQLite and PostgreSQL:

- SQLite is the embedded default: WAL journal, `busy_timeout`, foreign keys on,
  `synchronous=FULL` (a receipt the phone was given survives a power cut: WAL's NORMAL could
  lose the last commits, and the phone may already have let its copy go; one fsync per
  500-item batch is cheap), and every transaction opened with `BEGIN IMMEDIATE` so a writer
  takes the write lock up front instead of failing half way when it upgrades a read lock.
- PostgreSQL is for shared servers: a small connection pool per process, READ COMMITTED.
"""

import errno
import io
import os
import sqlite3
from contextlib import suppress
from pathlib import Path
from urllib.parse import urlsplit

import peewee
from peewee import __exception_wrapper__ as driver_errors
from playhouse.pool import MaxConnectionsExceeded, PooledPostgresqlDatabase

__all__ = [
    "bind",
    "keep_private",
    "bulk_insert",
    "copy_rows",
    "copy_text",
    "database",
    "init_database",
    "is_busy_error",
    "is_storage_full",
    "is_postgres",
    "lock_change_log",
    "open_database",
]

database = peewee.DatabaseProxy()

SQLITE_BUSY_TIMEOUT_MS = 10_000
NEARLY_FULL_BYTES = 1 << 20  # free space below which an I/O error is taken as a full disk
# Any constant works; it names the lock that serialises writers of the change log (see
# lock_change_log) and must be the same in every process.
CHANGE_LOG_LOCK_KEY = 0x74616D626F6E  # "tambon"


def open_database(url: str) -> peewee.Database:
    """A peewee database for `url` (not yet connected).

    Accepts a plain SQLite file path, `sqlite:///relative/or//absolute/path`, `:memory:`, or
    `postgresql://user:password@host:port/dbname?options`.
    """
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql://" + url.split("://", 1)[1]
        return PooledPostgresqlDatabase(
            url, max_connections=32, stale_timeout=300, timeout=10
        )
    if url.startswith("sqlite://"):
        path = urlsplit(url).path
        # sqlite:///data.db is relative, sqlite:////var/data.db absolute (SQLAlchemy style).
        path = path.removeprefix("/")
    else:
        path = url
    if path != ":memory:":
        Path(path).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    return _PrivateSqliteDatabase(
        path,
        pragmas={
            "journal_mode": "wal",
            "busy_timeout": SQLITE_BUSY_TIMEOUT_MS,
            "foreign_keys": 1,
            "synchronous": "full",
        },
        timeout=SQLITE_BUSY_TIMEOUT_MS / 1000,
        lock_type="IMMEDIATE",
    )


class _PrivateSqliteDatabase(peewee.SqliteDatabase):
    """SQLite whose files this account alone may read: see `keep_private`."""

    _private = False

    def _connect(self):
        if not self._private and self.database != ":memory:":
            keep_private(Path(self.database))
            self._private = True
        return super()._connect()


def keep_private(path: Path) -> None:
    """Make the SQLite file at `path` readable by this account only (0600), creating it
    when missing. It holds password hashes and everything collected; SQLite gives its -wal
    and -shm files the mode of the database file, and those already there are tightened
    too. A file this account may not change is left as it is."""
    if not path.exists():
        with suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        with suppress(OSError):
            if name.stat().st_mode & 0o077:
                name.chmod(0o600)


def bind(db: peewee.Database) -> peewee.Database:
    """Point the shared proxy (and so every model) at `db`."""
    database.initialize(db)
    return db


def init_database(url: str) -> peewee.Database:
    """Open the database at `url`, bind the proxy to it and return it."""
    return bind(open_database(url))


def is_postgres(db=None) -> bool:
    db = db or database.obj
    return isinstance(db, peewee.PostgresqlDatabase)


def is_storage_full(exc: BaseException) -> bool:
    """True when `exc` means the database could not write for lack of disk space: SQLite's
    SQLITE_FULL ("database or disk is full"), PostgreSQL's disk_full (SQLSTATE 53100), or
    ENOSPC itself. The write was rolled back whole; it will succeed once space returns.

    SQLite rolls a transaction back by itself when the disk fills, so the error that reaches
    the caller may be the ROLLBACK that followed ("no transaction is active"): the errors it
    was raised while handling are looked at too.
    """
    seen = 0
    while exc is not None and seen < 4:
        if _says_storage_full(exc):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _says_storage_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return True
    if getattr(exc, "pgcode", None) == "53100":  # psycopg2's DiskFull, under peewee's error
        return True
    if not isinstance(exc, (peewee.OperationalError, peewee.InterfaceError,
                            sqlite3.OperationalError)):
        return False
    text = str(exc).lower()
    if "disk is full" in text or "no space left" in text:
        return True
    # SQLite says only "disk I/O error" when it cannot create its -wal or -shm file.
    return "disk i/o error" in text and _sqlite_disk_nearly_full()


def _sqlite_disk_nearly_full() -> bool:
    db = database.obj
    if not isinstance(db, peewee.SqliteDatabase) or db.database == ":memory:":
        return False
    try:
        stats = os.statvfs(Path(db.database).resolve().parent)
    except OSError:
        return False
    return stats.f_bavail * stats.f_frsize < NEARLY_FULL_BYTES


def is_busy_error(exc: BaseException) -> bool:
    """True when `exc` means "the database is busy, unreachable or out of disk space;
    retrying later is safe"."""
    if isinstance(exc, MaxConnectionsExceeded) or is_storage_full(exc):
        return True
    if not isinstance(exc, (peewee.OperationalError, peewee.InterfaceError)):
        return False
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return True
    # psycopg2 raises OperationalError for a lost or refused connection, deadlocks and
    # serialisation failures, all worth a retry; SQLite uses it for bugs too ("no such table").
    return is_postgres()


def lock_change_log() -> None:
    """Serialise writers of the change log until the current transaction ends.

    Pull hands out changes by sequence number. On PostgreSQL a sequence value is taken when a
    row is inserted, not when its transaction commits, so without this lock a reader could see
    change 7 before change 6 commits and then skip 6 for ever. Holding a transaction-scoped
    advisory lock from before the insert until commit makes sequence order equal commit order.
    SQLite already serialises every writer (BEGIN IMMEDIATE), so nothing is needed there.
    """
    if is_postgres():
        database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (CHANGE_LOG_LOCK_KEY,))


def bulk_insert(model, columns: tuple[str, ...], rows: list[tuple],
                ignore_conflicts: bool = False) -> int:
    """Insert `rows` (tuples of database values in `columns` order) into `model`'s table
    through the driver's own bulk path and return how many rows were inserted.

    This is `insert_many` without the ORM's per-value SQL generation, which costs more than
    the database itself for a 500-row batch: SQLite gets one prepared statement run by
    `executemany`, PostgreSQL one multi-row INSERT built by psycopg2's `execute_values`.
    With `ignore_conflicts`, rows that hit a unique index are skipped (ON CONFLICT DO
    NOTHING) and not counted. Driver errors surface as peewee's, like any other query's.
    """
    if not rows:
        return 0
    names = ", ".join(f'"{model._meta.fields[c].column_name}"' for c in columns)
    suffix = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    table = model._meta.table_name
    with driver_errors:
        cursor = database.cursor()
        if is_postgres():
            from psycopg2.extras import execute_values

            execute_values(cursor, f'INSERT INTO "{table}" ({names}) VALUES %s{suffix}', rows,
                           page_size=len(rows))
        else:
            marks = ", ".join("?" * len(columns))
            cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks}){suffix}', rows)
        return cursor.rowcount


def copy_text(rows: list[tuple]) -> str:
    """`rows` in PostgreSQL's COPY text format (tab-separated, `\\N` for null)."""

    def cell(value) -> str:
        if value is None:
            return "\\N"
        if isinstance(value, bool):
            return "t" if value else "f"
        text = str(value)
        if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
            text = (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
                    .replace("\r", "\\r"))
        return text

    return "".join("\t".join(cell(value) for value in row) + "\n" for row in rows)


def copy_rows(model, columns: tuple[str, ...], rows: list[tuple], text: str | None = None) -> None:
    """Insert many rows at once: PostgreSQL's COPY (`text`, when given, is `copy_text(rows)`
    already made), `bulk_insert` elsewhere. For thousands of rows (a list of 7,451 places),
    where even a multi-row INSERT spends most of its time quoting values."""
    if not rows:
        return
    if not is_postgres():
        bulk_insert(model, columns, rows)
        return


    names = ", ".join(f'"{model._meta.fields[c].column_name}"' for c in columns)
    with driver_errors:
        database.cursor().copy_expert(
            f'COPY "{model._meta.table_name}" ({names}) FROM STDIN',
            io.StringIO(text if text is not None else copy_text(rows)))
