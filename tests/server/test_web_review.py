"""Review decisions from the web pages: one at a time, and many at once from the listing.

Decisions go through sync.review, so each one must reach the author's phone (a change in the
pull log addressed to them) and the audit log, exactly as an API review does.
"""

import json
import re

import pytest

from sync.db import database
from sync.models import AuditEntry, Change, ReviewEvent, Submission, User
from tests.conftest import SUPERVISOR, csrf_of, only_sqlite
from tests.factories import push, samples

pytestmark = only_sqlite  # pages, not queries: the listing tests cover both databases


@pytest.fixture
def supervisor(client, auth):
    auth.sign_in(SUPERVISOR)
    return client


def states(uuids) -> list[str]:
    with database.connection_context():
        by_uuid = dict(Submission.select(Submission.uuid, Submission.review_state).tuples())
    return [by_uuid[u] for u in uuids]


def token(client, path="/") -> str:
    return csrf_of(client.get(path).get_data(as_text=True))


def test_rejecting_one_with_a_comment_reaches_the_authors_pull_and_the_audit_log(supervisor):
    (uuid,) = push("somchai", "forum_minutes", samples("forum_minutes", 1))
    page = f"/submissions/{uuid}"
    response = supervisor.post(f"{page}/review", data={
        "csrf_token": token(supervisor, page), "review_state": "rejected", "rev": "1",
        "comment": "ไม่มีรายชื่อผู้เข้าร่วมเวที"})
    assert response.status_code == 302
    assert states([uuid]) == ["rejected"]
    shown = supervisor.get(page).get_data(as_text=True)
    assert "ไม่มีรายชื่อผู้เข้าร่วมเวที" in shown and "บันทึกผลการตรวจแล้ว" in shown
    with database.connection_context():
        author = User.get(User.username == "somchai")
        change = Change.get(Change.kind == "review")
        assert change.audience_id == author.id
        assert json.loads(change.payload)["review_state"] == "rejected"
        audit = AuditEntry.get(AuditEntry.action == "submission.reviewed")
        assert (audit.actor, audit.target) == ("malee", f"submission:{uuid}")


@pytest.mark.parametrize("state", ["has_issues", "rejected"])
def test_a_decision_that_needs_a_comment_is_refused_without_one(supervisor, state):
    (uuid,) = push("somchai", "km_record", samples("km_record", 1))
    page = f"/submissions/{uuid}"
    response = supervisor.post(f"{page}/review", data={
        "csrf_token": token(supervisor, page), "review_state": state, "comment": "  ",
        "back": "/?form=km_record"})
    assert states([uuid]) == ["received"]
    assert response.status_code == 400
    shown = response.get_data(as_text=True)
    assert re.search(r'<p class="flash error problem" role="alert">ต้องใส่ความเห็น', shown)
    # the page comes back with the reviewer's choice still made, and the way back kept
    assert re.search(rf'value="{state}" required checked', shown)
    assert 'value="received" required checked' not in shown
    assert 'href="/?form=km_record"' in shown


def test_a_decision_on_a_revision_that_has_since_changed_is_refused(supervisor):
    (uuid,) = push("somchai", "km_record", samples("km_record", 1, seed=2))
    page = f"/submissions/{uuid}"
    form_token = token(supervisor, page)
    push("somchai", "km_record", samples("km_record", 1, seed=3), uuids=[uuid], base_rev=1,
         expect="updated")
    supervisor.post(f"{page}/review", data={"csrf_token": form_token, "rev": "1",
                                            "review_state": "approved"})
    assert states([uuid]) == ["edited"]


def test_bulk_approve_sets_every_selected_row_and_leaves_the_rest(supervisor):
    uuids = push("somchai", "training_attendance", samples("training_attendance", 4))
    chosen, left = uuids[:3], uuids[3:]
    response = supervisor.post("/review", data={
        "csrf_token": token(supervisor), "uuid": chosen, "review_state": "approved",
        "back": "/?form=training_attendance"})
    assert response.headers["Location"] == "/?form=training_attendance"
    assert states(chosen) == ["approved"] * 3 and states(left) == ["received"]
    with database.connection_context():
        assert ReviewEvent.select().count() == 3
        assert Change.select().where(Change.kind == "review").count() == 3
    assert "บันทึกผลการตรวจ 3 รายการแล้ว" in supervisor.get("/").get_data(as_text=True)


def test_bulk_has_issues_needs_a_comment_and_changes_nothing_without_one(supervisor):
    uuids = push("somchai", "training_attendance", samples("training_attendance", 2))
    supervisor.post("/review", data={"csrf_token": token(supervisor), "uuid": uuids,
                                     "review_state": "has_issues"})
    assert states(uuids) == ["received", "received"]
    supervisor.post("/review", data={"csrf_token": token(supervisor), "uuid": uuids,
                                     "review_state": "has_issues",
                                     "comment": "จำนวนผู้เข้าอบรมไม่ตรงกับรายชื่อ"})
    assert states(uuids) == ["has_issues", "has_issues"]


def test_a_bulk_decision_naming_an_unknown_submission_changes_none_of_them(supervisor):
    uuids = push("somchai", "km_record", samples("km_record", 2))
    response = supervisor.post("/review", data={
        "csrf_token": token(supervisor), "review_state": "approved",
        "uuid": uuids + ["00000000-0000-4000-8000-000000000000"]})
    assert response.status_code == 404
    assert states(uuids) == ["received", "received"]
