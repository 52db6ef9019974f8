"""Lists and rosters through push, on SQLite and PostgreSQL: the training roster written on
day 1 and ticked on day 2, who wins when two officers change one trainee offline, retired
items, refs, choices outside the filtered list, and fetching only the changes."""

import copy
import json
import uuid as uuidlib

import pytest

from forms.bundled import bundled
from forms.samples import sample_answers
from sync import lists, push
from sync.models import Quarantine, RosterMark, Submission
from tests.factories import batch

pytestmark = pytest.mark.usefixtures("forms")

TRAINEES = "training_trainees"
V3 = bundled("training_attendance").version
HERE = {"province": "24", "district": "2401", "subdistrict": "240112", "village_no": 3}
DAY_1 = "2026-11-20T09:15:00+07:00"


def day_one(seed: int = 1, people: int = 3, **changes) -> dict:
    answers = sample_answers(bundled("training_attendance").raw, seed,
                             repeat_counts={"participants": people})
    answers.update(day_no=1, activity="thai_desserts", place=dict(HERE), date="2026-06-20")
    answers.pop("attendance", None)
    answers["desserts"] = ["thong_yip"]
    for row in answers["participants"]:  # everyone came on day 1
        row["present"] = True
        row.pop("absence_reason", None)
    return {**answers, **changes}


def day_two(first: dict, ticks: list[dict], **changes) -> dict:
    answers = copy.deepcopy(first)
    answers.pop("participants", None)
    answers.update(day_no=2, attendance=ticks, date="2026-06-21", **changes)
    return answers


def entry(answers: dict, uuid: str | None = None, form_id: str = "training_attendance",
          version: str = V3, base_rev: int = 0, created_at: str = DAY_1) -> dict:
    return {"uuid": uuid or str(uuidlib.uuid4()), "form_id": form_id, "form_version": version,
            "base_rev": base_rev, "created_at": created_at, "answers": answers}


def send(user, *entries, lang: str = "en"):
    return push.push_batch(user, batch(*entries), device_label=f"{user.username}-phone",
                           lang=lang).results


def roster() -> dict:
    return {item["value"]: item for item in lists.get_list(TRAINEES)["items"]}


def test_day_1_registers_each_trainee_with_columns_and_a_new_version(people):
    first = entry(day_one(people=3))
    assert [r["status"] for r in send(people["somchai"], first)] == ["created"]
    items = roster()
    assert list(items) == [f"{first['uuid']}.{n}" for n in (1, 2, 3)]
    row = first["answers"]["participants"][0]
    assert items[f"{first['uuid']}.1"]["label"] == {"th": row["full_name"]}
    assert items[f"{first['uuid']}.1"]["activity"] == "thai_desserts"
    assert items[f"{first['uuid']}.1"]["subdistrict"] == "240112"
    assert lists.get_head(TRAINEES).version == 1
    marks = list(RosterMark.select().where(RosterMark.uuid == first["uuid"]))
    assert len(marks) == 3 and {m.record_date for m in marks} == {first["answers"]["date"]}


def test_day_2_ticks_from_the_roster_and_fixes_a_name(people):
    first = entry(day_one(people=3))
    send(people["somchai"], first)
    values = list(roster())
    second = entry(day_two(first["answers"], [
        {"trainee": values[0], "present": True},
        {"trainee": values[1], "present": False, "absence_reason": "ป่วย"},
        {"trainee": values[2], "present": True, "corrected_name": "นางสาวสมใจ ใหม่"}]))
    assert [r["status"] for r in send(people["somchai"], second)] == ["created"]
    assert roster()[values[2]]["label"] == {"th": "นางสาวสมใจ ใหม่"}
    assert roster()[values[0]]["label"]["th"] == first["answers"]["participants"][0]["full_name"]
    people_page = {p["value"]: p for p in lists.roster_people(TRAINEES)}
    assert people_page[values[0]]["attended"] == 2
    assert [s["present"] for s in people_page[values[1]]["sessions"]] == [True, False]
    assert people_page[values[1]]["attended"] == 1
    stored = Submission.get(Submission.uuid == second["uuid"])
    assert json.loads(stored.answers)["present_count"] == 2


def test_a_day_2_row_naming_an_unknown_trainee_is_rejected_with_its_path_and_kept(people):
    first = entry(day_one(people=1))
    send(people["somchai"], first)
    ghost = f"{uuidlib.uuid4()}.1"
    second = entry(day_two(first["answers"], [{"trainee": ghost, "present": True}]))
    [result] = send(people["somchai"], second, lang="th")
    assert (result["status"], result["code"]) == ("rejected", "invalid_answers")
    assert "attendance.0.trainee" in result["errors"]
    assert any("ไม่มีอยู่ในรายการ" in m or "ไม่พบ" in m for m in result["errors"]["attendance.0.trainee"])
    assert Quarantine.select().where(Quarantine.uuid == second["uuid"]).count() == 1
    assert lists.get_head(TRAINEES).version == 1  # nothing of it was applied


