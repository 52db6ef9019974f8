"""Phones and people in Chromium against a real `tambon serve`: an admin prints set-up codes,
a phone opens a code's link and is connected, a code works once and not after it expires, a
revoked phone reconnects and its unsent work arrives once, and a rescue file saved on a phone
and loaded by an admin stores each item once. Screenshots of every new page at phone and
laptop size go to test-artifacts/."""

import json
import re
import sqlite3
import uuid

import pytest

from tests.browser.client import (PHONE, authored_by, queue_submissions, sign_in_on_the_web,
                                  wait_until_synced)
from tests.browser.test_client_sync import training
from tests.e2e.harness import add_user, run_cli

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LAPTOP = {"viewport": {"width": 1366, "height": 768}, "locale": "th-TH",
          "timezone_id": "Asia/Bangkok", "accept_downloads": True}


@pytest.fixture(scope="module")
def admin_name(tambon) -> str:
    name = f"admin_{uuid.uuid4().hex[:6]}"
    add_user(tambon.env, name, "admin")
    return name


@pytest.fixture
def desk(browser, tambon, admin_name):
    """An administrator's browser at 1366x768, signed in on the web pages."""
    context = browser.new_context(**LAPTOP)
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in_on_the_web(page, tambon.url, admin_name)
    page.wait_for_url(re.compile(r"/$|/\?"))
    page.on("dialog", lambda dialog: dialog.accept())
    yield page
    context.close()


@pytest.fixture
def new_phone(browser):
    """Chromium as a phone that has never been connected; page errors fail the test."""
    context = browser.new_context(**PHONE, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("dialog", lambda dialog: dialog.accept())
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def shots(page, folder, name):
    """The page as it is, at laptop and at phone size."""
    for label, size in (("laptop", {"width": 1366, "height": 768}),
                        ("phone", {"width": 360, "height": 740})):
        page.set_viewport_size(size)
        page.screenshot(path=folder / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})


def print_codes(desk, tambon, *usernames) -> list[tuple[str, str]]:
    """The admin makes a set-up sheet for `usernames`; (code, link) per card."""
    desk.goto(f"{tambon.url}/admin/enrol")
    for name in usernames:
        desk.check(f"input[name=username][value='{name}']")
    desk.click("#make-codes button[type=submit]")
    desk.wait_for_selector(".enrol-card")
    cards = desk.locator(".enrol-card")
    return [(cards.nth(i).locator("[data-code]").inner_text(),
             cards.nth(i).locator("[data-link]").get_attribute("href"))
            for i in range(cards.count())]


def cli_code(tambon, username) -> dict:
    out = run_cli(tambon.env, "enrol", "create", username, "--url", tambon.url, "--json").stdout
    return json.loads(out)[0]


def token_of(page):
    return page.evaluate("async () => (await import('./js/db.js')).getMeta('token')")


def connected_as(page) -> str:
    page.wait_for_selector(".form-card >> nth=3")
    return page.evaluate("async () => (await import('./js/db.js')).getMeta('user')")["username"]


def test_an_admin_prints_codes_and_a_phone_opening_one_is_connected_once(
        desk, new_phone, browser, tambon, officer, artifacts_dir):
    [(code, link)] = print_codes(desk, tambon, officer)
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)
    assert link == f"{tambon.url}/app/#/enrol/{code}"
    assert desk.locator(".enrol-card svg").count() == 1
    shots(desk, artifacts_dir, "enrol-sheet")

    new_phone.goto(link)
    assert connected_as(new_phone) == officer
    assert code not in new_phone.url  # taken out of the address and the history
    new_phone.screenshot(path=artifacts_dir / "phone-connected-by-code.png")

    second = browser.new_context(**PHONE).new_page()
    second.goto(link)
    alert = second.locator("[role=alert]:not([hidden])")
    alert.wait_for()
    assert alert.inner_text() == "รหัสนี้ถูกใช้ไปแล้ว ขอรหัสใหม่จากผู้ดูแลระบบ"
    assert token_of(second) is None
    second.screenshot(path=artifacts_dir / "phone-code-used.png")
    second.context.close()

    desk.goto(f"{tambon.url}/admin/enrol")
    assert desk.locator(f"tr[data-status=used]:has-text('{officer}')").count() == 1
    shots(desk, artifacts_dir, "enrol-page")


