"""The tally always equals counting the submissions, whatever pushes and reviews did."""

import peewee as pw
import pytest

from sync import db, review, tables, tally
from sync.models import Submission, SubmissionTally
from sync.push import push_batch
from tests.factories import batch, edited, item

pytestmark = pytest.mark.usefixtures("forms")


def counted() -> dict:
    out = {}
    for form_id, state, n in (Submission
                              .select(Submission.form_id, Submission.review_state,
                                      pw.fn.COUNT(Submission.id))
                              .group_by(Submission.form_id, Submission.review_state).tuples()):
        out.setdefault(form_id, {})[state] = n
    return out


def test_pushes_edits_and_reviews_keep_the_tally_equal_to_a_count(people):
    somchai, malee = people["somchai"], people["malee"]
    first, second = item(seed=1), item(seed=2)
    scoring = item("proposal_scoring", seed=3)
    push_batch(somchai, batch(first, second, scoring))
    push_batch(somchai, batch(first, second))  # duplicates change nothing
    assert tally.counts() == counted() == {"training_attendance": {"received": 2},
                                           "proposal_scoring": {"received": 1}}
    review.review_submission(first["uuid"], malee, "has_issues", "ขาดชื่อวิทยากร")
    review.review_submission(scoring["uuid"], malee, "approved")
    push_batch(somchai, batch(edited(first, 1, notes="แก้ไขแล้ว")))  # has_issues -> edited
    review.review_submission(second["uuid"], malee, "rejected", "ซ้ำกับรายการอื่น")
    assert tally.counts() == counted() == {
        "training_attendance": {"edited": 1, "rejected": 1},
        "proposal_scoring": {"approved": 1}}


def test_compacting_keeps_the_counts_and_folds_the_rows(people):
    pushed = [item(seed=n) for n in range(4)]
    for one in pushed:
        push_batch(people["somchai"], batch(one))
    for one in pushed[:3]:
        review.review_submission(one["uuid"], people["malee"], "approved")
    rows_before = SubmissionTally.select().count()
    tally.compact()
    assert tally.counts() == counted() == {"training_attendance": {"approved": 3, "received": 1}}
    assert SubmissionTally.select().count() < rows_before


def test_readers_compact_once_the_deltas_pile_up(people):
    for n in range(5):
        push_batch(people["somchai"], batch(item(seed=n)))
    assert SubmissionTally.select().count() == 5
    assert tally.counts(compact_after=5) == {"training_attendance": {"received": 5}}
    assert SubmissionTally.select().count() == 5  # not more than the limit: left alone
    assert tally.counts(compact_after=3) == {"training_attendance": {"received": 5}}
    assert SubmissionTally.select().count() == 1


def test_a_database_from_before_the_tally_is_counted_when_the_table_is_made(people):
    record = item("km_record", seed=2)
    push_batch(people["somchai"], batch(item(seed=1), record))
    review.review_submission(record["uuid"], people["malee"], "approved")
    db.database.drop_tables([SubmissionTally])
    tables.create_tables()
    assert tally.counts() == counted() == {"training_attendance": {"received": 1},
                                           "km_record": {"approved": 1}}
