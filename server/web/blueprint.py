"""The supervisor pages' blueprint, with its error pages: every page module adds its routes
to `bp`, and server.web registers it on an app."""

from flask import Blueprint, g, render_template
from werkzeug.exceptions import HTTPException

from server.web import i18n, session
from sync import errors as sync_errors
from sync.db import is_busy_error

__all__ = ["bp", "error_page"]

bp = Blueprint(
    "web", __name__, template_folder="../templates", static_folder="../static/web",
    static_url_path="/static/web",
)


# The page's title and text by status; other statuses read as a bad request.
_ERROR_TEXT = {
    400: ("bad_request_title", "csrf_text"),
    403: ("forbidden_title", "forbidden_text"),
    404: ("not_found_title", "not_found_text"),
    409: ("conflict_title", "invalid_input"),
    413: ("upload_too_large_title", "body_too_large"),
    503: ("busy_title", "busy_text"),
}


def error_page(status: int, text_key: str | None = None, detail: str | None = None):
    title_key, default_text = _ERROR_TEXT.get(status, ("bad_request_title", "not_found_text"))
    if not g.get("lang"):
        g.lang = i18n.DEFAULT_LANG
    return render_template("web/error.html", status=status, title_key=title_key,
                           text_key=text_key or default_text, detail=detail), status


def _http_error(error: HTTPException):
    if error.code == 403 and error.description == "admin":
        return error_page(403, "admin_only_text")
    if error.code in (400, 403, 404, 413, 503):
        return error_page(error.code)
    return error


def _sync_error(error: sync_errors.SyncError):
    """A typed error as a page with the error's own status (sync/errors.py)."""
    if error.status in (403, 404, 503):
        return error_page(error.status)
    if isinstance(error, sync_errors.InvalidCursor):
        return error_page(error.status, "invalid_cursor_text")
    return error_page(error.status, "invalid_input",
                      error.text(g.get("lang", i18n.DEFAULT_LANG)))


def _unhandled(error: Exception):
    if isinstance(error, HTTPException):
        return _http_error(error)
    if is_busy_error(error):
        return error_page(503)
    raise error


# The blueprint is set up once, at import; each app then only registers it.
session.attach(bp)
bp.register_error_handler(HTTPException, _http_error)
bp.register_error_handler(sync_errors.SyncError, _sync_error)
bp.register_error_handler(Exception, _unhandled)
