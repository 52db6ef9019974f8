"""Several phones push the same submissions at the same moment, each in its own process.

The four phones belong to one officer (one officer, several devices, and a re-sent batch all
look like this to the server). Each phone cuts the same list of submissions into batches of a
different size, so batches overlap partly, and sends them all twice. Whatever the interleaving,
the database must end with one row per uuid, and the receipts must say so truthfully: across
every phone, each uuid `created` exactly once and `duplicate` every other time.
"""

import multiprocessing
import time
import uuid
from collections import Counter, defaultdict

import pytest

from forms.samples import sample_answers
from tests.e2e.harness import Phone, start_servers, submission

pytestmark = pytest.mark.slow

SUBMISSIONS = 240
BATCH_SIZES = (20, 30, 40, 60)  # one per phone
SENDS = 2


def make_submissions(definition, count):
    return [submission(sample_answers(definition, seed=n, repeat_counts={"participants": 5}))
            for n in range(count)]


def phone_process(url, token, label, items, batch_size, start_at):
    """One phone: wait for the common start, send every batch SENDS times, return receipts."""
    phone = Phone(url, token, device_id=label)
    batches = [(str(uuid.uuid4()), items[i:i + batch_size])
               for i in range(0, len(items), batch_size)]
    time.sleep(max(0.0, start_at - time.time()))
    started, receipts, busy = time.time(), [], 0
    for _ in range(SENDS):
        for batch_id, batch in batches:
            response, interrupted = phone.push_until_answered(batch, batch_id)
            busy += interrupted
            assert response.status_code == 200, response.text
            receipts.extend(response.json()["results"])
    return receipts, len(batches), busy, (started, time.time())


def push_from_four_processes(site, items):
    """Every phone pushes `items` at once, phone n through server n % len(servers)."""
    labels = [f"phone-{n}" for n in range(1, len(BATCH_SIZES) + 1)]
    start_at = time.time() + 2  # after every process has started and imported
    context = multiprocessing.get_context("spawn")
    with context.Pool(len(labels)) as pool:
        jobs = [
            pool.apply_async(phone_process, (
                site.servers[n % len(site.servers)].url, site.tokens[label], label, items,
                BATCH_SIZES[n], start_at))
            for n, label in enumerate(labels)
        ]
        return [job.get(timeout=600) for job in jobs]


def assert_each_submission_stored_once(site, items, outcomes):
    uuids = {item["uuid"] for item in items}
    spans = [span for *_, span in outcomes]
    assert max(start for start, _ in spans) < min(end for _, end in spans), (
        "the phones did not push at the same time; the test proved nothing")
    receipts = [r for phone_receipts, *_ in outcomes for r in phone_receipts]
    assert len(receipts) == len(items) * len(BATCH_SIZES) * SENDS

    by_uuid = defaultdict(Counter)
    for receipt in receipts:
        by_uuid[receipt["uuid"]][receipt["status"]] += 1
        assert receipt["rev"] == 1, receipt
    assert set(by_uuid) == uuids
    wrong = {u: dict(c) for u, c in by_uuid.items()
             if c["created"] != 1 or c["duplicate"] != len(BATCH_SIZES) * SENDS - 1}
    assert wrong == {}, f"receipts that do not match what was stored: {wrong}"

    assert site.query("SELECT count(*), count(DISTINCT uuid) FROM submission") == [
        (len(uuids), len(uuids))]
    assert site.query("SELECT count(*) FROM revision") == [(len(uuids),)]
    assert site.query("SELECT count(*) FROM conflict_revision") == [(0,)]
    assert site.query("SELECT count(*) FROM quarantine") == [(0,)]
    batches_sent = sum(batches for _, batches, *_ in outcomes)
    assert site.query("SELECT count(DISTINCT batch_id) FROM batch") == [(batches_sent,)]


def test_overlapping_batches_from_four_processes_store_each_submission_once_on_sqlite(
        fresh_site, training_definition):
    site = start_servers(fresh_site, count=1, workers=2)
    items = make_submissions(training_definition.raw, SUBMISSIONS)
    outcomes = push_from_four_processes(site, items)
    assert_each_submission_stored_once(site, items, outcomes)


@pytest.mark.postgres
def test_overlapping_batches_through_two_servers_store_each_submission_once_on_postgres(
        postgres_site, training_definition):
    site = start_servers(postgres_site, count=2, workers=2)
    items = make_submissions(training_definition.raw, SUBMISSIONS)
    outcomes = push_from_four_processes(site, items)
    assert_each_submission_stored_once(site, items, outcomes)