def test_a_typed_code_connects_and_an_expired_one_does_not(new_phone, tambon, officer,
                                                           artifacts_dir):
    expired = cli_code(tambon, officer)
    with sqlite3.connect(tambon.data_dir / "tambon.db") as database:
        database.execute("UPDATE enrolment_code SET expires_at = '2000-01-01T00:00:00+00:00' "
                         "WHERE id = (SELECT max(id) FROM enrolment_code)")
    new_phone.goto(f"{tambon.url}/app/")
    new_phone.fill("#enrol-code", expired["code"].lower().replace("-", " "))
    new_phone.click("#use-code button[type=submit]")
    alert = new_phone.locator("[role=alert]:not([hidden])")
    alert.wait_for()
    assert alert.inner_text() == "รหัสนี้หมดอายุแล้ว ขอรหัสใหม่จากผู้ดูแลระบบ"
    new_phone.screenshot(path=artifacts_dir / "phone-connect-screen.png", full_page=True)

    fresh = cli_code(tambon, officer)
    new_phone.fill("#enrol-code", fresh["code"].lower())
    new_phone.click("#use-code button[type=submit]")
    assert connected_as(new_phone) == officer


def test_a_revoked_phone_reconnects_with_a_new_code_and_its_work_arrives_once(
        phone, tambon, officer, artifacts_dir):
    page = phone
    page.context.set_offline(True)
    uuids = queue_submissions(page, "training_attendance", [training(40), training(41)])
    label = page.evaluate("async () => (await import('./js/db.js')).getMeta('user')")["device"]
    run_cli(tambon.env, "device", "revoke", label)
    page.context.set_offline(False)  # back in signal: the app syncs by itself
    page.wait_for_selector("#reconnect-intro")
    assert "2" in page.inner_text("#reconnect-intro")
    # nothing floats over the screen's title and explanation
    for where in ("#reconnect-intro", "#view h1"):
        assert page.evaluate("""s => { const box = document.querySelector(s).getBoundingClientRect();
            const top = document.elementFromPoint(box.left + box.width / 2, box.top + 4);
            return document.querySelector(s).contains(top); }""", where), where
    assert page.evaluate("async () => (await import('./js/sync.js')).unsentCount()") == 2
    page.screenshot(path=artifacts_dir / "phone-reconnect.png", full_page=True)

    page.fill("#enrol-code", cli_code(tambon, officer)["code"])
    page.click("#use-code button[type=submit]")
    page.wait_for_selector(".form-card >> nth=3")
    wait_until_synced(page)
    mine = [s["uuid"] for s in authored_by(tambon, officer)]
    assert sorted(mine) == sorted(uuids)


def test_a_rescue_file_saved_on_a_phone_and_loaded_by_an_admin_stores_each_item_once(
        phone, desk, tambon, officer, artifacts_dir, tmp_path):
    page = phone
    page.context.set_offline(True)
    uuids = queue_submissions(page, "training_attendance", [training(50), training(51)])
    page.click("#settings-link")
    page.wait_for_selector("#rescue")
    page.screenshot(path=artifacts_dir / "phone-settings-rescue.png", full_page=True)
    with page.expect_download() as download:
        page.click('[data-action="rescue-save"]')
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    rescue = json.loads(saved.read_text())
    assert (rescue["username"], len(rescue["submissions"])) == (officer, 2)

    for expected in ("created", "duplicate"):
        desk.goto(f"{tambon.url}/admin/rescue")
        desk.set_input_files("input[name=file]", str(saved))
        desk.click("form[enctype] button[type=submit]")
        desk.wait_for_selector("table.rescue-results")
        badges = desk.locator("table.rescue-results .badge")
        statuses = [badges.nth(i).get_attribute("data-status") for i in range(badges.count())]
        assert statuses == [expected, expected]
        assert badges.first.inner_text() == {"created": "เก็บใหม่",
                                             "duplicate": "มีอยู่แล้ว (ซ้ำ)"}[expected]
    shots(desk, artifacts_dir, "rescue-page")

    page.context.set_offline(False)  # back in signal: the app syncs by itself
    wait_until_synced(page)
    assert sorted(s["uuid"] for s in authored_by(tambon, officer)) == sorted(uuids)


def test_the_admin_pages_for_people_and_phones(desk, tambon, officer, artifacts_dir):
    desk.goto(f"{tambon.url}/admin/users")
    row = desk.locator(f"tr[data-user='{officer}']")
    row.locator("summary").click()
    row.locator("input[name=full_name]").fill("นายสมศักดิ์ จิตรวิไลย")
    row.locator("form:has(input[name=full_name]) button").click()
    desk.wait_for_selector(".flash.ok")
    assert "นายสมศักดิ์ จิตรวิไลย" in desk.locator(f"tr[data-user='{officer}']").inner_text()
    desk.locator(f"tr[data-user='{officer}'] summary").click()
    shots(desk, artifacts_dir, "users-page")
    desk.locator(f"tr[data-user='{officer}'] [data-action=disable]").click()
    desk.wait_for_selector(f"tr[data-user='{officer}'] [data-action=enable]", state="attached")
    desk.goto(f"{tambon.url}/admin/devices")
    shots(desk, artifacts_dir, "devices-page")
