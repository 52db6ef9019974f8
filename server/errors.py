"""The one place where errors become responses.

Whatever goes wrong under /api/ (a typed sync error, a marshmallow error, bad JSON, auth,
Flask's own 404/405/413, the database being busy, a bug) the client gets
`{"error": {"code", "message", "details"}}` with the right status, never an HTML page.
"""

import logging

from flask import Flask, Response, jsonify, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from sync import errors as sync_errors
from sync.db import is_busy_error
from sync.schemas import flatten_messages

__all__ = ["STATUS", "ApiError", "error_response", "register_error_handlers"]

log = logging.getLogger(__name__)

# HTTP status of each typed sync error (subclasses inherit their parent's status).
STATUS = {
    sync_errors.NotFound: 404,
    sync_errors.Forbidden: 403,
    sync_errors.InvalidRequest: 422,
    sync_errors.InvalidCursor: 400,
    sync_errors.VersionExists: 409,
    sync_errors.DeviceExists: 409,
    sync_errors.UserExists: 409,
    sync_errors.PayloadTooLarge: 413,
    sync_errors.Unavailable: 503,
}

# Flask's and werkzeug's own errors, by status.
HTTP_CODES = {
    400: ("bad_request", "The request is not one this server understands."),
    401: ("unauthorized", "Sign in: send a device token or a username and password."),
    403: ("forbidden", "Your account is not allowed to do this."),
    404: ("not_found", "Nothing exists at this address."),
    405: ("method_not_allowed", "This address does not accept that method."),
    406: ("not_acceptable", "This server answers in JSON only."),
    411: ("length_required", "Send a Content-Length with the body."),
    413: ("payload_too_large", "The request is larger than this server accepts."),
    415: ("unsupported_media_type", "Send JSON (application/json), optionally gzip-encoded."),
    429: ("too_many_requests", "Too many requests; wait a moment."),
    500: ("internal_error", "Something went wrong on the server; it has been logged."),
    503: ("unavailable", "The server is busy; nothing was changed. Try again in a moment."),
}


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


def _status_of(error: sync_errors.SyncError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def _api_path() -> bool:
    return request.path.startswith("/api/")


def _from_sync_error(error: sync_errors.SyncError):
    headers = {}
    if isinstance(error, sync_errors.Unavailable):
        headers["Retry-After"] = str(error.retry_after)
    return error_response(_status_of(error), error.code, error.message, error.details, headers)


def _from_api_error(error: ApiError):
    return error_response(error.status, error.code, error.message, error.details, error.headers)


def _from_validation_error(error: ValidationError):
    return error_response(
        422, "invalid_request", "Some values in the request are not valid; see details.",
        flatten_messages(error.messages),
    )


def _from_http_exception(error: HTTPException):
    if not _api_path():
        return error
    code, message = HTTP_CODES.get(error.code, ("http_error", error.description or ""))
    headers = {}
    if error.code == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    if error.code == 413:
        code = "payload_too_large"
    return error_response(error.code or 500, code, message, headers=headers)


def _from_unhandled(error: Exception):
    if is_busy_error(error):
        log.warning("database busy: %s", error)
        code, message = HTTP_CODES[503]
        return error_response(503, code, message, headers={"Retry-After": "2"})
    log.exception("unhandled error on %s %s", request.method, request.path)
    code, message = HTTP_CODES[500]
    return error_response(500, code, message)


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(sync_errors.SyncError, _from_sync_error)
    app.register_error_handler(ApiError, _from_api_error)
    app.register_error_handler(ValidationError, _from_validation_error)
    app.register_error_handler(HTTPException, _from_http_exception)
    app.register_error_handler(Exception, _from_unhandled)
