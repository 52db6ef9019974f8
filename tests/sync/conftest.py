"""Store fixtures: every test here runs once on SQLite and once on PostgreSQL.

`db_url` gives a fresh, empty database per test: a temporary SQLite file, or a scratch
PostgreSQL database made once per session whose tables are emptied before each test.
Passwords are hashed with a tiny scrypt cost here (`cheap_password_hashing`) so the suite
stays fast; the real cost is checked in test_accounts.
"""

import uuid as uuidlib

import psycopg2
import pytest

from sync import accounts, catalog, db
from sync.models import MODELS
from tests.conftest import PG_URL, needs, postgres_available

BACKENDS = ["sqlite", "postgres"]
FIELD_PASSWORD = "field-password"


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashing():
    original = accounts.SCRYPT_N
    accounts.SCRYPT_N = 2**4
    yield
    accounts.SCRYPT_N = original


def _admin_connection():
    connection = psycopg2.connect(PG_URL)
    connection.autocommit = True
    return connection


@pytest.fixture(scope="session")
def pg_scratch_url():
    """A PostgreSQL database of our own for this session, dropped at the end."""
    needs(postgres_available(), f"PostgreSQL is not reachable at {PG_URL}")
    name = f"tambon_test_{uuidlib.uuid4().hex[:12]}"
    admin = _admin_connection()
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
        # A scratch database need not survive a power cut: skip the fsync on every commit.
        cursor.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    admin.close()
    yield PG_URL.rsplit("/", 1)[0] + "/" + name
    admin = _admin_connection()
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def _empty_postgres(url: str) -> None:
    """Delete every row (DELETE beats TRUNCATE by far on a handful of rows)."""
    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        existing = {row[0] for row in cursor.fetchall()}
        for model in reversed(MODELS):  # dependants first
            if model._meta.table_name in existing:
                cursor.execute(f'DELETE FROM "{model._meta.table_name}"')
    connection.close()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "tambon.db")
    url = request.getfixturevalue("pg_scratch_url")
    _empty_postgres(url)
    return url


def release(database) -> None:
    """Close every connection a test's database object holds (pools included)."""
    if not database.is_closed():
        database.close()
    close_all = getattr(database, "close_all", None)
    if close_all:
        close_all()


@pytest.fixture
def store(db_url):
    """The sync layer bound to a fresh database with its tables."""
    database = db.init_database(db_url)
    db.create_tables()
    database.connect(reuse_if_open=True)
    yield database
    release(database)


@pytest.fixture
def forms(store):
    """The bundled forms, published."""
    return {row.form_id: row for row, _ in catalog.publish_bundled("admin")}


@pytest.fixture
def users(store):
    """Two field users (A and B), a supervisor and an admin."""
    return {
        name: accounts.create_user(name, role, FIELD_PASSWORD)
        for name, role in [("anong", "field"), ("boon", "field"),
                           ("chai", "supervisor"), ("dao", "admin")]
    }
