"""Reading submissions: one in full (revisions, conflicts, reviews) and keyset-paged lists."""

import json

from peewee import Tuple

from sync.cursors import decode_cursor, encode_cursor
from sync.errors import Forbidden, NotFound
from sync.models import ConflictRevision, Quarantine, ReviewEvent, Revision, Submission
from sync.roles import SUPERVISOR, has_role

__all__ = ["get_submission", "list_quarantine", "list_submissions", "summary"]

CURSOR_KIND = "submissions"
QUARANTINE_CURSOR = "quarantine"


def summary(row: Submission) -> dict:
    """The listing view of a submission (no answers)."""
    return {
        "uuid": row.uuid,
        "form_id": row.form_id,
        "form_version": row.form_version,
        "author": row.author_name,
        "device": row.device,
        "rev": row.rev,
        "review_state": row.review_state,
        "created_at": row.created_at,
        "received_at": row.received_at,
        "updated_at": row.updated_at,
        "record_date": row.record_date,
        "place": {
            "province": row.province, "district": row.district,
            "subdistrict": row.subdistrict, "village_no": row.village_no,
        },
        "has_conflicts": bool(row.has_conflicts),
    }


def get_submission(uuid: str, viewer) -> dict:
    """Everything about one submission; a field user may read only their own."""
    row = Submission.get_or_none(Submission.uuid == uuid)
    if row is None:
        raise NotFound("There is no submission with this uuid.", {"uuid": uuid})
    if row.author_id != viewer.id and not has_role(viewer, SUPERVISOR):
        raise Forbidden("This submission belongs to another user.")
    revisions = Revision.select().where(Revision.submission == uuid).order_by(Revision.rev)
    conflicts = (ConflictRevision.select().where(ConflictRevision.submission == uuid)
                 .order_by(ConflictRevision.id))
    reviews = ReviewEvent.select().where(ReviewEvent.submission == uuid).order_by(ReviewEvent.id)
    return {
        **summary(row),
        "batch_id": row.batch_id,
        "content_hash": row.content_hash,
        "answers": json.loads(row.answers),
        "revisions": [
            {"rev": r.rev, "base_rev": r.base_rev, "form_version": r.form_version,
             "content_hash": r.content_hash, "answers": json.loads(r.answers),
             "device": r.device, "batch_id": r.batch_id, "created_at": r.created_at,
             "received_at": r.received_at}
            for r in revisions
        ],
        "conflicts": [
            {"base_rev": c.base_rev, "current_rev": c.current_rev,
             "form_version": c.form_version, "content_hash": c.content_hash,
             "answers": json.loads(c.answers), "device": c.device, "batch_id": c.batch_id,
             "created_at": c.created_at, "received_at": c.received_at}
            for c in conflicts
        ],
        "reviews": [
            {"rev": e.rev, "review_state": e.review_state, "comment": e.comment,
             "reviewer": e.reviewer_name, "reviewed_at": e.reviewed_at}
            for e in reviews
        ],
    }


def list_submissions(form_id: str | None = None, review_state: str | None = None,
                     author: str | None = None, received_from: str | None = None,
                     received_to: str | None = None, date_from: str | None = None,
                     date_to: str | None = None, cursor: str | None = None,
                     limit: int = 50) -> dict:
    """Newest received first, `limit` per page: `{"submissions", "cursor", "more"}`.

    `received_from`/`received_to` bound the server's receipt time (inclusive, ISO text
    compared in the stored UTC form); `date_from`/`date_to` bound the record's own date.
    Pages follow (received_at, id), so rows arriving meanwhile never shift a page.
    """
    query = Submission.select()
    if form_id:
        query = query.where(Submission.form_id == form_id)
    if review_state:
        query = query.where(Submission.review_state == review_state)
    if author:
        query = query.where(Submission.author_name == author)
    if received_from:
        query = query.where(Submission.received_at >= received_from)
    if received_to:
        query = query.where(Submission.received_at <= received_to)
    if date_from:
        query = query.where(Submission.record_date >= date_from)
    if date_to:
        query = query.where(Submission.record_date <= date_to)
    if cursor:
        at, row_id = decode_cursor(CURSOR_KIND, cursor, (str, int))
        query = query.where(Tuple(Submission.received_at, Submission.id) < Tuple(at, row_id))
    rows = list(query.order_by(Submission.received_at.desc(), Submission.id.desc())
                .limit(limit + 1))
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(CURSOR_KIND, [rows[-1].received_at, rows[-1].id]) if (
        more and rows) else None
    return {"submissions": [summary(r) for r in rows], "cursor": next_cursor, "more": more}


def list_quarantine(cursor: str | None = None, limit: int = 50) -> dict:
    """Rejected push items, newest first, with their raw payload and errors (admins)."""
    query = Quarantine.select()
    if cursor:
        (before,) = decode_cursor(QUARANTINE_CURSOR, cursor, (int,))
        query = query.where(Quarantine.id < before)
    rows = list(query.order_by(Quarantine.id.desc()).limit(limit + 1))
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [
            {"id": q.id, "username": q.username, "device": q.device, "batch_id": q.batch_id,
             "uuid": q.uuid, "code": q.code, "errors": json.loads(q.errors),
             "payload": json.loads(q.payload), "received_at": q.received_at}
            for q in rows
        ],
        "cursor": encode_cursor(QUARANTINE_CURSOR, [rows[-1].id]) if more and rows else None,
        "more": more,
    }
