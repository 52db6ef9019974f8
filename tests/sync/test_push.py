"""Every row of the push table in PROTOCOL.md, on SQLite and PostgreSQL."""

import copy
import json

import pytest

from forms.bundled import bundled
from sync import audit, catalog, push
from sync.errors import InvalidBatch, PayloadTooLarge
from sync.places import coded_place
from sync.models import (
    AuditEntry,
    Batch,
    ConflictRevision,
    Quarantine,
    Revision,
    Submission,
)
from tests.factories import batch, edited, item

pytestmark = pytest.mark.usefixtures("forms")

COUNTED = [Submission, Revision, ConflictRevision, Quarantine, AuditEntry]


def counts() -> dict:
    return {model.__name__: model.select().count() for model in COUNTED}


def statuses(result) -> list[str]:
    return [r["status"] for r in result.results]


def test_a_new_valid_submission_is_created_as_rev_1_in_review_state_received(people):
    pushed = item(seed=1)
    result = push.push_batch(people["somchai"], batch(pushed), device_label="phone-a")
    assert result.results == [{"uuid": pushed["uuid"], "status": "created", "rev": 1,
                               "missing_attachments": []}]
    assert result.summary == {"created": 1, "updated": 0, "duplicate": 0, "conflict": 0,
                              "rejected": 0}
    row = Submission.get(Submission.uuid == pushed["uuid"])
    assert (row.rev, row.review_state, row.author_name, row.device) == (
        1, "received", "somchai", "phone-a")
    assert row.created_at == pushed["created_at"]  # the device's time, as given
    assert row.received_at.endswith("+00:00")


def test_the_listing_columns_come_from_the_answers(people):
    pushed = item(seed=2)
    push.push_batch(people["somchai"], batch(pushed))
    row = Submission.get(Submission.uuid == pushed["uuid"])
    place = pushed["answers"]["place"]  # names, as version 1 took them: listed by code
    assert (row.province, row.district, row.subdistrict, row.village_no) == (
        *coded_place(place["province"], place["district"], place["subdistrict"]),
        str(place["village_no"]))
    assert row.province.isdigit() and row.subdistrict.startswith(row.district)
    assert row.record_date == pushed["answers"]["date"]
    assert pushed["answers"]["venue"] in row.search_text
    assert pushed["answers"]["participants"][0]["full_name"] in row.search_text


def place_and_date(uuid: str) -> tuple:
    row = Submission.get(Submission.uuid == uuid)
    return (row.province, row.district, row.subdistrict, row.village_no, row.record_date)


def test_the_place_and_date_come_from_the_fields_the_summary_declares(people):
    moved = copy.deepcopy(bundled("km_record").raw)
    moved["version"] = "moved"
    moved["summary"] = {"place": {"province": "office"}, "date": "period_end"}
    catalog.publish_form(moved, "admin")
    pushed = item("km_record", seed=4, version="moved")
    assert statuses(push.push_batch(people["somchai"], batch(pushed))) == ["created"]
    answers = pushed["answers"]
    assert place_and_date(pushed["uuid"]) == (answers["office"], None, None, None,
                                              answers["period_end"])


def test_a_version_without_a_summary_follows_its_form_s_newest_version(people):
    """Version 1 of the bundled forms declares nothing; its records are placed as the
    current version says. A form that never declared a summary has no place or date."""
    old = item("km_record", seed=5, version="1")
    assert statuses(push.push_batch(people["somchai"], batch(old))) == ["created"]
    place = old["answers"]["place"]
    assert place_and_date(old["uuid"])[:2] == coded_place(
        place["province"], place["district"], None)[:2]
    bare = copy.deepcopy(bundled("km_record").raw)
    del bare["summary"]
    bare["form_id"] = "km_record_bare"
    catalog.publish_form(bare, "admin")
    plain = {**item("km_record", seed=6, version=bare["version"]), "form_id": "km_record_bare"}
    assert statuses(push.push_batch(people["somchai"], batch(plain))) == ["created"]
    assert place_and_date(plain["uuid"]) == (None, None, None, None, None)


