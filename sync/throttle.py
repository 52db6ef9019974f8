"""Password guessing slowed down, in the database so every process and host sees it.

Each wrong password counts against two keys: the account (`user:<name>`) and the client's
address (`addr:<ip>`). The first few failures are free (typing mistakes); after that each
failure refuses the key for a delay that doubles, up to a cap of a few minutes, and a refused
try is answered without checking the password and without counting. A key forgets its
failures once none came for FORGET_MINUTES; a right password clears its account's count.

So guessing one account costs an attacker about one try per MAX_DELAY_SECONDS, while a real
officer is never locked out for long, and phones syncing with device tokens are not
affected at all (only passwords are throttled).
"""

import hashlib
import math
from datetime import UTC, datetime, timedelta

import peewee as pw

from sync import accounts
from sync.clock import to_server_iso
from sync.db import database
from sync.errors import SyncError
from sync.models import SignInThrottle, User

__all__ = ["TooManyAttempts", "check_password", "keys_for", "record_failure",
           "seconds_to_wait", "FREE_FAILURES", "MAX_DELAY_SECONDS", "FORGET_MINUTES"]

FREE_FAILURES = {"user": 5, "addr": 20}  # an office's shared address gets more
FIRST_DELAY_SECONDS = 1
MAX_DELAY_SECONDS = 300
FORGET_MINUTES = 15


class TooManyAttempts(SyncError):
    """Too many wrong passwords lately for this account or address; `retry_after` seconds."""

    code = "too_many_attempts"
    default_message = "Too many wrong passwords. Wait a moment, then try again."

    def __init__(self, retry_after: int):
        super().__init__(details={"retry_after": retry_after})
        self.retry_after = retry_after


def _now() -> datetime:
    return datetime.now(UTC)


def keys_for(username, address: str | None) -> list[str]:
    """The throttle keys of a try: its account and its client address.

    A name that no account could have is hashed, so a hostile one (huge, control
    characters) never reaches the database as it is."""
    if isinstance(username, str) and accounts.USERNAME.fullmatch(username):
        account = f"user:{username}"
    else:
        raw = username if isinstance(username, str) else repr(username)
        digest = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        account = f"user:#{digest}"
    return [account, f"addr:{address or 'unknown'}"]


def seconds_to_wait(keys: list[str]) -> int:
    """How long tries on `keys` are still refused (0: not refused)."""
    return _state(keys)[0]


def _state(keys: list[str]) -> tuple[int, set[str]]:
    """(seconds tries on `keys` are still refused, which of `keys` have failures counted)."""
    now = _now()
    rows = (SignInThrottle.select(SignInThrottle.key, SignInThrottle.blocked_until)
            .where(SignInThrottle.key.in_(keys)).tuples())
    counted, until = set(), None
    for key, blocked_until in rows:
        counted.add(key)
        if blocked_until and (until is None or blocked_until > until):
            until = blocked_until
    if until is None:
        return 0, counted
    seconds = math.ceil((datetime.fromisoformat(until) - now).total_seconds())
    return max(0, seconds), counted


def _delay(kind: str, failures: int) -> int:
    over = failures - FREE_FAILURES[kind]
    if over <= 0:
        return 0
    return min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * 2 ** min(over - 1, 30))


def record_failure(keys: list[str]) -> None:
    """Count a wrong password against each key, and refuse the key for a while when it has
    had more than its free failures (one upsert per key: concurrent failures all count)."""
    now = _now()
    stamp = to_server_iso(now)
    forgotten = to_server_iso(now - timedelta(minutes=FORGET_MINUTES))
    table = SignInThrottle
    with database.atomic():
        table.delete().where(table.last_failure_at < forgotten).execute()
        for key in keys:
            (table.insert(key=key, failures=1, last_failure_at=stamp)
             .on_conflict(conflict_target=[table.key],
                          update={table.failures: table.failures + 1,
                                  table.last_failure_at: stamp})
             .execute())
            failures = table.select(table.failures).where(table.key == key).scalar()
            delay = _delay(key.split(":", 1)[0], failures)
            if delay:
                until = to_server_iso(now + timedelta(seconds=delay))
                table.update(blocked_until=until).where(table.key == key).execute()


def _forgive(key: str) -> None:
    with database.atomic():
        SignInThrottle.delete().where(SignInThrottle.key == key).execute()


def check_password(username, password, address: str | None) -> User | None:
    """`accounts.check_password`, throttled: the user, None for a wrong password, or
    TooManyAttempts (without checking the password) while the account or address waits."""
    keys = keys_for(username, address)
    wait, counted = _state(keys)
    if wait:
        raise TooManyAttempts(wait)
    user = accounts.check_password(username, password)
    if user is None:
        record_failure(keys)
    elif keys[0] in counted:
        _forgive(keys[0])
    return user
