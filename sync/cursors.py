"""Opaque cursors: clients hand them back unchanged and must not parse them.

Every cursor the server issues (pull, the submissions listing in both its sorts, the
quarantine) is made and read here. A cursor is URL-safe base64 of a short JSON list: its kind,
then its position. Reading one checks everything a hand-edited or forged cursor could get
wrong before any of it reaches a query: the alphabet and length of the text, the kind, the
number and types of the parts, integers inside a database's 64-bit range (and not negative),
strings short and free of NUL and lone surrogates. Whatever fails is
`InvalidCursor`, so a forged cursor is a 400, never a database error.
"""

import base64
import binascii
import json
import re

from sync.errors import InvalidCursor

__all__ = ["MAX_ID", "Key", "decode_cursor", "encode_cursor"]

MAX_ID = 2**63 - 1  # the largest id or sequence number a 64-bit column holds
MAX_KEY_CHARS = 256
MAX_CURSOR_CHARS = 4096  # room for a key of MAX_KEY_CHARS Thai letters, JSON-escaped
_CURSOR_TEXT = re.compile(r"[A-Za-z0-9_-]+\Z")
# A sort key: text without NUL (PostgreSQL refuses it) or lone surrogates (not UTF-8).
_KEY_TEXT = re.compile(r"[^\x00\ud800-\udfff]*\Z")


class Key:
    """The type of a cursor part that is a sort key (text), as `int` is of an id."""


def encode_cursor(kind: str, position: list) -> str:
    text = json.dumps([kind, *position], separators=(",", ":"), ensure_ascii=True)
    return base64.urlsafe_b64encode(text.encode("ascii")).decode("ascii").rstrip("=")


def _part_ok(value, part_type) -> bool:
    if part_type is int:
        return type(value) is int and 0 <= value <= MAX_ID
    return (isinstance(value, str) and len(value) <= MAX_KEY_CHARS
            and _KEY_TEXT.match(value) is not None)


def decode_cursor(kind: str, cursor, types: tuple) -> list:
    """The position inside a cursor made by `encode_cursor(kind, ...)`; InvalidCursor if not.

    `types` gives each part's type after the kind: `int` (an id, 0 to MAX_ID) or `Key`.
    """
    if (not isinstance(cursor, str) or not 0 < len(cursor) <= MAX_CURSOR_CHARS
            or not _CURSOR_TEXT.match(cursor)):
        raise InvalidCursor()
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw.decode("ascii"))
    except (ValueError, TypeError, binascii.Error, RecursionError):
        raise InvalidCursor() from None
    if (not isinstance(value, list) or len(value) != len(types) + 1 or value[0] != kind
            or not all(_part_ok(v, t) for v, t in zip(value[1:], types))):
        raise InvalidCursor()
    return value[1:]
