"""The one reader of submissions (sync.reads), without Flask, on SQLite and PostgreSQL:
filters, keyset pages, counts, iteration, one submission in full, and the quarantine."""

import pytest

from sync import cursors, pull, push, reads, review
from sync.errors import Forbidden, InvalidCursor, InvalidRequest, NotFound
from sync.models import Submission
from tests.conftest import ADMIN, OFFICER, SECOND_OFFICER, SUPERVISOR
from tests.factories import batch, edited, item
from tests.forged_cursors import FORGED, wrapped

pytestmark = pytest.mark.usefixtures("forms")


def uuids(rows) -> list[str]:
    return [row.uuid for row in rows]


def newest_first() -> list[str]:
    """Every uuid in the listing's defined order: time received, then id, newest first."""
    return [u for (u,) in Submission.select(Submission.uuid)
            .order_by(Submission.received_at.desc(), Submission.id.desc()).tuples()]


def test_pages_follow_each_other_newest_first_without_repeats_or_gaps(people, forms):
    for n in range(5):
        push.push_batch(people[OFFICER], batch(item(seed=n)))
    pages = every_page(reads.Filters())
    assert [len(p) for p in pages] == [2, 2, 1]
    assert [u for page in pages for u in page] == newest_first()


def every_page(filters, limit=2):
    """Every page from the first, following `next_cursor`: a list of lists of uuids."""
    pages, after = [], None
    while True:
        page = reads.page(filters, after=after, limit=limit, columns=["uuid"])
        pages.append(uuids(page.rows))
        after = page.next_cursor
        if after is None:
            return pages


@pytest.fixture
def sent(people):
    """Six submissions, one batch each, oldest first: the officer's three training records
    on three dates (the middle one approved), the second officer's two (the first with a
    conflict), and a knowledge record of the second officer's with the oldest date."""
    mine = [item(seed=40 + i, date=f"2026-11-0{i + 1}") for i in range(3)]
    theirs = [item(seed=50 + i, date=f"2026-10-1{i}") for i in range(2)]
    km = item("km_record", seed=3, date="2026-09-01")
    for who, pushed in [*((OFFICER, m) for m in mine),
                        *((SECOND_OFFICER, t) for t in theirs), (SECOND_OFFICER, km)]:
        push.push_batch(people[who], batch(pushed))
    push.push_batch(people[SECOND_OFFICER], batch(edited(theirs[0], 0, venue="ขัดแย้ง")))
    review.review_submission(mine[1]["uuid"], people[SUPERVISOR], "approved")
    return {OFFICER: [s["uuid"] for s in mine], SECOND_OFFICER: [s["uuid"] for s in theirs],
            "km": km["uuid"]}


def test_filters_from_a_query_keep_what_makes_sense_and_drop_the_rest():
    filters = reads.Filters.from_query({
        "form": ["km_record"], "state": ["approved", "no_such_state", "rejected"],
        "village": ["3"], "from": ["2026-11-01"], "to": ["1 Nov"], "author": ["a\x00b"],
        "conflicts": ["1"], "q": ["  ขนม  "], "sort": ["sideways"], "device": [""],
    })
    assert filters == reads.Filters(form_id="km_record", states=("approved", "rejected"),
                                    village_no="3", date_from="2026-11-01",
                                    has_conflicts=True, text="ขนม")
    assert reads.Filters.from_query({}) == reads.Filters()
    assert reads.Filters.from_query({"q": ["ก" * 500]}).text == "ก" * reads.MAX_SEARCH_CHARS


def test_a_filters_object_refuses_an_unknown_sort_or_state():
    with pytest.raises(ValueError):
        reads.Filters(sort="sideways")
    with pytest.raises(ValueError):
        reads.Filters(states=("lost",))


@pytest.mark.parametrize("text", ["a\x00b", "\ud800", "x\udfff"])
def test_a_filter_no_database_could_compare_is_refused_as_invalid_input(text):
    with pytest.raises(InvalidRequest) as refused:
        reads.Filters(form_id="km_record", author=text, text=text)
    assert set(refused.value.details) == {"author", "text"}


