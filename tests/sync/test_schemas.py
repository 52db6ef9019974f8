"""The push item loader's shortcut answers exactly as the schema it stands in for."""

import uuid as uuidlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

from sync.schemas import PushItemSchema, load_push_item, normal_uuid

SCHEMA = PushItemSchema()
GOOD = {
    "uuid": "0b6a1c5e-3c1f-4d1e-9a57-2f0e0c7c1d2a",
    "form_id": "training_attendance",
    "form_version": "1",
    "base_rev": 0,
    "created_at": "2026-11-20T09:15:00+07:00",
    "answers": {"course_title": "ขนมไทย"},
}

# Values near every edge the schema draws: types it refuses or converts, lengths, ranges.
ODD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-3, max_value=3), st.floats(0, 2),
    st.just(2**70), st.text(max_size=3), st.text(min_size=64, max_size=66),
    st.binary(max_size=4), st.just({}), st.just([]), st.just({"a": 1}),
    st.sampled_from([
        "2026-11-20T09:15:00+07:00", "2026-11-20T09:15:00", "2026-11-20", "yesterday",
        "0B6A1C5E-3C1F-4D1E-9A57-2F0E0C7C1D2A", "{0b6a1c5e-3c1f-4d1e-9a57-2f0e0c7c1d2a}",
        "0b6a1c5e3c1f4d1e9a572f0e0c7c1d2a", "0b6a1c5e-3c1f-4d1e-9a57-2f0e0c7c1d2",
        "urn:uuid:0b6a1c5e-3c1f-4d1e-9a57-2f0e0c7c1d2a", "x" * 64, "",
    ]),
)
DROP = object()
# A good item with one or two keys dropped or given an odd value, or a key too many: the
# shortcut must refuse to vouch for any single flaw, so flaws come alone as often as not.
ITEMS = st.dictionaries(
    st.sampled_from([*GOOD, "extra"]), st.one_of(st.just(DROP), ODD_VALUES), max_size=2,
).map(lambda changes: {key: value for key, value in {**GOOD, **changes}.items()
                       if value is not DROP})


def schema_answer(raw):
    try:
        return "loaded", SCHEMA.load(raw)
    except ValidationError as err:
        return "refused", err.messages


def loader_answer(raw):
    try:
        return "loaded", load_push_item(raw)
    except ValidationError as err:
        return "refused", err.messages


@settings(max_examples=1000, deadline=None)
@given(ITEMS)
def test_shortcut_loads_and_refuses_exactly_as_the_schema(raw):
    assert loader_answer(raw) == schema_answer(raw)


@pytest.mark.parametrize("raw", [
    None, [], "item", 7, {}, GOOD, {**GOOD, "base_rev": -1}, {**GOOD, "base_rev": True},
    {**GOOD, "base_rev": 1.0}, {**GOOD, "form_id": ""}, {**GOOD, "form_version": "v" * 65},
    {**GOOD, "created_at": "2026-11-20T09:15:00"}, {**GOOD, "answers": []},
    {**GOOD, "uuid": GOOD["uuid"].upper()}, {**GOOD, "uuid": None}, {**GOOD, "note": ""},
])
def test_edges_load_and_refuse_exactly_as_the_schema(raw):
    assert loader_answer(raw) == schema_answer(raw)


def test_well_formed_item_is_loaded_with_a_fresh_answers_object():
    loaded = load_push_item(GOOD)
    assert loaded == {**GOOD}
    assert loaded["answers"] is not GOOD["answers"]


@given(st.uuids())
def test_normal_uuid_is_the_lower_hyphenated_form_however_written(value):
    expected = str(value)
    for written in (str(value), str(value).upper(), value.hex, f"{{{value}}}", value.urn):
        assert normal_uuid(written) == expected
    assert uuidlib.UUID(normal_uuid(str(value))) == value
