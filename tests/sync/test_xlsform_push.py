"""A form imported from an XLSForm, published and filled: the server keeps the workbook's
rules (on SQLite and PostgreSQL)."""

import json
import uuid

import pytest

from forms.xlsform import convert
from sync import catalog, lists, push
from sync.models import Submission
from tests.data.xlsforms.make_xlsforms import HOUSEHOLD, workbook_bytes
from tests.factories import batch
from tests.forms.test_xlsform import valid_household


@pytest.fixture
def household(store):
    conversion = convert(workbook_bytes(HOUSEHOLD), "household_survey.xlsx")
    assert conversion.publishable(accept_downgrades=True)
    catalog.publish_form(conversion.definition, "admin")
    return conversion.definition


def filled(answers: dict) -> dict:
    return {"uuid": str(uuid.uuid4()), "form_id": "household_survey", "form_version": "2026112001",
            "base_rev": 0, "created_at": "2026-11-20T10:00:00+07:00", "answers": answers}


def test_valid_answers_are_created_with_the_server_s_calculations(people, household):
    sent = filled(valid_household())
    [outcome] = push.push_batch(people["somchai"], batch(sent)).results
    assert outcome["status"] == "created", outcome
    stored = json.loads(Submission.get(Submission.uuid == sent["uuid"]).answers)
    assert (stored["members_listed"], stored["age_total"]) == (2, 62)


def test_a_constraint_violation_is_rejected_with_its_path_and_message(people, household):
    sent = filled(valid_household(members=[{"member_name": "สมหญิง", "member_age": 150}],
                                  visit_date="2026-11-21"))
    [outcome] = push.push_batch(people["somchai"], batch(sent)).results
    assert outcome["status"] == "rejected"
    assert outcome["errors"]["members.0.member_age"] == ["Not a valid age"]
    assert outcome["errors"]["visit_date"] == ["The visit cannot be after today"]


def test_an_answer_to_a_question_its_relevance_hides_is_rejected(people, household):
    sent = filled(valid_household(has_land="no", crops=None, crops_other=None, rice_rai=None))
    [outcome] = push.push_batch(people["somchai"], batch(sent)).results
    assert outcome["status"] == "rejected"
    assert set(outcome["errors"]) == {"land_rai"}


def test_the_repeat_count_holds_the_rows_to_the_number_asked(people, household):
    members = next(f for f in household["fields"] if f["name"] == "members")
    assert members["count"] == {"var": "member_count"}
    sent = filled(valid_household(member_count=3))  # three members said, two listed
    [outcome] = push.push_batch(people["somchai"], batch(sent)).results
    assert outcome["status"] == "rejected"
    assert list(outcome["errors"]) == ["members"]


CASCADE = {
    "survey": [["type", "name", "label", "choice_filter"],
               ["select_one region", "region", "ภาค"],
               ["select_one crop", "crop", "พืชหลัก", "region = ${region}"],
               ["select_one_from_file th_provinces.csv", "province", "จังหวัด"]],
    "choices": [["list_name", "name", "label", "region"],
                ["region", "north", "เหนือ"], ["region", "south", "ใต้"],
                ["crop", "longan", "ลำไย", "north"], ["crop", "rubber", "ยางพารา", "south"]],
    "settings": [["form_id", "version"], ["crop_cascade", "1"]],
}


def test_a_choice_filter_offers_and_accepts_only_the_choices_of_the_picked_region(people, store):
    lists.publish_bundled_lists()  # the Thai places
    conversion = convert(workbook_bytes(CASCADE), "crop_cascade.xlsx",
                         lists={s["list_id"] for s in lists.list_summaries()})
    assert conversion.problems == []
    crop = conversion.definition["fields"][1]
    assert crop["choice_filter"] == {"==": [{"var": "item.region"}, {"var": "region"}]}
    assert crop["choices"][0] == {"value": "longan", "label": {"th": "ลำไย"}, "region": "north"}
    catalog.publish_form(conversion.definition, "admin")
    assert conversion.definition["fields"][2]["choices_from"] == "th_provinces"
    province = lists.get_list("th_provinces")["items"][0]["value"]

    def send(answers):
        sent = {**filled(answers), "form_id": "crop_cascade", "form_version": "1"}
        return push.push_batch(people["somchai"], batch(sent)).results[0]

    assert send({"region": "north", "crop": "longan", "province": province})["status"] == "created"
    refused = send({"region": "north", "crop": "rubber", "province": province})
    assert refused["status"] == "rejected" and list(refused["errors"]) == ["crop"]


def test_a_list_the_server_does_not_have_is_a_problem_at_its_row(store):
    conversion = convert(workbook_bytes(CASCADE), "crop_cascade.xlsx", lists=set())
    [problem] = conversion.problems
    assert (problem.row, problem.column, problem.code, problem.downgrade) == (
        4, "type", "xlsform_list_unknown", False)
