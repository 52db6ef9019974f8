"""Reading JSON request bodies within the configured limits.

Every limit is checked before the expensive or dangerous step it protects:
- size: Content-Length first, then while reading, and gzip is inflated in slices with a cap
  (a 10 KB bomb never becomes 10 GB in memory);
- nesting depth: measured on the bytes with C-speed string operations before parsing, so a
  2 KB body nested 1,000 deep is refused without any recursion;
- NaN, Infinity and numbers too large for a float are refused, not silently accepted;
- string length: a cheap byte-length bound first, characters counted only when needed.
"""

import json
import math
import re
import zlib

import orjson
from flask import current_app, request
from werkzeug.exceptions import ClientDisconnected

from forms.messages import text
from forms.text import storable, unstorable_paths
from server.errors import ApiError

__all__ = ["bytes_body", "csv_body", "json_body", "parse_json", "stalled_error"]

READ_CHUNK = 64 * 1024
DECODERS = {
    "gzip": lambda: zlib.decompressobj(16 + zlib.MAX_WBITS),
    "x-gzip": lambda: zlib.decompressobj(16 + zlib.MAX_WBITS),
    "deflate": lambda: zlib.decompressobj(zlib.MAX_WBITS),
}

_BRACKETS = bytes.maketrans(b"{}", b"[]")
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'[]{}"')


def _too_large(limit: int):
    return ApiError(
        413, "payload_too_large",
        f"The request body is larger than {limit} bytes (after decompression); "
        "send less at a time.",
        {"max_body_bytes": limit},
    )


def stalled_error():
    seconds = current_app.config["TAMBON"].read_timeout_seconds
    return ApiError(408, "request_timeout", text("request_timeout", "en", seconds=seconds),
                    {"read_timeout_seconds": seconds})


def _malformed(message: str, **details):
    return ApiError(400, "malformed_json", message, details)


def json_body(storable_text: bool = True):
    """The request's JSON body, decoded and checked against the app's limits.

    With `storable_text` (all but push, whose items are judged one by one and quarantined),
    any string or key holding a character no database can store (forms.text) is refused with
    422 `invalid_characters` naming its path.
    """
    config = current_app.config["TAMBON"]
    raw = _read_body(config.max_body_bytes)
    value = parse_json(raw, config.max_json_depth, config.max_string_length)
    if storable_text:
        _check_storable(raw, value)
    return value


# Such characters reach a parsed string only as an escape (JSON refuses raw control bytes and
# invalid UTF-8) or as a raw DEL, so a body without these bytes needs no walk.
_MAY_BE_UNSTORABLE = re.compile(rb"\\u(?:00[01]|007[fF]|[dD][89a-fA-F])|\x7f")


def _check_storable(raw: bytes, value) -> None:
    if _MAY_BE_UNSTORABLE.search(raw) is None:
        return
    paths = unstorable_paths(value)
    if paths:
        raise ApiError(422, "invalid_characters", text("body_invalid_characters", "en"),
                       {path: [text("invalid_characters", "en")] for path in paths})


def csv_body() -> str:
    """The request's body as CSV text (`Content-Type: text/csv`, UTF-8), within the body
    limit, with no character a database cannot store."""
    raw = _read_body(current_app.config["TAMBON"].max_body_bytes, csv=True)
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _malformed("The CSV body is not UTF-8 text.") from None
    if not storable(body):
        raise ApiError(422, "invalid_characters", text("body_invalid_characters", "en"),
                       {"body": [text("invalid_characters", "en")]})
    return body


def _read_body(limit: int, csv: bool = False) -> bytes:
    mimetype = request.mimetype
    if csv and mimetype != "text/csv":
        raise ApiError(415, "unsupported_media_type",
                       "Send the body as CSV with Content-Type: text/csv.")
    if not csv and mimetype and mimetype != "application/json" and not mimetype.endswith("+json"):
        raise ApiError(415, "unsupported_media_type",
                       "Send the body as JSON with Content-Type: application/json.")
    if request.content_length is not None and request.content_length > limit:
        raise _too_large(limit)
    encoding = (request.headers.get("Content-Encoding") or "identity").strip().lower()
    if encoding != "identity" and encoding not in DECODERS:
        raise ApiError(415, "unsupported_media_type",
                       f"Content-Encoding {encoding!r} is not supported; use gzip.")
    decoder = DECODERS[encoding]() if encoding in DECODERS else None
    stream, parts, size = request.stream, [], 0
    while True:
        try:
            chunk = stream.read(READ_CHUNK)
        except (ClientDisconnected, OSError):
            # The body stopped short: `tambon serve`'s read timeout (the client stopped
            # sending), or the connection closed. Nothing was read far enough to apply.
            raise stalled_error() from None
        if not chunk:
            break
        if decoder is None:
            parts.append(chunk)
            size += len(chunk)
        else:
            size = _inflate_into(decoder, chunk, parts, size, limit)
        if size > limit:
            raise _too_large(limit)
    if decoder is not None:
        parts.append(decoder.flush())
        if size + len(parts[-1]) > limit:
            raise _too_large(limit)
        if not decoder.eof:
            raise _malformed("The gzip body is cut short; send it again.")
        if decoder.unused_data:
            raise _malformed("The gzip body has bytes after its end; send only the "
                             "compressed document.")
    return b"".join(parts)


