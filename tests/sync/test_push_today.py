"""A form's `today` on the server is the day the item was made, in Thailand, not the day it
arrived: an item filled offline yesterday is judged as the phone judged it."""

import uuid

import pytest

from sync import catalog, push
from tests.factories import batch

VISIT = {
    "form_id": "home_visit_today",
    "version": "1",
    "language": 2,
    "title": {"th": "เยี่ยมบ้าน", "en": "Home visit"},
    "fields": [{
        "name": "visit_date", "type": "date", "required": True,
        "label": {"th": "วันที่เยี่ยม", "en": "Visit date"},
        "constraint": {"<=": [{"var": "value"}, {"today": []}]},
        "constraint_message": {"th": "วันที่เยี่ยมต้องไม่เกินวันนี้", "en": "The visit cannot be after today"},
    }],
}


def visit(created_at: str, visit_date: str) -> dict:
    return {"uuid": str(uuid.uuid4()), "form_id": "home_visit_today", "form_version": "1",
            "base_rev": 0, "created_at": created_at, "answers": {"visit_date": visit_date}}


@pytest.mark.parametrize("created_at, visit_date, status", [
    ("2026-11-20T23:30:00+07:00", "2026-11-20", "created"),  # filled on the 20th, Thai time
    ("2026-11-20T17:30:00+00:00", "2026-11-21", "created"),  # 00:30 on the 21st in Thailand
    ("2026-11-19T22:00:00+07:00", "2026-11-20", "rejected"),  # a visit after the day it was filled
])
def test_today_in_a_constraint_is_the_thai_date_of_created_at(people, created_at, visit_date, status):
    catalog.publish_form(VISIT, "admin")
    result = push.push_batch(people["somchai"], batch(visit(created_at, visit_date)))
    [outcome] = result.results
    assert outcome["status"] == status, outcome
    if status == "rejected":
        assert "visit_date" in outcome["errors"]
