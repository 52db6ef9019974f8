"""The listing on SQLite and PostgreSQL: filters, Thai substring search, keyset pages, counts.

Every test runs once per backend (the `app` fixture is parametrised); PostgreSQL is asked
for with `needs`, so CI cannot skip it.
"""

import re
from urllib.parse import urlencode

import pytest

from sync import reads, search
from sync.db import database
from sync.models import Submission
from tests.conftest import SUPERVISOR
from tests.factories import push, samples

SENTENCE = "วันนี้มีการสาธิตการทำขนมเปียกปูนให้เยาวชนในหมู่บ้าน"


def get(client, **params) -> str:
    query = urlencode(params, doseq=True)
    response = client.get("/" + ("?" + query if query else ""))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def catch_up_search_index() -> None:
    with database.connection_context():
        while search.catch_up():
            pass


def newest_first(uuids) -> list[str]:
    """`uuids` in the listing's defined order: time received, then id, newest first."""
    wanted = set(uuids)
    return [r.uuid for r in all_rows() if r.uuid in wanted]


def all_rows():
    with database.connection_context():
        return list(Submission.select().order_by(Submission.received_at.desc(),
                                                  Submission.id.desc()))


def listed_uuids(html: str) -> list[str]:
    """The submission uuids of a listing page, in the order shown."""
    return re.findall(r'name="uuid" value="([0-9a-f-]{36})"', html)


@pytest.fixture
def supervisor(client, auth):
    auth.sign_in(SUPERVISOR)
    return client


