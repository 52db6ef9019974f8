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
    # version 2
    "image", "signature", "file", "thai_id", "ref",
}
EARLIER = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in earlier_paths()}
THAI = re.compile(r"[\u0e00-\u0e7f]")
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def walk(fields):
    """Every field, depth first."""
    for field in fields:
        yield field
        yield from walk(field.get("fields", []))


def every_field():
    """Every field of every bundled definition, the earlier versions' included."""
    return [field for definition in [*DEFINITIONS.values(), *EARLIER.values()]
            for field in walk(definition["fields"])]


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


# The current version of each form.
CURRENT = {"forum_minutes": "4", "training_attendance": "4", "km_record": "4",
           "proposal_scoring": "3"}


@by_form
def test_each_file_is_named_after_its_form_id_and_every_earlier_version_stays_bundled(form_id):
    assert DEFINITIONS[form_id]["form_id"] == form_id
    assert (DEFINITIONS[form_id]["version"], DEFINITIONS[form_id]["language"]) == (
        CURRENT[form_id], 2)
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


# What version 3 changed besides the place group: fields replaced or added, by form.
V3_CHANGES = {
    "training_attendance": ({"participants", "present_count"}, {"attendance"}),
    "proposal_scoring": ({"forum_uuid"}, {"forum"}),
}


@by_form
def test_version_3_picks_places_by_code_from_lists_and_changes_nothing_else(form_id):
    second, third = version_of(form_id, "2"), version_of(form_id, "3")
    replaced, added = V3_CHANGES.get(form_id, (set(), set()))
    changed = replaced | added | {"place"}
    kept = lambda d: [f for f in d["fields"] if f["name"] not in changed]  # noqa: E731
    assert kept(second) == kept(third)
    assert {k: v for k, v in third.items() if k not in ("fields", "version", "language")} == {
        k: v for k, v in second.items() if k not in ("fields", "version")}
    place = {f["name"]: f for f in next(f for f in third["fields"] if f["name"] == "place")["fields"]}
    assert [place[n]["choices_from"] for n in ("province", "district", "subdistrict")] == [
        "th_provinces", "th_districts", "th_subdistricts"]
    assert place["district"]["choice_filter"] == {
        "==": [{"var": "item.province"}, {"var": "place.province"}]}
    assert place["subdistrict"]["choice_filter"] == {
        "==": [{"var": "item.district"}, {"var": "place.district"}]}


# What version 4 of these forms added to version 3: the evidence their paper versions carry.
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
def test_version_4_only_adds_photos_signatures_and_documents_to_version_3(form_id):
    fourth = version_of(form_id, "4")
    types = {field["type"] for field in walk(fourth["fields"])}
    assert types & {"image", "signature", "file"}
    stripped = dict(fourth, fields=_without(fourth["fields"], MEDIA_ADDED[form_id]))
    assert {**stripped, "version": "3"} == version_of(form_id, "3")


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
