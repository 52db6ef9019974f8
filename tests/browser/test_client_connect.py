"""Connecting a phone at the office, and signing it out."""

import pytest
import requests

from tests.browser.client import PHONE, queue_submissions
from tests.browser.test_client_sync import training
from tests.e2e.harness import issue_token

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def new_phone(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


def test_a_wrong_password_is_told_in_thai_and_nothing_is_stored(new_phone, tambon, officer, artifacts_dir):
    page = new_phone
    page.goto(f"{tambon.url}/app/")
    page.fill("#username", officer)
    page.fill("#password", "not the password")
    page.click("#sign-in button[type=submit]")
    alert = page.locator("[role=alert]:not([hidden])").first
    assert alert.inner_text() == "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"
    assert page.evaluate("async () => (await import('./js/db.js')).getMeta('token')") is None
    page.screenshot(path=artifacts_dir / "wrong-password.png")


def test_a_token_issued_by_an_administrator_can_be_pasted_instead_of_signing_in(new_phone, tambon, officer):
    page = new_phone
    token = issue_token(tambon.env, officer, f"{officer}-issued")
    page.goto(f"{tambon.url}/app/")
    page.fill("#token", token)
    page.click("#use-token button[type=submit]")
    page.wait_for_selector(".form-card >> nth=3")
    user = page.evaluate("async () => (await import('./js/db.js')).getMeta('user')")
    assert (user["username"], user["device"]) == (officer, f"{officer}-issued")


def test_signing_out_warns_about_unsent_work_then_forgets_the_token(phone, tambon):
    page = phone
    queue_submissions(page, "training_attendance", [training(6)])
    token = page.evaluate("async () => (await import('./js/db.js')).getMeta('token')")
    warnings = []
    page.on("dialog", lambda dialog: warnings.append(dialog.message))
    page.click("#settings-link")
    page.click('[data-action="sign-out"]')
    page.wait_for_selector("#sign-in")

    # Unsent work goes only after a second confirmation that names how much.
    assert len(warnings) == 2
    assert "1" in warnings[0] and "ไฟล์" in warnings[0]
    assert "1" in warnings[1] and "ลบ" in warnings[1]
    assert page.evaluate("async () => (await import('./js/db.js')).getMeta('token')") is None
    me = requests.get(f"{tambon.url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert me.status_code == 401
