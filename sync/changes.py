"""The change log that pull reads.

Writers append inside their own transaction, after taking the change-log lock (see
`sync.db.lock_change_log`) so that sequence order is commit order on every backend.
"""

import json

from sync.clock import now_iso
from sync.db import lock_change_log
from sync.models import Change

__all__ = ["append"]


def append(kind: str, payload: dict, audience_id: int | None = None) -> None:
    """Add one change for everyone (`audience_id` None) or for one user."""
    lock_change_log()
    Change.insert(
        kind=kind,
        audience=audience_id,
        payload=json.dumps(payload, ensure_ascii=False, sort_keys=True),
        created_at=now_iso(),
    ).execute()
