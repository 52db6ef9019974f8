"""Signed-in sessions of the supervisor pages, kept in the database so they can be ended.

The browser's cookie holds a random key; the database holds only its sha256, the user, and
whether and why the session ended. Every page looks the key up (one indexed read that also
loads the user), so signing out, or a changed password, ends a session at once in every
process and on every host: a copied cookie is worth nothing afterwards.
"""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sync.clock import now_iso, to_server_iso
from sync.db import database
from sync.models import User, WebSession

__all__ = ["SIGNED_OUT", "PASSWORD_CHANGED", "IDLE", "DISABLED", "KEEP_DAYS", "open_session", "find",
           "end_session", "end_all"]

# Why a session ended.
SIGNED_OUT, PASSWORD_CHANGED, IDLE = "signed_out", "password_changed", "idle"
DISABLED = "disabled"  # the account was disabled (sync.accounts.disable_user)
KEEP_DAYS = 7  # the longest a session lasts, however busy: then its row is deleted


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def open_session(user: User) -> str:
    """Start a session for `user`; returns the key for the cookie (stored only as a hash).

    Also deletes sessions opened more than KEEP_DAYS ago, so the table stays small."""
    key = secrets.token_urlsafe(32)
    cutoff = to_server_iso(datetime.now(UTC) - timedelta(days=KEEP_DAYS))
    with database.atomic():
        WebSession.delete().where(WebSession.created_at < cutoff).execute()
        WebSession.create(key_hash=_hash(key), user=user, created_at=now_iso())
    return key


def find(key) -> WebSession | None:
    """The session of cookie key `key` with its `.user` loaded (ended ones too: the caller
    tells the person why), or None when there is no such session."""
    if not isinstance(key, str) or not key or len(key) > 100:
        return None
    return (WebSession.select(WebSession, User).join(User)
            .where(WebSession.key_hash == _hash(key)).first())


def end_session(key, reason: str = SIGNED_OUT) -> None:
    """End the session of cookie key `key` (nothing happens when there is none)."""
    if isinstance(key, str) and key:
        (WebSession.update(ended_at=now_iso(), end_reason=reason)
         .where((WebSession.key_hash == _hash(key)) & WebSession.ended_at.is_null()).execute())


def end_all(user_id: int, reason: str) -> int:
    """End every open session of user `user_id`; returns how many were open."""
    return (WebSession.update(ended_at=now_iso(), end_reason=reason)
            .where((WebSession.user == user_id) & WebSession.ended_at.is_null()).execute())
