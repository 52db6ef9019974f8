"""Supervisors' decisions on submissions; each one reaches the author's phone via pull."""

import unicodedata
from collections import Counter

from forms.messages import Message
from sync import audit, changes, tally
from sync.clock import now_iso
from sync.db import database
from sync.errors import Forbidden, InvalidRequest, NotFound, StaleRevision
from sync.models import REVIEW_STATES, ReviewEvent, Submission
from sync.roles import SUPERVISOR, has_role

__all__ = ["COMMENT_REQUIRED", "review_submission", "shows_nothing"]

COMMENT_REQUIRED = ("has_issues", "rejected")
# Characters that show nothing although they are not whitespace to str.strip(): Hangul
# fillers and the braille blank. Format characters (zero-width space and joiners, word
# joiner, byte-order mark, direction marks...) are found by their Unicode category.
_BLANK_LOOKING = set("\u115f\u1160\u3164\uffa0\u2800")


def shows_nothing(text: str) -> bool:
    """True when `text` would look empty on screen: only whitespace, control, format or
    blank-looking characters (a comment of zero-width spaces says nothing)."""
    return all(ch.isspace() or ch in _BLANK_LOOKING
               or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp")
               for ch in text)


def review_submission(uuid: str, reviewer, review_state: str, comment: str | None = None,
                      rev: int | None = None) -> dict:
    """Set `review_state` on submission `uuid` and return the decision as pull carries it.

    A comment is required for has_issues and rejected. When `rev` is given it must be the
    current revision (the reviewer saw what they judged), else StaleRevision.
    """
    if not has_role(reviewer, SUPERVISOR):
        raise Forbidden("reviewers_only")
    if review_state not in REVIEW_STATES:
        raise InvalidRequest(details={"review_state": [
            Message("choice", choices=", ".join(REVIEW_STATES))]})
    comment = None if comment is None or shows_nothing(comment) else comment.strip()
    if review_state in COMMENT_REQUIRED and comment is None:
        raise InvalidRequest(details={"comment": [
            Message("comment_needed", state=review_state)]})
    now = now_iso()
    with database.atomic():
        submission = Submission.get_or_none(Submission.uuid == uuid)
        if submission is None:
            raise NotFound("no_such_submission", {"uuid": uuid})
        if rev is not None and rev != submission.rev:
            raise StaleRevision(details={"rev": submission.rev})
        # Only if nothing changed it since it was read: a decision is about one revision,
        # and the tally is told which state it leaves.
        decided = Submission.update(review_state=review_state).where(
            (Submission.uuid == uuid) & (Submission.rev == submission.rev)
            & (Submission.review_state == submission.review_state)).execute()
        if decided != 1:
            raise StaleRevision("changed_during_review")
        tally.record(Counter({(submission.form_id, submission.review_state): -1,
                              (submission.form_id, review_state): +1}))
        ReviewEvent.insert(
            submission=uuid, rev=submission.rev, review_state=review_state, comment=comment,
            reviewer=reviewer.id, reviewer_name=reviewer.username, reviewed_at=now,
        ).execute()
        decision = {
            "uuid": uuid, "rev": submission.rev, "review_state": review_state,
            "comment": comment, "reviewer": reviewer.username, "reviewed_at": now,
        }
        changes.append("review", decision, audience_id=submission.author_id)
        audit.record("submission.reviewed", reviewer, f"submission:{uuid}",
                     {"rev": submission.rev, "review_state": review_state, "comment": comment})
    return decision
