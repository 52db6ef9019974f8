"""People and their device tokens.

Passwords: scrypt with a per-user random salt, parameters stored with the hash so they can
be raised later without breaking old hashes. Device tokens: 32 random bytes from `secrets`,
shown once, stored only as their sha256 (a token is already high-entropy, so a fast hash is
enough and lets every request find its device with one indexed lookup).
"""

import base64
import hashlib
import hmac
import re
import secrets
from datetime import datetime

import peewee as pw

from forms.messages import Message
from sync import audit, sessions
from sync.clock import now_iso
from sync.db import database, is_busy_error
from sync.errors import DeviceExists, InvalidRequest, NotFound, UserExists
from sync.models import Device, EnrolmentCode, User
from sync.roles import ROLES, has_role

__all__ = [
    "check_password",
    "create_user",
    "user_by_id",
    "disable_user",
    "display_name",
    "enable_user",
    "is_active",
    "get_user",
    "has_role",
    "hash_password",
    "issue_device_token",
    "full_names",
    "list_devices",
    "list_users",
    "revoke_device",
    "set_full_name",
    "set_role",
    "sign_out_everywhere",
    "user_for_token",
    "verify_password_hash",
]

# scrypt cost: n=2**14, r=8 takes ~40 ms and 16 MiB per check. Tests lower SCRYPT_N for speed;
# the value is stored in each hash, so checking always uses the cost it was made with.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
LAST_SEEN_EVERY_SECONDS = 60

USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}\Z")
MIN_PASSWORD_LENGTH = 8
MAX_LABEL_LENGTH = 100
MAX_FULL_NAME_LENGTH = 200


def is_active(user) -> bool:
    """False for a disabled account: it cannot sign in, sync or be given a phone."""
    return user is not None and user.disabled_at is None


def display_name(user) -> str:
    """How people are shown: the full name with the username beside it, or the username."""
    full = (user.full_name or "").strip()
    return f"{full} ({user.username})" if full else user.username


def _full_name_problems(full_name) -> list[str]:
    if full_name is None:
        return []
    if not isinstance(full_name, str) or len(full_name) > MAX_FULL_NAME_LENGTH:
        return [Message("full_name_length", max=MAX_FULL_NAME_LENGTH)]
    if any(ord(c) < 32 or ord(c) == 127 for c in full_name):
        return [Message("no_control_characters")]
    return []


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def hash_password(password: str, n: int | None = None) -> str:
    """`scrypt$n$r$p$salt$hash`, all the parameters needed to check it later."""
    n = n or SCRYPT_N
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P, dklen=32,
        maxmem=128 * 1024 * 1024,
    )
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password_hash(password: str, stored: str) -> bool:
    """Constant-time check of `password` against a `hash_password` string."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
            p=int(p), dklen=len(expected), maxmem=128 * 1024 * 1024,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


# Checked against when the username does not exist, so both cases cost the same time.
_DUMMY_HASH = None


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None or int(_DUMMY_HASH.split("$")[1]) != SCRYPT_N:
        _DUMMY_HASH = hash_password(secrets.token_hex(8))
    return _DUMMY_HASH


def _weak(password) -> list[str]:
    """Why `password` cannot be used (empty when it can)."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        return [Message("password_too_short", min=MIN_PASSWORD_LENGTH)]
    return []


def create_user(username: str, role: str, password: str, actor=None,
                full_name: str | None = None) -> User:
    """Create a user with `role` (field, supervisor or admin); raises UserExists."""
    problems = {}
    if name_problems := _full_name_problems(full_name):
        problems["full_name"] = name_problems
    if not isinstance(username, str) or not USERNAME.fullmatch(username):
        problems["username"] = [Message("username_rule")]
    if role not in ROLES:
        problems["role"] = [Message("choice", choices=", ".join(ROLES))]
    if weak := _weak(password):
        problems["password"] = weak
    if problems:
        raise InvalidRequest(details=problems)
    password_hash = hash_password(password)
    try:
        with database.atomic():
            user = User.create(
                username=username, role=role, password_hash=password_hash, created_at=now_iso(),
                full_name=(full_name or "").strip() or None,
            )
            audit.record("user.created", actor, f"user:{username}",
                         {"role": role, "full_name": user.full_name})
    except pw.IntegrityError:
        raise UserExists(details={"username": username}) from None
    return user


