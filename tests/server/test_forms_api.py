"""Forms over HTTP: list with ETag and 304, exact definitions, publish and close."""

import hashlib
import json

from forms.bundled import bundled
from server.api.schemas import FormListSchema
from tests.factories import batch, item

FORMS = "/api/v1/forms"


def definition(**changes) -> dict:
    return {**json.loads(json.dumps(bundled("training_attendance").raw)), **changes}


def test_the_list_has_a_strong_etag_and_if_none_match_gives_an_empty_304(api):
    response = api.get(FORMS, who="somchai")
    assert response.status_code == 200
    FormListSchema().load(response.get_json())
    etag = response.headers["ETag"]
    assert not etag.startswith("W/")
    again = api.get(FORMS, who="somchai", headers={"If-None-Match": etag})
    assert (again.status_code, again.data, again.headers["ETag"]) == (304, b"", etag)


def test_the_list_etag_changes_when_a_form_is_published(api):
    etag = api.get(FORMS, who="somchai").headers["ETag"]
    assert api.post(FORMS, definition(version="99"), who="admin").status_code == 201
    response = api.get(FORMS, who="somchai", headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.headers["ETag"] != etag
    listed = {f["form_id"]: f["version"] for f in response.get_json()["forms"]}
    assert listed["training_attendance"] == "99"


def test_a_definition_is_served_as_published_with_its_hash_as_etag(api):
    [entry] = [f for f in api.get(FORMS, who="somchai").get_json()["forms"]
               if f["form_id"] == "training_attendance"]
    response = api.get(entry["url"], who="somchai")
    assert response.status_code == 200
    assert response.headers["ETag"].strip('"') == entry["hash"]
    assert "sha256:" + hashlib.sha256(response.data).hexdigest() == entry["hash"]
    assert json.loads(response.data) == bundled("training_attendance").raw
    cached = api.get(entry["url"], who="somchai",
                     headers={"If-None-Match": response.headers["ETag"]})
    assert (cached.status_code, cached.data) == (304, b"")


def test_an_unknown_version_is_404(api):
    response = api.get(f"{FORMS}/training_attendance/versions/42", who="somchai")
    assert response.status_code == 404


def test_publishing_answers_201_then_200_then_409_for_other_content(api):
    fresh = definition(version="99")
    created = api.post(FORMS, fresh, who="admin")
    assert created.status_code == 201
    assert created.headers["Location"].endswith("/training_attendance/versions/99")
    assert api.post(FORMS, fresh, who="admin").status_code == 200
    other = definition(version="99", title={"th": "ชื่ออื่น", "en": "Other"})
    conflict = api.post(FORMS, other, who="admin")
    assert (conflict.status_code, conflict.get_json()["error"]["code"]) == (
        409, "version_exists")


def test_an_invalid_definition_is_422_with_every_problem(api):
    broken = definition(version="10", form_id="Not Valid")
    broken["fields"][1]["type"] = "colour"
    response = api.post(FORMS, broken, who="admin")
    error = response.get_json()["error"]
    assert (response.status_code, error["code"]) == (422, "invalid_definition")
    assert len(error["details"]["problems"]) >= 2


def test_a_closed_form_leaves_the_list_and_its_pushes_are_kept_but_rejected(api):
    response = api.post(f"{FORMS}/training_attendance/close", who="admin")
    assert response.get_json() == {"form_id": "training_attendance", "status": "closed"}
    listed = [f["form_id"] for f in api.get(FORMS, who="somchai").get_json()["forms"]]
    assert "training_attendance" not in listed
    result = api.post("/api/v1/sync/push", batch(item()), who="somchai").get_json()
    assert result["results"][0]["code"] == "form_closed"
    kept = api.get("/api/v1/quarantine", who="admin").get_json()["items"]
    assert [k["code"] for k in kept] == ["form_closed"]


def test_a_definition_that_is_not_an_object_is_422_and_never_read_as_a_path(api):
    for body in ("/etc/passwd", ["fields"], 7):
        response = api.post(FORMS, body, who="admin")
        error = response.get_json()["error"]
        assert (response.status_code, error["code"]) == (422, "invalid_definition")
        assert error["details"]["problems"] == [
            "(the whole form): A form definition is one JSON object: "
            '{"form_id": …, "version": …, "title": …, "fields": […]}.']


def test_definition_problems_are_worded_in_the_language_the_client_asks_for(api):
    broken = definition(version="5")
    broken["fields"][0]["label"] = ["not", "texts"]
    del broken["form_id"]
    answers = {lang: api.post(FORMS, broken, who="admin", headers={"Accept-Language": lang})
               .get_json()["error"] for lang in ("th", "en")}
    assert answers["th"]["message"] == "แบบฟอร์มมีปัญหา รายการปัญหาทั้งหมดอยู่ใน details"
    assert answers["th"]["details"]["problems"] == [
        'fields[0].label: ข้อความต้องแยกตามภาษา เช่น {"th": "ชื่อ", "en": "Name"}',
        "form_id: ต้องมีค่านี้ แต่ยังไม่ได้ใส่"]
    assert answers["en"]["details"]["problems"] == [
        'fields[0].label: Texts are given by language, like {"th": "ชื่อ", "en": "Name"}.',
        "form_id: This is required and missing."]
