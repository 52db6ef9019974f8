"""The canonical encoding decides sameness: stable under key order, spacing and 1 vs 1.0."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.canonical import canonical_json, content_hash

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