def set_password(username: str, password: str, actor=None) -> User:
    """Give `username` a new password (audited, the password itself never written down);
    raises NotFound or InvalidRequest. Every supervisor page session of the user ends with
    it, and cached credentials no longer match (see server.auth)."""
    if weak := _weak(password):
        raise InvalidRequest(details={"password": weak})
    password_hash = hash_password(password)
    with database.atomic():
        user = get_user(username)
        User.update(password_hash=password_hash).where(User.id == user.id).execute()
        sessions.end_all(user.id, sessions.PASSWORD_CHANGED)
        audit.record("user.password_changed", actor, f"user:{username}", {})
        user.password_hash = password_hash
    return user


def sign_out_everywhere(username: str, actor=None) -> int:
    """End every open supervisor page session of `username` (a lost laptop, a shared
    computer left signed in); audited. Returns how many were open; raises NotFound."""
    with database.atomic():
        user = get_user(username)
        ended = sessions.end_all(user.id, sessions.SIGNED_OUT)
        audit.record("user.signed_out", actor, f"user:{username}", {"sessions": ended})
    return ended


def set_role(username: str, role: str, actor=None) -> User:
    """Give `username` another role (audited); raises NotFound or InvalidRequest."""
    if role not in ROLES:
        raise InvalidRequest(details={"role": [f"Must be one of: {', '.join(ROLES)}."]})
    return _change(username, "role", role, "user.role_changed", actor)


def set_full_name(username: str, full_name: str, actor=None) -> User:
    """Record how `username` is called in full (audited); empty clears it."""
    if problems := _full_name_problems(full_name):
        raise InvalidRequest(details={"full_name": problems})
    full_name = (full_name or "").strip() or None
    return _change(username, "full_name", full_name, "user.full_name_changed", actor)


def _change(username: str, column: str, value, action: str, actor) -> User:
    """Set one column of a user, audited with its old and new value; nothing when equal."""
    with database.atomic():
        user = get_user(username)
        before = getattr(user, column)
        if before != value:
            User.update({getattr(User, column): value}).where(User.id == user.id).execute()
            audit.record(action, actor, f"user:{username}", {"from": before, "to": value})
            setattr(user, column, value)
    return user


def disable_user(username: str, actor=None) -> User:
    """Stop `username` signing in and syncing: every active device token and pending
    enrolment code of theirs is revoked, and every web session ended, in the same
    transaction. Their submissions stay. An administrator cannot disable themselves."""
    if audit.actor_name(actor) == username:
        raise InvalidRequest("cannot_disable_self", {"username": [Message("cannot_disable_self")]})
    now = now_iso()
    with database.atomic():
        user = get_user(username)
        if user.disabled_at is None:
            User.update(disabled_at=now).where(User.id == user.id).execute()
            user.disabled_at = now
            for device in Device.select().where(
                    (Device.user == user.id) & Device.revoked_at.is_null()):
                _revoke(device, actor, now)
            _revoke_pending_codes(user, actor, now)
            sessions.end_all(user.id, sessions.DISABLED)
            audit.record("user.disabled", actor, f"user:{username}", {})
    return user


def _revoke_pending_codes(user, actor, now: str) -> int:
    """Revoke every unused enrolment code of `user` (a disabled account); inside the
    caller's transaction. Returns how many."""
    pending = [row.id for row in EnrolmentCode.select(EnrolmentCode.id).where(
        (EnrolmentCode.user == user.id) & EnrolmentCode.used_at.is_null()
        & EnrolmentCode.revoked_at.is_null())]
    if pending:
        EnrolmentCode.update(revoked_at=now).where(EnrolmentCode.id.in_(pending)).execute()
        audit.record("enrolment.revoked", actor, f"user:{user.username}", {"code_ids": pending})
    return len(pending)


def enable_user(username: str, actor=None) -> User:
    """Let a disabled account sign in again; its old tokens stay revoked (issue new ones)."""
    with database.atomic():
        user = get_user(username)
        if user.disabled_at is not None:
            User.update(disabled_at=None).where(User.id == user.id).execute()
            user.disabled_at = None
            audit.record("user.enabled", actor, f"user:{username}", {})
    return user


def get_user(username: str) -> User:
    user = User.get_or_none(User.username == username)
    if user is None:
        raise NotFound("no_such_user", {"username": username})
    return user


def user_by_id(user_id: int) -> User | None:
    """The account with this id, or None: for callers that remember an id, not a name."""
    return User.get_or_none(User.id == user_id)


