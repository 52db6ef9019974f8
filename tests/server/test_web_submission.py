"""One submission's page: answers under the labels of the exact form version, revisions with
what changed, conflicts beside the current revision, and the facts of its sync."""

import copy
import html
import re

import pytest

from forms.bundled import bundled
from sync import catalog
from sync.db import database
from tests.conftest import SUPERVISOR, only_sqlite
from tests.factories import push, samples

pytestmark = only_sqlite  # pages, not queries: the listing tests cover both databases


@pytest.fixture
def supervisor(client, auth):
    auth.sign_in(SUPERVISOR)
    return client


def page(client, uuid, lang="th") -> str:
    response = client.get(f"/submissions/{uuid}?lang={lang}")
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def answer(text: str, path: str) -> str:
    """The shown value of the answer at `path`."""
    match = re.search(rf'data-path="{re.escape(path)}">\s*<div class="q">(.*?)</div>\s*'
                      r'<div class="a">(.*?)</div>', text, re.S)
    assert match, f"no answer shown for {path}"
    return match.group(2).strip()


def label(text: str, path: str) -> str:
    match = re.search(rf'data-path="{re.escape(path)}">\s*<div class="q">(.*?)</div>', text, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def desserts(**extra) -> dict:
    (answers,) = samples("training_attendance", 1, seed=4)
    answers.update({"activity": "thai_desserts", "desserts": ["thong_yip", "khao_tu"],
                    "venue": "ศาลาประชาคมหมู่ 3", "date": "2012-06-25", **extra})
    return answers


def test_answers_show_labels_choice_labels_local_dates_tables_and_computed_marks(supervisor):
    (uuid,) = push("somchai", "training_attendance", [desserts()])
    thai = page(supervisor, uuid)
    assert label(thai, "venue") == "สถานที่อบรม"
    assert answer(thai, "activity") == "การทำขนมไทยสืบทอดภูมิปัญญาท้องถิ่น"
    assert answer(thai, "desserts") == "ทองหยิบ, ข้าวตู"
    assert answer(thai, "date") == "25 มิถุนายน 2555"
    assert 'class="answer computed" data-path="present_count"' in thai
    assert "คำนวณ" in label(thai, "present_count")
    assert "<h3>ที่ตั้ง</h3>" in thai  # the place group is a section
    assert re.search(r"<h3>รายชื่อผู้เข้ารับการอบรม <span", thai)  # the roster is a table
    english = page(supervisor, uuid, "en")
    assert answer(english, "activity") == "Thai desserts of local wisdom"
    assert answer(english, "date") == "25 June 2012"


def test_labels_come_from_the_version_the_submission_was_made_with(supervisor):
    newer = copy.deepcopy(bundled("training_attendance").raw)
    newer["version"] = "99"
    venue = next(f for f in newer["fields"] if f["name"] == "venue")
    venue["label"] = {"th": "สถานที่จัดฝึกอบรม", "en": "Training venue"}
    with database.connection_context():
        catalog.publish_form(newer)
    (old,) = push("somchai", "training_attendance", [desserts()])
    (current,) = samples("training_attendance", 1, seed=4,
                         version=bundled("training_attendance").version)  # 99 copies it
    (new,) = push("somchai", "training_attendance", [current], form_version="99")
    assert label(page(supervisor, old), "venue") == "สถานที่อบรม"
    assert label(page(supervisor, new), "venue") == "สถานที่จัดฝึกอบรม"


def test_the_history_shows_what_changed_between_revisions(supervisor):
    (uuid,) = push("somchai", "training_attendance", [desserts()])
    push("somchai", "training_attendance", [desserts(venue="วัดโสธรวรารามวรวิหาร")],
         uuids=[uuid], base_rev=1, expect="updated")
    shown = page(supervisor, uuid)
    history = shown[shown.index('id="history"'):]
    row = re.search(r"<tr><td>สถานที่อบรม</td><td class=\"old\">(.*?)</td>"
                    r"<td class=\"new\">(.*?)</td></tr>", history)
    assert row.groups() == ("ศาลาประชาคมหมู่ 3", "วัดโสธรวรารามวรวิหาร")
    assert "ฉบับแรก" in history  # rev 1 has nothing to compare with


def test_a_conflicting_revision_is_shown_beside_the_current_one(supervisor):
    (uuid,) = push("somchai", "training_attendance", [desserts()])
    push("somchai", "training_attendance", [desserts(trainer="นางสมศรี ใจดี")], uuids=[uuid],
         base_rev=1, expect="updated")
    push("somchai", "training_attendance", [desserts(trainer="นายวิชัย ทองดี")], uuids=[uuid],
         base_rev=1, expect="conflict", device="phone-2")
    shown = page(supervisor, uuid)
    conflicts = shown[shown.index('id="conflicts"'):shown.index('id="history"')]
    assert re.search(r"<td>วิทยากร</td><td class=\"old\">นางสมศรี ใจดี</td>"
                     r"<td class=\"new\">นายวิชัย ทองดี</td>", conflicts)
    assert "phone-2" in conflicts


def test_the_sync_facts_name_device_batch_and_clock_skew(supervisor):
    (uuid,) = push("somchai", "km_record", samples("km_record", 1), device="phone-7")
    shown = page(supervisor, uuid)
    facts = shown[shown.index('id="sync"'):]
    assert "phone-7" in facts and "2026-11-20T09:15:00+07:00" in facts
    assert "นาฬิกาอุปกรณ์คลาดเคลื่อน" in facts


def test_an_unknown_submission_is_a_404_page(supervisor):
    response = supervisor.get("/submissions/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
    assert "ไม่พบหน้านี้" in response.get_data(as_text=True)
    assert supervisor.get("/submissions/not-a-uuid").status_code == 404
