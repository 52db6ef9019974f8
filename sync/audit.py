"""The audit log: one row per change, written inside the caller's transaction."""

import json
from typing import NamedTuple

from sync.clock import now_iso
from sync.db import bulk_insert
from sync.models import AuditEntry

__all__ = ["Entry", "actor_name", "entries", "record", "record_many"]


class Entry(NamedTuple):
    """One change to log with `record_many`."""

    action: str
    actor: str | None
    target: str | None
    details: dict


def actor_name(actor) -> str | None:
    """A username from a User, a plain string, or None (the system itself)."""
    if actor is None or isinstance(actor, str):
        return actor
    return actor.username


def record(action: str, actor, target: str | None = None, details: dict | None = None) -> None:
    """Log one change. Call it inside the transaction that makes the change."""
    AuditEntry.insert(
        at=now_iso(),
        actor=actor_name(actor),
        action=action,
        target=target,
        details=json.dumps(details or {}, ensure_ascii=False, sort_keys=True),
    ).execute()


def record_many(rows, at: str | None = None) -> None:
    """Log many changes at once: `rows` are `Entry`s (or tuples in its field order)."""
    at = at or now_iso()
    bulk_insert(AuditEntry, ("at", "actor", "action", "target", "details"), [
        (at, actor, action, target, json.dumps(details, ensure_ascii=False, sort_keys=True))
        for action, actor, target, details in rows
    ])


def entries(target: str | None = None, limit: int = 100) -> list[dict]:
    """The newest audit rows, optionally for one target, newest first."""
    query = AuditEntry.select().order_by(AuditEntry.id.desc()).limit(limit)
    if target is not None:
        query = query.where(AuditEntry.target == target)
    return [
        {"id": e.id, "at": e.at, "actor": e.actor, "action": e.action, "target": e.target,
         "details": json.loads(e.details)}
        for e in query
    ]
