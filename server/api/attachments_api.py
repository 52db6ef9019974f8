"""Files of attachment answers: resumable uploads, their status, the files and previews.

The rules (who may upload or read, limits, types, hashes) are sync/attachments.py's; this
module reads the request (the body within its limit, `Content-Range`) and answers.
"""

from flask import Blueprint, current_app, jsonify, request

from server.api import API_PREFIX
from server.api.body import bytes_body, stalled_error
from server.auth import FIELD, auth, current_user
from server.files import file_response
from sync import attachments
from sync.errors import SyncError

bp = Blueprint("attachments_api", __name__, url_prefix=API_PREFIX)


def _file_limit() -> int:
    return current_app.config["TAMBON"].max_file_bytes


@bp.put("/attachments/<sha256>")
@auth.login_required(role=FIELD)
def put_attachment(sha256: str):
    """Store a file (201), or say it is stored (200); with Content-Range, one chunk of a
    resumable upload (200 with the status until the last chunk stores it)."""
    attachments.checked_sha256(sha256)
    limit = current_app.config["TAMBON"].max_body_bytes
    body, whole = bytes_body(limit)
    header = request.headers.get("Content-Range")
    if not whole:
        _keep_what_arrived(sha256, body, header)
        raise stalled_error()
    content_range = attachments.parse_content_range(header, len(body))
    created, status = attachments.upload(current_user(), sha256, body, content_range,
                                         _file_limit())
    response = jsonify(status.as_dict())
    response.status_code = 201 if created else 200
    return response


def _keep_what_arrived(sha256: str, body: bytes, header: str | None) -> None:
    """A chunk cut short by a broken connection: keep the part that arrived, so the phone
    resumes from there (only for a resumable upload: a whole-file PUT starts again)."""
    if header is None or not body:
        return
    try:
        content_range = attachments.parse_content_range(header, None)
        attachments.upload(current_user(), sha256, body, content_range, _file_limit())
    except SyncError as error:  # best effort: the phone asks for the status anyway
        current_app.logger.info("a cut-short chunk of %s was not kept: %s", sha256, error.code)


@bp.get("/attachments/<sha256>/status")
@auth.login_required(role=FIELD)
def attachment_status(sha256: str):
    """How much of the file the server holds for the caller."""
    return jsonify(attachments.status(current_user(), sha256, _file_limit()).as_dict())


@bp.get("/attachments/<sha256>")
@auth.login_required(role=FIELD)
def get_attachment(sha256: str):
    """The file, to supervisors and admins and to the authors of submissions naming it."""
    return file_response(attachments.open_file(current_user(), sha256))


@bp.get("/attachments/<sha256>/preview")
@auth.login_required(role=FIELD)
def get_preview(sha256: str):
    """A small JPEG of an image, for listings and pages."""
    return file_response(attachments.preview(current_user(), sha256), suffix="-preview")
