"""Sync when things go wrong: replies lost after the server stored a batch, a busy server, a
supervisor sending work back, and two versions of one submission. Every story ends with the
server holding each submission exactly once."""

import json
import time
from uuid import uuid4

import pytest
import requests

from forms.bundled import bundled
from forms.samples import sample_answers
from tests.browser.client import (
    as_supervisor, authored_by, box, queue_submissions, server_copy, wait_for_state,
    wait_until_synced, without_calculations, without_media,
)
from tests.cast import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PUSH = "**/api/v1/sync/push"


def training(seed: int) -> dict:
    """Answers to the current version without photos and signatures, which are also valid
    for version 1 (one story pushes them as version 1 from another computer)."""
    definition = bundled("training_attendance").raw
    answers = sample_answers(definition, seed, repeat_counts={"participants": 3})
    return without_media(definition["fields"], without_calculations(definition["fields"], answers))


def sync(page) -> None:
    page.click("#sync-button")
    wait_until_synced(page)


def count_in(page, state: str) -> int:
    return page.evaluate("async (state) => (await (await import('./js/submissions.js')).counts())[state]", state)


def test_a_push_whose_reply_is_lost_after_the_server_stored_it_is_resent_and_stored_once(phone, tambon, officer):
    page = phone
    uuids = queue_submissions(page, "training_attendance", [training(1), training(2)])
    batches = []

    def lose_first_reply(route):
        batches.append(json.loads(route.request.post_data)["batch_id"])
        if len(batches) == 1:
            route.fetch()  # the server receives and commits the batch...
            route.abort("connectionreset")  # ...and the phone never hears back
        else:
            route.continue_()

    page.route(PUSH, lose_first_reply)
    sync(page)

    assert len(batches) == 2 and batches[0] == batches[1], "the retry re-sends the same batch"
    on_server = authored_by(tambon, officer)
    assert sorted(s["uuid"] for s in on_server) == sorted(uuids)
    assert all(s["rev"] == 1 for s in on_server)
    assert count_in(page, "sent") == 2


def test_a_busy_server_is_retried_after_its_retry_after_and_stores_each_submission_once(phone, tambon, officer):
    page = phone
    uuids = queue_submissions(page, "training_attendance", [training(3)])
    seen = []

    def busy_once(route):
        seen.append(time.monotonic())
        if len(seen) == 1:
            route.fulfill(status=503, headers={"Retry-After": "2", "Content-Type": "application/json"},
                          body=json.dumps({"error": {"code": "unavailable", "message": "busy", "details": {}}}))
        else:
            route.continue_()

    page.route(PUSH, busy_once)
    sync(page)

    assert len(seen) == 2
    assert seen[1] - seen[0] >= 1.9, "the phone waited as long as Retry-After asked"
    assert [s["uuid"] for s in authored_by(tambon, officer)] == uuids


def test_a_submission_sent_back_with_a_comment_is_fixed_on_the_phone_and_becomes_revision_2(
        phone, tambon, artifacts_dir):
    page = phone
    [uuid] = queue_submissions(page, "training_attendance", [training(4)])
    sync(page)
    comment = "ชื่อสถานที่ไม่ครบ กรุณาระบุชื่อวัดให้ครบถ้วน"
    review = as_supervisor(tambon, "POST", f"/submissions/{uuid}/review",
                           json={"review_state": "has_issues", "comment": comment})
    assert review.status_code == 200, review.text

    sync(page)
    assert wait_for_state(page, uuid, "returned")["review"]["comment"] == comment
    page.click('.tabs a[href="#/returned"]')
    page.click(f'.card[data-uuid="{uuid}"]')
    assert page.locator(".review .comment").inner_text() == comment
    page.screenshot(path=artifacts_dir / "sent-back.png")

    box(page, "venue").locator("input").fill("ศาลาการเปรียญวัดโสธรวรารามวรวิหาร")
    page.click('[data-action="finalise"]')
    wait_for_state(page, uuid, "sent")  # finalising while online sends at once

    stored = server_copy(tambon, uuid)
    assert stored["rev"] == 2
    assert stored["answers"]["venue"] == "ศาลาการเปรียญวัดโสธรวรารามวรวิหาร"
    assert stored["review_state"] == "edited"
    assert count_in(page, "sent") == 1


