"""An admin makes a new form on the web: uploads an XLSForm, tries it in the preview (the phone's own
renderer, rules live), publishes it; a field officer's phone then fills it with no signal and
syncs it. Against a real server, in Chromium."""

import copy
import uuid

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.client import (
    authored_by, box, server_copy, sign_in_on_the_web, wait_until_synced,
)
from forms.bundled import bundled
from tests.cast import PASSWORD
from tests.factories import market_survey_xlsx
from tests.e2e.harness import add_user

pytestmark = [pytest.mark.browser, pytest.mark.slow]



@pytest.fixture
def admin_name(tambon) -> str:
    """An administrator of this test's own."""
    name = f"author_{uuid.uuid4().hex[:6]}"
    add_user(tambon.env, name, "admin")
    return name


@pytest.fixture
def admin_page(browser, tambon, admin_name):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="th-TH",
                                  timezone_id="Asia/Bangkok")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.set_default_timeout(20_000)
    sign_in_on_the_web(page, tambon.url, admin_name)
    page.wait_for_url(f"{tambon.url}/")
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def test_an_admin_previews_and_publishes_a_form_and_a_phone_fills_it_offline(
        admin_page, phone, tambon, officer, artifacts_dir):
    page = admin_page
    page.goto(f"{tambon.url}/admin/forms")
    page.set_input_files("input[name=upload]", files=[
        {"name": "market_survey.xlsx", "buffer": market_survey_xlsx(),
         "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("#draft")

    # The barcode question can only be typed: a downgrade, listed at its row, to accept.
    downgrade = page.locator("tr.downgrade", has_text="บาร์โค้ด")
    expect(downgrade.locator("td").first).to_have_text("ชีต survey, แถว 6, คอลัมน์ type")
    publish = page.locator("button[data-publish]")
    expect(publish).to_be_disabled()

    # The preview is the phone's renderer; its rules run as the officer fills it in.
    preview = page.frame_locator("iframe.phone")
    expect(preview.locator("h1")).to_have_text("สำรวจตลาดชุมชน")
    shops = preview.locator('[data-path="shop_count"]')
    expect(shops).to_be_hidden()
    preview.locator('[data-path="has_shop"] input[value="yes"]').check()
    expect(shops).to_be_visible()
    shops.locator("input").fill("60")
    shops.locator("input").blur()
    expect(shops.locator(".error")).to_have_text("ร้านค้าต้องไม่เกิน 50 ร้าน")
    expect(preview.locator('[data-path="stall_fee"] output')).to_have_text("1200")
    page.screenshot(path=artifacts_dir / "draft-1366-th.png", full_page=True)

    # Both languages: the switch re-renders the same answers in English.
    page.click("[data-preview-lang=en]")
    expect(preview.locator('[data-path="shop_count"] label').first).to_contain_text("Shops")
    expect(preview.locator('[data-path="shop_count"] .error')).to_have_text("At most 50 shops.")
    shops.locator("input").fill("12")
    shops.locator("input").blur()
    expect(shops.locator(".error")).to_be_hidden()
    expect(preview.locator('[data-path="stall_fee"] output')).to_have_text("240")
    page.set_viewport_size({"width": 360, "height": 740})
    page.screenshot(path=artifacts_dir / "draft-360-en.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})

    for box_ in page.locator("[data-accept]").all():
        box_.check()
    expect(publish).to_be_enabled()
    with page.expect_navigation():
        publish.click()
    expect(page.locator(".flash.ok")).to_contain_text("market_survey")
    page.screenshot(path=artifacts_dir / "published-1366.png", full_page=True)
    page.goto(f"{tambon.url}/admin/forms")
    page.screenshot(path=artifacts_dir / "forms-1366.png", full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})
    page.screenshot(path=artifacts_dir / "forms-360.png", full_page=True)

    # The phone picks the new form up when it syncs, then fills it with no signal.
    phone.click("#sync-button")
    phone.wait_for_selector('[data-form="market_survey"]')
    phone.context.set_offline(True)
    phone.click('[data-form="market_survey"]')
    phone.wait_for_selector("form.form")
    box(phone, "market_name").locator("input").fill("ตลาดนัดวัดเขาดิน")
    box(phone, "has_shop").locator('input[value="yes"]').check()
    box(phone, "shop_count").locator("input").fill("12")
    box(phone, "permit_no").locator("input").fill("ตน-2569/041")
    expect(box(phone, "stall_fee").locator("output")).to_have_text("240")
    phone.click("[data-action=finalise]")
    phone.wait_for_url("**/#/outbox")
    phone.context.set_offline(False)
    phone.click("#sync-button")
    wait_until_synced(phone)

    [listed] = [s for s in authored_by(tambon, officer) if s["form_id"] == "market_survey"]
    assert server_copy(tambon, listed["uuid"])["answers"] == {
        "market_name": "ตลาดนัดวัดเขาดิน", "has_shop": "yes", "shop_count": 12,
        "stall_fee": 240, "permit_no": "ตน-2569/041"}


def test_two_versions_are_compared_side_by_side_each_in_its_preview(admin_page, tambon,
                                                                   admin_name, artifacts_dir):
    newer = copy.deepcopy(bundled("training_attendance").raw)
    current = newer["version"]
    newer["version"] = str(int(current) + 1)
    newer["fields"][1]["label"] = {"th": "ชื่อโครงการอบรม", "en": "Training project"}
    newer["fields"].pop(8)  # trainer
    published = requests.post(f"{tambon.url}/api/v1/forms", json=newer, timeout=30,
                              auth=(admin_name, PASSWORD))
    assert published.status_code == 201, published.text
    page = admin_page
    page.goto(f"{tambon.url}/admin/forms/training_attendance/compare?a={current}&b={newer['version']}")
    expect(page.locator("table.diff tbody tr")).to_have_count(2)
    frames = page.locator("iframe.phone")
    expect(frames).to_have_count(2)
    for index in (0, 1):
        expect(frames.nth(index).content_frame.locator("h1")).not_to_be_empty()
    page.screenshot(path=artifacts_dir / "compare-1366.png", full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})
    page.screenshot(path=artifacts_dir / "compare-360.png")
    page.goto(f"{tambon.url}/admin/forms/training_attendance/versions/3")
    expect(page.frame_locator("iframe.phone").locator("form.form")).to_be_visible()
    page.screenshot(path=artifacts_dir / "version-360.png")