def check_password(username: str, password: str) -> User | None:
    """The user when `password` is theirs, else None (same cost whether or not they exist)."""
    known = isinstance(username, str) and USERNAME.fullmatch(username)
    user = User.get_or_none(User.username == username) if known else None
    if user is None:
        verify_password_hash(password or "", _dummy_hash())
        return None
    if not verify_password_hash(password or "", user.password_hash):
        return None
    return user if is_active(user) else None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_device_token(username: str, label: str, actor=None) -> tuple[Device, str]:
    """Issue a token for `username`'s device `label`; returns (device, token), token shown once.

    Re-issuing a label the same user already holds replaces the old token (a reinstalled
    phone); a label held by another user's active device raises DeviceExists.
    """
    if not isinstance(label, str) or not label.strip() or len(label) > MAX_LABEL_LENGTH:
        raise InvalidRequest(details={"label": [Message("label_length", max=MAX_LABEL_LENGTH)]})
    label = label.strip()
    token = secrets.token_urlsafe(32)
    now = now_iso()
    try:
        with database.atomic():
            user = get_user(username)
            if not is_active(user):
                raise InvalidRequest("account_disabled", {"username": [
                    Message("account_disabled", username=username)]})
            holder = Device.get_or_none((Device.label == label) & Device.revoked_at.is_null())
            if holder is not None:
                if holder.user_id != user.id:
                    raise DeviceExists(details={"label": label})
                _revoke(holder, actor, now)
            device = Device.create(
                user=user, label=label, token_hash=_token_hash(token), created_at=now,
                created_by=audit.actor_name(actor),
            )
            audit.record("token.issued", actor, f"device:{label}", {"username": username})
    except pw.IntegrityError:  # another request took the label at the same moment
        raise DeviceExists(details={"label": label}) from None
    device.user = user
    return device, token


def _revoke(device: Device, actor, now: str) -> None:
    Device.update(revoked_at=now).where(Device.id == device.id).execute()
    device.revoked_at = now
    audit.record("token.revoked", actor, f"device:{device.label}", {"user_id": device.user_id})


def revoke_device(label: str, actor=None) -> Device:
    """Revoke the active token of device `label`; raises NotFound when there is none."""
    with database.atomic():
        device = Device.get_or_none((Device.label == label) & Device.revoked_at.is_null())
        if device is None:
            raise NotFound("no_such_device", {"label": label})
        _revoke(device, actor, now_iso())
    return device


def full_names() -> dict[str, str]:
    """username -> full name, for every account that has one (a few hundred at most)."""
    return dict(User.select(User.username, User.full_name)
                .where(User.full_name.is_null(False)).tuples())


def list_users() -> list[dict]:
    """Every account by username: `{"username", "full_name", "role", "created_at",
    "disabled_at"}` (pages and the CLI)."""
    return list(User.select(User.username, User.full_name, User.role, User.created_at,
                            User.disabled_at).order_by(User.username).dicts())


def list_devices(include_revoked: bool = True) -> list[Device]:
    """Every device with its user loaded, newest first."""
    query = Device.select(Device, User).join(User).order_by(Device.id.desc())
    if not include_revoked:
        query = query.where(Device.revoked_at.is_null())
    return list(query)


def user_for_token(token: str) -> User | None:
    """The owner of an active device token, with `.device` set to that Device; else None.

    `last_seen_at` is written at most once a minute per device, so checking a token is
    normally one indexed read and no write.
    """
    if not isinstance(token, str) or not token or len(token) > 200:
        return None
    row = (
        Device.select(Device, User)
        .join(User)
        .where((Device.token_hash == _token_hash(token)) & Device.revoked_at.is_null()
               & User.disabled_at.is_null())
        .first()
    )
    if row is None:
        return None
    now = now_iso()
    seen = row.last_seen_at
    if seen is None or _seconds_between(seen, now) >= LAST_SEEN_EVERY_SECONDS:
        try:
            Device.update(last_seen_at=now).where(Device.id == row.id).execute()
            row.last_seen_at = now
        except pw.OperationalError as exc:  # a busy database must not refuse the request
            if not is_busy_error(exc):
                raise
    user = row.user
    user.device = row
    return user


def _seconds_between(earlier: str, later: str) -> float:
    return (datetime.fromisoformat(later) - datetime.fromisoformat(earlier)).total_seconds()
