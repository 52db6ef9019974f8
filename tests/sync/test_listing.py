"""The supervisors' listing read straight from sync.listing, without Flask: order, filters,
keyset pages, counts and the export's iteration, on SQLite and PostgreSQL."""

import pytest

from sync import listing, review
from sync.models import Submission
from sync.push import push_batch
from tests.conftest import OFFICER, SECOND_OFFICER, SUPERVISOR
from tests.factories import batch, item


def newest_first() -> list[str]:
    """Every uuid in the listing's defined order: time received, then id, newest first."""
    return [u for (u,) in Submission.select(Submission.uuid)
            .order_by(Submission.received_at.desc(), Submission.id.desc()).tuples()]


def uuids(rows) -> list[str]:
    return [row.uuid for row in rows]


@pytest.fixture
def pushed(forms, people) -> dict[str, list[str]]:
    """Three training sessions from the officer and two KM records from the second officer."""
    mine = [item(seed=n) for n in range(3)]
    theirs = [item("km_record", seed=n) for n in range(2)]
    push_batch(people[OFFICER], batch(*mine))
    push_batch(people[SECOND_OFFICER], batch(*theirs))
    return {OFFICER: [i["uuid"] for i in mine], SECOND_OFFICER: [i["uuid"] for i in theirs]}


def test_pages_follow_each_other_newest_first_without_repeats_or_gaps(pushed):
    shown, cursor = [], None
    while True:
        page = listing.page(listing.Filters(), after=cursor, limit=2)
        shown += uuids(page.rows)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert shown == newest_first()
    assert len(shown) == 5


def test_a_page_before_a_cursor_is_the_page_that_led_to_it(pushed):
    first = listing.page(listing.Filters(), limit=2)
    second = listing.page(listing.Filters(), after=first.next_cursor, limit=2)
    back = listing.page(listing.Filters(), before=second.prev_cursor, limit=2)
    assert uuids(back.rows) == uuids(first.rows)
    assert first.prev_cursor is None


def test_filters_narrow_by_form_author_and_review_state(pushed, people):
    review.review_submission(pushed[OFFICER][0], people[SUPERVISOR], "approved")
    by_form = listing.page(listing.Filters(form_id="km_record")).rows
    by_author = listing.page(listing.Filters(author=OFFICER)).rows
    approved = listing.page(listing.Filters(states=("approved",))).rows
    assert sorted(uuids(by_form)) == sorted(pushed[SECOND_OFFICER])
    assert sorted(uuids(by_author)) == sorted(pushed[OFFICER])
    assert uuids(approved) == [pushed[OFFICER][0]]
    assert listing.page(listing.Filters(author="nobody")).rows == []


def test_an_unknown_review_state_or_sort_is_refused_before_any_query():
    with pytest.raises(ValueError):
        listing.Filters(states=("lost",))
    with pytest.raises(ValueError):
        listing.Filters(sort="random")


def test_a_cursor_of_another_sort_is_refused(pushed):
    cursor = listing.page(listing.Filters(), limit=1).next_cursor
    with pytest.raises(listing.InvalidCursorText):
        listing.page(listing.Filters(sort="record_date"), after=cursor)
    with pytest.raises(listing.InvalidCursorText):
        listing.page(listing.Filters(), after="not-a-cursor")


def test_count_is_exact_up_to_its_cap_and_says_when_there_are_more(pushed):
    assert listing.count(listing.Filters()) == (5, False)
    assert listing.count(listing.Filters(), cap=3) == (3, True)
    assert listing.count(listing.Filters(form_id="km_record"), cap=2) == (2, False)


def test_iterate_reads_every_match_in_listing_order_chunk_by_chunk(pushed):
    assert uuids(listing.iterate(listing.Filters(), chunk=2)) == newest_first()
    assert sorted(uuids(listing.iterate(listing.Filters(author=SECOND_OFFICER), chunk=1))) \
        == sorted(pushed[SECOND_OFFICER])
