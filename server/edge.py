"""The edge guard: text no database can store is refused before anything reads it.

Runs first on every request, before a database connection is opened or a user looked up:
the path, the query parameters (names and values), the fields of an HTML form and the
username and password of HTTP Basic must be storable text (`forms.text`: no NUL, no other
control characters but tab and line breaks, no lone surrogates). PostgreSQL cannot hold NUL
in text at all, so without this a NUL in a sign-in name or a path segment was a 500, some
before sign-in. The refusal is a 400 `invalid_characters` in the error shape on /api/ and
an HTML error page elsewhere. JSON bodies are checked where they are read (server/api/body.py).
"""

from flask import Flask, request
from werkzeug.routing import IntegerConverter

from forms.messages import DEFAULT_LANG, text
from forms.text import UNSTORABLE
from server.errors import ApiError
from server.web.blueprint import error_page

__all__ = ["ROW_ID_MAX", "install", "unstorable_parts"]

ROW_ID_MAX = 2**63 - 1  # the largest integer SQLite and PostgreSQL (bigint) hold

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def unstorable_parts() -> list[str]:
    """Where the current request carries unstorable text: `path`, `query.<name>`,
    `form.<name>`, `authorization`."""
    found = []
    if UNSTORABLE.search(request.path):
        found.append("path")
    for name, values in request.args.lists():
        if UNSTORABLE.search(name) or any(UNSTORABLE.search(v) for v in values):
            found.append(_named("query", name))
    if request.mimetype in _FORM_TYPES and not request.path.startswith("/api/"):
        for name, values in request.form.lists():
            if UNSTORABLE.search(name) or any(UNSTORABLE.search(v) for v in values):
                found.append(_named("form", name))
    credentials = request.authorization
    if credentials is not None and credentials.type == "basic" and (
            UNSTORABLE.search(credentials.username or "")
            or UNSTORABLE.search(credentials.password or "")):
        found.append("authorization")
    return found


def _named(where: str, name: str) -> str:
    return f"{where}.{name}" if UNSTORABLE.search(name) is None else f"{where}.?"


def _refuse_unstorable():
    found = unstorable_parts()
    if not found:
        return None
    if request.path.startswith("/api/"):
        raise ApiError(400, "invalid_characters", text("request_invalid_characters", "en"),
                       {part: [text("invalid_characters", "en")] for part in found})
    return error_page(400, "invalid_input", text("request_invalid_characters", DEFAULT_LANG))


class RowIdConverter(IntegerConverter):
    """`<int:...>` in routes, up to the largest integer a database holds: a larger one is
    no row (404), not an overflow in the driver (500)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", ROW_ID_MAX)
        super().__init__(url_map, *args, **kwargs)


def install(app: Flask) -> None:
    """Register the guard to run before every other request hook, and bounded integers in
    routes (call before any route is added)."""
    app.url_map.converters["int"] = RowIdConverter
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_unstorable)
