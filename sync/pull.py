"""Pull: the changes a user may see since a cursor, in commit order.

The change log only carries rare events (form published or closed, review decided), so
its writers are serialised (see `sync.db.lock_change_log`) and its sequence number is a safe
cursor: a change is visible to readers only after every change numbered before it.
"""

import json

from sync.cursors import decode_cursor, encode_cursor
from sync.models import Change

__all__ = ["DEFAULT_LIMIT", "pull"]

DEFAULT_LIMIT = 100
CURSOR_KIND = "pull"


def pull(user, since: str | None = None, limit: int = DEFAULT_LIMIT) -> dict:
    """Changes after `since` for `user`: `{"cursor", "more", "forms", "reviews"}`.

    Form changes go to everyone; a review goes to the author of the reviewed submission.
    Follow `cursor` while `more` is true; an empty page keeps the cursor where it was.
    """
    after = decode_cursor(CURSOR_KIND, since, (int,))[0] if since else 0
    rows = list(
        Change.select(Change.seq, Change.kind, Change.payload)
        .where((Change.seq > after)
               & (Change.audience.is_null() | (Change.audience == user.id)))
        .order_by(Change.seq)
        .limit(limit + 1)
        .tuples()
    )
    more = len(rows) > limit
    rows = rows[:limit]
    page = {"forms": [], "reviews": []}
    for _seq, kind, payload in rows:
        page["forms" if kind == "form" else "reviews"].append(json.loads(payload))
    last = rows[-1][0] if rows else after
    return {"cursor": encode_cursor(CURSOR_KIND, [last]), "more": more, **page}
