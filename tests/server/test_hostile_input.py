"""Hostile input never reaches a 500: each way it used to, tried with many inputs.

NUL and other control characters (PostgreSQL text cannot hold NUL) in every place a string
reaches the database outside push items; string lengths hidden behind escapes; gzip with
bytes after its end; form versions phones could not download.
"""

import base64
import gzip
import json
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.bundled import load_bundled
from forms.definition import DefinitionError, load_definition
from forms.text import UNSTORABLE
from server.api.body import parse_json
from server.errors import ApiError
from tests.conftest import ADMIN, csrf_of
from tests.server.test_errors import error_of

SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
UUID = "0b6a1c5e-3c1f-4d1e-9a57-2f0e0c7c1d2a"

refused_char = st.sampled_from(
    [chr(c) for c in [*range(0, 9), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]])
with_refused = st.builds(lambda a, c, b: a + c + b, st.text(max_size=5), refused_char,
                         st.text(max_size=5))


def q(text: str) -> str:
    return quote(text, safe="", errors="surrogatepass")


# --- control characters outside the JSON bodies: one 400 at the edge --------------------------

PLACES = {
    "form version path": lambda t: ("GET", f"/api/v1/forms/{q(t)}/versions/1"),
    "version segment": lambda t: ("GET", f"/api/v1/forms/training_attendance/versions/{q(t)}"),
    "submission path": lambda t: ("GET", f"/api/v1/submissions/{q(t)}"),
    "review path": lambda t: ("POST", f"/api/v1/submissions/{q(t)}/review"),
    "device path": lambda t: ("DELETE", f"/api/v1/devices/{q(t)}"),
    "close path": lambda t: ("POST", f"/api/v1/forms/{q(t)}/close"),
    "filter": lambda t: ("GET", f"/api/v1/submissions?form_id={q(t)}"),
    "author filter": lambda t: ("GET", f"/api/v1/submissions?author={q(t)}"),
    "cursor": lambda t: ("GET", f"/api/v1/sync/pull?since={q(t)}"),
    "parameter name": lambda t: ("GET", f"/api/v1/quarantine?{q(t)}=1"),
}


@pytest.mark.parametrize("place", PLACES)
def test_a_control_character_in_the_address_is_400_in_the_error_shape(api, place):
    @SETTINGS
    @given(text=with_refused)
    def check(text):
        method, path = PLACES[place](text)
        error = error_of(api.open(method, path, ADMIN), 400, "invalid_characters")
        assert error["details"]

    check()


@SETTINGS
@given(username=st.text(max_size=8), char=refused_char)
def test_a_control_character_in_basic_credentials_is_400_before_any_lookup(api, username,
                                                                          char):
    for credentials in (f"{username}{char}:pw", f"{username}:p{char}w"):
        token = base64.b64encode(credentials.encode()).decode()
        response = api.get("/api/v1/me", headers={"Authorization": f"Basic {token}"})
        error_of(response, 400, "invalid_characters")


@SETTINGS
@given(text=with_refused)
def test_a_control_character_in_the_sign_in_form_is_a_400_page(api, text):
    client = api.client
    csrf = csrf_of(client.get("/signin").get_data(as_text=True))
    for fields in ({"username": text, "password": "x"}, {"username": ADMIN, "password": text}):
        response = client.post("/signin", data={**fields, "csrf_token": csrf})
        assert response.status_code == 400 and response.mimetype == "text/html"


def test_a_control_character_in_a_web_address_is_a_400_page(api):
    for path in ("/submissions/a%00b", "/?q=a%00b", "/overview?province=%01"):
        response = api.client.get(path)
        assert response.status_code == 400 and response.mimetype == "text/html"


# --- control characters in JSON bodies: 422 naming the path -----------------------------------

BODIES = {
    "device label": ("/api/v1/devices", lambda t: {"label": t}),
    "device username": ("/api/v1/devices", lambda t: {"label": "phone", "username": t}),
    "review comment": (f"/api/v1/submissions/{UUID}/review",
                       lambda t: {"review_state": "has_issues", "comment": t}),
}


