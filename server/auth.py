"""Who is calling: HTTP Basic for people and scripts, Bearer device tokens for phones.

Callbacks return the `User` (with `.device`, the Device of the token used, or None), views
read `auth.current_user()`. Roles nest: admin > supervisor > field, so `role="supervisor"`
admits supervisors and admins. Failures go through the common error shape: 401 with a
`WWW-Authenticate` challenge for missing or wrong credentials, 403 for a role too low.

A verified password is remembered in this process for a short while (keyed by a keyed hash
of the password, never the password), so a script making many calls pays the slow scrypt
check once, not per request. Roles are still read from the database on every request.
"""

import hashlib
import hmac
import secrets
import threading
import time

from flask import current_app
from flask_httpauth import HTTPBasicAuth, HTTPTokenAuth, MultiAuth

from server.errors import HTTP_CODES, error_response
from sync import accounts
from sync.models import User

__all__ = ["ADMIN", "FIELD", "SUPERVISOR", "auth", "basic", "bearer", "current_user"]

REALM = "Tambon"
FIELD, SUPERVISOR, ADMIN = "field", "supervisor", "admin"
IMPLIED_ROLES = {
    FIELD: [FIELD],
    SUPERVISOR: [FIELD, SUPERVISOR],
    ADMIN: [FIELD, SUPERVISOR, ADMIN],
}

basic = HTTPBasicAuth(realm=REALM)
bearer = HTTPTokenAuth(scheme="Bearer", realm=REALM)
auth = MultiAuth(basic, bearer)


class _CredentialCache:
    """(username, keyed hash of password) -> (user id, expiry); small, per process."""

    MAX_ENTRIES = 1024

    def __init__(self):
        self._key = secrets.token_bytes(32)
        self._entries: dict[tuple[str, bytes], tuple[int, float]] = {}
        self._lock = threading.Lock()

    def _fingerprint(self, username: str, password: str) -> tuple[str, bytes]:
        digest = hmac.new(self._key, password.encode("utf-8"), hashlib.sha256).digest()
        return username, digest

    def get(self, username: str, password: str) -> int | None:
        entry = self._entries.get(self._fingerprint(username, password))
        if entry is None or entry[1] < time.monotonic():
            return None
        return entry[0]

    def put(self, username: str, password: str, user_id: int, seconds: float) -> None:
        with self._lock:
            if len(self._entries) >= self.MAX_ENTRIES:
                self._entries.clear()
            self._entries[self._fingerprint(username, password)] = (
                user_id, time.monotonic() + seconds)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


credential_cache = _CredentialCache()


@basic.verify_password
def _verify_password(username: str, password: str):
    if not username or password is None:
        return None
    seconds = current_app.config["TAMBON"].credential_cache_seconds
    user_id = credential_cache.get(username, password) if seconds > 0 else None
    user = User.get_or_none(User.id == user_id) if user_id is not None else None
    if user is None or user.username != username:
        user = accounts.check_password(username, password)
        if user is None:
            return None
        if seconds > 0:
            credential_cache.put(username, password, user.id, seconds)
    user.device = None
    return user


@bearer.verify_token
def _verify_token(token: str):
    return accounts.user_for_token(token) if token else None


@basic.get_user_roles
@bearer.get_user_roles
def _roles(user):
    return IMPLIED_ROLES[user.role]


def _auth_error(status: int):
    code, message = HTTP_CODES[status]
    return error_response(status, code, message)


basic.error_handler(_auth_error)
bearer.error_handler(_auth_error)


def current_user() -> User:
    return auth.current_user()
