"""The canonical encoding decides sameness: stable under key order, spacing and 1 vs 1.0."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.canonical import canonical_bytes, canonical_json, content_hash, escaped_json_text

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_hash_is_stable_whatever_spacing_and_key_order_it_arrived_with(value):
    spaced = json.loads(json.dumps(value, indent=3, sort_keys=False))
    reordered = json.loads(json.dumps(value, sort_keys=True))
    assert content_hash(spaced) == content_hash(reordered) == content_hash(value)


@given(json_values)
def test_canonical_json_round_trips(value):
    again = json.loads(canonical_json(value))
    assert canonical_json(again) == canonical_json(value)


def test_integral_floats_encode_as_integers():
    assert canonical_json({"b": 30.0, "a": [1e0, 2.5]}) == b'{"a":[1,2.5],"b":30}'


def test_thai_stays_thai_in_utf8():
    encoded = canonical_json({"ชื่อ": "สมชาย ใจดี"})
    assert encoded.decode("utf-8") == '{"ชื่อ":"สมชาย ใจดี"}'


def test_nan_and_infinity_are_refused():
    with pytest.raises(ValueError):
        canonical_json({"x": float("nan")})
    with pytest.raises(ValueError):
        canonical_json([float("inf")])


def test_hash_has_the_sha256_prefix():
    assert content_hash({}).startswith("sha256:") and len(content_hash({})) == 7 + 64


@given(st.recursive(
    st.none() | st.booleans() | st.integers(-(2**80), 2**80)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text()
    | st.integers(-(2**60), 2**60).map(float),  # integral floats, on both sides of 2**53
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
))
def test_the_fast_canonical_encoding_is_byte_for_byte_the_canonical_json_of_forms(value):
    assert canonical_bytes(value) == canonical_json(value)


def test_the_fast_canonical_encoding_refuses_nan_like_the_reference():
    with pytest.raises(ValueError):
        canonical_bytes({"a": [1, float("nan")]})
    with pytest.raises(ValueError):
        canonical_bytes({"a": [12.0, float("inf")]})


def test_integral_floats_are_written_as_ints_without_changing_what_was_sent():
    sent = {"location": {"lat": 14.35, "accuracy": 12.0}, "rows": [{"age": 30.0}, {"age": 7}]}
    kept = json.loads(json.dumps(sent))
    assert canonical_bytes(sent) == (
        b'{"location":{"accuracy":12,"lat":14.35},"rows":[{"age":30},{"age":7}]}')
    assert sent == kept and type(sent["location"]["accuracy"]) is float


ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=6)  # surrogates too


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ANY_TEXT,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(ANY_TEXT, children, max_size=4),
    max_leaves=20,
))
def test_escaped_json_text_keeps_any_value_as_utf8_text_that_reads_back_the_same(value):
    text = escaped_json_text(value)
    text.encode("utf-8")  # storable: no lone surrogate left in it
    assert json.loads(text) == value


def test_a_lone_surrogate_is_kept_as_its_json_escape():
    assert escaped_json_text({"a\ud800": "x\udfffy"}) == '{"a\\ud800":"x\\udfffy"}'
