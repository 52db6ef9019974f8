"""An app per test on a fresh database (SQLite and PostgreSQL), and callers of every kind.

`call` signs requests in as one of: anonymous, field_a and field_b (device tokens, as phones
do), supervisor and admin (HTTP Basic, as people and scripts do), revoked (a revoked token).
"""

import base64
import gzip
import json

import pytest

from server.app import create_app
from sync import accounts, catalog
from tests.sync.conftest import (  # noqa: F401  (fixtures shared with the store tests)
    BACKENDS,
    FIELD_PASSWORD,
    cheap_password_hashing,
    db_url,
    pg_scratch_url,
    release,
)

IDENTITIES = ["anonymous", "field_a", "field_b", "supervisor", "admin", "revoked"]
USERS = {"field_a": ("anong", "field"), "field_b": ("boon", "field"),
         "supervisor": ("chai", "supervisor"), "admin": ("dao", "admin")}


def basic(username: str, password: str = FIELD_PASSWORD) -> dict:
    raw = f"{username}:{password}".encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode("ascii")}


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


class Api:
    """The test client with sign-in, JSON and gzip helpers."""

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


@pytest.fixture
def app(db_url, tmp_path):  # noqa: F811  (the shared fixture, requested by name)
    app = create_app({"data_dir": str(tmp_path / "data"), "database_url": db_url,
                      "testing": True})
    yield app
    release(app.extensions["tambon_db"])


@pytest.fixture
def api(app):
    """The app with the bundled forms published and one caller of each kind."""
    catalog.publish_bundled("dao")
    headers = {"anonymous": {}}
    for who, (username, role) in USERS.items():
        accounts.create_user(username, role, FIELD_PASSWORD)
        headers[who] = basic(username)
    for who in ("field_a", "field_b"):
        _, token = accounts.issue_device_token(USERS[who][0], f"phone-of-{who}")
        headers[who] = bearer(token)
    _, revoked = accounts.issue_device_token("anong", "lost-phone")
    accounts.revoke_device("lost-phone")
    headers["revoked"] = bearer(revoked)
    return Api(app.test_client(), headers)
