"""What the supervisor-page tests share: a site with people and realistic submissions.

Submissions go in through the sync engine's own push, exactly as phones send them, so the
listing columns, search text and computed values are the server's, not the test's.
"""

import re
import uuid

import pytest

from forms.bundled import bundled
from forms.samples import sample_answers
from sync import accounts
from sync.db import database
from sync.push import push_batch
from tests.conftest import PG_URL, needs, postgres_available

PASSWORD = "correct horse battery"
BACKENDS = ["sqlite", "postgres"]


PEOPLE = (("admin", "admin"), ("malee", "supervisor"), ("somchai", "field"),
          ("somsri", "field"))


def build_app(data_dir, database_url: str):
    """A fresh app on `database_url` with the bundled forms and PEOPLE, all with PASSWORD."""
    from server.app import create_app
    from server.config import Config
    from sync import catalog

    app = create_app(Config(data_dir=str(data_dir), database_url=database_url, testing=True,
                            secret_key="test-secret"))
    with app.app_context(), database.connection_context():
        catalog.publish_bundled()
        for name, role in PEOPLE:
            accounts.create_user(name, role, PASSWORD)
    return app


@pytest.fixture
def fast_passwords(monkeypatch):
    monkeypatch.setattr(accounts, "SCRYPT_N", 2**8)  # the cost is stored with each hash


@pytest.fixture(params=BACKENDS)
def app(request, tmp_path, fast_passwords):
    """The site on SQLite, then on a scratch PostgreSQL database (via `needs`)."""
    if request.param == "sqlite":
        yield build_app(tmp_path, str(tmp_path / "web.db"))
        return
    needs(postgres_available(), f"PostgreSQL is not reachable at {PG_URL}")
    from tests.e2e.harness import scratch_postgres_database

    with scratch_postgres_database("tambon_web") as url:
        yield build_app(tmp_path, url)
        database.close_all() if hasattr(database.obj, "close_all") else None


@pytest.fixture
def sqlite_app(tmp_path, fast_passwords):
    """The site on SQLite only, for tests about pages rather than queries."""
    return build_app(tmp_path, str(tmp_path / "web.db"))


def push(username: str, form_id: str, answers_list, device: str | None = "phone-1",
         uuids=None, base_rev: int = 0, expect: str = "created",
         form_version: str = "1") -> list[str]:
    """Push `answers_list` as one batch from `username`; returns the uuids, each of which
    must come back with status `expect`."""
    from sync.models import User

    with database.connection_context():
        user = User.get(User.username == username)
        uuids = list(uuids or [str(uuid.uuid4()) for _ in answers_list])
        envelope = {
            "batch_id": str(uuid.uuid4()), "device_id": device,
            "sent_at": "2026-11-20T09:20:00+07:00",
            "submissions": [
                {"uuid": u, "form_id": form_id, "form_version": form_version, "base_rev": base_rev,
                 "created_at": "2026-11-20T09:15:00+07:00", "answers": a}
                for u, a in zip(uuids, answers_list, strict=True)
            ],
        }
        result = push_batch(user, envelope, device_label=device)
    assert {r["status"] for r in result.results} == {expect}, result.results
    return uuids


def samples(form_id: str, count: int, seed: int = 0, **overrides) -> list[dict]:
    """`count` realistic answer sets for `form_id`, with `overrides` merged into each
    (`place={...}` replaces keys inside the place group)."""
    definition = bundled(form_id).raw
    out = []
    for n in range(count):
        answers = sample_answers(definition, seed * 10_000 + n)
        for key, value in overrides.items():
            if isinstance(value, dict) and isinstance(answers.get(key), dict):
                answers[key] = {**answers[key], **value}
            else:
                answers[key] = value
        out.append(answers)
    return out


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def sign_in(client, username: str, password: str = PASSWORD, headers=None):
    page = client.get("/signin", headers=headers)
    return client.post("/signin", headers=headers, data={
        "username": username, "password": password,
        "csrf_token": csrf_of(page.get_data(as_text=True))})


def listed_uuids(html: str) -> list[str]:
    """The submission uuids of a listing page, in the order shown."""
    return re.findall(r'name="uuid" value="([0-9a-f-]{36})"', html)
