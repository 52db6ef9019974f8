"""XLSForm workbooks into Tambon definitions: what converts, what the converted form accepts
and refuses, and that every thing left behind is listed with its sheet, row and column.

The Thai workbooks are built by tests/data/xlsforms/make_xlsforms.py (the .xlsx files beside
it are its output, for trying the import by hand).
"""

import pytest

from forms.compile import compile_form
from forms.definition import load_definition
from forms.xlsform import convert
from tests.data.xlsforms.make_xlsforms import HOUSEHOLD, PLAIN, UNSUPPORTED, workbook_bytes

TODAY = "2026-11-20"


@pytest.fixture(scope="module")
def household():
    return convert(workbook_bytes(HOUSEHOLD), "household_survey.xlsx")


def valid_household(**changes) -> dict:
    answers = {
        "head_name": "นายสมศักดิ์ ใจดี", "head_age": 52, "visit_date": "2026-11-19",
        "has_land": "yes", "land_rai": 12.5, "crops": ["rice", "other"], "crops_other": "ถั่วเขียว",
        "rice_rai": 8, "place": {"village_no": 7, "gps": {"lat": 13.69, "lon": 101.08}},
        "member_count": 2,
        "members": [{"member_name": "สมหญิง", "member_age": 48},
                    {"member_name": "ต้นกล้า", "member_age": 14, "in_school": "yes"}],
        "phone_no": "0812345678",
    }
    answers.update(changes)
    return answers


def check(definition, answers):
    from forms.jsonlogic import today_is

    with today_is(TODAY):
        return compile_form(definition).validate(answers)


def test_the_household_workbook_converts_to_a_definition_the_form_language_accepts(household):
    definition = load_definition(household.definition)
    assert definition.form_id == "household_survey"
    assert definition.version == "2026112001"
    assert definition.title == {"th": "แบบสำรวจครัวเรือนเกษตรกร"}
    assert household.blocking == []
    assert household.publishable(accept_downgrades=True)
    paths = set(definition.by_path)
    assert {"head_name", "crops", "crops_other", "place.village_no", "place.gps", "members",
            "members.in_school", "members_listed", "age_total", "remark"} <= paths


def test_labels_hints_and_messages_come_from_the_thai_and_english_columns(household):
    head = load_definition(household.definition).by_path["head_name"]
    assert head.get("label") == {"th": "ชื่อหัวหน้าครัวเรือน", "en": "Head of household"}
    assert head.get("hint") == {"th": "ชื่อ นามสกุล"}
    assert head.get("constraint_message") == {"th": "ชื่อต้องยาวอย่างน้อย 3 ตัวอักษร",
                                             "en": "At least 3 characters"}
    assert load_definition(household.definition).by_path["remark"].type == "textarea"


def test_valid_answers_pass_and_the_server_computes_the_calculations(household):
    outcome = check(household.definition, valid_household())
    assert outcome.ok, outcome.errors
    assert outcome.answers["members_listed"] == 2
    assert outcome.answers["age_total"] == 62
    assert outcome.answers["head_age_group"] == "adult"


@pytest.mark.parametrize("changes, path, message", [
    ({"head_age": 12}, "head_age", "Age must be 15 to 120"),
    ({"head_name": "ก"}, "head_name", "At least 3 characters"),
    ({"visit_date": "2026-11-21"}, "visit_date", "The visit cannot be after today"),
    ({"rice_rai": 20}, "rice_rai", "Cannot exceed the whole area"),
    ({"phone_no": "12345"}, "phone_no", "A 10-digit mobile number"),
    ({"members": [{"member_name": "สมหญิง", "member_age": 150}]}, "members.0.member_age", "Not a valid age"),
])
def test_a_constraint_violation_is_refused_at_its_path_with_its_message(household, changes, path, message):
    outcome = check(household.definition, valid_household(**changes))
    assert outcome.errors.get(path) == [message], outcome.errors


def test_relevance_hides_fields_like_the_xlsform_rules(household):
    no_land = valid_household(has_land="no")
    for hidden in ("land_rai", "crops", "crops_other", "rice_rai"):
        no_land.pop(hidden)
    assert check(household.definition, no_land).ok
    outcome = check(household.definition, valid_household(has_land="no"))
    assert set(outcome.errors) == {"land_rai", "crops", "crops_other", "rice_rai"}
    adult_in_school = valid_household(members=[{"member_name": "สมหญิง", "member_age": 48, "in_school": "no"}])
    assert "members.0.in_school" in check(household.definition, adult_in_school).errors


def test_or_other_adds_the_choice_and_a_text_question_shown_only_when_it_is_picked(household):
    crops = load_definition(household.definition).by_path["crops"]
    assert crops.get("choices")[-1]["value"] == "other"
    without_other = valid_household(crops=["rice"])
    assert "crops_other" in check(household.definition, without_other).errors
    without_other.pop("crops_other")
    assert check(household.definition, without_other).ok