@pytest.mark.parametrize("filters, expected", [
    (reads.Filters(), lambda s: [s["km"], *s[SECOND_OFFICER][::-1], *s[OFFICER][::-1]]),
    (reads.Filters(author=OFFICER), lambda s: s[OFFICER][::-1]),
    (reads.Filters(states=("approved",)), lambda s: [s[OFFICER][1]]),
    (reads.Filters(form_id="km_record"), lambda s: [s["km"]]),
    (reads.Filters(has_conflicts=True), lambda s: [s[SECOND_OFFICER][0]]),
    (reads.Filters(date_from="2026-11-02", date_to="2026-11-03"),
     lambda s: s[OFFICER][:0:-1]),
    (reads.Filters(author="nobody"), lambda s: []),
], ids=["none", "author", "state", "form", "conflicts", "record-dates", "unknown-author"])
def test_each_filter_narrows_pages_counts_and_iteration_alike(sent, filters, expected):
    want = expected(sent)
    assert [u for page in every_page(filters) for u in page] == want
    assert uuids(reads.iterate(filters, chunk=2, columns=["uuid"])) == want
    assert reads.count(filters) == (len(want), False)
    assert reads.count(filters, cap=1) == ((1, True) if len(want) > 1 else (len(want), False))


def test_receipt_times_bound_the_listing_inclusively(sent):
    rows = reads.page(reads.Filters(), columns=["uuid", "received_at"]).rows
    newest, oldest = rows[0].received_at, rows[-1].received_at
    assert uuids(reads.page(reads.Filters(received_from=newest)).rows) == [sent["km"]]
    assert uuids(reads.page(reads.Filters(received_to=oldest)).rows) == sent[OFFICER][:1]
    assert reads.count(reads.Filters(received_from=oldest, received_to=newest)) == (6, False)


def test_pages_go_back_with_prev_cursor_to_exactly_the_rows_they_came_from(sent):
    for sort in reads.SORTS:
        filters = reads.Filters(sort=sort)
        first = reads.page(filters, limit=2)
        second = reads.page(filters, after=first.next_cursor, limit=2)
        assert first.prev_cursor is None and second.prev_cursor is not None
        back = reads.page(filters, before=second.prev_cursor, limit=2)
        assert uuids(back.rows) == uuids(first.rows)
        assert not set(uuids(first.rows)) & set(uuids(second.rows))


def test_sorting_by_record_date_is_newest_record_first(sent):
    order = [u for page in every_page(reads.Filters(sort="record_date")) for u in page]
    assert order == [*sent[OFFICER][::-1], *sent[SECOND_OFFICER][::-1], sent["km"]]


def test_a_cursor_of_one_sort_is_refused_by_the_other(sent):
    received = reads.page(reads.Filters(), limit=1).next_cursor
    by_date = reads.page(reads.Filters(sort="record_date"), limit=1).next_cursor
    with pytest.raises(InvalidCursor):
        reads.page(reads.Filters(sort="record_date"), after=received)
    with pytest.raises(InvalidCursor):
        reads.page(reads.Filters(), before=by_date)


def test_an_empty_cursor_is_the_first_page(sent):
    assert uuids(reads.page(reads.Filters(), after="").rows) == uuids(
        reads.page(reads.Filters()).rows)


def test_rows_carry_the_columns_asked_for_and_the_keys_of_their_cursor(sent):
    (row,) = reads.page(reads.Filters(form_id="km_record"), columns=["uuid"]).rows
    assert row._fields == ("uuid", "id", "received_at", "record_date")
    (full,) = reads.page(reads.Filters(form_id="km_record"), columns=reads.SUMMARY).rows
    summary = reads.summary(full)
    assert (summary["uuid"], summary["author"], summary["has_conflicts"]) == (
        sent["km"], SECOND_OFFICER, False)
    assert summary["place"].keys() == {"province", "district", "subdistrict", "village_no"}


def test_a_forged_cursor_is_refused_before_any_query(store, people):
    for forged in FORGED:
        for read in (lambda: reads.page(reads.Filters(), after=forged),
                     lambda: reads.page(reads.Filters(sort="record_date"), before=forged),
                     lambda: reads.quarantine_page(forged),
                     lambda: pull.pull(people[OFFICER], forged)):
            with pytest.raises(InvalidCursor):
                read()


