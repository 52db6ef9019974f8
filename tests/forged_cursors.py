"""Cursors no server issued: hand-made examples and a hypothesis strategy for many more.

A forged cursor is anything a client may put where a cursor goes: garbage text, bad base64,
or well-formed base64 of JSON whose parts are wrong (huge or negative integers, floats,
strings with NUL or lone surrogates, the wrong kind, the wrong number of parts).
"""

import base64
import json

from hypothesis import strategies as st

KINDS = ("pull", "submissions", "submissions.record_date", "quarantine")
AT = "2026-11-20T10:15:00.000000+00:00"


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def wrapped(value) -> str:
    """`value` as JSON in a cursor's own dress (ensure_ascii keeps lone surrogates as escapes)."""
    return b64(json.dumps(value).encode("ascii"))


HUGE = (2**63, 10**30, -1, -(2**63) - 1)

FORGED = [
    "not-a-cursor", "!!!", "e30", "W10", "====", "a", "\x00", "WyJwdWxsIiwxXQ\x00",
    "%ff", "..", "WyJwdWxsIiwxXQ==", "x" * 5000, "\ud800", "ไทย",
    b64(b"\xff\xfe\xfd"), b64(b"[\"pull\", 1"), b64(b"null"), b64(b"\"pull\""),
    *(wrapped([kind, n]) for kind in ("pull", "quarantine") for n in HUGE),
    *(wrapped([kind, AT, n]) for kind in KINDS[1:3] for n in HUGE),
    wrapped(["pull", 1.5]), wrapped(["pull", True]), wrapped(["pull", "1"]),
    wrapped(["pull", 1, 2]), wrapped(["pull"]), wrapped([]), wrapped({"pull": 1}),
    wrapped(["submissions", "a\x00b", 1]), wrapped(["submissions", "\ud800", 1]),
    wrapped(["submissions", "x" * 300, 1]), wrapped(["submissions", None, 1]),
    wrapped(["submissions", AT, None]), wrapped(["quarantine", 1e400]),
    b64(b'["pull", NaN]'), b64(b'["pull", Infinity]'), b64(b"[" * 5000),
]


def _parts():
    number = st.one_of(st.integers(), st.sampled_from(HUGE), st.floats(), st.booleans(),
                       st.none())
    text = st.one_of(st.text(max_size=20),
                     st.sampled_from(["\x00", "\ud800", "a\udfffb", AT, "x" * 300]))
    return st.lists(st.one_of(number, text), max_size=3)


@st.composite
def _structured(draw):
    """Base64 of JSON that looks like a cursor but is not one the server made."""
    kind = draw(st.one_of(st.sampled_from(KINDS), st.text(max_size=8)))
    value = [kind, *draw(_parts())]
    return wrapped(value)


def forged_cursors():
    """Many cursors no server issued; a few drawn by chance may be well formed."""
    return st.one_of(
        st.sampled_from(FORGED),
        _structured(),
        st.text(max_size=60),
        st.binary(max_size=40).map(b64),
    )
