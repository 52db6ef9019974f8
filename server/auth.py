"""Who is calling: HTTP Basic for people and scripts, Bearer device tokens for phones.

Callbacks return the `User` (with `.device`, the Device of the token used, or None), views
read `auth.current_user()`. Roles nest (sync/roles.py): `role="supervisor"` admits
supervisors and admins. Failures go through the common error shape: 401 with a
`WWW-Authenticate` challenge for missing or wrong credentials, 403 for a role too low, 429
with `Retry-After` while too many wrong passwords are being tried (sync/throttle.py). The
scheme name is matched without regard to case (`bearer` is `Bearer`, RFC 7235).

A verified password is remembered in this process for a short while, so a script making many
calls pays the slow scrypt check once, not per request. The entry is keyed by a keyed hash of
the password (never the password) and holds the stored password hash it was checked against;
every request reads the user anyway (roles are never cached), and an entry counts only while
that stored hash is unchanged. So a password changed by any process or host stops working
at once everywhere, at no extra query.
"""

import functools
import hashlib
import hmac
import ipaddress
import secrets
import threading
import time

from flask import current_app, request
from flask_httpauth import HTTPBasicAuth, HTTPTokenAuth, MultiAuth

from forms.messages import text
from server.errors import ApiError, api_lang, status_response
from sync import accounts, throttle
from sync.models import User  # the type callers get back; queries go through sync.accounts
from sync.roles import ADMIN, FIELD, SUPERVISOR, implied_roles

__all__ = ["ADMIN", "FIELD", "SUPERVISOR", "auth", "basic", "bearer", "client_address",
           "current_user"]

REALM = "Tambon"


class _AnyCaseScheme:
    """Picks this scheme for an `Authorization` header whatever the case of its name."""

    def is_compatible_auth(self, headers):
        parts = headers.get("Authorization", "").split(None, 1)
        return len(parts) == 2 and parts[0].lower() == self.scheme.lower()


class _Basic(_AnyCaseScheme, HTTPBasicAuth):
    pass


class _Bearer(_AnyCaseScheme, HTTPTokenAuth):
    pass


basic = _Basic(realm=REALM)
bearer = _Bearer(scheme="Bearer", realm=REALM)
auth = MultiAuth(basic, bearer)


class _CredentialCache:
    """(username, keyed hash of password) -> (user id, stored password hash, expiry)."""

    MAX_ENTRIES = 1024

    def __init__(self):
        self._key = secrets.token_bytes(32)
        self._entries: dict[tuple[str, bytes], tuple[int, str, float]] = {}
        self._lock = threading.Lock()

    def _fingerprint(self, username: str, password: str) -> tuple[str, bytes]:
        digest = hmac.new(self._key, password.encode("utf-8", "surrogatepass"),
                          hashlib.sha256).digest()
        return username, digest

    def get(self, username: str, password: str) -> User | None:
        """The user, when this password was verified lately against their current hash."""
        entry = self._entries.get(self._fingerprint(username, password))
        if entry is None or entry[2] < time.monotonic():
            return None
        user = accounts.user_by_id(entry[0])
        if user is None or user.username != username or not hmac.compare_digest(
                user.password_hash, entry[1]):
            return None
        return user

    def put(self, username: str, password: str, user: User, seconds: float) -> None:
        with self._lock:
            if len(self._entries) >= self.MAX_ENTRIES:
                self._entries.clear()
            self._entries[self._fingerprint(username, password)] = (
                user.id, user.password_hash, time.monotonic() + seconds)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


credential_cache = _CredentialCache()


@functools.lru_cache(maxsize=8)
def _networks(text: str) -> tuple:
    return tuple(ipaddress.ip_network(part.strip(), strict=False)
                 for part in text.split(",") if part.strip())


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address() -> str:
    """The caller's IP address, for throttling.

    A request that came through a trusted proxy (TAMBON_TRUSTED_PROXIES: this host's
    loopback by default, where docs/operations.md puts nginx) names its client in the
    X-Forwarded-For entry that proxy appended; entries are read from the right for as long
    as the hop they came from is trusted. Anyone else's X-Forwarded-For is their own word
    and is ignored, so a guesser cannot pick a fresh address for every try.
    """
    trusted = _networks(current_app.config["TAMBON"].trusted_proxies)
    client = _address(request.remote_addr or "")
    if client is None:
        return request.remote_addr or "unknown"
    for hop in reversed(request.headers.get("X-Forwarded-For", "").split(",")):
        if not any(client in network for network in trusted):
            break
        forwarded = _address(hop)
        if forwarded is None:
            break
        client = forwarded
    return str(client)


def too_many_attempts(error: throttle.TooManyAttempts) -> ApiError:
    """The API's 429 for a throttled password, in the common error shape."""
    seconds = error.retry_after
    return ApiError(429, error.code, text(error.code, api_lang(), seconds=seconds),
                    {"retry_after": seconds}, {"Retry-After": str(seconds)})


@basic.verify_password
def _verify_password(username: str, password: str):
    if not username or password is None:
        return None
    seconds = current_app.config["TAMBON"].credential_cache_seconds
    user = credential_cache.get(username, password) if seconds > 0 else None
    if user is not None and not accounts.is_active(user):
        return None  # disabled since the password was remembered
    if user is None:
        try:
            user = throttle.check_password(username, password, client_address())
        except throttle.TooManyAttempts as error:
            raise too_many_attempts(error) from None
        if user is None:
            return None
        if seconds > 0:
            credential_cache.put(username, password, user, seconds)
    user.device = None
    return user


@bearer.verify_token
def _verify_token(token: str):
    return accounts.user_for_token(token) if token else None


@basic.get_user_roles
@bearer.get_user_roles
def _roles(user):
    return implied_roles(user.role)


def _auth_error(status: int):
    return status_response(status)


basic.error_handler(_auth_error)
bearer.error_handler(_auth_error)


def current_user() -> User:
    return auth.current_user()