def test_the_largest_id_a_cursor_may_name_is_accepted_and_one_more_is_not(store, people):
    assert pull.pull(people[OFFICER], wrapped(["pull", cursors.MAX_ID]))["forms"] == []
    with pytest.raises(InvalidCursor):
        pull.pull(people[OFFICER], wrapped(["pull", cursors.MAX_ID + 1]))


def test_one_submission_reads_with_its_batch_for_the_page(people, sent):
    found = reads.detail(sent[SECOND_OFFICER][0], people[SUPERVISOR])
    assert found.submission["has_conflicts"] and len(found.submission["conflicts"]) == 1
    assert found.batch["device_id"] == "Samsung A03 of the test"
    assert "batch" not in found.submission  # the API's JSON is as documented
    upper = reads.detail(sent["km"].upper(), people[SUPERVISOR]).submission
    assert upper["uuid"] == sent["km"]


@pytest.mark.parametrize("uuid", ["00000000-0000-4000-8000-000000000000", "not-a-uuid",
                                  "a\x00b", "\ud800", "x" * 5000])
def test_an_unknown_or_impossible_uuid_is_not_found(store, people, uuid):
    with pytest.raises(NotFound):
        reads.detail(uuid, people[SUPERVISOR])


def test_one_submission_carries_every_revision_and_the_conflict_beside_them(forms, people):
    pushed = item(seed=1)
    push.push_batch(people[OFFICER], batch(pushed))
    push.push_batch(people[OFFICER], batch(edited(pushed, 1, venue="หอประชุมอำเภอ")))
    push.push_batch(people[OFFICER], batch(edited(pushed, 1, venue="วัดโสธร")))
    full = reads.detail(pushed["uuid"], people[ADMIN]).submission
    assert (full["rev"], full["answers"]["venue"], full["has_conflicts"]) == (
        2, "หอประชุมอำเภอ", True)
    assert [(r["rev"], r["base_rev"]) for r in full["revisions"]] == [(1, 0), (2, 1)]
    assert [c["answers"]["venue"] for c in full["conflicts"]] == ["วัดโสธร"]


def test_a_field_user_may_not_read_someone_elses_submission(people, sent):
    with pytest.raises(Forbidden):
        reads.detail(sent[OFFICER][0], people[SECOND_OFFICER])


@pytest.fixture
def refused(people):
    """Three items refused by push, oldest first."""
    items = []
    for seed in range(3):
        bad = item(seed=60 + seed)
        bad["answers"]["participants"][0]["age"] = 3
        push.push_batch(people[OFFICER], batch(bad))
        items.append(bad["uuid"])
    return items


def test_the_quarantine_pages_newest_first_by_its_cursor(refused):
    first = reads.quarantine_page(limit=2)
    assert [i["uuid"] for i in first["items"]] == refused[:0:-1] and first["more"]
    rest = reads.quarantine_page(first["cursor"], limit=2)
    assert [i["uuid"] for i in rest["items"]] == refused[:1] and not rest["more"]
    assert rest["cursor"] is None
    item_ = reads.quarantine_item(first["items"][0]["id"])
    assert item_ == first["items"][0]
    assert item_["code"] == "invalid_answers" and item_["payload"]["uuid"] == refused[-1]


@pytest.mark.parametrize("item_id", [0, -1, 2**63, 10**30, 987654, "1", None])
def test_an_unknown_or_impossible_quarantine_id_is_not_found(refused, item_id):
    with pytest.raises(NotFound):
        reads.quarantine_item(item_id)


def test_refused_items_wait_in_quarantine_with_why_and_what_was_sent(forms, people):
    young = item(seed=1)
    young["answers"]["participants"][0]["age"] = 3
    push.push_batch(people[OFFICER], batch({"junk": 1}))
    push.push_batch(people[OFFICER], batch(young))
    first = reads.quarantine_page(limit=1)
    (newest,) = first["items"]
    assert (newest["username"], newest["uuid"], newest["code"]) == (
        OFFICER, young["uuid"], "invalid_answers")
    assert "participants.0.age" in newest["errors"]
    assert newest["payload"] == young
    rest = reads.quarantine_page(first["cursor"])
    assert first["more"] and not rest["more"]
    assert [q["payload"] for q in rest["items"]] == [{"junk": 1}]
