"""The four bundled forms are well formed, bilingual, follow the listing's conventions, and
together exercise every part of the form language, so that tests built on them cover it all."""

import json
import re

import pytest

from forms.bundled import bundled_paths, earlier_paths
from forms.definition import load_definition

PATHS = bundled_paths()
DEFINITIONS = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in PATHS}

# The field types of FORMS.md, written out here so the test reads against the spec itself.
FORMS_MD_TYPES = {
    "text", "textarea", "integer", "decimal", "boolean", "date", "time", "datetime",
    "select_one", "select_multiple", "phone", "geopoint", "group", "repeat", "calculate", "note",
    "image", "signature", "file",  # version 2
}
THAI = re.compile(r"[\u0e00-\u0e7f]")
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def walk(fields):
    """Every field, depth first."""
    for field in fields:
        yield field
        yield from walk(field.get("fields", []))


def every_field():
    return [field for definition in DEFINITIONS.values() for field in walk(definition["fields"])]


def labels(definition):
    """Every label-like value of a definition, with where it is."""
    yield "title", definition["title"]
    for field in walk(definition["fields"]):
        for key in ("label", "hint", "constraint_message"):
            if key in field:
                yield f"{field['name']}.{key}", field[key]
        for choice in field.get("choices", []):
            yield f"{field['name']}.choices.{choice['value']}", choice["label"]


by_form = pytest.mark.parametrize("form_id", sorted(DEFINITIONS))


def test_the_four_forms_of_the_cycle_are_bundled():
    assert set(DEFINITIONS) == {"forum_minutes", "proposal_scoring", "training_attendance", "km_record"}


def version_of(form_id: str, version: str) -> dict:
    """One version of a bundled form: the current one, or one kept in earlier/."""
    if DEFINITIONS[form_id]["version"] == version:
        return DEFINITIONS[form_id]
    (found,) = [json.loads(path.read_text(encoding="utf-8")) for path in earlier_paths()
                if path.stem == f"{form_id}.v{version}"]
    return found


@by_form
def test_each_file_is_named_after_its_form_id_and_every_earlier_version_stays_bundled(form_id):
    assert DEFINITIONS[form_id]["form_id"] == form_id
    current = int(DEFINITIONS[form_id]["version"])
    kept = sorted(int(path.stem.split(".v")[1]) for path in earlier_paths()
                  if path.stem.split(".v")[0] == form_id)
    assert kept == list(range(1, current))
    for version in kept:
        load_definition(version_of(form_id, str(version)))


@by_form
def test_version_2_only_adds_the_summary_to_version_1(form_id):
    earlier, second = version_of(form_id, "1"), version_of(form_id, "2")
    assert "summary" not in earlier and "summary" in second
    assert {**{k: v for k, v in second.items() if k != "summary"}, "version": "1"} == earlier


# What version 3 of these forms added to version 2: the evidence their paper versions carry.
MEDIA_ADDED = {
    "forum_minutes": {"photos"},
    "training_attendance": {"photos", "participants.signature"},
    "km_record": {"photos", "document"},
}


def _without(fields: list, names: set, prefix: str = "") -> list:
    kept = []
    for field in fields:
        path = prefix + field["name"]
        if path in names:
            continue
        if "fields" in field:
            field = {**field, "fields": _without(field["fields"], names, path + ".")}
        kept.append(field)
    return kept


@pytest.mark.parametrize("form_id", sorted(MEDIA_ADDED))
def test_version_3_only_adds_photos_signatures_and_documents_to_version_2(form_id):
    third = version_of(form_id, "3")
    assert third["language"] == 2
    types = {field["type"] for field in walk(third["fields"])}
    assert types & {"image", "signature", "file"}
    stripped = {key: value for key, value in third.items() if key != "language"}
    stripped["fields"] = _without(third["fields"], MEDIA_ADDED[form_id])
    assert {**stripped, "version": "2"} == version_of(form_id, "2")


@by_form
def test_each_summary_places_the_record_by_the_place_group_and_dates_it(form_id):
    summary = load_definition(DEFINITIONS[form_id]).summary
    assert dict(summary.place) == {"province": "place.province", "district": "place.district",
                                   "subdistrict": "place.subdistrict",
                                   "village": "place.village_no"}
    assert summary.date == "date" and summary.columns


@by_form
def test_each_definition_checks_clean_with_the_form_engine(form_id):
    load_definition(DEFINITIONS[form_id])


@by_form
def test_every_label_hint_and_message_is_in_thai_and_english(form_id):
    for where, label in labels(DEFINITIONS[form_id]):
        assert set(label) == {"th", "en"}, where
        assert THAI.search(label["th"]), f"{where}: the Thai text has no Thai in it"
        assert label["en"].strip(), where


@by_form
def test_each_form_has_the_place_group_the_listing_filters_by(form_id):
    place = next(f for f in DEFINITIONS[form_id]["fields"] if f["name"] == "place")
    parts = {f["name"]: f for f in place["fields"]}
    assert place["type"] == "group"
    assert list(parts) == ["province", "district", "subdistrict", "village_no", "village_name"]
    assert parts["province"]["required"] and parts["district"]["required"]
    assert (parts["village_no"]["type"], parts["village_no"]["min"], parts["village_no"]["max"]) == ("integer", 1, 50)


@by_form
def test_each_form_has_a_top_level_date_the_listing_sorts_by(form_id):
    date = next(f for f in DEFINITIONS[form_id]["fields"] if f["name"] == "date")
    assert date["type"] == "date" and date["required"]


@by_form
def test_each_form_shows_or_hides_something_by_relevance(form_id):
    assert any("relevant" in field for field in walk(DEFINITIONS[form_id]["fields"]))


def test_the_forms_together_use_every_field_type_of_the_language():
    assert {field["type"] for field in every_field()} == FORMS_MD_TYPES


def test_the_forms_together_use_every_kind_of_rule():
    used = {key for field in every_field() for key in field}
    assert used >= {"required", "relevant", "constraint", "constraint_message", "min", "max", "min_length",
                    "max_length", "pattern", "choices", "min_items", "max_items", "expr", "default", "hint"}
    assert all("constraint_message" in field for field in every_field() if "constraint" in field)


def test_a_rule_inside_a_repeat_reads_its_own_row():
    assert any('"row.' in json.dumps(field.get("relevant")) for field in every_field())


def test_every_text_answer_has_a_length_limit():
    limits = {"text": 200, "textarea": 5000}
    for field in every_field():
        if field["type"] in limits:
            assert 0 < field.get("max_length", 0) <= limits[field["type"]], f"{field['name']} needs a max_length"


def test_choice_values_are_snake_case_ascii_and_unique_within_their_field():
    for field in every_field():
        values = [choice["value"] for choice in field.get("choices", [])]
        assert len(values) == len(set(values)), field["name"]
        assert all(SNAKE_CASE.match(value) for value in values), values


def test_the_target_of_thirty_participants_is_the_default():
    target = next(f for f in DEFINITIONS["training_attendance"]["fields"] if f["name"] == "target_count")
    assert target["default"] == 30
