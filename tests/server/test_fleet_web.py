"""Phones and people over HTTP: set-up codes exchanged for tokens, reports on push and pull,
the admin's pages for accounts, codes, the fleet and rescue files, and the commands."""

import io
import json
import re
import sys
from datetime import timedelta

import pytest

from server.cli import main
from sync import accounts, enrolment, throttle
from sync.db import database
from sync.models import AuditEntry, Device, EnrolmentCode, Submission, User
from tests import factories
from tests.conftest import ADMIN, OFFICER, SUPERVISOR, bearer, csrf_of, only_sqlite


def post(client, path, data, page="/admin/users", **kwargs):
    token = csrf_of(client.get(page).get_data(as_text=True))
    return client.post(path, data={**data, "csrf_token": token}, **kwargs)


def make_code(username=OFFICER, hours=2):
    with database.connection_context():
        return enrolment.create_codes([username], hours, actor=ADMIN)[0]


# --- the API ---------------------------------------------------------------------------------


def test_a_code_is_exchanged_once_for_a_token_that_works(api):
    code = make_code()
    response = api.post("/api/v1/enrol", {"code": code.code, "label": "somchai-a03"})
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    issued = response.get_json()
    assert (issued["username"], issued["label"], issued["full_name"]) == (
        OFFICER, "somchai-a03", "นายสมชาย รักถิ่น")
    assert api.get("/api/v1/me", headers=bearer(issued["token"])).get_json()["device"] == (
        "somchai-a03")
    again = api.post("/api/v1/enrol", {"code": code.code})
    assert again.status_code == 400
    assert again.get_json()["error"]["code"] == "invalid_enrolment_code"
    assert again.get_json()["error"]["details"] == {"reason": "used"}


def test_guessing_set_up_codes_is_slowed_down_per_address_and_a_good_code_costs_nothing(
        api, monkeypatch):
    start = throttle._now()
    monkeypatch.setattr(throttle, "_now", lambda: start)  # the clock stands still: no sleeping
    for _ in range(3):  # a training room setting phones up from one address
        assert api.post("/api/v1/enrol", {"code": make_code().code}).status_code == 201
    guesses = [api.post("/api/v1/enrol", {"code": "ABCDE-FGHJK"})
               for _ in range(throttle.FREE_FAILURES["enrol"] + 1)]
    assert {r.status_code for r in guesses} == {400}
    refused = api.post("/api/v1/enrol", {"code": make_code().code})  # even a good one waits
    assert refused.status_code == 429
    body = refused.get_json()["error"]
    assert body["code"] == "too_many_code_tries" and "Wait" in body["message"]
    assert int(refused.headers["Retry-After"]) == body["details"]["retry_after"] >= 1
    monkeypatch.setattr(throttle, "_now", lambda: start + timedelta(minutes=1))
    assert api.post("/api/v1/enrol", {"code": make_code().code}).status_code == 201


@pytest.mark.parametrize("body", [{}, {"code": 5}, {"code": "x", "extra": 1}, [], "code",
                                  {"code": "ABCDE-FGHJK", "label": ""}])
def test_a_malformed_enrol_request_is_refused_in_the_error_shape(api, body):
    response = api.post("/api/v1/enrol", body)
    assert response.status_code in (400, 422)
    assert set(response.get_json()["error"]) == {"code", "message", "details"}


@only_sqlite
def test_push_and_pull_keep_what_the_phone_says_about_itself(api):
    report = {"Tambon-App-Version": "5f3a9c", "Tambon-Unsent": "7",
              "Tambon-Clock": "2020-01-01T00:00:00+07:00"}
    api.post("/api/v1/sync/push", factories.batch(factories.item()), who=OFFICER,
             headers=report)
    api.get("/api/v1/sync/pull", who=OFFICER, headers={**report, "Tambon-Unsent": "0"})
    devices = {d["label"]: d for d in api.get("/api/v1/devices", who=ADMIN).get_json()["devices"]}
    phone = devices["somchai-phone"]
    assert (phone["app_version"], phone["unsent"], phone["unsent_since"]) == ("5f3a9c", 0, None)
    assert phone["clock_skew_seconds"] < -86400 * 365
    assert phone["full_name"] == "นายสมชาย รักถิ่น"


# --- the pages (about pages, not queries: SQLite only) -----------------------------------------


