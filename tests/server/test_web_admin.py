"""Admin pages: people and roles, device tokens shown once, forms closed (the forms page's
uploads and previews are in test_web_forms_admin.py)."""

import re

import pytest

from sync import accounts
from sync.db import database
from sync.models import AuditEntry, Device, Form, User
from tests.conftest import ADMIN, csrf_of, only_sqlite

pytestmark = only_sqlite  # pages, not queries: the listing tests cover both databases


@pytest.fixture
def admin(client, auth):
    auth.sign_in(ADMIN)
    return client


def post(client, path, data, **kwargs):
    token = csrf_of(client.get(path if path.count("/") == 2 else "/admin/users")
                    .get_data(as_text=True))
    return client.post(path, data={**data, "csrf_token": token}, **kwargs)


def test_an_admin_adds_a_user_and_changes_their_role_and_both_are_audited(admin):
    post(admin, "/admin/users", {"username": "prasit", "password": "long enough pw",
                                 "role": "field"})
    post(admin, "/admin/users/prasit/role", {"role": "supervisor"})
    with database.connection_context():
        assert User.get(User.username == "prasit").role == "supervisor"
        actions = [e.action for e in AuditEntry.select().where(
            AuditEntry.target == "user:prasit").order_by(AuditEntry.id)]
    assert actions == ["user.created", "user.role_changed"]
    assert "prasit" in admin.get("/admin/users").get_data(as_text=True)


def test_a_refused_user_says_why_and_adds_nobody(admin):
    post(admin, "/admin/users", {"username": "x", "password": "short", "role": "field"})
    page = admin.get("/admin/users").get_data(as_text=True)
    assert "ต้องยาวอย่างน้อย 8 ตัวอักษร" in page  # the page's language, Thai by default
    with database.connection_context():
        assert User.get_or_none(User.username == "x") is None


def test_a_device_token_is_shown_once_works_and_can_be_revoked(admin):
    response = post(admin, "/admin/devices", {"username": "somchai", "label": "phone-somchai"})
    assert response.headers["Cache-Control"] == "no-store"
    token = re.search(r'<code class="token">([^<]+)</code>', response.get_data(as_text=True))[1]
    assert token not in admin.get("/admin/devices").get_data(as_text=True)
    with database.connection_context():
        assert accounts.user_for_token(token).username == "somchai"
        assert token not in {d.token_hash for d in Device.select()}
    post(admin, "/admin/devices/revoke", {"label": "phone-somchai"})
    with database.connection_context():
        assert accounts.user_for_token(token) is None


def test_closing_a_form_closes_it(admin):
    post(admin, "/admin/forms/forum_minutes/close", {})
    with database.connection_context():
        assert Form.get(Form.form_id == "forum_minutes").status == "closed"
