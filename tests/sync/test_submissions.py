"""Reading submissions straight from sync.submissions, without Flask: one submission with
its revisions and conflicts, and the quarantine of refused items; on SQLite and PostgreSQL."""

import pytest

from sync import submissions
from sync.errors import NotFound
from sync.push import push_batch
from tests.conftest import ADMIN, OFFICER
from tests.factories import batch, edited, item


def test_one_submission_carries_every_revision_and_the_conflict_beside_them(forms, people):
    pushed = item(seed=1)
    push_batch(people[OFFICER], batch(pushed))
    push_batch(people[OFFICER], batch(edited(pushed, 1, venue="หอประชุมอำเภอ")))
    push_batch(people[OFFICER], batch(edited(pushed, 1, venue="วัดโสธร")))
    full = submissions.get_submission(pushed["uuid"], people[ADMIN])
    assert (full["rev"], full["answers"]["venue"], full["has_conflicts"]) == (
        2, "หอประชุมอำเภอ", True)
    assert [(r["rev"], r["base_rev"]) for r in full["revisions"]] == [(1, 0), (2, 1)]
    assert [c["answers"]["venue"] for c in full["conflicts"]] == ["วัดโสธร"]


def test_an_unknown_uuid_is_not_found(forms, people):
    with pytest.raises(NotFound):
        submissions.get_submission("00000000-0000-4000-8000-000000000000", people[ADMIN])


def test_refused_items_wait_in_quarantine_newest_first_with_why_and_what_was_sent(
        forms, people):
    young = item(seed=1)
    young["answers"]["participants"][0]["age"] = 3
    push_batch(people[OFFICER], batch({"junk": 1}))
    push_batch(people[OFFICER], batch(young))
    first = submissions.list_quarantine(limit=1)
    (newest,) = first["items"]
    assert (newest["username"], newest["uuid"], newest["code"]) == (
        OFFICER, young["uuid"], "invalid_answers")
    assert "participants.0.age" in newest["errors"]
    assert newest["payload"] == young
    rest = submissions.list_quarantine(cursor=first["cursor"])
    assert first["more"] and not rest["more"]
    assert [q["payload"] for q in rest["items"]] == [{"junk": 1}]
