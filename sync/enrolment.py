"""One-time enrolment codes: how an officer's phone gets its device token without anyone
typing a password or a 43-character token on it.

An administrator makes a code per officer (one at a time or a sheet for a training day). The
code is 10 characters from an alphabet with no look-alikes (no 0/O, 1/I/L), printed grouped
as `ABCDE-FGHJK` and inside a QR code that opens the phone app at `/app/#/enrol/<code>`. The
phone exchanges it once, through `redeem`, for a device token of its own.

Unlike a token, a code:
- is stored only as its sha256, like a token (49 bits of randomness that live for hours are
  out of reach of guessing over HTTP; the hash keeps a copy of the database from holding
  live codes);
- expires (`DEFAULT_HOURS`, at most `MAX_HOURS`), works once, and can be revoked;
- never is the token: the QR code on paper stops being worth anything once it is used.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from forms.messages import Message
from sync import accounts, audit
from sync.clock import now_iso
from sync.db import database
from sync.errors import InvalidRequest, NotFound, SyncError
from sync.models import Device, EnrolmentCode, User

__all__ = [
    "ALPHABET",
    "DEFAULT_HOURS",
    "MAX_HOURS",
    "EnrolmentRefused",
    "IssuedCode",
    "app_link",
    "create_codes",
    "list_codes",
    "normalise",
    "redeem",
    "revoke_code",
]

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # 31 symbols, none mistaken for another
CODE_LENGTH = 10
GROUP = 5
DEFAULT_HOURS = 12
MAX_HOURS = 72
MAX_CODES_AT_ONCE = 200


class EnrolmentRefused(SyncError):
    """The code cannot connect a phone; `details.reason` says why: unknown, used, expired,
    revoked or disabled (the account was disabled)."""

    code = "invalid_enrolment_code"
    status = 400


@dataclass(frozen=True)
class IssuedCode:
    """A code just made: `code` is shown once (grouped), then only its hash exists."""

    id: int
    code: str
    username: str
    full_name: str | None
    expires_at: str


def _grouped(raw: str) -> str:
    return "-".join(raw[i:i + GROUP] for i in range(0, len(raw), GROUP))


def normalise(text) -> str:
    """What the person typed or the link carried, as hashed: upper case, alphabet only, so
    spaces, dashes and case do not matter (a symbol outside the alphabet, such as O or 0,
    is dropped, and the code then does not match)."""
    if not isinstance(text, str):
        return ""
    return "".join(c for c in text.upper() if c in ALPHABET)[:64]


def _hash(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("ascii")).hexdigest()


def _new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def app_link(base_url: str, code: str) -> str:
    """The address a QR code carries: the app, with the code in the fragment so that it
    never reaches a server's or proxy's log."""
    return f"{base_url.rstrip('/')}/app/#/enrol/{code}"


def create_codes(usernames, hours: float = DEFAULT_HOURS, actor=None) -> list[IssuedCode]:
    """One new code per username (in the order given), valid for `hours`; audited."""
    usernames = list(usernames) if isinstance(usernames, (list, tuple)) else [usernames]
    if not usernames or not all(isinstance(u, str) and u for u in usernames):
        raise InvalidRequest(details={"usernames": [Message("choose_people")]})
    if len(usernames) > MAX_CODES_AT_ONCE:
        raise InvalidRequest(details={"usernames": [
            Message("too_many_codes", max=MAX_CODES_AT_ONCE)]})
    if isinstance(hours, bool) or not isinstance(hours, (int, float)) or not (
            0 < hours <= MAX_HOURS):
        raise InvalidRequest(details={"hours": [Message("code_hours", max=MAX_HOURS)]})
    now = now_iso()
    expires = (datetime.fromisoformat(now) + timedelta(hours=hours)).isoformat(
        timespec="microseconds")
    issued = []
    with database.atomic():
        for username in usernames:
            user = accounts.get_user(username)
            if not accounts.is_active(user):
                raise InvalidRequest("account_disabled", {"usernames": [
                    Message("account_disabled", username=username)]})
            raw = _new_code()
            row = EnrolmentCode.create(
                code_hash=_hash(raw), user=user, created_at=now,
                created_by=audit.actor_name(actor), expires_at=expires,
            )
            audit.record("enrolment.created", actor, f"user:{username}",
                         {"code_id": row.id, "expires_at": expires})
            issued.append(IssuedCode(row.id, _grouped(raw), username, user.full_name, expires))
    return issued


def redeem(code, label: str | None = None) -> tuple[Device, str]:
    """Exchange a code for a new device token (once): returns (device, token).

    The code is marked used in the same transaction that issues the token, by an UPDATE
    that only succeeds while it is still unused, so two phones racing with one code get one
    token between them. `label` names the phone (made up from the username when absent).
    """
    normalised = normalise(code)
    row = (EnrolmentCode.select(EnrolmentCode, User).join(User)
           .where(EnrolmentCode.code_hash == _hash(normalised)).first()
           if len(normalised) == CODE_LENGTH else None)
    if row is None:
        raise EnrolmentRefused(details={"reason": "unknown"})
    now = now_iso()
    if row.revoked_at is not None:
        raise EnrolmentRefused(details={"reason": "revoked"})
    if row.used_at is not None:
        raise EnrolmentRefused(details={"reason": "used"})
    if row.expires_at <= now:
        raise EnrolmentRefused(details={"reason": "expired"})
    if not accounts.is_active(row.user):
        raise EnrolmentRefused(details={"reason": "disabled"})
    username = row.user.username
    label = label.strip() if isinstance(label, str) and label.strip() else (
        f"{username}-{secrets.token_hex(2)}")
    with database.atomic():
        taken = (EnrolmentCode.update(used_at=now)
                 .where((EnrolmentCode.id == row.id) & EnrolmentCode.used_at.is_null()
                        & EnrolmentCode.revoked_at.is_null())
                 .execute())
        if taken != 1:
            raise EnrolmentRefused(details={"reason": "used"})
        device, token = accounts.issue_device_token(username, label, actor=username)
        EnrolmentCode.update(device_label=device.label).where(
            EnrolmentCode.id == row.id).execute()
        audit.record("enrolment.used", username, f"user:{username}",
                     {"code_id": row.id, "device": device.label})
    return device, token


def revoke_code(code_id, actor=None) -> EnrolmentCode:
    """Revoke an unused code (audited); raises NotFound when there is no such unused code."""
    try:
        code_id = int(code_id)
    except (TypeError, ValueError):
        raise NotFound("no_such_enrolment_code", {"code_id": str(code_id)[:20]}) from None
    with database.atomic():
        row = EnrolmentCode.get_or_none(
            (EnrolmentCode.id == code_id) & EnrolmentCode.used_at.is_null()
            & EnrolmentCode.revoked_at.is_null())
        if row is None:
            raise NotFound("no_such_enrolment_code", {"code_id": code_id})
        now = now_iso()
        EnrolmentCode.update(revoked_at=now).where(EnrolmentCode.id == row.id).execute()
        row.revoked_at = now
        audit.record("enrolment.revoked", actor, f"user_id:{row.user_id}", {"code_id": row.id})
    return row


def status(row: EnrolmentCode, now: str | None = None) -> str:
    """`pending`, `used`, `expired` or `revoked`."""
    if row.revoked_at:
        return "revoked"
    if row.used_at:
        return "used"
    return "expired" if row.expires_at <= (now or now_iso()) else "pending"


def list_codes(limit: int = 200) -> list[EnrolmentCode]:
    """The newest codes with their user loaded, each with `.status` set."""
    now = now_iso()
    rows = list(EnrolmentCode.select(EnrolmentCode, User).join(User)
                .order_by(EnrolmentCode.id.desc()).limit(limit))
    for row in rows:
        row.status = status(row, now)
    return rows

