"""Admin pages: people and roles, device tokens shown once, forms published by upload."""

import copy
import io
import json
import re

import pytest

from forms.bundled import bundled
from sync import accounts
from sync.db import database
from sync.models import AuditEntry, Device, Form, FormVersion, User
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


def test_a_form_is_published_by_upload_and_a_broken_one_lists_its_problems(admin):
    newer = copy.deepcopy(bundled("km_record").raw)
    newer["version"] = "3"
    post(admin, "/admin/forms", {"definition": (io.BytesIO(json.dumps(newer).encode()),
                                                "km_record.json")},
         content_type="multipart/form-data")
    broken = {**newer, "version": "4", "fields": [{"name": "Bad Name", "type": "text"}]}
    response = post(admin, "/admin/forms", {"definition": (
        io.BytesIO(json.dumps(broken).encode()), "broken.json")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "fields[0].name: ชื่อช่องใช้ตัวอักษรอังกฤษพิมพ์เล็ก" in page  # the page's language
    assert "fields[0].label: ช่องนี้ต้องมีชื่อ (label)" in page
    with database.connection_context():
        versions = {v for (v,) in FormVersion.select(FormVersion.version).where(
            FormVersion.form_id == "km_record").tuples()}
        assert versions == {"1", "2", "3"}


def test_a_version_published_again_with_other_content_is_409_and_says_so_in_thai(admin):
    other = copy.deepcopy(bundled("km_record").raw)
    other["title"] = {**other["title"], "th": "ชื่ออื่น"}
    response = post(admin, "/admin/forms", {"definition": (
        io.BytesIO(json.dumps(other).encode()), "km_record.json")},
        content_type="multipart/form-data")
    assert response.status_code == 409  # as the API answers version_exists
    assert "แบบฟอร์มรุ่นนี้เผยแพร่ไว้แล้วด้วยเนื้อหาอื่น" in response.get_data(as_text=True)


def test_closing_a_form_closes_it(admin):
    post(admin, "/admin/forms/forum_minutes/close", {})
    with database.connection_context():
        assert Form.get(Form.form_id == "forum_minutes").status == "closed"