def test_the_server_stores_its_own_calculated_values(people):
    pushed = item(seed=3, present_count=999)
    result = push.push_batch(people["somchai"], batch(pushed))
    assert statuses(result) == ["created"]
    stored = json.loads(Submission.get(Submission.uuid == pushed["uuid"]).answers)
    present = sum(1 for p in pushed["answers"]["participants"] if p["present"])
    assert stored["present_count"] == present


def test_resending_a_batch_returns_duplicates_and_changes_nothing(people):
    sent = batch(item(seed=4), item(seed=5), {"junk": 1})
    first = push.push_batch(people["somchai"], sent)
    before = counts()
    again = push.push_batch(people["somchai"], sent)
    assert statuses(again) == ["duplicate", "duplicate", "rejected"]
    assert [r.get("rev") for r in again.results] == [r.get("rev") for r in first.results]
    assert counts() == before
    recorded = Batch.get(Batch.batch_id == sent["batch_id"])
    assert (recorded.receipts, recorded.created, recorded.rejected) == (2, 2, 1)


def test_the_same_content_with_any_base_rev_is_a_duplicate(people):
    pushed = item(seed=6)
    push.push_batch(people["somchai"], batch(pushed))
    result = push.push_batch(people["somchai"], batch({**pushed, "base_rev": 7}))
    assert result.results == [{"uuid": pushed["uuid"], "status": "duplicate", "rev": 1,
                               "missing_attachments": []}]


def test_an_edit_from_the_current_rev_is_updated_and_keeps_every_revision(people):
    pushed = item(seed=7)
    push.push_batch(people["somchai"], batch(pushed))
    second = edited(pushed, 1, venue="ศาลาประชาคมหมู่ 3")
    third = edited(second, 2, venue="วัดโสธรวรารามวรวิหาร")
    assert statuses(push.push_batch(people["somchai"], batch(second))) == ["updated"]
    result = push.push_batch(people["somchai"], batch(third))
    assert result.results == [{"uuid": pushed["uuid"], "status": "updated", "rev": 3,
                               "missing_attachments": []}]
    row = Submission.get(Submission.uuid == pushed["uuid"])
    assert (row.rev, row.review_state) == (3, "edited")
    venues = [json.loads(r.answers)["venue"] for r in
              Revision.select().where(Revision.submission == pushed["uuid"]).order_by(Revision.rev)]
    assert venues == [pushed["answers"]["venue"], "ศาลาประชาคมหมู่ 3", "วัดโสธรวรารามวรวิหาร"]


def test_an_edit_from_a_stale_rev_is_a_conflict_that_keeps_the_current_one(people):
    pushed = item(seed=8)
    push.push_batch(people["somchai"], batch(pushed))
    push.push_batch(people["somchai"], batch(edited(pushed, 1, venue="ที่ใหม่")))
    stale = edited(pushed, 1, venue="ที่อื่น")
    result = push.push_batch(people["somchai"], batch(stale))
    [conflict] = result.results
    assert (conflict["status"], conflict["rev"]) == ("conflict", 2)
    assert conflict["answers"]["venue"] == "ที่ใหม่"  # the phone rebases on this
    row = Submission.get(Submission.uuid == pushed["uuid"])
    assert (row.rev, row.has_conflicts) == (2, True)
    [kept] = ConflictRevision.select().where(ConflictRevision.submission == pushed["uuid"])
    assert (kept.base_rev, kept.current_rev, json.loads(kept.answers)["venue"]) == (
        1, 2, "ที่อื่น")


