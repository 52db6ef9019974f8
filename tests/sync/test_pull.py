"""Pull on SQLite and PostgreSQL: what each user sees, paging, and commit order."""

import threading

import pytest

from forms.bundled import load_bundled
from sync import catalog, changes, pull, push, review
from sync.db import database
from sync.errors import InvalidCursor
from tests.factories import batch, item


def follow(user, cursor=None, limit=100):
    """Every change after `cursor`, following `more`; returns (changes, last cursor)."""
    seen = []
    while True:
        page = pull.pull(user, cursor, limit)
        seen += [("form", f["form_id"], f["status"]) for f in page["forms"]]
        seen += [("review", r["uuid"], r["review_state"]) for r in page["reviews"]]
        cursor = page["cursor"]
        if not page["more"]:
            return seen, cursor


def test_form_publications_and_closings_reach_everyone(forms, people):
    catalog.close_form("km_record", "admin")
    seen, _ = follow(people["somsri"])
    assert seen == [("form", d.form_id, "open") for d in load_bundled()] + [
        ("form", "km_record", "closed")]
    page = pull.pull(people["somsri"])
    assert page["forms"][0].keys() == {"form_id", "version", "hash", "status"}


def test_a_review_reaches_only_the_author(forms, people):
    pushed = item()
    push.push_batch(people["somchai"], batch(pushed))
    _, somchai_at = follow(people["somchai"])
    _, somsri_at = follow(people["somsri"])
    review.review_submission(pushed["uuid"], people["malee"], "has_issues", "อายุผู้เข้าร่วมผิด")
    [decision] = pull.pull(people["somchai"], somchai_at)["reviews"]
    assert decision == {**decision, "uuid": pushed["uuid"], "rev": 1,
                        "review_state": "has_issues", "comment": "อายุผู้เข้าร่วมผิด",
                        "reviewer": "malee"}
    assert pull.pull(people["somsri"], somsri_at)["reviews"] == []


def test_following_the_cursor_in_small_pages_never_skips_or_repeats(forms, people):
    pushed = [item(seed=i) for i in range(5)]
    push.push_batch(people["somchai"], batch(*pushed))
    for state, p in zip(["approved", "rejected", "has_issues", "approved", "received"], pushed):
        review.review_submission(p["uuid"], people["malee"], state, "เหตุผล")
    everything, _ = follow(people["somchai"], limit=1000)
    paged, cursor = follow(people["somchai"], limit=2)
    assert paged == everything and len(everything) == len(load_bundled()) + 5
    assert follow(people["somchai"], cursor) == ([], cursor)  # an empty page keeps the cursor


def test_a_cursor_the_server_did_not_issue_is_refused(store, people):
    for cursor in ("garbage", "WyJzdWJtaXNzaW9ucyIsIngiLDFd", "e30"):
        with pytest.raises(InvalidCursor):
            pull.pull(people["somchai"], cursor)


def test_writers_committing_out_of_order_never_make_a_reader_skip(store, people):
    """A starts a change and holds its transaction; B starts another and tries to commit
    first. Were B's change visible before A's, a reader would move its cursor past A's
    sequence number and never see A. The change-log lock makes B wait for A."""
    a_appended, a_may_commit, b_done = threading.Event(), threading.Event(), threading.Event()
    errors = []

    def writer(name, before=None, after=None, done=None):
        try:
            if before:
                before.wait(10)
            with database.atomic():
                changes.append("form", {"form_id": name, "version": "1", "hash": "h",
                                        "status": "open"})
                if after:
                    after.set()
                    a_may_commit.wait(10)
        except Exception as exc:  # noqa: BLE001  (any failure in the thread fails the test)
            errors.append(exc)
        finally:
            database.close()
            if done:
                done.set()

    a = threading.Thread(target=writer, args=("a",), kwargs={"after": a_appended})
    b = threading.Thread(target=writer, args=("b",),
                         kwargs={"before": a_appended, "done": b_done})
    a.start()
    b.start()
    seen, cursor = [], None

    def read():
        nonlocal cursor
        page = pull.pull(people["somchai"], cursor)
        seen.extend(f["form_id"] for f in page["forms"])
        cursor = page["cursor"]

    a_appended.wait(10)
    assert not b_done.wait(0.5), "B committed while A's earlier change was uncommitted"
    read()
    a_may_commit.set()
    a.join(10)
    read()
    b.join(10)
    read()
    assert not errors
    assert seen == ["a", "b"]


def test_an_empty_log_gives_an_empty_last_page_whose_cursor_works(store, people):
    page = pull.pull(people["somchai"])
    assert (page["forms"], page["reviews"], page["more"]) == ([], [], False)
    catalog.publish_bundled("admin")
    assert len(pull.pull(people["somchai"], page["cursor"])["forms"]) == len(load_bundled())