def test_day_1_and_day_2_in_one_batch_the_second_sees_the_trainees_of_the_first(people):
    first = entry(day_one(people=2))
    value = f"{first['uuid']}.2"
    second = entry(day_two(first["answers"], [{"trainee": value, "present": True}]))
    assert [r["status"] for r in send(people["somchai"], first, second)] == ["created", "created"]
    assert lists.get_head(TRAINEES).version == 1  # one push, one new version


def test_a_trainee_of_another_place_is_outside_the_filter_and_refused(people):
    first = entry(day_one(people=1))
    send(people["somchai"], first)
    [value] = roster()
    elsewhere = {**HERE, "subdistrict": "240101"}
    second = entry(day_two(first["answers"], [{"trainee": value, "present": True}],
                           place=elsewhere))
    [result] = send(people["somchai"], second)
    assert result["errors"] == {"attendance.0.trainee": [
        f'"{value}" does not fit the other answers (e.g. a district of another province).']}


def test_a_district_outside_its_province_is_refused_in_thai_and_quarantined(people):
    answers = day_one(people=1, place={**HERE, "district": "2501"})  # Prachinburi's district
    [result] = send(people["somchai"], entry(answers), lang="th")
    assert result["status"] == "rejected"
    assert set(result["errors"]) == {"place.district", "place.subdistrict"}
    assert "ไม่ตรงกับคำตอบอื่น" in result["errors"]["place.district"][0]
    assert Quarantine.select().count() == 1


def test_two_officers_changing_one_trainee_offline_end_with_the_same_roster(people):
    """Somchai fixes the name on his day-1 record (an edit); Somsri, offline at the same
    time, ticks the trainee on her day-2 sheet with another spelling. The server applies them
    in the order it stores them: the later wins, and both phones fetching the changes since
    their cursors end with the same roster."""
    first = entry(day_one(people=2))
    send(people["somchai"], first)
    cursor = lists.get_head(TRAINEES).version  # both phones hold the roster at this version
    value = f"{first['uuid']}.1"
    phones = {name: {i["value"]: i for i in lists.get_list(TRAINEES)["items"]}
              for name in ("somchai", "somsri")}

    fixed = copy.deepcopy(first)
    fixed["base_rev"] = 1
    fixed["answers"]["participants"][0]["full_name"] = "นายสมชาย แก้ไขแล้ว"
    phones["somchai"][value]["label"] = {"th": "นายสมชาย แก้ไขแล้ว"}  # applied on his phone
    ticked = entry(day_two(first["answers"], [
        {"trainee": value, "present": True, "corrected_name": "นายสมชาย สะกดใหม่"}]))
    phones["somsri"][value]["label"] = {"th": "นายสมชาย สะกดใหม่"}  # applied on hers

    assert [r["status"] for r in send(people["somchai"], fixed)] == ["updated"]
    assert [r["status"] for r in send(people["somsri"], ticked)] == ["created"]
    for phone in phones.values():  # each phone syncs: only the changes since its cursor
        changes = lists.get_list(TRAINEES, since=cursor)
        assert [i["value"] for i in changes["items"]] == [value]
        phone.update({i["value"]: i for i in changes["items"]})
    assert phones["somchai"] == phones["somsri"] == roster()
    assert roster()[value]["label"] == {"th": "นายสมชาย สะกดใหม่"}  # the last stored wins


def test_the_same_two_changes_stored_the_other_way_round_let_the_other_win(people):
    first = entry(day_one(people=1))
    send(people["somchai"], first)
    value = f"{first['uuid']}.1"
    ticked = entry(day_two(first["answers"], [
        {"trainee": value, "present": True, "corrected_name": "นายสมชาย สะกดใหม่"}]))
    fixed = copy.deepcopy(first)
    fixed["base_rev"] = 1
    fixed["answers"]["participants"][0]["full_name"] = "นายสมชาย แก้ไขแล้ว"
    send(people["somsri"], ticked)
    send(people["somchai"], fixed)
    assert roster()[value]["label"] == {"th": "นายสมชาย แก้ไขแล้ว"}


def test_only_the_changes_come_back_after_ten_more_records(people):
    send(people["somchai"], entry(day_one(seed=1, people=30)))
    cursor = lists.get_head(TRAINEES).version
    for seed in range(2, 12):
        send(people["somsri"], entry(day_one(seed=seed, people=1)))
    changes = lists.get_list(TRAINEES, since=cursor)
    assert len(changes["items"]) == 10 and changes["version"] == cursor + 10
    assert len(lists.get_list(TRAINEES)["items"]) == 40