def bytes_body(limit: int) -> tuple[bytes, bool]:
    """The raw request body (a file or a chunk of one) and whether it arrived whole.

    Over `limit` (Content-Length first, then while reading) is 413. A body compressed on the
    way is refused: files are sent as they are. When the connection breaks or stalls part way,
    what arrived is returned with False, so a resumable upload keeps it.
    """
    encoding = (request.headers.get("Content-Encoding") or "identity").strip().lower()
    if encoding != "identity":
        raise ApiError(415, "unsupported_media_type",
                       "Send files without Content-Encoding: their bytes are hashed as sent.")
    if request.content_length is not None and request.content_length > limit:
        raise _too_large(limit)
    stream, parts, size = request.stream, [], 0
    while True:
        try:
            chunk = stream.read(READ_CHUNK)
        except (ClientDisconnected, OSError):
            return b"".join(parts), False
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
    body = b"".join(parts)
    expected = request.content_length
    return body, expected is None or len(body) == expected


def _inflate_into(decoder, chunk: bytes, parts: list, size: int, limit: int) -> int:
    """Inflate `chunk` in slices no larger than what is left of `limit`, plus one byte."""
    data = chunk
    while data:
        try:
            out = decoder.decompress(data, limit - size + 1)
        except zlib.error:
            raise _malformed("The body is not valid gzip.") from None
        parts.append(out)
        size += len(out)
        if size > limit:
            raise _too_large(limit)
        if decoder.eof and decoder.unused_data:
            raise _malformed("The gzip body has bytes after its end; send only the "
                             "compressed document.")
        data = decoder.unconsumed_tail
    return size


def _without_escapes(body: bytes) -> bytes:
    """`body` with each escaped backslash and escaped quote replaced by two neutral bytes:
    every quote left in it opens or closes a string, and every string keeps its length in
    the body, which bounds its length in characters (an escape or a UTF-8 sequence is never
    shorter than the one character it stands for). Dropping them instead let a string of
    three million escaped quotes measure 0."""
    if b"\\" not in body:
        return body
    return body.replace(b"\\\\", b"__").replace(b'\\"', b"__")


def nesting_exceeds(clean: bytes, max_depth: int) -> bool:
    """True when the arrays/objects of `clean` (JSON text, escapes dropped) nest deeper
    than `max_depth`. Strings are cut out (only brackets and quotes are kept, then the text
    between quote pairs is dropped) and the brackets peeled one innermost layer per pass, all
    with C-speed bytes methods. Unbalanced input answers False: the parser rejects it.
    """
    structure = clean.translate(_BRACKETS, _NOT_STRUCTURE)
    # Most strings hold no bracket and leave just two adjacent quotes; dropping those pairs
    # keeps every other quote's parity, so only strings with brackets are left to split.
    structure = structure.replace(b'""', b"")
    brackets = b"".join(structure.split(b'"')[0::2]) if b'"' in structure else structure
    for _ in range(max_depth):
        peeled = brackets.replace(b"[]", b"")
        if peeled == brackets:
            return False
        brackets = peeled
    return b"[]" in brackets


def _refuse_constant(name):
    raise _malformed(f"{name} is not a JSON number; send a finite number or null.")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _malformed(f"The number {text[:40]} is too large; send a smaller one.")
    return value


def parse_json(body: bytes, max_depth: int, max_string_length: int):
    """Decode `body` as UTF-8 JSON within the depth and string limits."""
    if not body.strip():
        raise _malformed("The request has no body; send a JSON document.")
    clean = _without_escapes(body)
    if nesting_exceeds(clean, max_depth):
        raise _malformed(f"The JSON nests deeper than {max_depth} levels.", max_depth=max_depth)
    # orjson parses strictly (no NaN, no lone surrogates) and three times faster than the
    # stdlib; what it refuses, or a number it would round (over 18 digits), goes the slow way,
    # which says exactly what is wrong or keeps the integer exact.
    value = _fast_parse(body)
    if value is _REFUSED:
        value = _parse_exactly(body)
    # A string's UTF-8 byte length bounds its length in characters: count only when some
    # quote is followed by more bytes than the limit without another quote.
    if re.search(b'"[^"]{%d}' % (max_string_length + 1), clean):
        _check_strings(value, max_string_length)
    return value


_REFUSED = object()
_DIGITS_AS_NINES = bytes.maketrans(b"0123456789", b"9" * 10)


def _fast_parse(body: bytes):
    if b"9" * 19 in body.translate(_DIGITS_AS_NINES):  # C speed; a regular expression is 10x slower
        return _REFUSED
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return _REFUSED


def _parse_exactly(body: bytes):
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise _malformed("The body is not UTF-8 text.") from None
    try:
        value = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except json.JSONDecodeError as err:
        raise _malformed(f"The body is not valid JSON: {err.msg} at line {err.lineno}, "
                         f"column {err.colno}.", line=err.lineno, column=err.colno) from None
    except (RecursionError, ValueError) as err:
        raise _malformed(f"The body is not valid JSON: {err}.") from None
    return value


def _check_strings(value, limit: int) -> None:
    """Raise 422 naming the first string (or key) longer than `limit` characters."""
    stack = [("", value)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            if len(node) > limit:
                raise ApiError(422, "string_too_long",
                               f"A text value is longer than {limit} characters; shorten it.",
                               {path or "_root": [f"Must be at most {limit} characters."]})
        elif isinstance(node, dict):
            for key, child in node.items():
                if len(key) > limit:
                    stack.append((path, key))
                stack.append((f"{path}.{key}" if path else key, child))
        elif isinstance(node, list):
            stack.extend((f"{path}.{i}" if path else str(i), child)
                         for i, child in enumerate(node))
