"""The server is killed (SIGKILL, the whole process group) while a phone is in the middle of
sending, again and again, and restarted; the phone retries each batch until it is answered.

Some kills land before a batch commits (nothing of it may be stored), some after it commits
but before the reply arrives (the retry must answer `duplicate`). Either way the final data
must be what sending each batch exactly once gives, and a SQLite file must be intact.
"""

import copy
import random
import threading
import uuid

import pytest

from forms.samples import sample_answers
from tests.e2e.harness import start_servers, submission

pytestmark = pytest.mark.slow

NEW_BATCHES = 12
BATCH_SIZE = 100
EDITED_BATCHES = 4  # each edits the items of one earlier batch
KILLS = 4


def workload(definition):
    """Batches of new submissions, then batches editing some of them (base_rev 1)."""
    rng = random.Random(7)
    batches = []
    for b in range(NEW_BATCHES):
        items = [submission(sample_answers(definition, seed=b * BATCH_SIZE + n,
                                           repeat_counts={"participants": 30}))
                 for n in range(BATCH_SIZE)]
        batches.append((str(uuid.uuid4()), items))
    for _, items in rng.sample(batches, EDITED_BATCHES):
        edits = []
        for item in items:
            answers = copy.deepcopy(item["answers"])
            answers["notes"] = "แก้ไขหลังอบรม: ตรวจรายชื่อผู้เข้าร่วมอีกครั้ง"
            edits.append(dict(item, base_rev=1, answers=answers))
        batches.append((str(uuid.uuid4()), edits))
    return batches


def test_killing_the_server_mid_batch_and_retrying_leaves_each_batch_applied_once(
        any_site, training_definition):
    site = start_servers(any_site, count=1, workers=2)
    server = site.servers[0]
    phone = site.phone("phone-1")
    batches = workload(training_definition.raw)

    sending = threading.Event()
    finished = threading.Event()
    kills = []  # one entry per SIGKILL

    def crash_repeatedly():
        rng = random.Random(11)
        while len(kills) < KILLS and not finished.is_set():
            if not sending.wait(timeout=0.5):
                continue
            finished.wait(rng.uniform(0.0, 0.4))  # somewhere inside the batch in flight
            if finished.is_set():
                return
            server.kill()
            kills.append(1)
            server.start()

    killer = threading.Thread(target=crash_repeatedly, daemon=True)
    killer.start()
    receipts, interrupted = {}, 0
    try:
        for batch_id, items in batches:
            sending.set()
            response, cut_off = phone.push_until_answered(items, batch_id, give_up_after=300)
            sending.clear()
            interrupted += cut_off
            assert response.status_code == 200, response.text
            receipts[batch_id] = [r["status"] for r in response.json()["results"]]
    finally:
        finished.set()
        killer.join(timeout=120)

    assert len(kills) >= 2, "the server was not killed while batches were in flight"
    assert interrupted >= 1, "no kill cut a batch off; the test proved nothing"

    for n, (batch_id, _) in enumerate(batches):
        allowed = {"created", "duplicate"} if n < NEW_BATCHES else {"updated", "duplicate"}
        assert set(receipts[batch_id]) <= allowed, (n, set(receipts[batch_id]))

    # The stored data is exactly "each batch once": every final version re-sent is a duplicate
    # of what the server holds, at the rev one clean pass would have produced.
    final = {item["uuid"]: item for _, items in batches for item in items}
    finals = list(final.values())
    check = [result for start in range(0, len(finals), 500)
             for result in phone.push(finals[start:start + 500]).json()["results"]]
    assert {r["status"] for r in check} == {"duplicate"}
    expected_revs = {u: 1 + item["base_rev"] for u, item in final.items()}
    assert {r["uuid"]: r["rev"] for r in check} == expected_revs

    edited = EDITED_BATCHES * BATCH_SIZE
    assert site.query("SELECT count(*), count(DISTINCT uuid) FROM submission") == [
        (len(final), len(final))]
    assert site.query("SELECT count(*) FROM revision") == [(len(final) + edited,)]
    assert site.query("SELECT count(*) FROM conflict_revision") == [(0,)]
    if site.engine == "sqlite":
        assert site.query("PRAGMA integrity_check") == [("ok",)]
