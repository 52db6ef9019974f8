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
    """Changes after `since` for `user`: `{"cursor", "more", "forms", "reviews", "lists"}`.

    Form and list changes go to everyone; a review goes to the author of the reviewed
    submission. `lists` names each list changed in the page once, at its newest version.
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
    page: dict[str, list] = {"forms": [], "reviews": []}
    changed_lists: dict[str, dict] = {}
    for _seq, kind, payload in rows:
        if kind == "list":  # several changes of one list: only its newest state matters
            change = json.loads(payload)
            changed_lists.pop(change["list_id"], None)
            changed_lists[change["list_id"]] = change
        else:
            page["forms" if kind == "form" else "reviews"].append(json.loads(payload))
    page["lists"] = list(changed_lists.values())
    last = rows[-1][0] if rows else after
    return {"cursor": encode_cursor(CURSOR_KIND, [last]), "more": more, **page}
