"""Submissions for supervisors: list, read, review; the quarantine for admins."""

from flask import Blueprint, current_app, jsonify, request

from server.api import API_PREFIX
from server.api.body import json_body
from server.api.schemas import PageQuerySchema, SubmissionQuerySchema
from server.auth import ADMIN, FIELD, SUPERVISOR, auth, current_user
from sync import review as reviews
from sync import reads
from sync.clock import to_server_iso
from sync.schemas import ReviewSchema, normal_uuid

bp = Blueprint("submissions_api", __name__, url_prefix=API_PREFIX)

_list_query = SubmissionQuerySchema()
_page_query = PageQuerySchema()
_review = ReviewSchema()


def _page_limit(requested: int) -> int:
    return min(requested, current_app.config["TAMBON"].page_limit)


@bp.get("/submissions")
@auth.login_required(role=SUPERVISOR)
def list_submissions():
    """Newest first, keyset-paged; filters: form, state, author, receipt and record dates,
    waiting for files."""
    query = _list_query.load(request.args.to_dict())
    filters = reads.Filters(
        form_id=query["form_id"],
        states=(query["review_state"],) if query["review_state"] else (),
        author=query["author"],
        received_from=query["received_from"] and to_server_iso(query["received_from"]),
        received_to=query["received_to"] and to_server_iso(query["received_to"]),
        date_from=query["date_from"] and query["date_from"].isoformat(),
        date_to=query["date_to"] and query["date_to"].isoformat(),
        waiting_for_files=query["waiting_for_files"],
    )
    page = reads.page(filters, after=query["cursor"], limit=_page_limit(query["limit"]),
                      columns=reads.SUMMARY)
    waiting = reads.waiting_among(page.rows)
    return jsonify({"submissions": [reads.summary(row, waiting) for row in page.rows],
                    "cursor": page.next_cursor, "more": page.next_cursor is not None})


@bp.get("/submissions/<uuid>")
@auth.login_required(role=FIELD)
def get_submission(uuid: str):
    """Current answers, every revision, conflicts and reviews; field users: own only."""
    return jsonify(reads.detail(uuid, current_user()).submission)


@bp.post("/submissions/<uuid>/review")
@auth.login_required(role=SUPERVISOR)
def review(uuid: str):
    """Set the review state; the author's phone learns it through pull."""
    data = _review.load(json_body())
    decision = reviews.review_submission(
        normal_uuid(uuid) or uuid, current_user(), data["review_state"], data["comment"],
        data["rev"],
    )
    return jsonify(decision)


@bp.get("/quarantine")
@auth.login_required(role=ADMIN)
def quarantine():
    """Rejected push items, raw, with their errors: nothing a phone sends is lost."""
    query = _page_query.load(request.args.to_dict())
    return jsonify(reads.quarantine_page(query["cursor"], _page_limit(query["limit"])))