def test_a_conflict_sent_twice_is_kept_once(people):
    pushed = item(seed=9)
    push.push_batch(people["somchai"], batch(pushed))
    push.push_batch(people["somchai"], batch(edited(pushed, 1, venue="ที่ใหม่")))
    stale = batch(edited(pushed, 1, venue="ที่อื่น"))
    push.push_batch(people["somchai"], stale)
    before = counts()
    assert statuses(push.push_batch(people["somchai"], stale)) == ["conflict"]
    assert counts() == before and before["ConflictRevision"] == 1


def test_invalid_answers_are_rejected_with_dotted_paths_and_quarantined(people):
    pushed = item(seed=10)
    pushed["answers"]["participants"][1]["age"] = 3
    result = push.push_batch(people["somchai"], batch(pushed))
    [rejected] = result.results
    assert (rejected["status"], rejected["code"]) == ("rejected", "invalid_answers")
    assert list(rejected["errors"]) == ["participants.1.age"]
    assert not Submission.select().exists()
    kept = Quarantine.get(Quarantine.uuid == pushed["uuid"])
    assert json.loads(kept.payload) == pushed  # raw, exactly as sent
    assert (kept.code, kept.username, json.loads(kept.errors)) == (
        "invalid_answers", "somchai", rejected["errors"])


def test_an_unknown_form_or_version_is_rejected_unknown_form(people):
    result = push.push_batch(people["somchai"], batch(
        item(version="99"), {**item(), "form_id": "no_such_form"}))
    assert [(r["status"], r["code"]) for r in result.results] == [
        ("rejected", "unknown_form")] * 2
    assert Quarantine.select().count() == 2


def test_a_closed_form_is_rejected_form_closed_and_the_item_kept(people):
    catalog.close_form("training_attendance", "admin")
    pushed = item(seed=11)
    [rejected] = push.push_batch(people["somchai"], batch(pushed)).results
    assert rejected["code"] == "form_closed"
    assert Quarantine.get(Quarantine.uuid == pushed["uuid"]).code == "form_closed"


def test_a_submission_stored_before_its_form_closed_still_resends_as_duplicate(people):
    sent = batch(item(seed=12))
    push.push_batch(people["somchai"], sent)
    catalog.close_form("training_attendance", "admin")
    assert statuses(push.push_batch(people["somchai"], sent)) == ["duplicate"]


def test_an_older_version_of_an_open_form_is_still_accepted(people, forms):
    newer = json.loads(forms["training_attendance"].definition)
    newer["version"] = "99"
    catalog.publish_form(newer, "admin")
    assert statuses(push.push_batch(people["somchai"], batch(item(version="1")))) == ["created"]


def test_another_users_uuid_is_forbidden_and_their_submission_untouched(people):
    mine = item(seed=13)
    push.push_batch(people["somchai"], batch(mine))
    for attempt in (mine, edited(mine, 1, venue="ของปลอม"), edited(mine, 0, venue="ก")):
        [result] = push.push_batch(people["somsri"], batch(attempt)).results
        assert (result["status"], result["code"]) == ("rejected", "forbidden")
        assert "rev" not in result and "answers" not in result
    row = Submission.get(Submission.uuid == mine["uuid"])
    assert (row.rev, row.author_name) == (1, "somchai")
    assert Quarantine.select().where(Quarantine.username == "somsri").count() == 3


def test_a_malformed_item_is_rejected_while_the_rest_of_the_batch_is_stored(people):
    good = item(seed=14)
    bad = {**item(seed=15), "base_rev": -1, "uuid": "not-a-uuid", "extra": True}
    result = push.push_batch(people["somchai"], batch(bad, "not even an object", good))
    assert statuses(result) == ["rejected", "rejected", "created"]
    assert {r["code"] for r in result.results[:2]} == {"invalid_item"}
    assert set(result.results[0]["errors"]) == {"uuid", "base_rev", "extra"}
    assert Quarantine.select().count() == 2


