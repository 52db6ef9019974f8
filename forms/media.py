"""Attachment answers (`image`, `signature`, `file`): what a reference is, which file types
each media field takes, and the name a file has in a form's media download.

An answer is a reference `{"sha256", "name", "type", "size"}`; the bytes travel apart
(docs/protocol.md, Attachments). The server tells a file's type from its bytes (sync/blobs.py)
and only types it can tell are listed here: a form may accept nothing else.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

__all__ = [
    "DEFAULT_MAX_BYTES", "DEFAULT_MAX_PIXELS", "IMAGE_TYPES", "MEDIA_KINDS", "MEDIA_TYPES",
    "NAME_MAX", "REFERENCE_KEYS", "SHA256", "accepted_types", "export_name", "is_reference",
    "max_bytes", "references",
]

# MIME type -> file extension, for every type sync/blobs.py recognises by its bytes.
MEDIA_TYPES: dict[str, str] = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/gif": "gif",
    "application/pdf": "pdf",
    "application/zip": "zip",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp")  # what an `image` answer may be
MEDIA_KINDS = ("image", "signature", "file")  # the field types whose answer is a reference
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_PIXELS = 1600
NAME_MAX = 255  # code points of a file name
REFERENCE_KEYS = frozenset({"sha256", "name", "type", "size"})
SHA256 = re.compile(r"[0-9a-f]{64}")
_BAD_NAME = re.compile(r"[\x00-\x1f\x7f/\\]")  # control characters and path separators


def is_reference(value: Any) -> bool:
    """A reference's shape: exactly its four keys, a lowercase sha256, a file name without
    control characters or path separators (1-255 code points), a MIME type we can tell from
    the bytes, and a whole positive size. Whether the type and size fit the field is for the
    field's rules."""
    if type(value) is not dict or value.keys() != REFERENCE_KEYS:
        return False
    digest, name, kind, size = value["sha256"], value["name"], value["type"], value["size"]
    return (isinstance(digest, str) and SHA256.fullmatch(digest) is not None
            and isinstance(name, str) and 0 < len(name) <= NAME_MAX
            and name.strip() != "" and _BAD_NAME.search(name) is None
            and isinstance(kind, str) and kind in MEDIA_TYPES
            and type(size) is int and 0 < size <= 2**53)


def accepted_types(field) -> tuple[str, ...]:
    """The MIME types a media field takes: an image's, a signature's, or a file's `accept`."""
    kind = field.get("type")
    if kind == "image":
        return IMAGE_TYPES
    if kind == "signature":
        return ("image/png",)
    return tuple(field.get("accept") or ())


def max_bytes(field) -> int:
    return field.get("max_bytes") or DEFAULT_MAX_BYTES


def export_name(reference: dict) -> str:
    """Where a referenced file is in the form's media download, and what the export's cell
    says: `media/<sha256>.<ext>`. Named by content, so a photo used twice is there once and
    no name a phone sent ever becomes a path."""
    return f"media/{reference['sha256']}.{MEDIA_TYPES.get(reference['type'], 'bin')}"


def references(specs, answers: Any, prefix: str = "") -> Iterator[tuple[str, Any, dict]]:
    """(dotted answer path, field, reference) for every attachment answer in `answers`,
    walking the parsed fields (`FieldSpec`s) through groups and repeat rows."""
    if not isinstance(answers, dict):
        return
    for spec in specs:
        value = answers.get(spec.name)
        if value is None:
            continue
        path = f"{prefix}{spec.name}"
        if spec.type in MEDIA_KINDS:
            if is_reference(value):
                yield path, spec, value
        elif spec.type == "group":
            yield from references(spec.children, value, path + ".")
        elif spec.type == "repeat" and isinstance(value, list):
            for index, row in enumerate(value):
                yield from references(spec.children, row, f"{path}.{index}.")
