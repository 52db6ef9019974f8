"""Opaque cursors: clients hand them back unchanged and must not parse them."""

import base64
import json

from sync.errors import InvalidCursor

__all__ = ["decode_cursor", "encode_cursor"]


def encode_cursor(kind: str, position: list) -> str:
    text = json.dumps([kind, *position], separators=(",", ":"), ensure_ascii=True)
    return base64.urlsafe_b64encode(text.encode("ascii")).decode("ascii").rstrip("=")


def decode_cursor(kind: str, cursor: str, types: tuple) -> list:
    """The position inside a cursor made by `encode_cursor(kind, ...)`; InvalidCursor if not."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, TypeError, UnicodeError):
        raise InvalidCursor() from None
    if (not isinstance(value, list) or len(value) != len(types) + 1 or value[0] != kind
            or not all(isinstance(v, t) and not isinstance(v, bool)
                       for v, t in zip(value[1:], types))):
        raise InvalidCursor()
    return value[1:]
