"""The form language version: a definition that uses something of version 2 says
`"language": 2`, and is told exactly where when it does not."""

import dataclasses

import pytest

from forms import definition as definition_module
from forms.definition import (DefinitionError, LANGUAGE_VERSIONS, language_problem,
                              load_definition)
from forms.fieldtypes import FIELD_TYPES
from forms.messages import in_lang


def form(**top) -> dict:
    return {
        "form_id": "village_visit", "version": "1",
        "title": {"th": "เยี่ยมหมู่บ้าน", "en": "Village visit"},
        "fields": [
            {"name": "topic", "type": "text", "label": {"th": "เรื่อง"}},
            {"name": "people", "type": "repeat", "label": {"th": "ผู้เข้าร่วม"},
             "fields": [{"name": "intro", "type": "note", "label": {"th": "แนะนำ"},
                         "hint": {"th": "คำแนะนำ"}}]},
        ],
        **top,
    }


def problems(raw) -> list[str]:
    with pytest.raises(DefinitionError) as err:
        load_definition(raw)
    return err.value.problems


@pytest.fixture
def note_is_v2(monkeypatch):
    """Pretend `note` came with version 2: the checker reads the registry, not a list."""
    monkeypatch.setitem(FIELD_TYPES, "note", dataclasses.replace(FIELD_TYPES["note"], language=2))


def test_a_definition_without_language_is_version_1_and_both_versions_load():
    assert load_definition(form()).language == 1
    for version in LANGUAGE_VERSIONS:
        assert load_definition(form(language=version)).language == version


@pytest.mark.parametrize("value", [0, 3, "2", 2.0, True, None, [2]])
def test_an_unknown_language_is_refused_at_its_key(value):
    assert problems(form(language=value)) == [
        "language: must be one of 1, 2 (the form language versions this server reads)."]


def test_a_v2_type_in_a_version_1_definition_is_refused_at_its_path(note_is_v2):
    assert problems(form()) == [
        'fields[1].fields[0].type: "note" belongs to form language 2; '
        'add "language": 2 to the definition.']
    assert load_definition(form(language=2)).language == 2


def test_a_v2_key_is_one_line_in_the_table(monkeypatch):
    monkeypatch.setitem(definition_module.FIELD_KEY_LANGUAGE, "hint", 2)
    monkeypatch.setitem(definition_module.FORM_KEY_LANGUAGE, "title", 2)
    assert problems(form()) == [
        'fields[1].fields[0].hint: "hint" belongs to form language 2; '
        'add "language": 2 to the definition.',
        'title: "title" belongs to form language 2; add "language": 2 to the definition.',
    ]
    load_definition(form(language=2))


def test_the_problem_is_worded_in_thai_for_a_thai_reader():
    problem = language_problem(1, 2, "fields[0].fields[2].count", "count")
    assert problem == ('fields[0].fields[2].count: "count" belongs to form language 2; '
                       'add "language": 2 to the definition.')
    assert in_lang([problem], "th") == [
        'fields[0].fields[2].count: "count" เป็นของภาษาแบบฟอร์มรุ่น 2 '
        'ให้เพิ่ม "language": 2 ในแบบฟอร์ม']
    assert language_problem(2, 2, "x", "count") is None


def test_publishing_says_it_in_the_readers_language(api, note_is_v2):
    response = api.post("/api/v1/forms", form(), who="admin", headers={"Accept-Language": "th"})
    error = response.get_json()["error"]
    assert (response.status_code, error["code"]) == (422, "invalid_definition")
    assert error["details"]["problems"] == [
        'fields[1].fields[0].type: "note" เป็นของภาษาแบบฟอร์มรุ่น 2 '
        'ให้เพิ่ม "language": 2 ในแบบฟอร์ม']