def fruit_list(*retired: str) -> dict:
    return {"list_id": "crops", "items": [
        {"value": v, "label": {"th": v}, "retired": v in retired} for v in ("rice", "corn")]}


CROP_FORM = {"form_id": "crop_survey", "version": "1", "language": 2,
             "title": {"th": "สำรวจพืช"},
             "fields": [{"name": "crop", "type": "select_one", "choices_from": "crops",
                         "label": {"th": "พืช"}}]}


def test_a_retired_item_is_refused_in_a_new_record_only(people):
    from sync import catalog

    lists.publish_list(fruit_list())
    catalog.publish_form(CROP_FORM)
    kept = entry({"crop": "corn"}, form_id="crop_survey", version="1")
    send(people["somchai"], kept)
    lists.publish_list(fruit_list("corn"))
    retired_at = lists.get_list("crops")  # corn is now retired
    assert [i.get("retired", False) for i in retired_at["items"]] == [False, True]

    fresh = entry({"crop": "corn"}, form_id="crop_survey", version="1",
                  created_at="2099-01-01T00:00:00+07:00")
    [result] = send(people["somchai"], fresh)
    assert result["errors"] == {"crop": ['"corn" is no longer offered (retired); choose another.']}
    made_before = entry({"crop": "corn"}, form_id="crop_survey", version="1",
                        created_at="2020-01-01T00:00:00+07:00")
    assert send(people["somchai"], made_before)[0]["status"] == "created"
    edit = {**kept, "base_rev": 1, "created_at": "2099-01-01T00:00:00+07:00",
            "answers": {"crop": "corn"}}
    edit["answers"] = {"crop": "corn"}
    assert send(people["somchai"], {**edit, "answers": {"crop": "rice"}})[0]["status"] == "updated"
    back = {**kept, "base_rev": 2, "answers": {"crop": "corn"}}
    assert send(people["somchai"], back)[0]["status"] == "updated"  # an edit keeps it


def test_a_ref_names_an_own_record_of_its_form_even_earlier_in_the_same_batch(people):
    forum = sample_answers(bundled("forum_minutes").raw, 3)
    forum_entry = entry(forum, form_id="forum_minutes", version=bundled("forum_minutes").version)
    proposal = sample_answers(bundled("proposal_scoring").raw, 4,
                              records={"forum_minutes": [forum_entry["uuid"]]})
    proposal["forum"] = forum_entry["uuid"]  # optional: the sample may leave it out
    proposal_entry = entry(proposal, form_id="proposal_scoring",
                           version=bundled("proposal_scoring").version)
    assert [r["status"] for r in send(people["somchai"], forum_entry, proposal_entry)] == [
        "created", "created"]

    theirs = entry({**proposal}, form_id="proposal_scoring",
                   version=bundled("proposal_scoring").version)
    [result] = send(people["somsri"], theirs, lang="th")
    assert result["errors"] == {"forum": ["ไม่พบบันทึกแบบฟอร์ม forum_minutes ของท่านที่อ้างถึง"]}
    unknown = entry({**proposal, "forum": str(uuidlib.uuid4())}, form_id="proposal_scoring",
                    version=bundled("proposal_scoring").version)
    assert send(people["somchai"], unknown)[0]["status"] == "rejected"
    wrong_form = entry({**proposal, "forum": proposal_entry["uuid"]}, form_id="proposal_scoring",
                       version=bundled("proposal_scoring").version)
    assert send(people["somchai"], wrong_form)[0]["status"] == "rejected"


def test_an_old_free_text_record_is_listed_under_its_place_code(people):
    from tests.factories import item

    old = item("training_attendance", seed=5, version="1")
    old["answers"]["place"].update(province="จ.ฉะเชิงเทรา", district="เมืองฉะเชิงเทรา",
                                   subdistrict="ต.โสธร")
    typo = item("training_attendance", seed=6, version="1")
    typo["answers"]["place"].update(province="ฉะเชิงเทร", district="เมือง", subdistrict="x")
    send(people["somchai"], old, typo)
    row = Submission.get(Submission.uuid == old["uuid"])
    assert (row.province, row.district, row.subdistrict) == ("24", "2401", "240112")
    assert "โสธร" in row.search_text
    kept = Submission.get(Submission.uuid == typo["uuid"])
    assert (kept.province, kept.district) == ("ฉะเชิงเทร", "เมือง")
    assert json.loads(row.answers)["place"]["province"] == "จ.ฉะเชิงเทรา"  # answers unchanged
