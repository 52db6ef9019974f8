"""Fuzz: hostile requests to every API operation and every supervisor page never get a 5xx.

Each test draws requests with hypothesis (random text with NUL, control characters, lone
surrogates, path tricks and very long strings in path segments, query parameters, JSON
bodies and form fields) and asserts that the server answers below 500, and on /api/ always
in the error shape. The number of examples is modest so the suite stays quick; set
TAMBON_FUZZ_EXAMPLES (say 2000) for a long run before a release:

    TAMBON_FUZZ_EXAMPLES=2000 python -m pytest tests/server/test_fuzz.py
"""

import json
import os
import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.openapi import OPERATIONS
from tests.conftest import ADMIN, OFFICER, SUPERVISOR, csrf_of

EXAMPLES = int(os.environ.get("TAMBON_FUZZ_EXAMPLES", "15"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 50,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

TRICKS = ["\x00", "a\x00b", "\ud800", "x\udfffy", "\x01\x1f\x7f", "..", "../..", "%00", "%",
          "/", "\\", "\n", "'; DROP TABLE submission; --", "9" * 30, "-1", "0", "1e999",
          "NaN", "null", "true", "2026-02-30", "2026-11-20T09:15:00+07:00",
          "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "0001-01-01", "9999-12-31",
          "00000000-0000-0000-0000-000000000000", "x" * 20_000, "ก" * 10_001, "\u200b",
          "training_attendance", "1", "has_issues", "rejected", "approved"]
hostile_text = st.one_of(
    st.sampled_from(TRICKS),
    st.text(max_size=40),
    st.text(st.characters(min_codepoint=0, max_codepoint=0x7f), max_size=20),
    st.text(st.characters(codec=None, categories=["Cs", "Cc", "Lo"]), max_size=10),
)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70),
              st.floats(allow_nan=False, allow_infinity=False), hostile_text),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(hostile_text, inner, max_size=4)),
    max_leaves=12,
)


def quoted(text: str) -> str:
    return quote(text, safe="", errors="surrogatepass")


def assert_error_shape(response, path: str) -> None:
    assert response.status_code < 500, (path, response.status_code, response.get_data()[:300])
    if response.status_code >= 400 and path.startswith("/api/"):
        assert response.mimetype == "application/json", (path, response.get_data()[:200])
        error = response.get_json()["error"]
        assert set(error) == {"code", "message", "details"}
        assert re.fullmatch(r"[a-z_]+", error["code"]) and error["message"]


def _body_for(schema):
    """Bodies near the schema (its own keys, hostile values) or anything at all."""
    if schema is None:
        return json_values
    names = list(schema().fields)
    return st.one_of(json_values,
                     st.dictionaries(st.sampled_from(names), json_values, min_size=1))


def _query_for(schema):
    names = list(schema().fields) if schema is not None else []
    keys = st.sampled_from(names) if names else hostile_text
    return st.dictionaries(st.one_of(keys, hostile_text), hostile_text, max_size=4)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: f"{op[0]} {op[1]}")
def test_no_api_operation_answers_a_hostile_request_with_a_server_error(api, operation):
    method, template, _summary, _who, body_schema, query_schema, _responses = operation
    names = re.findall(r"{(\w+)}", template)

    @FUZZ
    @given(segments=st.lists(hostile_text, min_size=len(names), max_size=len(names)),
           query=_query_for(query_schema), body=_body_for(body_schema),
           who=st.sampled_from([ADMIN, SUPERVISOR, OFFICER, "anonymous"]),
           gzip_body=st.booleans())
    def check(segments, query, body, who, gzip_body):
        path = "/api/v1" + template
        for name, segment in zip(names, segments):
            path = path.replace("{%s}" % name, quoted(segment))
        if query:
            path += "?" + "&".join(f"{quoted(k)}={quoted(v)}" for k, v in query.items())
        raw = json.dumps(body).encode() if method in ("post", "put") else None
        headers = {"Content-Type": "application/json"} if raw is not None else {}
        response = api.open(method.upper(), path, who, raw=raw, headers=headers,
                            gzip_body=gzip_body and raw is not None)
        assert_error_shape(response, path)

    check()


