"""How many submissions each form has in each review state, without counting them.

Counting a million rows by form and state takes PostgreSQL 60-100 ms even from an index, and
the overview asks on every view. So every write that creates a submission or changes its
review state appends signed deltas (form, state, +n / -n) in its own transaction, and a
reader sums them. Appending rather than updating one row per form and state means concurrent
pushes on PostgreSQL never queue for the same row. `compact` folds the deltas back into one
row per form and state once they pile up.
"""

from collections import Counter

import peewee as pw

from sync.db import bulk_insert, database, is_busy_error
from sync.models import Submission, SubmissionTally

__all__ = ["record", "counts", "compact", "rebuild", "COMPACT_AFTER"]

COMPACT_AFTER = 1000  # delta rows a reader sums before it folds them together


def record(deltas: Counter) -> None:
    """Append `deltas` ((form_id, review_state) -> signed count) inside the caller's
    transaction, the one that made the change."""
    rows = [(form_id, state, n) for (form_id, state), n in sorted(deltas.items()) if n]
    bulk_insert(SubmissionTally, ("form_id", "review_state", "n"), rows)


def counts(compact_after: int = COMPACT_AFTER) -> dict[str, dict[str, int]]:
    """form_id -> review_state -> number of submissions (states with none left out); folds
    the delta rows together once there are more than `compact_after` of them."""
    query = (SubmissionTally
             .select(SubmissionTally.form_id, SubmissionTally.review_state,
                     pw.fn.SUM(SubmissionTally.n), pw.fn.COUNT(SubmissionTally.id))
             .group_by(SubmissionTally.form_id, SubmissionTally.review_state))
    out: dict[str, dict[str, int]] = {}
    rows = 0
    for form_id, state, n, deltas in query.tuples():
        rows += deltas
        if n:
            out.setdefault(form_id, {})[state] = int(n)
    if rows > compact_after:
        compact()
    return out


def compact() -> None:
    """Replace the deltas with their sums, one row per form and state.

    Safe beside writers and other compactions: the rows deleted are exactly the rows summed
    (DELETE ... RETURNING), so a delta committed meanwhile stays for the next time, and a row
    two compactions both try to delete is summed by the one that deleted it. Busy: skipped.
    """
    try:
        with database.atomic():
            cursor = database.execute_sql(
                "DELETE FROM submission_tally RETURNING form_id, review_state, n")
            sums = Counter()
            for form_id, state, n in cursor.fetchall():
                sums[(form_id, state)] += n
            record(sums)
    except pw.OperationalError as exc:
        if not is_busy_error(exc):
            raise


def rebuild() -> None:
    """Count the submissions afresh (a new tally table over existing rows, a bulk load)."""
    with database.atomic():
        SubmissionTally.delete().execute()
        record(Counter({(form_id, state): n for form_id, state, n in (
            Submission.select(Submission.form_id, Submission.review_state, pw.fn.COUNT(Submission.id))
            .group_by(Submission.form_id, Submission.review_state).tuples())}))
