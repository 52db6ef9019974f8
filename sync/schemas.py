"""marshmallow schemas for what clients send to the sync engine.

Strict at the edge: unknown keys raise, every message comes back with its path. The HTTP
layer reuses these for its OpenAPI description, so the contract is written once.
"""

import re
import uuid as uuidlib

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from forms.messages import Message, by_path
from forms.text import storable_text
from sync.clock import parse_device_time
from sync.models import REVIEW_STATES

__all__ = [
    "MAX_REV",
    "PushEnvelopeSchema",
    "PushItemSchema",
    "ReviewSchema",
    "flatten_messages",
    "load_push_item",
    "normal_uuid",
    "printable",
    "unstorable_texts",
]

# The largest rev or base_rev: what a 32-bit integer column holds (PostgreSQL's `integer`;
# SQLite's holds 64 bits). A submission edited two billion times is not a real one.
MAX_REV = 2**31 - 1

# Characters no database column can hold as text: a lone UTF-16 surrogate has no UTF-8 form
# (JSON lets "\ud800" through; Python keeps it, UTF-8 encoders refuse it) and PostgreSQL's
# text refuses NUL. Refused on every backend alike, so a phone hears the same verdict from an
# office's SQLite server and a province's PostgreSQL one.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable_texts(value, prefix: str = "") -> dict[str, str]:
    """Where `value` (any JSON value) holds a string or key a database cannot store, and
    why: {dotted path: "text_not_unicode" | "text_has_nul"}, the catalog code of the reason.
    A bad key is named by the path it opens, written with its bad characters escaped."""
    found: dict[str, str] = {}
    stack = [(prefix, value)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            if (bad := _UNSTORABLE.search(node)) is not None:
                found[path or "_schema"] = _reason(bad[0])
        elif isinstance(node, dict):
            for key, item in node.items():
                key = str(key)
                inner = f"{path}.{printable(key)}" if path else printable(key)
                if (bad := _UNSTORABLE.search(key)) is not None:
                    found[inner] = _reason(bad[0])
                stack.append((inner, item))
        elif isinstance(node, list):
            stack.extend((f"{path}.{index}" if path else str(index), item)
                         for index, item in enumerate(node))
    return found


def _reason(character: str) -> str:
    return "text_has_nul" if character == "\x00" else "text_not_unicode"


def printable(text: str) -> str:
    """`text` with the characters no database stores written as JSON escapes (\\u0000,
    \\ud800), so that a path or message naming them can itself be stored and sent."""
    if _UNSTORABLE.search(text) is None:
        return text
    return _UNSTORABLE.sub(lambda bad: f"\\u{ord(bad[0]):04x}", text)


def _storable(text) -> None:
    """A marshmallow validator: `text` holds nothing a database cannot store."""
    if isinstance(text, str) and (bad := _UNSTORABLE.search(text)) is not None:
        raise ValidationError(Message(_reason(bad[0])))


def _envelope_text(text) -> None:
    """The envelope's own free text follows the edge's rule (no control characters, as
    the OpenAPI document says), naming NUL and lone surrogates as precisely as items do."""
    _storable(text)
    storable_text(text)


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def normal_uuid(text) -> str | None:
    """The lower-case hyphenated form of a UUID string, or None when it is not one."""
    if not isinstance(text, str) or len(text) > 64:
        return None
    if _CANONICAL_UUID.fullmatch(text):  # what phones send: already in the normal form
        return text
    try:
        return str(uuidlib.UUID(text))
    except ValueError:
        return None


class UUIDText(fields.String):
    """A UUID kept as text, normalised so that the phone's casing cannot split a record."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = normal_uuid(super()._deserialize(value, attr, data, **kwargs))
        if text is None:
            raise ValidationError(Message("uuid_format"))
        return text


class DeviceTime(fields.String):
    """A time from the device's clock: ISO 8601 with an offset, kept exactly as sent."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        # Python reads any one character between date and time, NUL or a surrogate too.
        if parse_device_time(text) is None or _UNSTORABLE.search(text) is not None:
            raise ValidationError(Message("device_time_format"))
        return text


class PushItemSchema(Schema):
    """One submission in a push."""

    class Meta:
        unknown = RAISE

    uuid = UUIDText(required=True, metadata={"description": "Made on the phone; never reused."})
    form_id = fields.String(required=True, validate=[validate.Length(min=1, max=64), _storable])
    form_version = fields.String(required=True,
                                 validate=[validate.Length(min=1, max=64), _storable])
    base_rev = fields.Integer(
        strict=True, load_default=0, validate=validate.Range(min=0, max=MAX_REV),
        metadata={"description": "The rev this content was edited from; 0 for a new one."},
    )
    created_at = DeviceTime(required=True)
    answers = fields.Dict(required=True)


_push_item_schema = PushItemSchema()
_PUSH_ITEM_KEYS = frozenset(_push_item_schema.fields)


def load_push_item(raw) -> dict:
    """`PushItemSchema().load(raw)`, with a shortcut for the well-formed item phones send.

    A re-sent batch is mostly duplicates, whose whole cost is reading and hashing them, and
    the schema's generic field machinery was a quarter of that. The shortcut takes only items
    whose every value has exactly the type and range the schema accepts, and returns what the
    schema would; anything else (an error to word, bytes for text, a bool for a number) goes
    through the schema itself. tests/sync/test_schemas.py holds the two to the same answers.
    """
    if (
        type(raw) is dict
        and raw.keys() <= _PUSH_ITEM_KEYS
        and type(answers := raw.get("answers")) is dict
        and type(form_id := raw.get("form_id")) is str and 1 <= len(form_id) <= 64
        and type(version := raw.get("form_version")) is str and 1 <= len(version) <= 64
        and type(base_rev := raw.get("base_rev", 0)) is int and 0 <= base_rev <= MAX_REV
        and type(created_at := raw.get("created_at")) is str
        and parse_device_time(created_at) is not None
        and _UNSTORABLE.search(form_id + version + created_at) is None
        and (uuid := normal_uuid(raw.get("uuid"))) is not None
    ):
        return {"uuid": uuid, "form_id": form_id, "form_version": version,
                "base_rev": base_rev, "created_at": created_at, "answers": dict(answers)}
    return _push_item_schema.load(raw)


class PushEnvelopeSchema(Schema):
    """The body of POST /sync/push."""

    class Meta:
        unknown = RAISE

    batch_id = UUIDText(required=True, metadata={"description": "Same id when re-sent."})
    device_id = fields.String(
        load_default=None, allow_none=True, validate=[validate.Length(max=200), _envelope_text],
        metadata={"description": "Free text, kept for the record."},
    )
    sent_at = DeviceTime(required=True, metadata={"description": "The phone's clock."})
    submissions = fields.List(fields.Raw(allow_none=True), required=True, metadata={
        "description": "Push items (see PushItem); each is judged on its own."})


class ReviewSchema(Schema):
    """The body of POST /submissions/<uuid>/review."""

    class Meta:
        unknown = RAISE

    review_state = fields.String(required=True, validate=validate.OneOf(REVIEW_STATES))
    comment = fields.String(
        load_default=None, allow_none=True, validate=[validate.Length(max=4000), storable_text],
        metadata={"description": "Required for has_issues and rejected."},
    )
    rev = fields.Integer(
        strict=True, load_default=None, allow_none=True,
        metadata={"description": "The rev reviewed; when given it must be the current one."},
    )


def flatten_messages(messages) -> dict[str, list]:
    """marshmallow's nested messages by dotted path (forms.messages.by_path), each key named
    as sent, with what no database can store written as escapes."""
    return by_path(messages, name=printable)