def test_required_questions_are_required(household):
    answers = valid_household()
    del answers["head_name"]
    assert check(household.definition, answers).errors == {"head_name": ["Required."]}


# --- what cannot be converted is listed, not dropped ----------------------------------------

EXPECTED_UNSUPPORTED = {  # (sheet, row, column, code, downgrade)
    ("settings", 2, "instance_name", "xlsform_column_ignored", True),
    ("survey", 2, "type", "xlsform_type_unsupported", True),  # start: Tambon records its own times
    ("survey", 4, "type", "xlsform_type_unsupported", False),  # audio
    ("survey", 5, "type", "xlsform_barcode_as_text", True),
    ("survey", 6, "parameters", "xlsform_range_step", True),
    ("survey", 7, "calculation", "xpath_lookup", False),  # instance()
    ("survey", 8, "calculation", "xpath_lookup", False),  # pulldata()
    ("survey", 9, "constraint", "xpath_function", False),  # uuid()
    ("survey", 10, "name", "xlsform_renamed", True),
    ("survey", 10, "appearance", "xlsform_appearance_ignored", True),
    ("survey", 11, "media::image", "xlsform_column_ignored", True),
    ("survey", 12, "read_only", "xlsform_column_ignored", True),
    ("survey", 15, "calculation", "xpath_position", False),
    ("survey", 17, "relevant", "xpath_incomplete", False),
    ("survey", 18, "relevant", "xpath_unknown_field", False),
}


def test_every_unconvertible_thing_is_listed_with_sheet_row_and_column():
    conversion = convert(workbook_bytes(UNSUPPORTED), "unsupported_things.xlsx")
    found = {(p.sheet, p.row, p.column, p.code, p.downgrade) for p in conversion.problems}
    assert found == EXPECTED_UNSUPPORTED
    assert not conversion.publishable(accept_downgrades=True)


def test_every_problem_reads_in_thai_and_english():
    conversion = convert(workbook_bytes(UNSUPPORTED), "unsupported_things.xlsx")
    for problem in conversion.problems:
        assert problem.text["th"] and problem.text["en"] and problem.text["th"] != problem.text["en"]
        assert "{" not in problem.text["en"].replace("${", "")
    lookup = next(p for p in conversion.problems if p.code == "xpath_position")
    assert lookup.where("th") == "ชีต survey, แถว 15, คอลัมน์ calculation"
    assert lookup.where("en") == "sheet survey, row 15, column calculation"


def test_downgrades_block_publishing_until_the_author_accepts_them():
    conversion = convert(workbook_bytes(HOUSEHOLD_WITH_BARCODE), "barcode.xlsx")
    assert [p.code for p in conversion.problems] == ["xlsform_barcode_as_text"]
    assert not conversion.publishable()
    assert conversion.publishable(accept_downgrades=True)


HOUSEHOLD_WITH_BARCODE = {"survey": [["type", "name", "label"], ["barcode", "asset", "รหัสครุภัณฑ์"]]}


def test_a_workbook_without_language_columns_uses_its_labels_as_thai():
    conversion = convert(workbook_bytes(PLAIN), "shop_plain.xlsx")
    assert conversion.problems == []
    definition = load_definition(conversion.definition)
    assert definition.form_id == "shop_plain"
    assert definition.by_path["staff"].get("label") == {"th": "จำนวนพนักงาน", "en": "Staff"}


def test_an_english_only_label_stands_in_for_thai_as_a_listed_downgrade():
    sheets = {"survey": [["type", "name", "label::English (en)"], ["text", "shop", "Shop name"]]}
    conversion = convert(workbook_bytes(sheets), "english.xlsx")
    assert [(p.row, p.column, p.code, p.downgrade) for p in conversion.problems] == [
        (2, "label::English (en)", "xlsform_no_thai", True)]
    assert conversion.definition["fields"][0]["label"] == {"th": "Shop name", "en": "Shop name"}


@pytest.mark.parametrize("data, filename", [
    (b"not a workbook", "form.xlsx"),
    (b"PK\x03\x04 broken zip", "form.xlsx"),
    (b"", "form.xls"),
    (b"whatever", "form.csv"),
])
def test_a_file_that_is_no_workbook_is_one_problem_not_a_crash(data, filename):
    conversion = convert(data, filename)
    assert conversion.definition is None
    assert [p.code for p in conversion.problems] == ["xlsform_unreadable"]


def test_xlsform_structure_mistakes_are_listed_at_their_rows():
    sheets = {"survey": [["type", "name", "label"], ["begin group", "g", "กลุ่ม"],
                         ["text", "a", "ก"], ["end repeat"], ["video", "v", "วิดีโอ"]]}
    conversion = convert(workbook_bytes(sheets), "groups.xlsx")
    found = [(p.row, p.code) for p in conversion.problems]
    assert (4, "xlsform_group_unopened") in found
    assert (2, "xlsform_group_unclosed") in found
    assert (5, "xlsform_type_unsupported") in found


