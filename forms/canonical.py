"""Canonical JSON and content hashes.

One encoding decides when two documents are "the same": a definition republished with other
key order or spacing, or a submission re-sent by a phone. Keys sorted, no insignificant
whitespace, UTF-8 (Thai stays Thai, not \\u escapes), and numbers normalised so that 1, 1.0
and 1e0 encode alike. NaN and Infinity have no JSON form and are refused.
"""

import hashlib
import json
import math

__all__ = ["any_float", "canonical_json", "content_hash", "normalise_numbers"]


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
