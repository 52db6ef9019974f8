"""Which characters a text Tambon keeps may hold.

PostgreSQL text cannot hold NUL at all, a lone surrogate (`"\\ud800"` in JSON) cannot be
encoded as UTF-8 for any database, and the other C0 control characters (tab, line feed and
carriage return aside) mean nothing in a name, a label or a comment. Whatever reaches the
database from a request is checked against this one rule first, so such text is refused
with a 4xx naming where it was, never a 500.
"""

import re

from marshmallow import ValidationError

from forms.messages import text

__all__ = ["STORABLE_PATTERN", "UNSTORABLE", "storable", "storable_text", "unstorable_paths"]

UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# The same rule as a JSON Schema (ECMA-262) pattern, for the OpenAPI document. Lone
# surrogates cannot be written in it; they are refused all the same.
STORABLE_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$"


def storable(text: str) -> bool:
    """True when `text` holds none of the refused characters."""
    return UNSTORABLE.search(text) is None


def storable_text(value: str) -> None:
    """marshmallow validator: `value` holds none of the refused characters."""
    if not storable(value):
        raise ValidationError(text("invalid_characters", "en"))


def unstorable_paths(value, path: str = "") -> list[str]:
    """Dotted paths of every string (or object key) in a JSON value that is not storable."""
    found, stack = [], [(path, value)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, str):
            if UNSTORABLE.search(node):
                found.append(where or "_root")
        elif isinstance(node, dict):
            for key, child in node.items():
                inner = f"{where}.{key}" if where else str(key)
                if UNSTORABLE.search(key):
                    found.append(where or "_root")
                    inner = f"{where}.?" if where else "?"
                stack.append((inner, child))
        elif isinstance(node, list):
            stack.extend((f"{where}.{i}" if where else str(i), child)
                         for i, child in enumerate(node))
    return sorted(found)
