"""Request bodies parse to exactly what the standard library would read, only faster."""

import json

from hypothesis import given
from hypothesis import strategies as st

from server.api.body import parse_json

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**80), 2**80)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


def parse(body: bytes):
    return parse_json(body, max_depth=64, max_string_length=100_000)


@given(json_values)
def test_any_json_parses_to_what_the_standard_library_reads(value):
    body = json.dumps(value, ensure_ascii=False).encode("utf-8")
    assert parse(body) == json.loads(body)


def test_an_integer_too_long_for_64_bits_is_kept_exact_not_rounded():
    assert parse(b'{"n": 123456789012345678901234567890}') == {"n": 123456789012345678901234567890}


def test_thai_text_and_escapes_arrive_intact():
    assert parse('{"ชื่อ": "สมชาย\\nใจดี \\u0e01 \\ud83d\\ude00"}'.encode()) == {
        "ชื่อ": "สมชาย\nใจดี ก 😀"}
