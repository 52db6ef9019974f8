"""The one fixture chain of the suite, shaped after Flask's tutorial (flaskr).

    backend      "sqlite", then "postgres": every test below it runs on both databases
      db_url     an empty database: a temporary SQLite file, or this session's scratch
                 PostgreSQL database with every row deleted (tables stay: no per-test DDL)
        store    the sync layer bound to it, tables created; for tests of sync/ (no Flask)
          forms  the bundled forms, published by the admin
          people the cast below, each with PASSWORD
        app      create_app on that database, with the bundled forms and the cast
          client app.test_client()
          auth   actions: auth.sign_in(name) signs `client` in on the web pages,
                 auth.signed_in(name) gives another client signed in, auth.sign_out(),
                 auth.basic(name) headers, auth.token(name) headers with a new device token
          api    the client calling the JSON API as one of CALLERS (anonymous, the cast,
                 "revoked"): api.get(path, who="somchai"), api.post(path, body, who=...)

An app with other settings: make_app(tmp_path, db_url, max_batch_items=2) (then release it).

The cast (tests/cast.py, shared with the end-to-end harness), one PASSWORD for everyone:
    somchai  OFFICER         field officer; on the API he calls with his phone's device token
    somsri   SECOND_OFFICER  another field officer, to show one cannot touch the other's work
    malee    SUPERVISOR      reviews on the web pages; on the API she calls with HTTP Basic
    admin    ADMIN           manages people, devices and forms; HTTP Basic on the API

`@only_sqlite` (or `pytestmark = only_sqlite`) runs tests on SQLite alone: for tests about
pages or HTTP, not queries.
`needs(ok, why)` is how a test asks for a service: it skips on a developer's machine that
lacks it and fails under CI=true, where every service must be there and nothing may hide.
Passwords are hashed with a tiny scrypt cost in tests (`cheap_password_hashing`);
tests/sync/test_accounts.py checks the real cost.

Data builders (push items and batches, sample answers, pushing as a person) live in
tests/factories.py; tests/browser and tests/e2e add real server processes and Chromium.
"""

import base64
import gzip
import json
import os
import re
import uuid as uuidlib

import psycopg2
import pytest

from sync import accounts, catalog, db, tables
from sync.models import MODELS
from tests.cast import (  # noqa: F401  (the cast, offered to tests from here too)
    ADMIN, FULL_NAMES, OFFICER, PASSWORD, PEOPLE, SECOND_OFFICER, SUPERVISOR)

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
PG_URL = os.environ.get("TAMBON_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")

BACKENDS = ["sqlite", "postgres"]

only_sqlite = pytest.mark.parametrize("backend", ["sqlite"])


def needs(ok: bool, why: str) -> None:
    """Skip (or, in CI, fail) the calling test when a required service is missing."""
    if ok:
        return
    if IN_CI:
        pytest.fail(f"CI must run this test but {why}", pytrace=False)
    pytest.skip(why)


def postgres_available() -> bool:
    try:
        psycopg2.connect(PG_URL, connect_timeout=3).close()
        return True
    except Exception:
        return False


# --- the database ---------------------------------------------------------------------------


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashing():
    """A tiny scrypt cost: the cost is stored with each hash, so checks still work."""
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
def backend(request) -> str:
    return request.param


@pytest.fixture
def db_url(backend, request, tmp_path) -> str:
    if backend == "sqlite":
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
    tables.create_tables()
    database.connect(reuse_if_open=True)
    yield database
    release(database)


def publish_forms() -> dict:
    return {row.form_id: row for row, _ in catalog.publish_bundled(ADMIN)}


def create_people() -> dict:
    return {name: accounts.create_user(name, role, PASSWORD, full_name=FULL_NAMES.get(name))
            for name, role in PEOPLE.items()}


@pytest.fixture
def forms(store) -> dict:
    """The bundled forms, published: form_id -> its Form row."""
    return publish_forms()


@pytest.fixture
def people(store) -> dict:
    """The cast: username -> User."""
    return create_people()


# --- the app --------------------------------------------------------------------------------


