"""New versions of a form reach the phone at sync and work offline, while a draft started on the
older version can still be finished and sent (the server accepts older versions of open forms)."""

import json

import pytest
from playwright.sync_api import expect

from tests.browser.client import box, server_copy, wait_for_state
from tests.e2e.harness import run_cli

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def home_visit(version: str, extra_fields: list[dict] = ()) -> dict:
    return {
        "form_id": "home_visit", "version": version,
        "title": {"th": f"บันทึกการเยี่ยมบ้าน ฉบับ {version}", "en": f"Home visit, version {version}"},
        "fields": [{"name": "household", "type": "text", "required": True,
                    "label": {"th": "ครัวเรือน", "en": "Household"}}, *extra_fields],
    }


def publish(server, tmp_path, definition: dict) -> None:
    path = tmp_path / f"{definition['form_id']}-{definition['version']}.json"
    path.write_text(json.dumps(definition, ensure_ascii=False), encoding="utf-8")
    run_cli(server.env, "form", "publish", str(path))


def test_a_new_version_arrives_at_sync_works_offline_and_a_draft_on_the_old_one_is_still_sent(
        phone, tambon, tmp_path, artifacts_dir):
    page = phone
    publish(tambon, tmp_path, home_visit("1"))
    page.click("#sync-button")
    card = page.locator('[data-form="home_visit"]')
    expect(card).to_contain_text("ฉบับ 1")
    card.click()
    box(page, "household").locator("input").fill("บ้านเลขที่ 12 หมู่ 3")
    draft = page.url.rsplit("/", 1)[-1]

    publish(tambon, tmp_path, home_visit("2", [{"name": "visit_note", "type": "textarea",
                                                "label": {"th": "บันทึก", "en": "Notes"}}]))
    page.goto(page.url.split("#")[0] + "#/forms")
    page.click("#sync-button")
    expect(card).to_contain_text("บันทึกการเยี่ยมบ้าน ฉบับ 2")
    assert card.count() == 1, "only the newest version is offered for new work"

    page.context.set_offline(True)
    page.reload()
    page.click('[data-form="home_visit"]')
    expect(box(page, "visit_note")).to_be_visible()  # version 2's own field, from the phone
    page.screenshot(path=artifacts_dir / "new-version-offline.png")
    page.context.set_offline(False)

    page.goto(page.url.split("#")[0] + f"#/fill/{draft}")
    expect(box(page, "household").locator("input")).to_have_value("บ้านเลขที่ 12 หมู่ 3")
    assert box(page, "visit_note").count() == 0, "the draft keeps the version it was started on"
    page.click('[data-action="finalise"]')
    wait_for_state(page, draft, "sent")
    stored = server_copy(tambon, draft)
    assert (stored["form_version"], stored["answers"]) == ("1", {"household": "บ้านเลขที่ 12 หมู่ 3"})
