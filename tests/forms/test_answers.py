"""Answers are validated exactly as FORMS.md says, with errors at dotted paths."""

import copy

import pytest

from forms.compile import compile_form
from tests.forms.test_definition import base


@pytest.fixture(scope="module")
def form():
    return compile_form(base())


def valid():
    return {
        "visit_date": "2026-11-20",
        "village_no": 3,
        "topic": "otop",
        "people": [
            {"full_name": "นางสาวมาลี ศรีสุข", "age": 24, "present": True},
            {"full_name": "นายสมชาย ใจดี", "age": 15, "present": False},
        ],
    }


def test_valid_answers_pass_and_calculations_are_added(form):
    outcome = form.validate(valid())
    assert outcome.ok, outcome.errors
    assert outcome.answers["present_count"] == 1
    assert [row["adult"] for row in outcome.answers["people"]] == [True, False]


def test_thai_text_comes_back_unchanged(form):
    outcome = form.validate(valid())
    assert outcome.answers["people"][0]["full_name"] == "นางสาวมาลี ศรีสุข"


def test_a_client_sent_calculation_is_replaced_not_trusted(form):
    answers = valid()
    answers["present_count"] = 99
    answers["people"][0]["adult"] = "yes"
    outcome = form.validate(answers)
    assert outcome.ok
    assert outcome.answers["present_count"] == 1
    assert outcome.answers["people"][0]["adult"] is True


def test_an_error_inside_a_repeat_is_reported_at_its_row_path(form):
    answers = valid()
    answers["people"][1]["age"] = "fifteen"
    assert form.validate(answers).errors == {"people.1.age": ["Must be a whole number."]}


def test_a_constraint_failure_carries_the_definition_message_in_both_languages(form):
    answers = valid()
    answers["people"][1]["age"] = 5
    outcome = form.validate(answers)
    assert outcome.errors == {"people.1.age": ["Age must be 7 or more."]}
    assert outcome.errors_in("th") == {"people.1.age": ["อายุต้องไม่น้อยกว่า 7 ปี"]}


def test_required_is_enforced_and_reported_in_thai(form):
    answers = valid()
    del answers["visit_date"]
    answers["people"][0]["full_name"] = "   "
    outcome = form.validate(answers)
    assert set(outcome.errors) == {"visit_date", "people.0.full_name"}
    assert outcome.errors_in("th")["visit_date"] == ["ต้องกรอกข้อนี้"]


def test_a_field_that_does_not_apply_must_be_absent(form):
    answers = valid()
    answers["fund_name"] = "กองทุนหมู่บ้าน"
    assert list(form.validate(answers).errors) == ["fund_name"]
    answers["topic"] = "fund"
    assert form.validate(answers).ok


def test_unknown_keys_are_errors_at_every_level(form):
    answers = valid()
    answers["colour"] = "red"
    answers["people"][0]["nickname"] = "ต้น"
    assert set(form.validate(answers).errors) == {"colour", "people.0.nickname"}


def test_bounds_lengths_choices_and_item_counts(form):
    answers = valid()
    answers["village_no"] = 51
    answers["visit_date"] = "2019-12-31"
    answers["topic"] = "road"
    answers["people"] = []
    errors = form.validate(answers).errors
    assert errors["village_no"] == ["Must be between 1 and 50."]
    assert errors["visit_date"] == ["Must be at least 2020-01-01."]
    assert errors["topic"] == ["Must be one of: otop, fund."]
    assert errors["people"] == ["Must have 1 to 100 items."]


def test_every_problem_is_reported_at_once(form):
    answers = valid()
    answers["village_no"] = True
    answers["people"][0]["age"] = 3
    answers["people"][1]["present"] = "yes"
    assert set(form.validate(answers).errors) == {"village_no", "people.0.age", "people.1.present"}


def test_an_impossible_date_is_refused(form):
    answers = valid()
    answers["visit_date"] = "2026-02-30"
    assert form.validate(answers).errors == {"visit_date": ["Must be a date written YYYY-MM-DD."]}


def test_text_length_counts_thai_marks_as_characters():
    definition = copy.deepcopy(base())
    definition["fields"][3]["max_length"] = 4
    form = compile_form(definition)
    answers = valid() | {"topic": "fund"}
    answers["fund_name"] = "น้ำ"  # three code points: น, ้, ำ
    assert form.validate(answers).ok
    answers["fund_name"] = "น้ำใจ"  # five code points
    assert form.validate(answers).errors == {"fund_name": ["Must be at most 4 characters long."]}


def test_a_form_is_compiled_once_per_definition_hash():
    assert compile_form(base()) is compile_form(copy.deepcopy(base()))


def test_answers_that_are_not_an_object_are_refused(form):
    assert not form.validate(["not", "an", "object"]).ok


def test_null_counts_as_no_answer(form):
    answers = valid() | {"village_no": None}
    outcome = form.validate(answers)
    assert outcome.ok and "village_no" not in outcome.answers


def test_a_calculation_without_a_number_is_stored_as_null():
    definition = copy.deepcopy(base())
    definition["fields"][5]["expr"] = {"/": [1, {"var": "village_no"}]}
    del definition["fields"][1]["min"]
    form = compile_form(definition)
    assert form.validate(valid() | {"village_no": 4}).answers["present_count"] == 0.25
    outcome = form.validate(valid() | {"village_no": 0})  # 1/0 is Infinity: no JSON number
    assert outcome.ok and outcome.answers["present_count"] is None
