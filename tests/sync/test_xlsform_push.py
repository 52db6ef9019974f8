"""A form imported from an XLSForm, published and filled: the server keeps the workbook's
rules (on SQLite and PostgreSQL)."""

import json
import uuid

import pytest

from forms.xlsform import convert
from sync import catalog, push
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
