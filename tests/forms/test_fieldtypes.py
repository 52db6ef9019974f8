"""The field-type registry: one entry per type, and the checks built from it.

Whether the phone agrees with these checks word for word is tested in Chromium
(tests/browser/test_client_logic.py); here, that the table holds together.
"""

import json
import re

import pytest

from forms import messages, samples
from forms.definition import DefinitionError, load_definition
from forms.fieldtypes import FIELD_TYPES, RULES, answer_check, for_phone
from tests.forms.test_bundled_definitions import FORMS_MD_TYPES

ANSWERABLE = sorted(name for name, entry in FIELD_TYPES.items() if entry.answerable)
CHOICES = [{"value": "yes", "label": {"th": "ใช่"}}, {"value": "no", "label": {"th": "ไม่ใช่"}}]


def field_of(kind: str, **rules) -> dict:
    field = {"name": "x", "type": kind, "label": {"th": "x"}, **rules}
    if "choices" in FIELD_TYPES[kind].definition_keys:
        field.setdefault("choices", CHOICES)
    if "accept" in FIELD_TYPES[kind].definition_keys:
        field.setdefault("accept", ["application/pdf"])
    return field


def test_every_type_of_the_form_language_has_exactly_one_entry():
    assert set(FIELD_TYPES) == FORMS_MD_TYPES


@pytest.mark.parametrize("kind", ANSWERABLE)
def test_each_type_s_example_is_a_valid_answer(kind):
    example = "yes" if FIELD_TYPES[kind].shape == "choice" else FIELD_TYPES[kind].example
    assert answer_check(field_of(kind))(example) is None


@pytest.mark.parametrize("kind", ANSWERABLE)
def test_each_type_s_wrong_type_and_bad_format_samples_are_refused_with_its_own_message(kind):
    entry = FIELD_TYPES[kind]
    check = answer_check(field_of(kind))
    assert check(entry.wrong_type).code == entry.type_code
    if entry.bad_format:
        assert check(entry.bad_format[1]).code == entry.type_code


def test_every_message_code_a_type_gives_is_in_the_one_catalog():
    for entry in FIELD_TYPES.values():
        assert set(entry.codes) <= set(messages.CATALOG), entry.name


def test_a_type_accepts_the_keys_of_its_rules_and_refuses_those_of_other_types():
    assert {"min_length", "max_length", "pattern"} <= FIELD_TYPES["text"].definition_keys
    assert "min_length" not in FIELD_TYPES["integer"].definition_keys
    for entry in FIELD_TYPES.values():
        for rule in entry.rules:
            assert set(RULES[rule].keys) <= entry.definition_keys
    with pytest.raises(DefinitionError, match="A field of type integer does not use \"min_length\""):
        load_definition({"form_id": "typo", "version": "1", "title": {"th": "t"},
                         "fields": [field_of("integer", min_length=2)]})


def test_the_sample_generator_has_a_value_for_every_answerable_type():
    assert set(ANSWERABLE) <= set(samples._BY_TYPE)


def test_the_phone_receives_the_table_as_json_with_patterns_javascript_can_read():
    table = json.loads(json.dumps(for_phone()))
    assert set(table["types"]) == set(FIELD_TYPES)
    for name, entry in table["types"].items():
        assert set(entry["rules"]) <= set(table["rules"]), name
        if entry["pattern"] is not None:
            assert "(?P" not in entry["pattern"] and not re.search(r"\\[AZz]", entry["pattern"])


@pytest.mark.parametrize("number", ["0898-984-499", "089-8984499", "038 511 234", "038-511234"])
def test_phone_numbers_written_as_people_write_them_are_accepted(number):
    assert answer_check(field_of("phone"))(number) is None


@pytest.mark.parametrize("kind, value", [
    ("time", "09:30\n"),  # a trailing newline is not part of a time
    ("time", "๐๙:๓๐"),  # Thai digits: the phone's keyboard gives 0-9, and its check refuses them
    ("phone", "๐๘๙-๘๙๘๔๔๙๙"),
    ("date", "๒๐๑๒-๐๖-๒๕"),
    ("datetime", "2012-06-25T09:15:00+24:00"),  # no such offset
])
def test_patterns_mean_on_the_server_what_they_mean_on_the_phone(kind, value):
    assert answer_check(field_of(kind))(value).code == FIELD_TYPES[kind].type_code


def test_a_field_s_default_is_judged_by_its_type_s_check():
    with pytest.raises(DefinitionError, match=r"fields\[0\]\.default: The default is not a valid answer of this field: Must be a Thai phone number"):
        load_definition({"form_id": "defaults", "version": "1", "title": {"th": "t"},
                         "fields": [field_of("phone", default="12345")]})