@pytest.mark.parametrize("body", BODIES)
def test_a_control_character_in_a_json_body_is_422(api, body):
    path, make = BODIES[body]

    @SETTINGS
    @given(text=st.one_of(with_refused, st.sampled_from(["\ud800", "a\udfffb"])))
    def check(text):
        raw = json.dumps(make(text)).encode()  # ASCII: \u escapes, lone surrogates too
        response = api.post(path, raw=raw, who=ADMIN,
                            headers={"Content-Type": "application/json"})
        assert response.status_code == 422, response.data[:300]
        assert response.get_json()["error"]["code"] in ("invalid_characters",
                                                        "invalid_request")

    check()


def test_a_form_definition_with_a_control_character_is_422_invalid_definition(api):
    definition = dict(next(iter(load_bundled())).raw)
    for title in ({"th": "แบบ\x00ฟอร์ม"}, {"th": "ok", "en": "\ud800"}):
        sent = {**definition, "version": "99", "title": title}
        response = api.post("/api/v1/forms", raw=json.dumps(sent).encode(), who=ADMIN,
                            headers={"Content-Type": "application/json"})
        assert response.status_code == 422
    from sync import catalog
    from sync.errors import InvalidDefinition

    with pytest.raises(InvalidDefinition):  # the same rule for the CLI and the web upload
        catalog.publish_form({**definition, "version": "99", "title": {"th": "a\x00"}})


# --- string length, whatever escapes hide it ------------------------------------------------

LIMIT = 50
pieces = st.sampled_from(['"', "\\", "ก", "น้ำ", "a", "\n", "\u0041", "/", "\\\\\""])


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(pieces, min_size=1, max_size=80))
def test_every_decoded_string_is_measured_however_it_is_escaped(parts):
    text = "".join(parts)
    for body in ({"k": text}, [text], {text: 1}):
        for ascii_only in (True, False):
            raw = json.dumps(body, ensure_ascii=ascii_only).encode()
            if len(text) > LIMIT:
                with pytest.raises(ApiError) as refused:
                    parse_json(raw, 32, LIMIT)
                assert refused.value.code == "string_too_long"
            else:
                assert parse_json(raw, 32, LIMIT) == body


def test_three_million_escaped_quotes_are_refused(api):
    raw = b'{"label": "' + b'\\"' * 3_000_000 + b'"}'
    response = api.post("/api/v1/devices", raw=raw, who=ADMIN,
                        headers={"Content-Type": "application/json"})
    error_of(response, 422, "string_too_long")


# --- gzip ------------------------------------------------------------------------------------

@SETTINGS
@given(garbage=st.binary(min_size=1, max_size=64))
def test_gzip_with_bytes_after_its_end_is_400(api, garbage):
    raw = gzip.compress(json.dumps({"label": "phone"}).encode()) + garbage
    response = api.post("/api/v1/devices", raw=raw, who=ADMIN,
                        headers={"Content-Type": "application/json",
                                 "Content-Encoding": "gzip"})
    error_of(response, 400, "malformed_json")


# --- form versions ---------------------------------------------------------------------------

def _version_accepted(version) -> bool:
    raw = {**next(iter(load_bundled())).raw, "version": version}
    try:
        load_definition(raw)
        return True
    except DefinitionError:
        return False


@settings(max_examples=300, deadline=None)
@given(version=st.one_of(st.text(max_size=70),
                         st.text(alphabet="0123456789abcXYZ._-/\\\x00 \n", max_size=10)))
def test_a_form_version_is_one_safe_path_segment(version):
    if _version_accepted(version):
        assert 1 <= len(version) <= 64 and version.isascii()
        assert quote(version, safe="") == version  # no escaping needed in a URL
        assert ".." not in version and "/" not in version
        assert version[0].isalnum() and version[-1].isalnum()
        assert not UNSTORABLE.search(version)


def test_the_bundled_versions_and_usual_versions_stay_valid():
    for definition in load_bundled():
        assert _version_accepted(definition.version)
    for version in ("1", "2.1", "2026-11", "v3_beta", "10.2.3"):
        assert _version_accepted(version)
    for version in ("a/b", "..", "1..2", ".1", "1.", "a\x00", "1\n", " 1", ""):
        assert not _version_accepted(version)
