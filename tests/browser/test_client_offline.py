"""The officer's day: connect at the office, go out with no signal, fill every form, come back
and sync. Against a real server, in Chromium at the size of a cheap Android phone."""

import pytest
from playwright.sync_api import expect

from forms.bundled import bundled
from forms.samples import sample_answers
from tests.browser.client import (
    as_typed, authored_by, box, eventually, fill_form, server_copy, unsynced_count,
    wait_until_synced, without_media,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROWS = {"participants": 3, "agenda_items": 2, "opinions": 1, "resolutions": 1, "approach": 2,
        "knowledge_assets": 1, "core_knowledge": 1, "strategies": 1}
FORMS = ("training_attendance", "forum_minutes", "proposal_scoring", "km_record")


def test_with_no_signal_the_officer_fills_all_four_forms_reloads_mid_form_and_each_reaches_the_server_once(
        phone, tambon, officer, artifacts_dir):
    page = phone
    page.context.set_offline(True)
    page.reload()
    page.wait_for_selector(".form-card >> nth=3")
    assert page.locator("#net").inner_text() == "ออฟไลน์"
    page.screenshot(path=artifacts_dir / "01-offline-forms.png")

    expected = {}
    for seed, form_id in enumerate(FORMS, start=11):
        definition = bundled(form_id).raw
        answers = without_media(definition["fields"],
                                sample_answers(definition, seed, repeat_counts=ROWS))
        page.click('.tabs a[href="#/forms"]')
        page.click(f'[data-form="{form_id}"]')
        page.wait_for_selector("form.form")
        submission_uuid = page.url.rsplit("/", 1)[-1]

        if form_id == "training_attendance":
            # Relevance: the dessert list exists only for the dessert activity, and a reason
            # for absence only for someone absent; answers that stop applying are not sent.
            box(page, "activity").locator('input[value="thai_desserts"]').check()
            box(page, "desserts").locator('input[value="khao_tu"]').check()
            assert box(page, "desserts").is_visible()
            box(page, "activity").locator('input[value="mind_development"]').check()
            assert box(page, "desserts").is_hidden()
            answers["activity"] = "mind_development"
            answers.pop("desserts", None)
            answers["participants"][0]["present"] = False
            answers["participants"][0]["absence_reason"] = "ติดธุระที่บ้าน"

        fill_form(page, definition["fields"], answers)
        if form_id == "training_attendance":
            assert box(page, "participants.0.absence_reason").is_visible()
            absent = not answers["participants"][1]["present"]
            assert box(page, "participants.1.absence_reason").is_visible() == absent
            present = sum(1 for p in answers["participants"] if p["present"])
            assert box(page, "present_count").locator("output").inner_text() == str(present)
            page.screenshot(path=artifacts_dir / "02-training-filled.png")

        # The battery dies (or the tab is reloaded) right after the last keystroke.
        page.reload()
        page.wait_for_selector("form.form")
        assert page.url.endswith(submission_uuid)
        first_text = next(f for f in definition["fields"] if f["type"] == "text" and f["name"] in answers)
        assert box(page, first_text["name"]).locator("input").input_value() == answers[first_text["name"]]

        page.click('[data-action="finalise"]')
        page.wait_for_url("**/#/outbox")
        expected[submission_uuid] = (form_id, as_typed(definition["fields"], answers))

    page.wait_for_selector(f".card[data-uuid] >> nth={len(FORMS) - 1}")
    assert page.locator(".card[data-uuid]").count() == len(FORMS)
    page.screenshot(path=artifacts_dir / "03-outbox-offline.png")

    page.context.set_offline(False)  # back at the office: the app syncs by itself
    wait_until_synced(page)
    assert unsynced_count(page) == 0
    page.goto(page.url.split("#")[0] + "#/sent")
    page.wait_for_selector(".card[data-uuid] >> nth=3")
    page.screenshot(path=artifacts_dir / "04-sent.png")

    on_server = authored_by(tambon, officer)
    assert sorted(s["uuid"] for s in on_server) == sorted(expected)
    for submission_uuid, (form_id, answers) in expected.items():
        stored = server_copy(tambon, submission_uuid)
        assert (stored["form_id"], stored["rev"]) == (form_id, 1)
        calculated = {f["name"] for f in bundled(form_id).raw["fields"] if f["type"] == "calculate"}
        assert {k: v for k, v in stored["answers"].items() if k not in calculated} == answers


def test_a_draft_survives_a_reload_typed_a_moment_before(phone):
    page = phone
    page.click('[data-form="km_record"]')
    page.wait_for_selector("form.form")
    box(page, "title").locator("input").fill("การทำขนมไทยของกลุ่มโสธรพัฒนา")
    box(page, "background").locator("textarea").press_sequentially("ชุมชนเข้มแข็ง", delay=5)
    page.reload()
    page.wait_for_selector("form.form")
    assert box(page, "title").locator("input").input_value() == "การทำขนมไทยของกลุ่มโสธรพัฒนา"
    assert box(page, "background").locator("textarea").input_value() == "ชุมชนเข้มแข็ง"
    page.goto(page.url.split("#")[0] + "#/drafts")
    page.wait_for_selector(".card[data-uuid]")
    assert page.locator(".card[data-uuid]").count() == 1


def test_finalising_is_refused_with_the_forms_own_thai_messages_next_to_the_fields(phone, artifacts_dir):
    page = phone
    page.click('[data-form="forum_minutes"]')
    page.wait_for_selector("form.form")
    box(page, "start_time").locator("input").fill("14:00")
    box(page, "end_time").locator("input").fill("13:00")
    box(page, "date").locator("input").fill("2012-06-25")
    assert box(page, "date").locator(".be").inner_text() == "25 มิถุนายน 2555"
    page.click('[data-action="finalise"]')
    assert "/fill/" in page.url
    end_time = bundled("forum_minutes").raw["fields"]
    message = next(f for f in end_time if f["name"] == "end_time")["constraint_message"]["th"]
    assert box(page, "end_time").locator(".error").inner_text() == message
    assert box(page, "venue").locator(".error").inner_text() == "ต้องกรอกข้อนี้"
    page.screenshot(path=artifacts_dir / "refused.png")


def test_the_english_switch_translates_the_interface_and_the_form_and_dates_follow_the_language(phone):
    page = phone
    page.click("#lang")
    expect(page.locator('.tabs a[href="#/forms"]')).to_have_text("Forms")
    page.click('[data-form="training_attendance"]')
    expect(box(page, "course_title").locator(".label")).to_contain_text("Course title")
    box(page, "date").locator("input").fill("2012-06-25")
    expect(box(page, "date").locator(".be")).to_have_text("25 June 2012")

    page.click("#lang")
    expect(box(page, "date").locator(".be")).to_have_text("25 มิถุนายน 2555")
    expect(box(page, "course_title").locator(".label")).to_contain_text("ชื่อหลักสูตร/โครงการ")
    assert box(page, "date").locator("input").input_value() == "2012-06-25"


def test_the_location_button_records_the_phones_position_and_its_accuracy(phone):
    page = phone
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 13.6904, "longitude": 101.0779, "accuracy": 12})
    page.click('[data-form="training_attendance"]')
    location = box(page, "location")
    location.locator("button").click()
    expect(location.locator(".hint")).to_have_text("ความแม่นยำ ± 12 ม.")
    assert location.locator("input").nth(0).input_value() == "13.6904"
    uuid = page.url.rsplit("/", 1)[-1]
    saved = eventually(page, "async (uuid) => (await (await import('./js/submissions.js')).get(uuid)).answers.location",
                       arg=uuid)
    assert saved == {"lat": 13.6904, "lon": 101.0779, "accuracy": 12}
