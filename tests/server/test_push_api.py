"""Push over HTTP: every row of the protocol table, gzip both ways, the response contract."""

import gzip
import json

import pytest

from server.api.schemas import PushResponseSchema
from tests.factories import batch, edited, item

PUSH = "/api/v1/sync/push"


def push(api, *items, who="somchai", **kw):
    response = api.post(PUSH, batch(*items), who=who, **kw)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    PushResponseSchema().load(body)  # the served shape is the documented one
    return body


def test_every_row_of_the_push_table_over_http(api):
    first, other = item(seed=1), item(seed=2)
    assert push(api, first)["results"] == [{"uuid": first["uuid"], "status": "created",
                                            "rev": 1, "missing_attachments": []}]
    update = edited(first, 1, venue="ศาลาวัด")
    stale = edited(first, 1, venue="บ้านผู้ใหญ่")
    invalid = item(seed=3, day_no=0)
    body = push(api, first, update, stale, invalid, {**other, "form_version": "9"})
    assert [(r["status"], r.get("rev"), r.get("code")) for r in body["results"]] == [
        ("duplicate", 1, None), ("updated", 2, None), ("conflict", 2, None),
        ("rejected", None, "invalid_answers"), ("rejected", None, "unknown_form")]
    assert body["results"][2]["answers"]["venue"] == "ศาลาวัด"
    assert body["results"][3]["errors"] == {"day_no": ["Must be between 1 and 10."]}
    assert body["summary"] == {"created": 0, "updated": 1, "duplicate": 1, "conflict": 1,
                               "rejected": 2}


def test_answer_errors_come_in_thai_when_the_phone_asks_for_thai(api):
    invalid = item(seed=3, day_no=0)
    body = push(api, invalid, headers={"Accept-Language": "th-TH,th;q=0.9,en;q=0.5"})
    assert body["results"][0]["errors"] == {"day_no": ["ต้องอยู่ระหว่าง 1 ถึง 10"]}


def test_a_rejection_is_worded_in_thai_when_the_phone_asks_for_thai(api):
    unknown = {**item(seed=5), "form_version": "9"}
    thai = {"Accept-Language": "th"}
    [result] = push(api, unknown, headers=thai)["results"]
    assert (result["status"], result["code"]) == ("rejected", "unknown_form")
    assert result["errors"]["form_version"][0].startswith("แบบฟอร์ม 'training_attendance' ไม่มีรุ่น '9'")
    [result] = push(api, unknown)["results"]
    assert result["errors"]["form_version"][0].startswith(
        "Form 'training_attendance' has no published version '9'")


def test_a_field_user_cannot_overwrite_another_users_submission_by_uuid(api):
    mine = item(seed=4)
    push(api, mine, who="somchai")
    [result] = push(api, edited(mine, 1, venue="ของสมศรี"), who="somsri")["results"]
    assert (result["status"], result["code"]) == ("rejected", "forbidden")
    read = api.get(f"/api/v1/submissions/{mine['uuid']}", who="somchai").get_json()
    assert (read["rev"], read["answers"]["venue"]) == (1, mine["answers"]["venue"])


def test_a_gzip_body_is_accepted_and_a_gzip_answer_given_when_asked(api):
    many = [item(seed=10 + i) for i in range(20)]
    response = api.post(PUSH, batch(*many), who="somchai", gzip_body=True,
                        headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    body = json.loads(gzip.decompress(response.data))
    assert body["summary"]["created"] == 20


def test_the_device_label_of_the_token_is_recorded(api):
    pushed = item(seed=5)
    push(api, pushed, who="somchai")
    read = api.get(f"/api/v1/submissions/{pushed['uuid']}", who="malee").get_json()
    assert (read["device"], read["author"]) == ("somchai-phone", "somchai")


@pytest.mark.parametrize("envelope, status, code", [
    ({"submissions": []}, 422, "invalid_batch"),
    ({**batch(), "submissions": "many"}, 422, "invalid_batch"),
    ([], 422, "invalid_batch"),
])
def test_a_wrong_envelope_is_refused_whole(api, envelope, status, code):
    response = api.post(PUSH, envelope, who="somchai")
    assert (response.status_code, response.get_json()["error"]["code"]) == (status, code)
    assert api.get("/api/v1/submissions", who="malee").get_json()["submissions"] == []


def test_more_items_than_the_limit_is_413(db_url, tmp_path):
    from tests.conftest import OFFICER, basic, make_app, release

    app = make_app(tmp_path, db_url, max_batch_items=2)
    try:
        response = app.test_client().post(
            PUSH, json=batch(item(), item(), item()), headers=basic(OFFICER))
        assert response.status_code == 413
        assert response.get_json()["error"]["code"] == "payload_too_large"
    finally:
        release(app.extensions["tambon_db"])


def raw_json(body) -> bytes:
    """JSON as a phone's buggy encoder might send it: lone surrogates as \\u escapes."""
    return json.dumps(body).encode("ascii")


def test_an_item_holding_a_lone_surrogate_or_nul_is_rejected_and_the_rest_stored(api):
    good = item(seed=6)
    broken = item(seed=7, venue="ศาลา\ud800")
    nul = item(seed=8, venue="ศาลา\x00")
    response = api.post(PUSH, who="somchai", raw=raw_json(batch(broken, nul, good)),
                        headers={"Content-Type": "application/json"})
    assert response.status_code == 200, response.data[:300]
    results = response.get_json()["results"]
    assert [(r["status"], r.get("code")) for r in results] == [
        ("rejected", "invalid_item"), ("rejected", "invalid_item"), ("created", None)]
    assert "answers.venue" in results[0]["errors"] and "answers.venue" in results[1]["errors"]


@pytest.mark.parametrize("device_id", ["phone\ud800", "phone\x00", "phone\x0f", "phone\x7f"])
def test_unstorable_text_in_the_envelope_is_a_clean_422_not_a_crash(api, device_id):
    response = api.post(PUSH, who="somchai",
                        raw=raw_json({**batch(item()), "device_id": device_id}),
                        headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid_batch" and "device_id" in error["details"]


def test_items_that_are_not_objects_are_rejected_one_by_one_and_the_good_one_stored(api):
    good = item(seed=9)
    body = push(api, None, 5, "x", [], good)
    assert [(r["status"], r.get("code")) for r in body["results"]] == [
        ("rejected", "invalid_item")] * 4 + [("created", None)]


def test_a_quarantined_item_with_a_lone_surrogate_is_served_back_exactly_as_sent(api):
    broken = item(seed=9, venue="ศาลา\ud800")
    api.post(PUSH, who="somchai", raw=raw_json(batch(broken)),
             headers={"Content-Type": "application/json"})
    response = api.get("/api/v1/quarantine", who="admin")
    assert response.status_code == 200
    assert b"\\ud800" in response.data  # the escape: UTF-8 has no form for the character
    [kept] = json.loads(response.data)["items"]
    assert kept["payload"] == broken