def test_an_edit_made_on_top_of_an_older_revision_shows_both_and_keeping_mine_sends_it_on_top(
        phone, tambon, officer, artifacts_dir):
    page = phone
    original = training(5)
    [uuid] = queue_submissions(page, "training_attendance", [original])
    sync(page)
    as_supervisor(tambon, "POST", f"/submissions/{uuid}/review",
                  json={"review_state": "has_issues", "comment": "ตรวจชื่อวิทยากร"})
    sync(page)

    # Meanwhile the same officer corrects the venue from the office computer: revision 2.
    elsewhere = {**original, "venue": "หอประชุมอำเภอเมืองฉะเชิงเทรา"}
    pushed = requests.post(f"{tambon.url}/api/v1/sync/push", auth=(officer, PASSWORD), timeout=30, json={
        "batch_id": str(uuid4()), "device_id": "office", "sent_at": "2026-11-24T10:00:00+07:00",
        "submissions": [{"uuid": uuid, "form_id": "training_attendance",
                         "form_version": bundled("training_attendance").raw["version"],
                         "base_rev": 1, "created_at": "2026-11-24T09:00:00+07:00", "answers": elsewhere}]})
    assert pushed.status_code == 200, pushed.text
    assert pushed.json()["results"][0]["status"] == "updated"

    page.click('.tabs a[href="#/returned"]')
    page.click(f'.card[data-uuid="{uuid}"]')
    box(page, "trainer").locator("input").fill("นางสาวสุดา ใจดี")
    page.click('[data-action="finalise"]')
    record = wait_for_state(page, uuid, "returned")
    assert record["reason"] == "conflict", "the server refused to overwrite revision 2 silently"

    page.click('.tabs a[href="#/returned"]')
    page.click(f'.card[data-uuid="{uuid}"]')
    panel = page.locator(".conflict")
    assert "หอประชุมอำเภอเมืองฉะเชิงเทรา" in panel.inner_text()
    assert "นางสาวสุดา ใจดี" in panel.inner_text()
    page.screenshot(path=artifacts_dir / "conflict.png")
    page.click('[data-action="keep-mine"]')
    wait_for_state(page, uuid, "sent")

    stored = server_copy(tambon, uuid)
    assert stored["rev"] == 3
    assert stored["answers"]["trainer"] == "นางสาวสุดา ใจดี"
    assert stored["answers"]["venue"] == original["venue"]
    assert [s["uuid"] for s in authored_by(tambon, officer)] == [uuid]


def test_answers_the_server_refuses_come_back_with_its_messages_next_to_the_fields_they_name(
        phone, tambon, artifacts_dir):
    page = phone
    answers = training(7)
    [uuid] = queue_submissions(page, "training_attendance", [answers])
    # A payload this phone's checks would have stopped, as an older app version might send.
    page.evaluate("""async ([uuid, age]) => {
        const subs = await import('./js/submissions.js');
        const record = await subs.get(uuid);
        record.payload.participants[1].age = age;
        record.answers.participants[1].age = age;
        await subs.finalise(uuid, record.answers, record.payload);
    }""", [uuid, 300])
    sync(page)

    record = wait_for_state(page, uuid, "returned")
    assert record["reason"] == "rejected" and "participants.1.age" in record["errors"]
    page.click('.tabs a[href="#/returned"]')
    page.click(f'.card[data-uuid="{uuid}"]')
    age = box(page, "participants.1.age")
    assert age.locator(".error").inner_text() == " ".join(record["errors"]["participants.1.age"])
    page.screenshot(path=artifacts_dir / "refused-by-server.png")

    age.locator("input").fill("30")
    assert age.locator(".error").is_hidden()
    page.click('[data-action="finalise"]')
    wait_for_state(page, uuid, "sent")
    assert server_copy(tambon, uuid)["answers"]["participants"][1]["age"] == 30


def test_a_batch_too_large_is_halved_until_it_fits_and_one_item_too_large_alone_comes_back(
        phone, tambon, officer):
    page = phone
    big, *small = queue_submissions(page, "training_attendance", [training(8), training(9), training(10)])
    sizes = []

    def limit(route):
        items = json.loads(route.request.post_data)["submissions"]
        sizes.append(len(items))
        if len(items) > 1 or items[0]["uuid"] == big:
            route.fulfill(status=413, headers={"Content-Type": "application/json"}, body=json.dumps(
                {"error": {"code": "payload_too_large", "message": "The request body is too large.", "details": {}}}))
        else:
            route.continue_()

    page.route(PUSH, limit)
    sync(page)

    assert sizes == [3, 2, 1, 1, 1]
    assert sorted(s["uuid"] for s in authored_by(tambon, officer)) == sorted(small)
    record = wait_for_state(page, big, "returned")
    assert record["reject_code"] == "payload_too_large"