@pytest.fixture
def admin(client, auth):
    auth.sign_in(ADMIN)
    return client


@only_sqlite
def test_an_admin_makes_a_sheet_of_codes_with_qr_codes_shown_once(admin):
    response = post(admin, "/admin/enrol", {"username": [OFFICER, "somsri"], "hours": "8"},
                    page="/admin/enrol")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    codes = re.findall(r'<p class="short-code" data-code>([A-Z0-9-]+)</p>', html)
    links = re.findall(r'href="(http://localhost/app/#/enrol/[A-Z0-9-]+)"', html)
    assert len(codes) == 2 and [link.rsplit("/", 1)[1] for link in links] == codes
    assert html.count("<svg") >= 2 and "นายสมชาย รักถิ่น" in html
    listing = admin.get("/admin/enrol").get_data(as_text=True)
    assert not any(code in listing for code in codes)
    with database.connection_context():
        _, token = enrolment.redeem(codes[0])
        assert accounts.user_for_token(token).username == OFFICER
    statuses = re.findall(r'data-status="(\w+)"', admin.get("/admin/enrol").get_data(as_text=True))
    assert sorted(statuses) == ["pending", "used"]


@only_sqlite
def test_an_admin_revokes_a_code_and_it_no_longer_connects(admin):
    code = make_code()
    post(admin, "/admin/enrol/revoke", {"code_id": str(code.id)}, page="/admin/enrol")
    with database.connection_context(), pytest.raises(enrolment.EnrolmentRefused):
        enrolment.redeem(code.code)


@only_sqlite
def test_codes_and_user_pages_are_for_admins_only(client, auth):
    auth.sign_in(SUPERVISOR)
    for path in ("/admin/enrol", "/admin/rescue", "/admin/users", "/admin/devices"):
        assert client.get(path).status_code == 403, path
    assert client.get("/devices").status_code == 200


@only_sqlite
def test_disabling_an_account_ends_its_phone_and_web_session_and_enabling_restores_sign_in(
        admin, auth, api):
    supervisor = auth.signed_in(SUPERVISOR)
    assert supervisor.get("/").status_code == 200
    post(admin, f"/admin/users/{SUPERVISOR}/disable", {})
    post(admin, f"/admin/users/{OFFICER}/disable", {})
    assert supervisor.get("/").status_code == 302
    assert api.get("/api/v1/me", who=OFFICER).status_code == 401
    assert api.get("/api/v1/me", who=SUPERVISOR).status_code == 401
    post(admin, f"/admin/users/{SUPERVISOR}/enable", {})
    assert api.get("/api/v1/me", who=SUPERVISOR).status_code == 200
    with database.connection_context():
        actions = [e.action for e in AuditEntry.select().where(
            AuditEntry.target == f"user:{SUPERVISOR}").order_by(AuditEntry.id)]
    assert actions[-2:] == ["user.disabled", "user.enabled"]


@only_sqlite
def test_an_admin_resets_a_password_and_records_a_full_name(admin):
    post(admin, f"/admin/users/{OFFICER}/password", {"password": "a new long password"})
    post(admin, f"/admin/users/{OFFICER}/name", {"full_name": "นายสมศักดิ์ จิตรวิไลย"})
    with database.connection_context():
        assert accounts.check_password(OFFICER, "a new long password") is not None
        assert User.get(User.username == OFFICER).full_name == "นายสมศักดิ์ จิตรวิไลย"
    page = admin.get("/admin/users").get_data(as_text=True)
    assert "นายสมศักดิ์ จิตรวิไลย" in page


@only_sqlite
def test_issuing_a_token_names_no_owner_until_one_is_chosen(admin):
    page = admin.get("/admin/devices").get_data(as_text=True)
    select = re.search(r'<select name="username" required>(.*?)</select>', page, re.S)[1]
    assert re.search(r'<option value="" selected>', select)
    response = post(admin, "/admin/devices", {"username": "", "label": "nobody-phone"},
                    page="/admin/devices", follow_redirects=True)
    assert "nobody-phone" not in re.sub(r"<input[^>]*>", "", response.get_data(as_text=True))
    with database.connection_context():
        assert not Device.select().where(Device.label == "nobody-phone").exists()


@only_sqlite
def test_revoking_a_token_asks_first_naming_the_phone(admin):
    with database.connection_context():
        accounts.issue_device_token(OFFICER, "somchai-a03")
    page = admin.get("/admin/devices?lang=en").get_data(as_text=True)
    assert re.search(r'data-confirm="Revoke the token of somchai-a03\?', page)