def test_the_same_uuid_twice_in_a_batch_is_created_then_duplicate_or_updated(people):
    first = item(seed=16)
    result = push.push_batch(people["somchai"], batch(first, first, edited(first, 1, venue="ข")))
    assert [(r["status"], r["rev"]) for r in result.results] == [
        ("created", 1), ("duplicate", 1), ("updated", 2)]
    assert Revision.select().where(Revision.submission == first["uuid"]).count() == 2
    assert Submission.get(Submission.uuid == first["uuid"]).rev == 2


def test_uuid_case_does_not_split_a_record(people):
    pushed = item(seed=17)
    push.push_batch(people["somchai"], batch(pushed))
    shouted = {**pushed, "uuid": pushed["uuid"].upper()}
    assert statuses(push.push_batch(people["somchai"], batch(shouted))) == ["duplicate"]


@pytest.mark.parametrize("envelope, field", [
    ({"device_id": "x", "sent_at": "2026-11-20T17:30:00+07:00", "submissions": []}, "batch_id"),
    ({**batch(), "submissions": {"not": "a list"}}, "submissions"),
    ({**batch(), "sent_at": "yesterday"}, "sent_at"),
    ({**batch(), "surprise": 1}, "surprise"),
    (["not", "an", "object"], "_schema"),
])
def test_a_wrong_envelope_is_invalid_batch_and_applies_nothing(people, envelope, field):
    with pytest.raises(InvalidBatch) as raised:
        push.push_batch(people["somchai"], envelope)
    assert field in raised.value.details
    assert counts()["Submission"] == 0 and not Batch.select().exists()


def test_more_items_than_the_limit_is_payload_too_large(people):
    with pytest.raises(PayloadTooLarge):
        push.push_batch(people["somchai"], batch(item(), item(), item()), max_items=2)
    assert counts()["Submission"] == 0


def test_every_batch_is_recorded_with_counts_sender_and_clock_skew(people):
    sent = batch(item(seed=18), {"junk": 1}, sent_at="2020-01-01T00:00:00+07:00")
    push.push_batch(people["somchai"], sent, device_label="phone-a")
    row = Batch.get(Batch.batch_id == sent["batch_id"])
    assert (row.user_id, row.device, row.device_id, row.sent_at) == (
        people["somchai"].id, "phone-a", sent["device_id"], sent["sent_at"])
    assert (row.items, row.created, row.rejected) == (2, 1, 1)
    assert row.clock_skew_seconds < -86400 * 365  # that phone's clock is years behind


def test_every_stored_change_is_audited_in_the_same_transaction(people):
    pushed = item(seed=19)
    push.push_batch(people["somchai"], batch(pushed, {"junk": 1}))
    push.push_batch(people["somchai"], batch(edited(pushed, 1, venue="ค"),
                                          edited(pushed, 0, venue="ง")))
    actions = [e["action"] for e in reversed(audit.entries())
               if e["action"].startswith("submission.")]
    assert actions == ["submission.created", "submission.rejected", "submission.updated",
                       "submission.conflict"]


def test_a_failure_before_commit_leaves_nothing_of_the_batch(people, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the server died here")

    monkeypatch.setattr(push, "_record_batch", fail)
    before = counts()
    with pytest.raises(RuntimeError):
        push.push_batch(people["somchai"], batch(item(seed=20), {"junk": 1}))
    assert counts() == before


def test_the_unique_index_decides_when_another_writer_stored_the_uuid_first(people, monkeypatch):
    pushed = item(seed=21)
    push.push_batch(people["somchai"], batch(pushed))
    real_load, calls = push.read_state, []

    def stale_then_real(uuids):
        calls.append(uuids)
        return {} if len(calls) <= 2 else real_load(uuids)  # blind to the stored row twice

    monkeypatch.setattr(push, "read_state", stale_then_real)
    result = push.push_batch(people["somchai"], batch(pushed))
    assert statuses(result) == ["duplicate"]
    assert len(calls) == 3 and Submission.select().count() == 1
