"""One error shape for everything that can go wrong under /api/, whatever raised it."""

import functools
import gzip
import json
import sqlite3

import peewee
import pytest

from sync import accounts, db
from sync import push as push_module
from sync.models import Batch, Submission
from tests.conftest import Api, bearer, make_app, release
from tests.factories import batch, item

PUSH = "/api/v1/sync/push"
JSON = {"Content-Type": "application/json"}


def error_of(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.data[:300]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code and body["error"]["message"]
    return body["error"]


def test_an_unknown_address_is_a_json_404(api):
    error_of(api.get("/api/v1/no/such/thing", who="admin"), 404, "not_found")


def test_a_wrong_method_is_a_json_405_naming_the_allowed_ones(api):
    response = api.delete("/api/v1/forms", who="admin")
    error_of(response, 405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]


def test_a_body_over_the_size_limit_is_413(api, app):
    limit = app.config["TAMBON"].max_body_bytes
    response = api.post(PUSH, who="somchai", raw=b" " * (limit + 1), headers=JSON)
    error_of(response, 413, "payload_too_large")


@functools.lru_cache(maxsize=1)
def gzip_bomb(inflated_size: int) -> bytes:
    return gzip.compress(b"[" + b" " * inflated_size + b"]", compresslevel=1)


def test_a_gzip_bomb_is_stopped_at_the_limit_without_inflating_it_all(api, app):
    limit = app.config["TAMBON"].max_body_bytes
    bomb = gzip_bomb(limit * 4)
    assert len(bomb) < limit // 10  # small on the wire, four times the limit inflated
    response = api.post(PUSH, who="somchai", raw=bomb,
                        headers={**JSON, "Content-Encoding": "gzip"})
    error_of(response, 413, "payload_too_large")


def test_a_body_that_is_not_gzip_but_says_so_is_malformed(api):
    response = api.post(PUSH, who="somchai", raw=b'{"a": 1}',
                        headers={**JSON, "Content-Encoding": "gzip"})
    error_of(response, 400, "malformed_json")


def test_a_small_body_nested_a_thousand_deep_is_malformed_not_a_crash(api):
    deep = b"[" * 1000 + b"]" * 1000
    assert len(deep) <= 2048
    error_of(api.post(PUSH, who="somchai", raw=deep, headers=JSON), 400, "malformed_json")


def test_nesting_hidden_behind_brackets_in_strings_is_still_measured(api):
    sneaky = b'{"a": "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "b": ' + b"[" * 40 + b"]" * 40 + b"}"
    error_of(api.post(PUSH, who="somchai", raw=sneaky, headers=JSON), 400, "malformed_json")


@pytest.mark.parametrize("raw", [b'{"a": NaN}', b'{"a": Infinity}', b'{"a": -Infinity}',
                                 b'{"a": 1e999}'])
def test_nan_and_infinity_are_refused(api, raw):
    error_of(api.post(PUSH, who="somchai", raw=raw, headers=JSON), 400, "malformed_json")


@pytest.mark.parametrize("raw", [b"{", b"", b"\xff\xfe{}", b'{"a": 1,}'])
def test_a_body_that_is_not_json_is_malformed(api, raw):
    error_of(api.post(PUSH, who="somchai", raw=raw, headers=JSON), 400, "malformed_json")


def test_a_body_that_is_not_json_by_type_is_415(api):
    response = api.post(PUSH, who="somchai", raw=b"a=1",
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
    error_of(response, 415, "unsupported_media_type")


def test_a_string_over_the_length_limit_is_422_with_its_path(api, app):
    limit = app.config["TAMBON"].max_string_length
    sent = batch(item(notes="ก" * (limit + 1)))
    error = error_of(api.post(PUSH, sent, who="somchai"), 422, "string_too_long")
    assert list(error["details"]) == ["submissions.0.answers.notes"]


def test_long_thai_text_within_the_limit_in_characters_passes(api, app):
    limit = app.config["TAMBON"].max_string_length
    sent = batch(item(notes="ก" * limit))  # three bytes a character: over the limit in bytes
    assert api.post(PUSH, sent, who="somchai").status_code == 200


def test_a_busy_database_is_503_with_retry_after(api, monkeypatch):
    def locked(*args, **kwargs):
        raise peewee.OperationalError("database is locked")

    monkeypatch.setattr(push_module, "push_batch", locked)
    response = api.post(PUSH, batch(item()), who="somchai")
    error_of(response, 503, "unavailable")
    assert int(response.headers["Retry-After"]) > 0


def test_a_bug_is_a_json_500_that_says_nothing_internal(api, monkeypatch):
    def bug(*args, **kwargs):
        raise KeyError("secret internals")

    monkeypatch.setattr(push_module, "push_batch", bug)
    error = error_of(api.post(PUSH, batch(item()), who="somchai"), 500, "internal_error")
    assert "secret" not in json.dumps(error)


def test_missing_credentials_are_401_with_a_challenge(api):
    response = api.get("/api/v1/forms")
    error_of(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_a_wrong_password_is_401(api):
    from tests.conftest import basic

    response = api.get("/api/v1/forms", headers=basic("somchai", "not-the-password"))
    error_of(response, 401, "unauthorized")


def test_a_wrong_token_is_401_with_a_bearer_challenge(api):
    response = api.get("/api/v1/forms", headers={"Authorization": "Bearer nonsense"})
    error_of(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_role_too_low_is_403(api):
    error_of(api.get("/api/v1/submissions", who="somchai"), 403, "forbidden")


def test_an_invalid_query_parameter_is_422_naming_it(api):
    error = error_of(api.get("/api/v1/sync/pull?limit=zero", who="somchai"), 422,
                     "invalid_request")
    assert "limit" in error["details"]


def test_a_forged_cursor_is_400(api):
    error_of(api.get("/api/v1/sync/pull?since=forged", who="somchai"), 400, "invalid_cursor")


def test_a_write_lock_held_elsewhere_is_503_and_nothing_is_applied(tmp_path, monkeypatch):
    """A real lock, not a mock: another connection holds SQLite's write lock past the
    (shortened) busy timeout."""
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "tambon.db"
    app = make_app(tmp_path, str(path))
    try:
        _, token = accounts.issue_device_token("somchai", "phone")
        api = Api(app.test_client(), {"somchai": bearer(token)})
        api.get("/api/v1/me", who="somchai")  # last-seen written now, not under the lock
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            response = api.post(PUSH, batch(item()), who="somchai")
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        error_of(response, 503, "unavailable")
        assert response.headers["Retry-After"]
        assert Submission.select().count() == 0 and Batch.select().count() == 0
    finally:
        release(app.extensions["tambon_db"])


THAI = {"Accept-Language": "th-TH,th;q=0.9,en;q=0.5"}


def test_an_error_is_worded_in_thai_when_the_client_asks_and_its_code_stays(api):
    uuid = "0b6a1c5e-3c1f-4d1e-9a57-2f0e0c7c1d2a"
    english = error_of(api.get(f"/api/v1/submissions/{uuid}", who="admin"), 404, "not_found")
    thai = error_of(api.get(f"/api/v1/submissions/{uuid}", who="admin", headers=THAI),
                    404, "not_found")
    assert english["message"] == "There is no submission with this uuid."
    assert thai["message"] == "ไม่มีแบบบันทึกที่มีรหัสนี้"
    assert error_of(api.get("/api/v1/forms", headers=THAI), 401, "unauthorized")[
        "message"].startswith("กรุณาเข้าสู่ระบบ")
    assert error_of(api.get("/api/v1/no/such/thing", who="admin", headers=THAI), 404,
                    "not_found")["message"] == "ไม่มีข้อมูลที่ที่อยู่นี้"


def test_a_review_of_a_revision_that_is_no_longer_current_is_409_stale_rev(api):
    pushed = item(seed=61)
    api.post(PUSH, batch(pushed), who="somchai")
    response = api.post(f"/api/v1/submissions/{pushed['uuid']}/review",
                        {"review_state": "approved", "rev": 2}, who="malee")
    assert error_of(response, 409, "stale_rev")["details"] == {"rev": 1}


def test_what_is_wrong_with_each_value_is_worded_in_the_language_asked(api):
    pushed = item(seed=62)
    api.post(PUSH, batch(pushed), who="somchai")
    path = f"/api/v1/submissions/{pushed['uuid']}/review"
    english = error_of(api.post(path, {"review_state": "rejected"}, who="malee"),
                       422, "invalid_request")
    thai = error_of(api.post(path, {"review_state": "rejected"}, who="malee",
                             headers=THAI), 422, "invalid_request")
    assert english["details"] == {
        "comment": ["Say what is wrong: a comment is required for rejected."]}
    assert thai["details"] == {"comment": ["กรุณาบอกว่าต้องแก้อะไร: สถานะ rejected ต้องมีความเห็นประกอบ"]}
    assert thai["message"] == "ข้อมูลบางส่วนในคำขอไม่ถูกต้อง ดูรายละเอียดใน details"
