"""Canonical JSON and content hashes.

One encoding decides when two documents are "the same": a definition republished with other
key order or spacing, or a submission re-sent by a phone. Keys sorted, no insignificant
whitespace, UTF-8 (Thai stays Thai, not \\u escapes), and numbers normalised so that 1, 1.0
and 1e0 encode alike. NaN and Infinity have no JSON form and are refused.

`canonical_json` is the reference; `canonical_bytes` writes the same bytes four times faster
for the answers phones send (push encodes every item), and `escaped_json_text` writes any
value at all, lone surrogates included, as text a database can keep.
"""

import hashlib
import json
import math
import re

import orjson

__all__ = [
    "any_float",
    "canonical_bytes",
    "canonical_json",
    "canonical_text",
    "content_hash",
    "escape_lone_surrogates",
    "escaped_json_text",
    "normalise_numbers",
]


def normalise_numbers(value):
    """Return `value` with every integral float turned into an int, recursively.

    JSON has one number type; Python has two. 30 and 30.0 must hash alike.
    """
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("NaN and Infinity are not JSON numbers")
        if value.is_integer() and abs(value) < 2**53:
            return int(value)
        return value
    if isinstance(value, dict):
        return {k: normalise_numbers(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [normalise_numbers(v) for v in value]
    return value


def any_float(value, test=None) -> bool:
    """Whether a JSON value holds a float (one passing `test`, when given); exact type checks
    keep this cheap on the push path."""
    kind = type(value)
    if kind is float:
        return test is None or test(value)
    if kind is dict:
        value = value.values()
    elif kind is not list:
        return False
    for item in value:
        kind = type(item)
        if kind is float:
            if test is None or test(item):
                return True
        elif (kind is dict or kind is list) and any_float(item, test):
            return True
    return False


_encode = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
).encode


def canonical_json(value) -> bytes:
    """The canonical UTF-8 encoding of a JSON value."""
    if any_float(value):
        value = normalise_numbers(value)
    return _encode(value).encode("utf-8")


def content_hash(value) -> str:
    """`sha256:<hex>` of the canonical encoding."""
    return "sha256:" + hashlib.sha256(canonical_json(value)).hexdigest()


def canonical_bytes(value) -> bytes:
    """`canonical_json(value)`, four times faster for usual answers.

    orjson writes the same bytes (sorted keys, compact, UTF-8, the same string escapes, the
    shortest digits of a float) except for floats the reference treats specially: integral
    (30.0 is written 30), written with an exponent by Python (1e+16 where orjson writes
    1e16), NaN and Infinity (refused with ValueError). Integral floats are turned into ints
    here, copying only the containers that hold one; the rest, and values orjson refuses
    (integers beyond 64 bits, lone surrogates), take the reference path, which raises
    ValueError for NaN and UnicodeEncodeError for a lone surrogate. The test suite checks the
    two agree.
    """
    if any_float(value, _written_otherwise):
        try:
            value = _integral_floats_as_ints(value)
        except _NeedsReference:
            return canonical_json(value)
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return canonical_json(value)


def canonical_text(value) -> str:
    """`canonical_bytes` as text, as the database stores it."""
    return canonical_bytes(value).decode("utf-8")


def _written_otherwise(number: float) -> bool:
    """True for a float the reference writes differently from orjson: NaN, Infinity,
    integral, or below 1e-4 or from 1e16 in size (where Python writes an exponent)."""
    return not 1e-4 <= abs(number) < 1e16 or number.is_integer()


class _NeedsReference(Exception):
    """A float only the reference encoder writes right (or refuses): NaN, Infinity, or one
    Python writes with an exponent."""


def _integral_floats_as_ints(value):
    """`value` with its integral floats as ints (below 2**53, where the reference stops
    turning them into ints); a container is copied only if it holds one."""
    kind = type(value)
    if kind is float:
        if not _written_otherwise(value):
            return value
        if value.is_integer() and abs(value) < 2**53:
            return int(value)
        raise _NeedsReference
    if kind is dict:
        changed = {key: new for key, item in value.items()
                   if (new := _integral_floats_as_ints(item)) is not item}
        return {**value, **changed} if changed else value
    if kind is list:
        items = [_integral_floats_as_ints(item) for item in value]
        return items if any(new is not old for new, old in zip(items, value)) else value
    return value


_SURROGATE = re.compile("[\\ud800-\\udfff]")


def escape_lone_surrogates(text: str) -> str:
    """JSON text (made with ensure_ascii=False) with each lone surrogate written as its JSON
    escape (`\\ud800`), so that it can be encoded as UTF-8 and reads back the same: one can
    only stand inside a string, where the escape means exactly that character."""
    if text.isascii() or _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(lambda found: f"\\u{ord(found[0]):04x}", text)


def escaped_json_text(value, indent: int | None = None) -> str:
    """Any JSON-like value as JSON text that is valid UTF-8, whatever it holds: what the
    canonical encoding refuses is escaped rather than lost, so that a rejected item can be
    kept and shown as it came. A lone surrogate (which has no UTF-8 form) is written as its
    JSON escape, NaN and Infinity as JavaScript's words; canonical text otherwise, or keys
    sorted and indented by `indent` for people to read."""
    if indent is None:
        try:
            return canonical_text(value)
        except ValueError:  # NaN, or a lone surrogate (UnicodeEncodeError)
            pass
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=indent, default=str,
                      separators=(",", ": ") if indent is not None else (",", ":"))
    return escape_lone_surrogates(text)
