"""Typed errors of the sync engine.

Each carries a stable snake_case `code` that clients may branch on, a sentence a person can
act on, and structured `details`. The HTTP layer maps the class to a status in one place
(server/errors.py); nothing here knows about HTTP.
"""

__all__ = [
    "DeviceExists",
    "Forbidden",
    "InvalidBatch",
    "InvalidCursor",
    "InvalidDefinition",
    "InvalidRequest",
    "NotFound",
    "PayloadTooLarge",
    "StaleRevision",
    "SyncError",
    "Unavailable",
    "UserExists",
    "VersionExists",
]


class SyncError(Exception):
    """Base class: `code`, `message`, `details`."""

    code = "error"
    default_message = "The request could not be completed."

    def __init__(self, message: str | None = None, details: dict | None = None):
        self.message = message or self.default_message
        self.details = details or {}
        super().__init__(self.message)


class NotFound(SyncError):
    code = "not_found"
    default_message = "Nothing exists at this address."


class Forbidden(SyncError):
    code = "forbidden"
    default_message = "Your account is not allowed to do this."


class InvalidRequest(SyncError):
    """A well-formed request whose content breaks a rule; `details` maps field -> messages."""

    code = "invalid_request"
    default_message = "Some values in the request are not valid; see details."


class InvalidBatch(InvalidRequest):
    code = "invalid_batch"
    default_message = "The batch envelope is not valid; nothing of it was applied."


class InvalidDefinition(InvalidRequest):
    code = "invalid_definition"
    default_message = "The form definition has problems; every one is listed in details."


class InvalidCursor(SyncError):
    code = "invalid_cursor"
    default_message = "The cursor is not one this server issued; pull again without it."


class VersionExists(SyncError):
    code = "version_exists"
    default_message = (
        "This form version is already published with other content; publish a new version."
    )


class DeviceExists(SyncError):
    code = "device_exists"
    default_message = "Another user's active device already has this label; choose another."


class UserExists(SyncError):
    code = "user_exists"
    default_message = "A user with this name already exists."


class StaleRevision(SyncError):
    code = "stale_rev"
    default_message = "The submission changed since you read it; read it again and retry."


class PayloadTooLarge(SyncError):
    code = "payload_too_large"
    default_message = "The request is larger than this server accepts; send it in parts."


class Unavailable(SyncError):
    """The database is busy or unreachable; retrying later is safe."""

    code = "unavailable"
    default_message = "The server is busy; nothing was changed. Try again in a moment."
    retry_after = 2
