"""Password and set-up code guessing slowed down, in the database so every process and host
sees it.

Each wrong password counts against two keys: the account (`user:<name>`) and the client's
address (`addr:<ip>`). The first few failures are free (typing mistakes); after that each
failure refuses the key for a delay that doubles, up to a cap of a few minutes, and a refused
try is answered without checking the password and without counting. A key forgets its
failures once none came for FORGET_MINUTES; a right password clears its account's count.

So guessing one account costs an attacker about one try per MAX_DELAY_SECONDS, while a real
officer is never locked out for long, and phones syncing with device tokens are not
affected at all (only passwords are throttled).

Set-up codes (sync/enrolment.py) are counted the same way against their client's address
alone (`enrol:<ip>`): a wrong or spent code is a failure, a code that works costs nothing,
so a training room behind one address can set up every phone while a guesser waits.
"""

import hashlib
import math
from datetime import UTC, datetime, timedelta

import peewee as pw

from sync import accounts, enrolment
from sync.clock import to_server_iso
from sync.db import database, is_postgres
from sync.errors import SyncError
from sync.models import SignInThrottle, User

__all__ = ["TooManyAttempts", "TooManyCodes", "check_password", "redeem_code", "claim_try",
           "keys_for", "seconds_to_wait", "FREE_FAILURES", "MAX_DELAY_SECONDS",
           "FORGET_MINUTES"]

FREE_FAILURES = {"user": 5, "addr": 20, "enrol": 10}  # an office's shared address gets more
FIRST_DELAY_SECONDS = 1
MAX_DELAY_SECONDS = 300
FORGET_MINUTES = 15


class TooManyAttempts(SyncError):
    """Too many wrong passwords lately for this account or address; `retry_after` seconds."""

    code = "too_many_attempts"
    status = 429

    def __init__(self, retry_after: int):
        super().__init__(details={"retry_after": retry_after}, seconds=retry_after)
        self.retry_after = retry_after


class TooManyCodes(TooManyAttempts):
    """Too many wrong set-up codes lately from this address; `retry_after` seconds."""

    code = "too_many_code_tries"


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
    now = _now()
    until = (SignInThrottle.select(pw.fn.MAX(SignInThrottle.blocked_until))
             .where(SignInThrottle.key.in_(keys)).scalar())
    return _seconds_until(until, now)


def _seconds_until(until: str | None, now: datetime) -> int:
    if until is None:
        return 0
    return max(0, math.ceil((datetime.fromisoformat(until) - now).total_seconds()))


def _delay(key: str, failures: int) -> int:
    over = failures - FREE_FAILURES[key.split(":", 1)[0]]
    if over <= 0:
        return 0
    return min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * 2 ** min(over - 1, 30))


def claim_try(keys: list[str]) -> int:
    """Count a try against every key before its password is checked; returns 0, or the
    seconds to wait when a key is still refused (then nothing is counted).

    Counting first, in one transaction that locks the keys' rows (in one order, so two
    tries never deadlock), is what stops a burst of parallel guesses from all passing the
    check while the slow password checks run: each try sees the ones before it.
    """
    keys = sorted(set(keys))
    now = _now()
    stamp = to_server_iso(now)
    forgotten = to_server_iso(now - timedelta(minutes=FORGET_MINUTES))
    table = SignInThrottle
    with database.atomic():
        table.delete().where(table.last_failure_at < forgotten).execute()
        (table.insert_many([{"key": k, "failures": 0, "last_failure_at": stamp} for k in keys])
         .on_conflict_ignore().execute())
        query = table.select().where(table.key.in_(keys)).order_by(table.key)
        rows = list(query.for_update() if is_postgres() else query)
        wait = _seconds_until(max((r.blocked_until or "" for r in rows), default="") or None,
                              now)
        if wait:
            return wait
        for row in rows:
            failures = row.failures + 1
            delay = _delay(row.key, failures)
            until = to_server_iso(now + timedelta(seconds=delay)) if delay else None
            (table.update(failures=failures, last_failure_at=stamp, blocked_until=until)
             .where(table.key == row.key).execute())
    return 0


def _refund(keys: list[str]) -> None:
    """A claimed try had the right password: the account's count is cleared, the address's
    loses this try (an address keeps the count of its wrong ones)."""
    account, address = keys
    with database.atomic():
        SignInThrottle.delete().where(SignInThrottle.key == account).execute()
        _forgive(address)


def _forgive(key: str) -> None:
    """Take one counted try off `key`, unblocking it when it falls under its free tries."""
    table = SignInThrottle
    row = table.get_or_none(table.key == key)
    if row is not None:
        failures = max(0, row.failures - 1)
        update = {table.failures: failures}
        if not _delay(key, failures):
            update[table.blocked_until] = None
        table.update(update).where(table.key == key).execute()


def check_password(username, password, address: str | None) -> User | None:
    """`accounts.check_password`, throttled: the user, None for a wrong password, or
    TooManyAttempts (without checking the password) while the account or address waits."""
    keys = keys_for(username, address)
    wait = claim_try(keys)
    if wait:
        raise TooManyAttempts(wait)
    user = accounts.check_password(username, password)
    if user is not None:
        _refund(keys)
    return user


def redeem_code(code, label, address: str | None):
    """`enrolment.redeem`, throttled by the client's address: TooManyCodes (without looking
    the code up) while the address waits; a refused code counts, one that works does not."""
    key = f"enrol:{address or 'unknown'}"
    wait = claim_try([key])
    if wait:
        raise TooManyCodes(wait)
    result = enrolment.redeem(code, label)
    with database.atomic():
        _forgive(key)
    return result
