"""Pushes sharing submissions at the same moment neither deadlock nor store anything twice.

Four senders (threads, each with its own connection) push the same edits of existing
submissions and the same new ones, each cut into batches of its own size and order, so every
batch both updates rows and inserts rows another batch also touches. On PostgreSQL, whose
writers run at once, pushes that took their row and index locks in different orders used to
deadlock ("deadlock detected", answered 503); SQLite lets one writer in at a time.
"""

import random
import threading
from collections import Counter, defaultdict

import pytest

from sync import push
from sync.models import ConflictRevision, Quarantine, Revision, Submission
from tests.conftest import release
from tests.factories import batch, edited, item

pytestmark = pytest.mark.usefixtures("forms")

SUBMISSIONS = 48
BATCH_SIZES = (5, 7, 11, 13)  # one per sender


def sender(store, user, items, batch_size, seed, start, receipts, failures):
    """Push `items` in a shuffled order, `batch_size` at a time, after the common start."""
    order = list(items)
    random.Random(seed).shuffle(order)
    start.wait()
    try:
        for first in range(0, len(order), batch_size):
            result = push.push_batch(user, batch(*order[first:first + batch_size]))
            receipts.extend(result.results)
    except Exception as exc:  # noqa: BLE001 - any failure is the finding
        failures.append(exc)
    finally:
        store.close()  # this thread's connection


def test_overlapping_pushes_at_once_never_deadlock_and_store_each_change_once(store, people):
    officer = people["somchai"]
    existing = [item(seed=n) for n in range(SUBMISSIONS // 2)]
    push.push_batch(officer, batch(*existing))
    edits = [edited(sent, 1, venue=f"ศาลา {n}") for n, sent in enumerate(existing)]
    new = [item(seed=100 + n) for n in range(SUBMISSIONS // 2)]
    wanted = edits + new

    start = threading.Barrier(len(BATCH_SIZES))
    receipts, failures = [], []
    threads = [threading.Thread(target=sender, args=(
        store, officer, wanted, size, n, start, receipts, failures))
        for n, size in enumerate(BATCH_SIZES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert failures == []

    by_uuid = defaultdict(Counter)
    for receipt in receipts:
        by_uuid[receipt["uuid"]][receipt["status"]] += 1
    senders = len(BATCH_SIZES)
    assert {u: dict(c) for u, c in by_uuid.items()} == {
        **{sent["uuid"]: {"updated": 1, "duplicate": senders - 1} for sent in edits},
        **{sent["uuid"]: {"created": 1, "duplicate": senders - 1} for sent in new},
    }
    revs = dict(Submission.select(Submission.uuid, Submission.rev).tuples())
    assert revs == {**{s["uuid"]: 2 for s in edits}, **{s["uuid"]: 1 for s in new}}
    assert Revision.select().count() == 2 * len(edits) + len(new)
    assert not ConflictRevision.select().exists() and not Quarantine.select().exists()
    release(store)
