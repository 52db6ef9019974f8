"""The supervisor pages against a hostile world: links that leave the site, copied cookies,
password guessing, framing and sniffing."""

import html
import re
from urllib.parse import quote, urljoin, urlsplit

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from server.web.session import PAGE_POLICY, safe_next
from sync import accounts, throttle
from sync.db import database
from tests.conftest import ADMIN, OFFICER, PASSWORD, SUPERVISOR, csrf_of, only_sqlite, sign_in
from tests.factories import push, samples

SITE = "https://tambon.example"


def browser_destination(location: str) -> tuple[str, str]:
    """(scheme, host) a browser on SITE goes to when sent to `location`, read the way the
    WHATWG URL parser reads it: C0 controls and spaces trimmed, tabs and newlines dropped,
    backslashes taken for slashes."""
    cleaned = location.strip("".join(map(chr, range(0x21))))
    cleaned = cleaned.replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")
    parts = urlsplit(urljoin(SITE + "/page", cleaned))
    return parts.scheme, parts.netloc


TRICKS = ["/", "//", "\\", "\t", "\n", "\r", " ", "\x00", "\x0b", "\x7f", "\u0085", "%09",
          "%0a", "%2f", "%5c", ":", "@", ".", "?", "#", "evil.example", "http", "https:",
          "javascript:", "ก", "\u200b", "\ufeff", "/\t/", "/\\"]


@only_sqlite
@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.lists(st.sampled_from(TRICKS), max_size=8).map("".join), st.text()))
@example("/\t/evil.example/phish")
@example("/\n/evil")
@example(" /\\/evil.example")
@example("\x00//evil.example")
def test_a_link_back_never_leads_a_browser_off_the_site(app, target):
    with app.test_request_context():
        location = safe_next(target)
    assert location.isascii() and location.isprintable()  # a valid Location header
    assert browser_destination(location) == ("https", "tambon.example")


@only_sqlite
@given(st.lists(st.sampled_from(["a", "b1", "submissions", "ก", "?x=1", "&y=ข", "_", "-", "."]),
                min_size=1, max_size=6).map(lambda parts: "/" + "/".join(parts)))
@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_plain_path_on_the_site_is_kept(app, path):
    with app.test_request_context():
        assert safe_next(path) == quote(path, safe="/?=&")


HOSTILE_NEXT = ["/%09/evil.example/phish", "/%0a/evil", "/%0d%0a/evil", "%20//evil.example",
                "/%5Cevil.example", "/%09%5Cevil.example", "https://evil.example/",
                "javascript:alert(1)", "//evil.example/"]


@only_sqlite
@pytest.mark.parametrize("raw", HOSTILE_NEXT)
def test_signing_in_with_a_hostile_next_lands_on_the_listing(app, raw):
    client = app.test_client()
    form = client.get(f"/signin?next={raw}")
    assert form.status_code == 200
    hidden = form.get_data(as_text=True)
    response = client.post(f"/signin?next={raw}", data={
        "username": SUPERVISOR, "password": PASSWORD, "csrf_token": csrf_of(hidden)})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    again = client.get(f"/signin?next={raw}")  # already signed in: straight on
    assert again.status_code == 302 and again.headers["Location"] == "/"


@only_sqlite
@pytest.mark.parametrize("raw", HOSTILE_NEXT)
def test_the_back_link_of_a_submission_page_stays_on_the_site(app, raw):
    (uuid,) = push(OFFICER, "training_attendance", samples("training_attendance", 1))
    client = app.test_client()
    sign_in(client, SUPERVISOR)
    page = client.get(f"/submissions/{uuid}?back={raw}")
    assert page.status_code == 200
    links = re.findall(r'(?:href|action)="([^"]*)"', page.get_data(as_text=True))
    assert links
    for link in links:
        assert browser_destination(html.unescape(link)) == ("https", "tambon.example"), link


@only_sqlite
def test_a_nul_in_next_or_back_is_refused_before_anything_reads_it(app):
    """The edge guard (server/edge.py) refuses a NUL anywhere in the query: a 400 page, and
    no redirect anywhere."""
    client = app.test_client()
    for path in ("/signin?next=/%00/evil", "/submissions/x?back=/%00/evil"):
        response = client.get(path)
        assert response.status_code == 400 and response.mimetype == "text/html"
        assert "Location" not in response.headers


# --- sessions end in the database ------------------------------------------------------------