class TestListing:
    def test_newest_first_and_filtered_by_form(self, app, supervisor):
        first = push("somchai", "km_record", samples("km_record", 2))
        later = push("somchai", "training_attendance", samples("training_attendance", 3))
        shown = listed_uuids(get(supervisor))
        assert shown == newest_first(later) + newest_first(first)
        assert listed_uuids(get(supervisor, form="training_attendance")) == newest_first(later)

    def test_filters_by_village_state_author_device_dates_and_conflicts(self, app, supervisor):
        here = {"province": "ฉะเชิงเทรา", "district": "เมืองฉะเชิงเทรา", "subdistrict": "โสธร",
                "village_no": 3}
        in_village = push("somchai", "forum_minutes",
                          samples("forum_minutes", 2, place=here, date="2012-06-25"))
        elsewhere = push("somsri", "forum_minutes",
                         samples("forum_minutes", 2, seed=1,
                                 place={**here, "village_no": 4}, date="2013-01-10"),
                         device="phone-9")
        village = {"province": "ฉะเชิงเทรา", "district": "เมืองฉะเชิงเทรา",
                   "subdistrict": "โสธร", "village": "3"}
        assert sorted(listed_uuids(get(supervisor, **village))) == sorted(in_village)
        assert sorted(listed_uuids(get(supervisor, author="somsri"))) == sorted(elsewhere)
        assert sorted(listed_uuids(get(supervisor, device="phone-9"))) == sorted(elsewhere)
        assert sorted(listed_uuids(get(supervisor, **{"from": "2013-01-01"}))) == sorted(elsewhere)
        assert sorted(listed_uuids(get(supervisor, to="2012-12-31"))) == sorted(in_village)
        with database.connection_context():
            Submission.update(review_state="has_issues").where(
                Submission.uuid == in_village[0]).execute()
            Submission.update(has_conflicts=True).where(
                Submission.uuid == elsewhere[1]).execute()
        assert listed_uuids(get(supervisor, state="has_issues", **village)) == [in_village[0]]
        assert listed_uuids(get(supervisor, state=["has_issues", "received"], author="somchai")
                            ) == newest_first(in_village)
        assert listed_uuids(get(supervisor, conflicts="1")) == [elsewhere[1]]

    @pytest.mark.parametrize("indexed", [False, True], ids=["before-indexing", "indexed"])
    def test_search_finds_a_thai_word_inside_a_sentence(self, app, supervisor, indexed):
        (target,) = push("somchai", "training_attendance",
                         samples("training_attendance", 1, seed=7, notes=SENTENCE))
        push("somchai", "km_record", samples("km_record", 6, seed=8))
        if indexed:
            catch_up_search_index()
        # No other filter (the index is walked), one form (the few rows are tested), and
        # sorted by record date (a WHERE clause): every way must find the same rows.
        for view in ({}, {"form": "training_attendance"}, {"sort": "record_date"}):
            for word in ("ขนม", "เปียกปูน", "สาธิตการทำขนม", "ขน"):
                shown = set(listed_uuids(get(supervisor, q=word, **view)))
                expected = {r.uuid for r in all_rows() if word in r.search_text and (
                    r.form_id == view.get("form", r.form_id))}
                assert target in shown, (word, view)
                assert shown == expected, (word, view)
            assert listed_uuids(get(supervisor, q="เปียกปูน", **view)) == [target]

    def test_search_pages_follow_arrival_order_across_the_index_watermark(self, app, supervisor):
        app.config["TAMBON_WEB_PAGE_SIZE"] = 3
        for seed in range(2):
            push("somchai", "km_record", samples("km_record", 4, seed=seed))
        catch_up_search_index()  # the first eight are indexed, the rest wait
        push("somsri", "km_record", samples("km_record", 4, seed=5))
        word = "ขนม"
        expected = [r.uuid for r in all_rows() if word in r.search_text]
        assert len(expected) > 6, "the samples should mention desserts often"
        seen, html = [], get(supervisor, q=word)
        while True:
            seen += listed_uuids(html)
            older = re.search(r'href="([^"]+)" rel="next"', html)
            if not older:
                break
            html = supervisor.get(older.group(1).replace("&amp;", "&")).get_data(as_text=True)
        assert seen == expected

    def test_search_ignores_case_for_english_and_treats_wildcards_as_text(self, app, supervisor):
        rows = samples("km_record", 2, seed=3)
        rows[0]["title"] = "Driving OTOP to be SMEs 100%_done"
        first, _ = push("somchai", "km_record", rows)
        for _ in ("waiting", "indexed"):
            assert listed_uuids(get(supervisor, q="otop to BE")) == [first]
            assert listed_uuids(get(supervisor, q="100%_d")) == [first]
            assert listed_uuids(get(supervisor, q="%")) == [first]
            assert listed_uuids(get(supervisor, q="driving OTOP", form="km_record")) == [first]
            catch_up_search_index()

    @pytest.mark.parametrize("sort", ["received", "record_date"])
    def test_keyset_pages_never_repeat_or_skip_even_while_rows_arrive(self, app, supervisor,
                                                                      sort):
        app.config["TAMBON_WEB_PAGE_SIZE"] = 4
        for seed in range(3):  # three batches, so several rows share a received_at
            push("somchai", "proposal_scoring", samples("proposal_scoring", 5, seed=seed))
        expected = [r.uuid for r in all_rows()] if sort == "received" else [
            r.uuid for r in sorted(all_rows(), key=lambda r: (r.record_date or "", r.id),
                                   reverse=True)]
        seen, html, pages = [], get(supervisor, sort=sort), []
        while True:
            pages.append(html)
            seen += listed_uuids(html)
            if len(pages) == 2:
                back = re.search(r'href="([^"]+)" rel="prev"', html).group(1)
                assert listed_uuids(supervisor.get(back.replace("&amp;", "&")).get_data(
                    as_text=True)) == listed_uuids(pages[0])
                # New rows arriving mid-way must not shift the pages still to come.
                push("somsri", "proposal_scoring", samples("proposal_scoring", 3, seed=9))
            older = re.search(r'href="([^"]+)" rel="next"', html)
            if not older:
                break
            html = supervisor.get(older.group(1).replace("&amp;", "&")).get_data(as_text=True)
        newest = {r.uuid for r in all_rows()} - set(expected)
        assert [u for u in seen if u not in newest] == expected
        assert len(seen) == len(set(seen))

    def test_a_cursor_edited_by_hand_is_refused_with_a_page_that_leads_back_to_the_list(
            self, app, supervisor):
        push("somchai", "km_record", samples("km_record", 1))
        response = supervisor.get("/?after=not-a-cursor&form=km_record")
        assert response.status_code == 400
        assert "เริ่มจากหน้าแรก" in response.get_data(as_text=True)

    def test_counts_are_exact_below_the_cap_and_say_so_above_it(self, app, supervisor):
        push("somchai", "km_record", samples("km_record", 7))
        assert "พบ 7 รายการ" in get(supervisor)
        with database.connection_context():
            assert reads.count(reads.Filters(), cap=5) == (5, True)
            assert reads.count(reads.Filters(form_id="km_record"), cap=7) == (7, False)

    def test_a_search_counts_its_hits_with_its_first_page_as_count_would(
            self, app, supervisor, monkeypatch):
        monkeypatch.setattr(reads, "SEARCH_COUNT_CAP", 3)
        push("somchai", "km_record", samples("km_record", 6, seed=11))
        (target,) = push("somchai", "training_attendance",
                         samples("training_attendance", 1, seed=7, notes=SENTENCE))
        catch_up_search_index()
        seen = set()
        with database.connection_context():
            for view in ({}, {"form_id": "km_record"}, {"sort": "record_date"}):
                for word in ("ขนม", "เปียกปูน", "ขน", "ไม่มีคำนี้แน่นอน"):
                    filters = reads.Filters(text=word, **view)
                    first = reads.page(filters, limit=2)
                    expected = reads.count(filters)
                    assert first.count == expected, (word, view)
                    hits = sum(word in r.search_text and r.form_id == view.get(
                        "form_id", r.form_id) for r in Submission.select())
                    assert expected == ((3, True) if hits > 3 else (hits, False))
                    seen.add(expected[1])
                    if first.next_cursor:  # later pages leave the count to `count`
                        assert reads.page(filters, after=first.next_cursor).count is None
            assert reads.page(reads.Filters(), limit=2).count is None
        assert seen == {True, False}, "both a capped and an exact count should be seen"
        assert "พบ 1 รายการ" in get(supervisor, q="เปียกปูน")


