"""Rescue files: the unsent work of a phone that cannot sync, carried to the server by hand.

The phone app saves everything the server has not acknowledged to one JSON file
(`tambon-rescue-<user>-<time>.json`):

    {"tambon_rescue": 1, "server": "...", "username": "somchai", "device": "somchai-phone",
     "saved_at": "2026-11-20T17:02:00+07:00", "app_version": "...",
     "submissions": [{"uuid", "form_id", "form_version", "base_rev", "created_at",
                      "answers", "state"}, ...]}

An administrator loads it (web page or `tambon rescue load FILE`). Each item goes through the
ordinary push, as its original author, in batches whose ids are derived from the file's
content: loading the same file twice, or a file whose items the phone also sent, stores each
submission once and answers `duplicate` for what is already there. Drafts travel too and are
judged like any item; what the server refuses is kept with the rejected items. The audit log
records who loaded the file, for whom, and the counts.
"""

import hashlib
import json
import uuid as uuidlib
from dataclasses import dataclass, field

from forms.messages import Message
from sync import accounts, audit, push
from sync.clock import now_iso, parse_device_time
from sync.db import database
from sync.errors import InvalidRequest

__all__ = ["RESCUE_FORMAT", "RescueResult", "load_rescue", "parse_rescue"]

RESCUE_FORMAT = 1
ITEM_KEYS = ("uuid", "form_id", "form_version", "base_rev", "created_at", "answers")
RESCUE_NAMESPACE = uuidlib.UUID("5d0b7e53-6b8f-4a9a-9f0c-2f2b1b6f3c11")


@dataclass
class RescueResult:
    username: str
    device: str | None
    results: list[dict] = field(default_factory=list)
    summary: dict[str, int] = field(default_factory=dict)


def parse_rescue(raw: bytes) -> dict:
    """The file's content, checked for shape; raises InvalidRequest saying what is wrong."""
    try:
        data = json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise InvalidRequest("not_a_rescue_file", {"file": [Message("not_a_rescue_file")]}) \
            from None
    if not isinstance(data, dict) or data.get("tambon_rescue") != RESCUE_FORMAT:
        raise InvalidRequest("not_a_rescue_file", {"file": [Message("not_a_rescue_file")]})
    if not isinstance(data.get("username"), str) or not data["username"]:
        raise InvalidRequest(details={"username": [Message("rescue_no_owner")]})
    items = data.get("submissions")
    if not isinstance(items, list):
        raise InvalidRequest(details={"submissions": [Message("must_be_list")]})
    device = data.get("device")
    data["device"] = device[:100] if isinstance(device, str) and device.strip() else None
    return data


def load_rescue(raw: bytes, actor, max_items: int = 1000) -> RescueResult:
    """Store the work in a rescue file as its author pushed it; see the module docstring."""
    data = parse_rescue(raw)
    author = accounts.get_user(data["username"])
    fingerprint = hashlib.sha256(raw if isinstance(raw, bytes) else raw.encode()).hexdigest()
    items = [
        {key: item.get(key) for key in ITEM_KEYS if key in item} if isinstance(item, dict)
        else item
        for item in data["submissions"]
    ]
    result = RescueResult(author.username, data["device"])
    counts = {"created": 0, "updated": 0, "duplicate": 0, "conflict": 0, "rejected": 0}
    for start in range(0, len(items), max_items):
        envelope = {
            "batch_id": str(uuidlib.uuid5(RESCUE_NAMESPACE, f"{fingerprint}:{start}")),
            "device_id": f"rescue file loaded by {audit.actor_name(actor)}",
            "sent_at": _sent_at(data.get("saved_at")),
            "submissions": items[start:start + max_items],
        }
        outcome = push.push_batch(author, envelope, device_label=data["device"])
        result.results += outcome.results
        for status, n in outcome.summary.items():
            counts[status] = counts.get(status, 0) + n
    result.summary = counts
    with database.atomic():
        audit.record("rescue.loaded", actor, f"user:{author.username}", {
            "device": data["device"], "file_sha256": fingerprint, "items": len(items), **counts})
    return result


def _sent_at(saved_at) -> str:
    """The phone's clock when it saved the file, or the server's when that is unreadable."""
    return saved_at if parse_device_time(saved_at) else now_iso()