def copy_of_cookie(app, client):
    """A second browser holding a copy of `client`'s session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_a_copied_cookie_stops_working_when_its_owner_signs_out(app):
    client = app.test_client()
    sign_in(client, SUPERVISOR)
    thief = copy_of_cookie(app, client)
    assert thief.get("/").status_code == 200
    page = client.get("/").get_data(as_text=True)
    client.post("/signout", data={"csrf_token": csrf_of(page)})
    response = thief.get("/")
    assert response.status_code == 302 and "/signin" in response.headers["Location"]
    told = thief.get(response.headers["Location"]).get_data(as_text=True)
    assert "ออกจากระบบไปแล้ว" in told
    assert thief.get("/").status_code == 302


def test_a_copied_cookie_stops_working_when_the_password_is_changed_elsewhere(app):
    client = app.test_client()
    sign_in(client, SUPERVISOR)
    thief = copy_of_cookie(app, client)
    with app.app_context(), database.connection_context():
        accounts.set_password(SUPERVISOR, "a-brand-new-password")  # as another process would
    for browser in (client, thief):
        assert browser.get("/overview").status_code == 302


def test_signing_out_one_browser_leaves_the_others_signed_in(app):
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, SUPERVISOR)
    sign_in(phone, SUPERVISOR)
    page = laptop.get("/").get_data(as_text=True)
    laptop.post("/signout", data={"csrf_token": csrf_of(page)})
    assert phone.get("/").status_code == 200


def test_signing_in_again_after_a_session_ended_elsewhere_works(app):
    client = app.test_client()
    sign_in(client, SUPERVISOR)
    thief = copy_of_cookie(app, client)
    page = client.get("/").get_data(as_text=True)
    client.post("/signout", data={"csrf_token": csrf_of(page)})
    assert sign_in(thief, SUPERVISOR).status_code == 302  # the form's POST is not bounced
    assert thief.get("/").status_code == 200


# --- password guessing -----------------------------------------------------------------------


def guess(client, times: int, username: str = SUPERVISOR):
    form = client.get("/signin").get_data(as_text=True)
    responses = []
    for _ in range(times):
        responses.append(client.post("/signin", data={
            "username": username, "password": "not-the-password",
            "csrf_token": csrf_of(form)}))
    return responses


def test_guessing_passwords_on_the_form_is_slowed_down_with_a_thai_message(app):
    client = app.test_client()
    answers = guess(client, throttle.FREE_FAILURES["user"] + 2)
    assert [r.status_code for r in answers[:-1]] == [401] * (len(answers) - 1)
    refused = answers[-1]
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert "ใส่รหัสผ่านผิดหลายครั้งเกินไป" in refused.get_data(as_text=True)
    assert sign_in(client, SUPERVISOR).status_code == 429  # the right one waits too
    english = client.post("/signin?lang=en", data={
        "username": SUPERVISOR, "password": PASSWORD,
        "csrf_token": csrf_of(client.get("/signin").get_data(as_text=True))})
    assert "Too many wrong passwords" in english.get_data(as_text=True)


def test_after_the_wait_the_right_password_signs_in(app, monkeypatch):
    from datetime import timedelta

    client = app.test_client()
    guess(client, throttle.FREE_FAILURES["user"] + 1)
    later = throttle._now() + timedelta(seconds=throttle.MAX_DELAY_SECONDS)
    monkeypatch.setattr(throttle, "_now", lambda: later)
    assert sign_in(client, SUPERVISOR).status_code == 302


def test_guessing_one_account_does_not_slow_down_another(app):
    client = app.test_client()
    guess(client, throttle.FREE_FAILURES["user"] + 1, username=SUPERVISOR)
    assert sign_in(app.test_client(), ADMIN).status_code == 302


# --- headers ---------------------------------------------------------------------------------


@only_sqlite
def test_every_page_forbids_framing_sniffing_and_inline_script(app):
    (uuid,) = push(OFFICER, "training_attendance", samples("training_attendance", 1))
    client = app.test_client()
    anonymous = [client.get("/signin"), client.get("/"), client.get("/static/web/web.css"),
                 client.get("/no-such-page")]
    sign_in(client, ADMIN)
    pages = anonymous + [client.get(path, buffered=True) for path in (
        "/", f"/submissions/{uuid}", "/overview", "/rejected", "/admin/users",
        "/admin/devices", "/admin/forms", "/admin/forms/km_record/versions/1",
        "/admin/forms/km_record/compare", "/export.csv?form=training_attendance",
        "/submissions/00000000-0000-0000-0000-000000000000")]
    for response in pages:
        assert response.headers["Content-Security-Policy"] == PAGE_POLICY
        assert "frame-ancestors 'none'" in PAGE_POLICY and "'unsafe-inline'" not in PAGE_POLICY
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_no_page_template_has_inline_script_or_style():
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "server" / "templates"
    for template in templates.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        # a JSON data block (type="application/json") is never run, so it is no inline script
        assert not re.search(r'<script(?![^>]*\ssrc=)(?![^>]*type="application/json")', text), \
            template
        assert not re.search(r"\sstyle=|<style|\son[a-z]+=|javascript:", text), template