def title_cells(html: str) -> list[str]:
    return re.findall(r'<td class="title"[^>]*>(.*?)</td>', html, re.S)


class TestTitlesAndHits:
    def test_every_row_is_named_by_its_records_title_and_its_form(self, app, supervisor):
        (course,) = samples("training_attendance", 1, seed=2)
        (record,) = samples("km_record", 1, seed=2)
        push("somchai", "training_attendance", [course])
        push("somchai", "km_record", [record])
        later, earlier = title_cells(get(supervisor))
        assert record["title"] in later and course["course_title"] in earlier
        assert "form-name" in later and "form-name" in earlier  # all forms: each says its own

    def test_a_search_hit_shows_the_words_around_it_marked(self, app, supervisor):
        long_notes = ("ช่วงเช้าวิทยากรบรรยายเรื่องประวัติขนมไทยและวัตถุดิบในท้องถิ่น " * 3
                      + SENTENCE + " ช่วงบ่ายแบ่งกลุ่มฝึกปฏิบัติและชิมผลงาน" * 3)
        push("somchai", "training_attendance",
             samples("training_attendance", 1, seed=7, notes=long_notes))
        (cell,) = title_cells(get(supervisor, q="เปียกปูน"))
        hit = re.search(r'<p class="hit">(.*?)</p>', cell, re.S).group(1)
        assert "หมายเหตุ" in hit  # the answer it was found in
        before, after = re.fullmatch(r".*:</span> (.*)<mark>เปียกปูน</mark>(.*)", hit,
                                     re.S).groups()
        assert before.startswith("…") and after.endswith("…")  # cut, not the whole notes
        assert "สาธิตการทำขนม" in before and after.startswith("ให้เยาวชน")
        assert 20 <= len(before) <= 45 and 20 <= len(after) <= 45
        assert not re.match(r"…[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]", before)  # no orphan mark
        assert not re.search(r"[เแโใไ]…$", after)  # nor a vowel without its consonant

    def test_a_hit_in_hostile_text_is_shown_as_text(self, app, supervisor):
        notes = '<img src=x onerror="alert(1)"><b>ขนมครก</b><script>alert(2)</script>'
        push("somchai", "training_attendance",
             samples("training_attendance", 1, seed=5, notes=notes))
        (cell,) = title_cells(get(supervisor, q="ขนมครก"))
        assert "<img" not in cell and "<script" not in cell and "<b>" not in cell
        assert "&lt;b&gt;<mark>ขนมครก</mark>&lt;/b&gt;&lt;script&gt;" in cell

    def test_a_latin_search_is_marked_as_written_whatever_its_case(self, app, supervisor):
        rows = samples("km_record", 1, seed=3)
        rows[0]["title"] = "Driving Xylo-Craft products to markets"
        push("somchai", "km_record", rows)
        (cell,) = title_cells(get(supervisor, q="xylo-craft"))
        # found in the title: the title itself is marked, not repeated as a hit below it
        assert ">Driving <mark>Xylo-Craft</mark> products to markets</a>" in cell
        assert 'class="hit"' not in cell


def test_the_sender_filter_offers_full_names_beside_usernames(app, supervisor):
    push("somchai", "km_record", samples("km_record", 1))
    page = get(supervisor)
    assert re.search(r'<option value="somchai"[^>]*>นายสมชาย รักถิ่น \(somchai\)</option>', page)
