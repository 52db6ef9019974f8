"""Review decisions and reading submissions, on SQLite and PostgreSQL."""

import pytest

from sync import audit, push, reads, review
from sync.errors import Forbidden, InvalidRequest, NotFound, StaleRevision
from sync.models import ReviewEvent, Submission
from tests.factories import batch, edited, item

pytestmark = pytest.mark.usefixtures("forms")


@pytest.fixture
def pushed(people):
    sent = item(seed=30)
    push.push_batch(people["somchai"], batch(sent))
    return sent


@pytest.mark.parametrize("state", ["has_issues", "rejected"])
def test_a_comment_is_required_to_send_a_submission_back(people, pushed, state):
    with pytest.raises(InvalidRequest) as raised:
        review.review_submission(pushed["uuid"], people["malee"], state, "   ")
    assert "comment" in raised.value.details


def test_every_decision_is_kept_and_the_latest_is_the_state(people, pushed):
    review.review_submission(pushed["uuid"], people["malee"], "has_issues", "ขาดเบอร์โทร")
    review.review_submission(pushed["uuid"], people["admin"], "approved")
    assert Submission.get(Submission.uuid == pushed["uuid"]).review_state == "approved"
    history = reads.detail(pushed["uuid"], people["malee"]).submission["reviews"]
    assert [(h["review_state"], h["reviewer"]) for h in history] == [
        ("has_issues", "malee"), ("approved", "admin")]
    assert [e["action"] for e in audit.entries(f"submission:{pushed['uuid']}")][:2] == [
        "submission.reviewed", "submission.reviewed"]


def test_a_field_user_cannot_review(people, pushed):
    with pytest.raises(Forbidden):
        review.review_submission(pushed["uuid"], people["somchai"], "approved")
    assert not ReviewEvent.select().exists()


def test_reviewing_an_older_rev_than_the_current_is_refused(people, pushed):
    push.push_batch(people["somchai"], batch(edited(pushed, 1, venue="ใหม่")))
    with pytest.raises(StaleRevision):
        review.review_submission(pushed["uuid"], people["malee"], "approved", rev=1)


def test_reviewing_an_unknown_submission_is_not_found(people):
    with pytest.raises(NotFound):
        review.review_submission("00000000-0000-4000-8000-000000000000", people["malee"],
                                 "approved")


def test_a_submission_reads_with_every_revision_conflict_and_review(people, pushed):
    push.push_batch(people["somchai"], batch(edited(pushed, 1, venue="ใหม่")))
    push.push_batch(people["somchai"], batch(edited(pushed, 1, venue="ขัดแย้ง")))
    review.review_submission(pushed["uuid"], people["malee"], "approved")
    full = reads.detail(pushed["uuid"], people["somchai"]).submission
    assert (full["rev"], full["answers"]["venue"], full["has_conflicts"]) == (2, "ใหม่", True)
    assert [r["rev"] for r in full["revisions"]] == [1, 2]
    assert [c["answers"]["venue"] for c in full["conflicts"]] == ["ขัดแย้ง"]
    assert [r["review_state"] for r in full["reviews"]] == ["approved"]


def test_a_field_user_reads_only_their_own_submissions(people, pushed):
    with pytest.raises(Forbidden):
        reads.detail(pushed["uuid"], people["somsri"]).submission
    assert reads.detail(pushed["uuid"], people["malee"]).submission["author"] == "somchai"


def test_a_push_landing_while_a_supervisor_decides_makes_the_decision_stale(
        people, pushed, monkeypatch):
    seen_before_the_push = Submission.get(Submission.uuid == pushed["uuid"])
    push.push_batch(people["somchai"], batch(edited(pushed, 1, venue="ใหม่")))
    monkeypatch.setattr(Submission, "get_or_none", lambda *args: seen_before_the_push)
    with pytest.raises(StaleRevision):
        review.review_submission(pushed["uuid"], people["malee"], "approved")
    assert not ReviewEvent.select().exists()
    assert Submission.select(Submission.review_state).where(
        Submission.uuid == pushed["uuid"]).scalar() == "edited"
