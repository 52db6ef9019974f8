"""Who may see the supervisor pages, and how sessions, cookies and CSRF tokens behave."""

import pytest

from sync import accounts
from sync.db import database
from sync.models import ReviewEvent, Submission
from tests.conftest import PASSWORD, csrf_of, only_sqlite, sign_in
from tests.factories import push, samples

pytestmark = only_sqlite  # pages, not queries: the listing tests cover both databases

SUPERVISOR_PAGES = ["/", "/?form=training_attendance", "/overview", "/rejected",
                    "/export.csv?form=training_attendance", "/export.xlsx?form=km_record"]
ADMIN_PAGES = ["/admin/users", "/admin/devices", "/admin/forms"]


@pytest.fixture
def site(app):
    uuids = push("somchai", "training_attendance", samples("training_attendance", 2))
    return app, uuids


def pages_of(uuids) -> list[str]:
    return SUPERVISOR_PAGES + [f"/submissions/{uuids[0]}"]


def test_a_visitor_who_is_not_signed_in_lands_on_the_sign_in_page_first(site):
    app, uuids = site
    client = app.test_client()
    for path in pages_of(uuids) + ADMIN_PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/signin?next="), path
    page = client.get("/signin").get_data(as_text=True)
    assert 'name="password"' in page and "เข้าสู่ระบบ" in page


def test_signing_in_returns_to_the_page_first_asked_for(site):
    app, uuids = site
    client = app.test_client()
    asked = f"/submissions/{uuids[0]}"
    form = client.get(f"/signin?next={asked}").get_data(as_text=True)
    response = client.post("/signin", data={"username": "malee", "password": PASSWORD,
                                            "csrf_token": csrf_of(form), "next": asked})
    assert response.headers["Location"] == asked
    assert client.get(asked).status_code == 200


def test_a_wrong_password_shows_the_form_again_with_an_error_and_no_session(site):
    app, _ = site
    client = app.test_client()
    response = sign_in(client, "malee", "not the password")
    assert response.status_code == 401
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_a_field_user_who_signs_in_gets_a_clear_403_page_and_no_session(site):
    app, _ = site
    client = app.test_client()
    response = sign_in(client, "somchai")
    assert response.status_code == 403
    assert "ไม่มีสิทธิ์เข้าถึง" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_a_user_demoted_to_field_gets_403_on_every_supervisor_page_at_once(site):
    app, uuids = site
    client = app.test_client()
    sign_in(client, "malee")
    assert client.get("/").status_code == 200
    with database.connection_context():
        accounts.set_role("malee", "field")
    for path in pages_of(uuids) + ADMIN_PAGES:
        response = client.get(path)
        assert response.status_code == 403, path
        assert "ไม่มีสิทธิ์เข้าถึง" in response.get_data(as_text=True)


def test_a_supervisor_gets_403_on_the_admin_pages_and_an_admin_does_not(site):
    app, _ = site
    supervisor, admin = app.test_client(), app.test_client()
    sign_in(supervisor, "malee")
    sign_in(admin, "admin")
    for path in ADMIN_PAGES:
        assert supervisor.get(path).status_code == 403, path
        assert admin.get(path).status_code == 200, path


def test_the_session_cookie_is_httponly_and_samesite_lax_and_secure_only_over_https(site):
    app, _ = site
    plain = sign_in(app.test_client(), "malee").headers["Set-Cookie"]
    assert "HttpOnly" in plain and "SameSite=Lax" in plain and "Secure" not in plain
    client = app.test_client()
    form = client.get("/signin", base_url="https://tambon.example").get_data(as_text=True)
    secure = client.post("/signin", base_url="https://tambon.example", data={
        "username": "malee", "password": PASSWORD, "csrf_token": csrf_of(form),
    }).headers["Set-Cookie"]
    assert "Secure" in secure and "HttpOnly" in secure
    proxied = sign_in(app.test_client(), "malee", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in proxied.headers["Set-Cookie"]


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_a_post_without_the_right_csrf_token_is_refused_and_changes_nothing(site, token):
    app, uuids = site
    client = app.test_client()
    sign_in(client, "malee")
    data = {"review_state": "approved", "uuid": uuids}
    if token:
        data["csrf_token"] = token
    for path in ("/review", f"/submissions/{uuids[0]}/review"):
        response = client.post(path, data=data)
        assert response.status_code == 400
        assert "ไม่มีการเปลี่ยนแปลงใด ๆ" in response.get_data(as_text=True)
    with database.connection_context():
        assert {s.review_state for s in Submission.select()} == {"received"}
        assert ReviewEvent.select().count() == 0


def test_signing_in_without_the_form_token_is_refused(site):
    app, _ = site
    response = app.test_client().post("/signin", data={"username": "malee",
                                                       "password": PASSWORD})
    assert response.status_code == 400


def test_a_session_idle_past_the_limit_ends_with_a_page_that_says_so(site):
    app, _ = site
    client = app.test_client()
    sign_in(client, "malee")
    app.config["TAMBON_WEB_IDLE_SECONDS"] = -1
    response = client.get("/overview")
    assert response.status_code == 302
    assert "expired=1" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "หมดเวลาการใช้งาน" in page
    app.config["TAMBON_WEB_IDLE_SECONDS"] = 3600
    assert client.get("/overview").status_code == 302  # the old session is gone for good


def test_a_changed_password_signs_out_every_session_opened_with_the_old_one(site):
    app, _ = site
    old_session, other_session = app.test_client(), app.test_client()
    sign_in(old_session, "malee")
    sign_in(other_session, "malee")
    with database.connection_context():
        accounts.set_password("malee", "a-brand-new-password")
    response = old_session.get("/overview")
    assert response.status_code == 302
    page = old_session.get(response.headers["Location"]).get_data(as_text=True)
    assert "รหัสผ่านของบัญชีนี้ถูกเปลี่ยน" in page
    assert other_session.get("/").status_code == 302
    assert sign_in(old_session, "malee").status_code == 401  # the old password no longer works
    sign_in(old_session, "malee", password="a-brand-new-password")
    assert old_session.get("/overview").status_code == 200


def test_signing_out_ends_the_session(site, auth):
    client = auth.signed_in("malee")
    response = auth.sign_out(client)
    assert response.headers["Location"].startswith("/signin")
    assert client.get("/").status_code == 302


def test_the_english_switch_is_remembered_and_dates_turn_to_the_common_era(app):
    (uuid,) = push("somchai", "training_attendance",
                   samples("training_attendance", 1, date="2012-06-25"))
    client = app.test_client()
    sign_in(client, "malee")
    thai = client.get(f"/submissions/{uuid}").get_data(as_text=True)
    assert "25 มิถุนายน 2555" in thai and "ประวัติการตรวจ" in thai
    assert "lang=en" in client.get("/?lang=en").headers["Set-Cookie"]
    english = client.get(f"/submissions/{uuid}").get_data(as_text=True)
    assert "25 June 2012" in english and "Review history" in english
    assert "25 มิ.ย. 2555" in client.get("/?lang=th").get_data(as_text=True)


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_signing_in_never_sends_the_browser_to_another_site(site, target):
    app, _ = site
    client = app.test_client()
    form = client.get("/signin").get_data(as_text=True)
    response = client.post("/signin", data={"username": "malee", "password": PASSWORD,
                                            "csrf_token": csrf_of(form), "next": target})
    assert response.headers["Location"] == "/"