def make_app(data_dir, database_url: str, **config):
    """A fresh app on `database_url` with the bundled forms and the cast."""
    from server.app import create_app
    from server.config import Config

    app = create_app(Config(data_dir=str(data_dir), database_url=database_url, testing=True,
                            secret_key="test-secret", **config))
    with app.app_context(), db.database.connection_context():
        publish_forms()
        create_people()
    return app


@pytest.fixture
def app(db_url, tmp_path):
    app = make_app(tmp_path / "data", db_url)
    yield app
    release(app.extensions["tambon_db"])


@pytest.fixture
def client(app):
    return app.test_client()


def basic(username: str, password: str = PASSWORD) -> dict:
    raw = f"{username}:{password}".encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode("ascii")}


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def sign_in(client, username: str, password: str = PASSWORD, headers=None):
    """Sign `client` in on the web pages, through the sign-in form and its CSRF token."""
    page = client.get("/signin", headers=headers)
    return client.post("/signin", headers=headers, data={
        "username": username, "password": password,
        "csrf_token": csrf_of(page.get_data(as_text=True))})


class AuthActions:
    """What a test does to be someone: on the web pages, with HTTP Basic, or as a phone."""

    def __init__(self, app, client):
        self.app, self.client = app, client

    def sign_in(self, username: str, password: str = PASSWORD, client=None, headers=None):
        """Sign `client` (the test's client unless given) in on the web; the response."""
        return sign_in(client or self.client, username, password, headers)

    def sign_out(self, client=None):
        page = (client or self.client).get("/")
        return (client or self.client).post(
            "/signout", data={"csrf_token": csrf_of(page.get_data(as_text=True))})

    def signed_in(self, username: str):
        """A new client of its own, signed in on the web as `username`."""
        client = self.app.test_client()
        response = sign_in(client, username)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    def basic(self, username: str, password: str = PASSWORD) -> dict:
        return basic(username, password)

    def token(self, username: str, label: str | None = None) -> dict:
        """Bearer headers with a device token newly issued to `username`."""
        label = label or f"{username}-phone-{uuidlib.uuid4().hex[:6]}"
        with db.database.connection_context():
            _, token = accounts.issue_device_token(username, label)
        return bearer(token)


@pytest.fixture
def auth(app, client) -> AuthActions:
    return AuthActions(app, client)


class Api:
    """A test client calling the JSON API as someone, with JSON and gzip helpers."""

    def __init__(self, client, headers: dict):
        self.client, self.headers = client, headers

    def open(self, method: str, path: str, who: str = "anonymous", body=None,
             headers: dict | None = None, raw: bytes | None = None, gzip_body=False):
        sent = {**self.headers[who], **(headers or {})}
        data = raw
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            sent.setdefault("Content-Type", "application/json")
        if gzip_body:
            data = gzip.compress(data)
            sent["Content-Encoding"] = "gzip"
        return self.client.open(path, method=method, data=data, headers=sent)

    def get(self, path, who="anonymous", **kw):
        return self.open("GET", path, who, **kw)

    def post(self, path, body=None, who="anonymous", **kw):
        return self.open("POST", path, who, body=body, **kw)

    def delete(self, path, who="anonymous", **kw):
        return self.open("DELETE", path, who, **kw)


CALLERS = ["anonymous", OFFICER, SECOND_OFFICER, SUPERVISOR, ADMIN, "revoked"]


def api_headers() -> dict:
    """Headers for every caller: the officers with their phones' device tokens (as phones
    do), the supervisor and the admin with HTTP Basic (as people and scripts do), "revoked"
    with a revoked token of the officer's, "anonymous" with none."""
    headers = {"anonymous": {}, SUPERVISOR: basic(SUPERVISOR), ADMIN: basic(ADMIN)}
    for officer in (OFFICER, SECOND_OFFICER):
        headers[officer] = bearer(accounts.issue_device_token(officer, f"{officer}-phone")[1])
    _, revoked = accounts.issue_device_token(OFFICER, "lost-phone")
    accounts.revoke_device("lost-phone")
    headers["revoked"] = bearer(revoked)
    return headers


@pytest.fixture
def api(app, client) -> Api:
    """The JSON API, called as any of CALLERS with `who=`."""
    with db.database.connection_context():
        return Api(client, api_headers())