@only_sqlite
def test_the_fleet_page_puts_long_unsent_work_first(client, auth, api):
    api.get("/api/v1/sync/pull", who=OFFICER, headers={"Tambon-Unsent": "9"})
    with database.connection_context():
        Device.update(unsent_since="2000-01-01T00:00:00.000000+00:00").where(
            Device.label == "somchai-phone").execute()
    auth.sign_in(SUPERVISOR)
    page = client.get("/devices").get_data(as_text=True)
    rows = re.findall(r'<tr data-device="([^"]+)" class="([^"]*)"', page)
    assert rows[0] == ("somchai-phone", "stale")
    assert "นายสมชาย รักถิ่น" in page
    assert "Revoke" not in page and "ยกเลิกโทเคน" not in page  # read only for supervisors


@only_sqlite
def test_an_admin_loads_a_rescue_file_and_each_item_is_stored_once(admin):
    items = [factories.item(seed=n) for n in range(2)]
    raw = json.dumps({"tambon_rescue": 1, "username": OFFICER, "device": "broken-phone",
                      "saved_at": "2026-11-21T08:00:00+07:00",
                      "submissions": items}).encode()
    for expected in ("created", "duplicate"):
        response = post(admin, "/admin/rescue",
                        {"file": (io.BytesIO(raw), "tambon-rescue.json")},
                        page="/admin/rescue", content_type="multipart/form-data")
        html = response.get_data(as_text=True)
        assert html.count(f'<span class="badge" data-status="{expected}">') == 2, html
    with database.connection_context():
        assert Submission.select().count() == 2
    broken = post(admin, "/admin/rescue", {"file": (io.BytesIO(b"{}"), "x.json")},
                  page="/admin/rescue", content_type="multipart/form-data",
                  follow_redirects=True)
    assert broken.status_code == 200 and "flash error" in broken.get_data(as_text=True)


# --- the commands ----------------------------------------------------------------------------


@only_sqlite
def test_the_commands_make_codes_disable_people_and_load_rescue_files(
        app, tmp_path, monkeypatch, capsys, db_url):
    monkeypatch.setenv("TAMBON_DATABASE_URL", db_url)
    monkeypatch.setenv("TAMBON_DATA_DIR", str(tmp_path / "data"))

    def tambon(*args):
        monkeypatch.setattr(sys, "stdin", io.StringIO(""))
        code = main(list(args))
        return code, capsys.readouterr()

    code, out = tambon("enrol", "create", OFFICER, "--hours", "3",
                       "--url", "https://tambon.example", "--json")
    assert code == 0
    [made] = json.loads(out.out)
    assert made["link"] == f"https://tambon.example/app/#/enrol/{made['code']}"
    assert tambon("user", "name", OFFICER, "นายสมศักดิ์ จิตรวิไลย")[0] == 0
    assert tambon("user", "disable", "somsri")[0] == 0
    rescue_path = tmp_path / "rescue.json"
    rescue_path.write_text(json.dumps({"tambon_rescue": 1, "username": OFFICER,
                                       "submissions": [factories.item()]}))
    code, out = tambon("rescue", "load", str(rescue_path))
    assert code == 0 and "1 created" in out.out
    code, out = tambon("rescue", "load", str(tmp_path / "missing.json"))
    assert code == 1 and "Cannot read" in out.err
    with database.connection_context():
        assert User.get(User.username == "somsri").disabled_at is not None
        assert EnrolmentCode.select().count() == 1
        loaded = AuditEntry.get(AuditEntry.action == "rescue.loaded")
        assert loaded.actor.startswith("shell")


@only_sqlite
def test_pages_show_the_full_name_beside_the_username(client, auth, api):
    pushed = factories.item()
    api.post("/api/v1/sync/push", factories.batch(pushed), who=OFFICER)
    auth.sign_in(SUPERVISOR)
    listing = client.get("/").get_data(as_text=True)
    assert "นายสมชาย รักถิ่น (somchai)" in listing
    assert "นายสมชาย รักถิ่น (somchai)" in client.get(
        f"/submissions/{pushed['uuid']}").get_data(as_text=True)
    assert "นางมาลี ใจดี" in listing  # who is signed in, in the header