@FUZZ
@given(path=st.lists(hostile_text, min_size=1, max_size=3))
def test_no_address_under_the_api_answers_with_a_server_error_or_html(api, path):
    url = "/api/v1/" + "/".join(quoted(p) for p in path)
    for method in ("GET", "POST", "DELETE", "PUT", "PATCH"):
        assert_error_shape(api.open(method, url, ADMIN), url)


@FUZZ
@given(username=hostile_text, password=hostile_text)
def test_no_basic_credentials_answer_with_a_server_error(api, username, password):
    import base64

    raw = f"{username}:{password}".encode("utf-8", "surrogatepass")
    headers = {"Authorization": "Basic " + base64.b64encode(raw).decode()}
    for path in ("/api/v1/me", "/api/v1/forms"):
        assert_error_shape(api.open("GET", path, headers=headers), path)


# --- the supervisor pages --------------------------------------------------------------------

WEB_FORMS = [
    ("post", "/signin", ["username", "password", "next"]),
    ("get", "/", ["q", "form_id", "review_state", "author", "province", "date_from",
                  "date_to", "after", "before", "lang", "sort"]),
    ("get", "/overview", ["form_id", "province", "date_from", "date_to"]),
    ("get", "/export.csv", ["form_id", "q", "review_state"]),
    ("get", "/submissions/{x}", ["back"]),
    ("post", "/submissions/{x}/review", ["review_state", "comment", "rev", "back"]),
    ("post", "/review", ["uuid", "review_state", "comment", "back"]),
    ("get", "/rejected", ["after"]),
    ("post", "/admin/users", ["username", "role", "password"]),
    ("post", "/admin/users/{x}/role", ["role"]),
    ("post", "/admin/devices", ["username", "label"]),
    ("post", "/admin/devices/revoke", ["label"]),
    ("post", "/admin/forms/{x}/close", []),
    ("post", "/admin/forms/{x}/reopen", []),
    ("post", "/admin/forms/publish", ["source", "filename", "accept"]),
    ("post", "/admin/forms/download", ["source", "filename"]),
    ("get", "/admin/forms/{x}/compare", ["a", "b"]),
    ("get", "/admin/forms/km_record/versions/{x}", []),
]


@pytest.fixture
def web(auth):
    """A test client signed in to the pages as the admin, with the page's CSRF token."""
    client = auth.signed_in(ADMIN)
    return client, csrf_of(client.get("/admin/users").get_data(as_text=True))


@pytest.mark.parametrize("page", WEB_FORMS, ids=lambda p: f"{p[0]} {p[1]}")
def test_no_supervisor_page_answers_hostile_fields_with_a_server_error(web, page):
    client, csrf = web
    method, template, names = page

    @FUZZ
    @given(segment=hostile_text,
           fields=st.dictionaries(st.sampled_from(names) if names else hostile_text,
                                  hostile_text, max_size=len(names) or 1),
           extra=st.dictionaries(hostile_text, hostile_text, max_size=1))
    def check(segment, fields, extra):
        path = template.replace("{x}", quoted(segment))
        values = {**extra, **fields}
        if method == "post":
            values["csrf_token"] = csrf
        encoded = "&".join(f"{quoted(k)}={quoted(v)}" for k, v in values.items())
        if method == "get":
            response = client.get(path + ("?" + encoded if encoded else ""))
        else:  # encoded by hand: a lone surrogate travels as the bytes a broken client sends
            response = client.post(path, data=encoded.encode("ascii"),
                                   content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500, (path, values, response.status_code)
        if response.status_code >= 400:
            assert response.mimetype == "text/html", (path, response.mimetype)

    check()
