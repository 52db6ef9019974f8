"""Typed errors of the sync engine, each with its code, its words and its HTTP status.

Each carries a stable snake_case `code` that clients may branch on, a sentence a person can
act on (an entry of the message catalog, forms/messages, in Thai and English) and structured
`details`. `status` is the HTTP status the API, the supervisor pages and the CLI all read:
this module is the one table of it, though nothing here speaks HTTP.
"""

from forms import messages

__all__ = [
    "DeviceExists",
    "HashMismatch",
    "InvalidRange",
    "NotReferenced",
    "OffsetMismatch",
    "UnsupportedType",
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
    """Base class: `code`, `status`, `details` and the message `text(lang)`.

    `message` names the catalog entry that words this error when the class's own (named by
    `code`) is too general, e.g. `NotFound("no_such_user", {"username": name})`; the entry's
    {placeholders} are filled from `details`, then from `params`.
    """

    code = "error"
    status = 400

    def __init__(self, message: str | None = None, details: dict | None = None, **params):
        self.message_code = message or self.code
        self.details = details or {}
        self.params = params
        super().__init__(self.message)

    def text(self, lang: str) -> str:
        """The sentence in `lang` ("th" or "en"); the class's own when the precise one cannot
        be filled (tests/server/test_message_catalog.py keeps every raise naming a real entry)."""
        values = {**self.details, **self.params}
        for code in (self.message_code, self.code):
            try:
                return messages.text(code, lang).format(**values)
            except (KeyError, IndexError, TypeError, ValueError):
                continue
        return messages.text(SyncError.code, lang)

    def details_in(self, lang: str) -> dict:
        """`details` with its catalog messages worded in `lang`."""
        return messages.in_lang(self.details, lang)

    @property
    def message(self) -> str:
        """The sentence in English, for logs and for clients that ask for no language."""
        return self.text("en")


class NotFound(SyncError):
    code = "not_found"
    status = 404


class Forbidden(SyncError):
    code = "forbidden"
    status = 403


class InvalidRequest(SyncError):
    """A well-formed request whose content breaks a rule; `details` maps field -> messages."""

    code = "invalid_request"
    status = 422


class InvalidBatch(InvalidRequest):
    code = "invalid_batch"


class InvalidDefinition(InvalidRequest):
    code = "invalid_definition"


class InvalidCursor(SyncError):
    code = "invalid_cursor"
    status = 400


class VersionExists(SyncError):
    code = "version_exists"
    status = 409


class DeviceExists(SyncError):
    code = "device_exists"
    status = 409


class UserExists(SyncError):
    code = "user_exists"
    status = 409


class StaleRevision(SyncError):
    """A decision about a revision that is no longer the current one."""

    code = "stale_rev"
    status = 409


class PayloadTooLarge(SyncError):
    code = "payload_too_large"
    status = 413


class Unavailable(SyncError):
    """The database is busy or unreachable; retrying later is safe."""

    code = "unavailable"
    status = 503
    retry_after = 2


class HashMismatch(InvalidRequest):
    """Uploaded bytes that do not hash to the name they were sent under."""

    code = "hash_mismatch"


class UnsupportedType(SyncError):
    """A file whose content (told from its bytes) no field naming it takes."""

    code = "unsupported_type"
    status = 415


class OffsetMismatch(SyncError):
    """A chunk that does not start where the received prefix ends; `details.received`."""

    code = "offset_mismatch"
    status = 409


class NotReferenced(Forbidden):
    """An upload of a file that no submission of the uploader names."""

    code = "not_referenced"


class InvalidRange(SyncError):
    """A Content-Range header that does not fit its body or the upload under way."""

    code = "invalid_range"
    status = 400
