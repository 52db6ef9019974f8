"""Thai substring search: complete at once, indexed afterwards, kept in step with edits."""

import pytest

from sync import search
from sync.models import Submission
from sync.push import push_batch
from tests.factories import batch, edited, item

pytestmark = pytest.mark.usefixtures("forms")


def found(text):
    return {row.uuid for row in Submission.select(Submission.uuid).where(search.matches(text))}


def test_a_word_inside_a_thai_sentence_is_found_before_and_after_indexing(people):
    first, other = item(seed=1, venue="ศาลาประชาคมหมู่บ้านโสธร"), item(seed=2, venue="โรงเรียนวัดโพธิ์")
    push_batch(people["somchai"], batch(first, other))
    assert found("ประชาคม") == {first["uuid"]}  # waiting to be indexed: found by LIKE
    while search.catch_up(limit=1):
        pass
    assert search.backlog() == 0
    assert found("ประชาคม") == {first["uuid"]}  # the same row, now through the index
    assert found("วัดโพธิ์") == {other["uuid"]}


def test_pushes_leave_indexing_to_catch_up(people):
    push_batch(people["somchai"], batch(item(seed=1), item(seed=2), item(seed=3)))
    assert search.backlog() == 3
    assert search.catch_up(limit=2) == 2
    assert search.backlog() == 1
    assert search.catch_up(limit=500) == 1
    assert (search.backlog(), search.catch_up()) == (0, 0)


def test_an_indexed_submission_edited_is_found_by_its_new_text_only(people):
    original = item(seed=3, venue="ศาลากลางบ้านหนองแหน")
    push_batch(people["somchai"], batch(original))
    search.catch_up()
    push_batch(people["somchai"], batch(edited(original, 1, venue="อาคารเอนกประสงค์วัดบางพระ")))
    assert found("เอนกประสงค์") == {original["uuid"]}
    assert found("หนองแหน") == set()


def test_the_indexer_waits_for_a_sync_burst_to_pause_but_not_forever(people):
    from datetime import datetime, timedelta

    def due(after_seconds):
        return search.indexing_due(2, 30, now=pushed_at + timedelta(seconds=after_seconds))

    assert search.indexing_due(2, 30) is False  # nothing waits
    push_batch(people["somchai"], batch(item(seed=1)))
    pushed_at = datetime.fromisoformat(Submission.get().received_at)
    assert (due(0.5), due(2.5)) == (False, True)  # a burst goes on; it paused
    # A steady trickle: the newest is always recent, but the oldest has waited over 30 s.
    Submission.update(received_at=(pushed_at - timedelta(seconds=31)).isoformat()).execute()
    push_batch(people["somchai"], batch(item(seed=2)))
    pushed_at = datetime.fromisoformat(max(s.received_at for s in Submission.select()))
    assert (due(0), due(0.5)) == (True, True)
    search.catch_up()
    assert due(60) is False


def test_a_waiting_submission_edited_is_indexed_by_its_new_text(people):
    original = item(seed=4, venue="ศาลาริมน้ำบ้านคลองสวน")
    push_batch(people["somchai"], batch(original))
    push_batch(people["somchai"], batch(edited(original, 1, venue="หอประชุมอำเภอบางคล้า")))
    assert found("บางคล้า") == {original["uuid"]}  # still waiting: found by its text
    while search.catch_up():
        pass
    assert found("บางคล้า") == {original["uuid"]}
    assert found("คลองสวน") == set()
