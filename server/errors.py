"""The one place where errors become responses.

Whatever goes wrong under /api/ (a typed sync error, a marshmallow error, bad JSON, auth,
Flask's own 404/405/413, the database being busy, a bug) the client gets
`{"error": {"code", "message", "details"}}` with the right status, never an HTML page.
"""

import logging

from flask import Flask, Response, jsonify, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from forms import messages
from sync import errors as sync_errors
from sync.db import is_busy_error, is_storage_full
from sync.schemas import flatten_messages

__all__ = ["HTTP_CODES", "ApiError", "api_lang", "error_response", "register_error_handlers",
           "status_response"]

log = logging.getLogger(__name__)

# A full disk is not freed in two seconds: phones wait longer before they try again.
STORAGE_FULL_RETRY_SECONDS = 60

# Flask's and werkzeug's own errors: status -> (code, the catalog entry that words it).
# The typed sync errors carry their own status (sync/errors.py).
HTTP_CODES = {
    400: ("bad_request", "bad_request"),
    401: ("unauthorized", "unauthorized"),
    403: ("forbidden", "forbidden"),
    404: ("not_found", "not_found"),
    405: ("method_not_allowed", "method_not_allowed"),
    406: ("not_acceptable", "not_acceptable"),
    411: ("length_required", "length_required"),
    413: ("payload_too_large", "body_too_large"),
    415: ("unsupported_media_type", "unsupported_media_type"),
    429: ("too_many_requests", "too_many_requests"),
    500: ("internal_error", "internal_error"),
    503: ("unavailable", "unavailable"),
}


def api_lang() -> str:
    """The language an API client asked for (Accept-Language): Thai or, by default, English."""
    return request.accept_languages.best_match(["en", "th"], default="en")


class ApiError(Exception):
    """An error the HTTP layer itself raises (bad JSON, limits, media type, auth)."""

    def __init__(self, status: int, code: str, message: str, details: dict | None = None,
                 headers: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.details, self.headers = details or {}, headers or {}


def error_response(status: int, code: str, message: str, details: dict | None = None,
                   headers: dict | None = None) -> Response:
    response = jsonify({"error": {"code": code, "message": message, "details": details or {}}})
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def status_response(status: int, headers: dict | None = None) -> Response:
    """The error response for a bare HTTP status (auth failures, Flask's own errors)."""
    code, entry = HTTP_CODES.get(status, ("http_error", "http_error"))
    return error_response(status, code, messages.text(entry, api_lang()), headers=headers)


def _api_path() -> bool:
    return request.path.startswith("/api/")


def _from_sync_error(error: sync_errors.SyncError):
    headers = {}
    if isinstance(error, sync_errors.Unavailable):
        headers["Retry-After"] = str(error.retry_after)
    lang = api_lang()
    return error_response(error.status, error.code, error.text(lang), error.details_in(lang),
                          headers)


def _from_api_error(error: ApiError):
    return error_response(error.status, error.code, error.message, error.details, error.headers)


def _from_validation_error(error: ValidationError):
    lang = api_lang()
    return error_response(422, "invalid_request", messages.text("invalid_request", lang),
                          messages.in_lang(flatten_messages(error.messages), lang))


def _from_http_exception(error: HTTPException):
    if not _api_path():
        return error
    headers = {}
    if error.code == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    return status_response(error.code or 500, headers)


def _from_unhandled(error: Exception):
    if is_storage_full(error):
        log.error("storage full, answering 503 until space returns: %s", error)
        return error_response(503, "storage_full", messages.text("storage_full", api_lang()),
                              headers={"Retry-After": str(STORAGE_FULL_RETRY_SECONDS)})
    if is_busy_error(error):
        log.warning("database busy: %s", error)
        return status_response(503, {"Retry-After": "2"})
    log.exception("unhandled error on %s %s", request.method, request.path)
    return status_response(500)


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(sync_errors.SyncError, _from_sync_error)
    app.register_error_handler(ApiError, _from_api_error)
    app.register_error_handler(ValidationError, _from_validation_error)
    app.register_error_handler(HTTPException, _from_http_exception)
    app.register_error_handler(Exception, _from_unhandled)
