"""The supervisor web pages: server-rendered HTML (Flask + Jinja), Thai first.

`/` is the listing of submissions; `/submissions/<uuid>` one submission; review, export,
overview, rejected items and the admin pages hang off the same blueprint. Pages work without
JavaScript; a little vanilla JS only adds conveniences (select-all, confirm dialogs).
"""

from flask import Blueprint, g, render_template, request
from werkzeug.exceptions import HTTPException

from server.web import i18n, session
from sync import errors as sync_errors
from sync.db import is_busy_error

__all__ = ["bp", "init_app"]

bp = Blueprint(
    "web", __name__, template_folder="../templates", static_folder="../static/web",
    static_url_path="/static/web",
)


def init_app(app) -> None:
    """Register the pages on `app` (their indexes come with sync.db.create_tables)."""
    session.configure(app)
    app.jinja_env.globals.update(_context_globals())
    app.register_blueprint(bp)


def _context_globals() -> dict:
    def _(key, **values):
        return i18n.translate(key, g.get("lang", i18n.DEFAULT_LANG), **values)

    def lang():
        return g.get("lang", i18n.DEFAULT_LANG)

    def state_label(state):
        return i18n.state_label(state, lang())

    def url_with(**changes):
        """This page's URL with some query parameters changed (None removes one)."""
        args = request.args.to_dict(flat=False)
        for key, value in changes.items():
            if value is None:
                args.pop(key, None)
            else:
                args[key] = value if isinstance(value, list) else [value]
        from urllib.parse import urlencode

        query = urlencode([(k, v) for k, vs in args.items() for v in vs])
        return request.path + ("?" + query if query else "")

    def person(username):
        """A username with the person's full name beside it, when one is recorded."""
        if "full_names" not in g:
            from sync.accounts import full_names

            g.full_names = full_names()
        return i18n.person_label(username, g.full_names)

    return {
        "_": _,
        "person": person,
        "lang": lang,
        "state_label": state_label,
        "review_states": ("received", "edited", "has_issues", "approved", "rejected"),
        "csrf_token": session.csrf_token,
        "current_user": session.current_user,
        "url_with": url_with,
        "date_long": lambda v: i18n.format_date(v, lang()),
        "date_short": lambda v: i18n.format_date(v, lang(), short=True),
        "when": lambda v: i18n.format_datetime(v, lang()),
        "skew": lambda v: i18n.format_skew(v, lang()),
        "pick": lambda label: i18n.pick(label, lang()),
    }


# The page's title and text by status; other statuses read as a bad request.
_ERROR_TEXT = {
    400: ("bad_request_title", "csrf_text"),
    403: ("forbidden_title", "forbidden_text"),
    404: ("not_found_title", "not_found_text"),
    409: ("conflict_title", "invalid_input"),
    413: ("upload_too_large_title", "body_too_large"),
    503: ("busy_title", "busy_text"),
}


def _error_page(status: int, text_key: str | None = None, detail: str | None = None):
    title_key, default_text = _ERROR_TEXT.get(status, ("bad_request_title", "not_found_text"))
    if not g.get("lang"):
        g.lang = i18n.DEFAULT_LANG
    return render_template("web/error.html", status=status, title_key=title_key,
                           text_key=text_key or default_text, detail=detail), status


def _http_error(error: HTTPException):
    if error.code == 403 and error.description == "admin":
        return _error_page(403, "admin_only_text")
    if error.code in (400, 403, 404, 413, 503):
        return _error_page(error.code)
    return error


def _sync_error(error: sync_errors.SyncError):
    """A typed error as a page with the error's own status (sync/errors.py)."""
    if error.status in (403, 404, 503):
        return _error_page(error.status)
    if isinstance(error, sync_errors.InvalidCursor):
        return _error_page(error.status, "invalid_cursor_text")
    return _error_page(error.status, "invalid_input",
                       error.text(g.get("lang", i18n.DEFAULT_LANG)))


def _unhandled(error: Exception):
    if isinstance(error, HTTPException):
        return _http_error(error)
    if is_busy_error(error):
        return _error_page(503)
    raise error


# The blueprint is set up once, at import; each app then only registers it.
session.attach(bp)
bp.register_error_handler(HTTPException, _http_error)
bp.register_error_handler(sync_errors.SyncError, _sync_error)
bp.register_error_handler(Exception, _unhandled)
from server.web import admin, exports, overview, people, views  # noqa: E402,F401  (their routes)