def test_a_choice_value_tambon_cannot_store_is_listed_at_its_choices_row():
    sheets = {"survey": [["type", "name", "label"], ["select_one c", "q", "คำถาม"]],
              "choices": [["list_name", "name", "label"], ["c", "ใช่", "ใช่"], ["c", "no", "ไม่"]]}
    conversion = convert(workbook_bytes(sheets), "choices.xlsx")
    assert [(p.sheet, p.row, p.column, p.code) for p in conversion.problems] == [
        ("choices", 2, "name", "xlsform_choice_value")]


def test_a_cell_a_question_type_does_not_use_is_listed_not_lost():
    sheets = {"survey": [["type", "name", "label", "required", "constraint_message::Thai (th)"],
                         ["note", "n", "ข้อความ", "yes"],
                         ["text", "t", "ข้อความ", "", "ข้อความเตือน"]]}
    conversion = convert(workbook_bytes(sheets), "cells.xlsx")
    assert [(p.row, p.column, p.code) for p in conversion.problems] == [
        (2, "required", "xlsform_column_ignored"),
        (3, "constraint_message::Thai (th)", "xlsform_constraint_message_alone"),
    ]


def test_what_the_form_language_refuses_in_the_result_is_worded_by_the_definition_check():
    from forms.xlsform import _Converter

    converter = _Converter({}, "x.xlsx", None)
    converter.check({"form_id": "ab", "version": "1", "title": {"th": "ท"}, "fields": [
        {"name": "a", "type": "integer", "label": {"th": "ก"}, "min": 5, "max": 1, "_row": 5}]})
    [problem] = converter.problems
    assert (problem.code, problem.sheet, problem.row, problem.downgrade) == (
        "xlsform_definition", "survey", 5, False)
    assert "fields[0].min" in problem.text["th"] and "มากกว่า" in problem.text["th"]
    assert "is greater than max" in problem.text["en"]


def test_a_choice_named_twice_and_a_choices_column_nothing_reads_are_listed():
    sheets = {"survey": [["type", "name", "label"], ["select_one c", "q", "คำถาม"]],
              "choices": [["list_name", "name", "label", "season"], ["c", "rice", "ข้าว", "ฝน"],
                          ["c", "rice", "ข้าวอีกครั้ง"], ["c", "corn", "ข้าวโพด"]]}
    conversion = convert(workbook_bytes(sheets), "choices.xlsx")
    assert [(p.sheet, p.row, p.column, p.code, p.downgrade) for p in conversion.problems] == [
        ("choices", None, "season", "xlsform_choice_column_ignored", True),
        ("choices", 3, "name", "xlsform_choice_duplicate", False)]


def test_a_label_that_shows_another_answer_is_a_listed_downgrade():
    sheets = {"survey": [["type", "name", "label"], ["text", "name", "ชื่อ"],
                         ["note", "hello", "สวัสดี ${name}"]]}
    conversion = convert(workbook_bytes(sheets), "hello.xlsx")
    [problem] = conversion.problems
    assert (problem.row, problem.column, problem.code, problem.downgrade) == (
        3, "label", "xlsform_label_reference", True)
    assert "${name}" in problem.text["th"]
    assert conversion.rows == {"fields[0]": 2, "fields[1]": 3}


MEDIA = {"survey": [["type", "name", "label", "appearance", "body::accept"],
                    ["image", "photo", "รูปถ่ายกิจกรรม"],
                    ["image", "chair_sign", "ลายมือชื่อประธาน", "signature"],
                    ["file", "minutes", "รายงานการประชุม", "", ".pdf, .docx"],
                    ["file", "anything", "เอกสารอื่น"],
                    ["file", "program", "โปรแกรม", "", ".exe, application/pdf"],
                    ["begin repeat", "attendees", "ผู้เข้าร่วม"],
                    ["text", "attendee", "ชื่อ"],
                    ["image", "attendee_sign", "ลายมือชื่อ", "signature"],
                    ["end repeat"]]}


def test_photos_signatures_and_files_become_media_fields():
    conversion = convert(workbook_bytes(MEDIA), "meeting.xlsx")
    definition = load_definition(conversion.definition)
    assert definition.raw["language"] == 2
    types = {path: spec.type for path, spec in definition.by_path.items()}
    assert types == {"photo": "image", "chair_sign": "signature", "minutes": "file",
                     "anything": "file", "program": "file", "attendees": "repeat",
                     "attendees.attendee": "text", "attendees.attendee_sign": "signature"}
    assert definition.by_path["minutes"].get("accept") == [
        "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]
    assert definition.by_path["program"].get("accept") == ["application/pdf"]
    assert [(p.row, p.column, p.code, p.downgrade) for p in conversion.problems] == [
        (5, "type", "xlsform_file_any", True),
        (6, "body::accept", "xlsform_file_type_unknown", True)]
