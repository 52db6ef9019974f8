"""The sync protocol end to end: a real `tambon serve` (gunicorn, two workers), on SQLite and
on PostgreSQL, spoken to over real HTTP, with people and phones made by the `tambon` command."""

import copy
import gzip
import json
import zlib

import pytest
import requests

from forms.canonical import content_hash
from forms.samples import sample_answers
from tests.cast import PASSWORD
from tests.e2e.harness import run_cli, submission

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def definition():
    from forms.bundled import bundled_version

    return bundled_version("training_attendance", "1").raw  # the version submissions name


@pytest.fixture
def answers(definition, request):
    """Valid answers for training_attendance, different in every test."""
    return sample_answers(definition, seed=zlib.crc32(request.node.name.encode()),
                          repeat_counts={"participants": 3})


def edited(answers: dict) -> dict:
    changed = copy.deepcopy(answers)
    changed["trainer"] = changed["trainer"] + " (แก้ไข)"
    return changed


def survey(version: str = "1", title_en: str = "Village survey",
           form_id: str = "village_survey") -> dict:
    return {
        "form_id": form_id, "version": version,
        "title": {"th": "สำรวจหมู่บ้าน", "en": title_en},
        "fields": [{"name": "village_name", "type": "text", "required": True,
                    "label": {"th": "ชื่อหมู่บ้าน", "en": "Village name"}}],
    }


def assert_error(response: requests.Response, status: int, code: str) -> dict:
    """The response is the protocol's one error shape, with this status and code."""
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == code and error["message"]
    return error


def statuses(response: requests.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [r["status"] for r in response.json()["results"]]


def test_health_answers_without_credentials(site):
    assert requests.get(f"{site.url}/api/v1/health", timeout=10).status_code == 200


def test_the_admin_password_printed_by_init_publishes_forms_idempotently(site):
    url = f"{site.url}/api/v1/forms"
    first = requests.post(url, json=survey(), auth=site.admin(), timeout=30)
    assert first.status_code == 201, first.text
    again = requests.post(url, json=survey(), auth=site.admin(), timeout=30)
    assert again.status_code == 200, again.text
    other = requests.post(url, json=survey(title_en="Other"), auth=site.admin(), timeout=30)
    assert_error(other, 409, "version_exists")


def test_an_invalid_definition_is_refused_with_its_problems(site):
    broken = dict(survey(), form_id="Not An Id")
    response = requests.post(f"{site.url}/api/v1/forms", json=broken, auth=site.admin(),
                             timeout=30)
    error = assert_error(response, 422, "invalid_definition")
    assert "form_id" in json.dumps(error["details"])


def test_a_field_officer_may_not_publish_forms(site):
    response = requests.post(f"{site.url}/api/v1/forms", json=survey("9"),
                             auth=("somchai", PASSWORD), timeout=30)
    assert_error(response, 403, "forbidden")


def test_wrong_credentials_get_401_with_a_challenge(site):
    response = requests.get(f"{site.url}/api/v1/forms", auth=("somchai", "wrong password"),
                            timeout=30)
    assert_error(response, 401, "unauthorized")
    assert "WWW-Authenticate" in response.headers


def test_the_forms_list_is_revalidated_with_its_etag(site):
    phone = site.phone("phone-1")
    listed = phone.session.get(f"{site.url}/api/v1/forms", timeout=30)
    assert listed.status_code == 200
    assert "training_attendance" in {f["form_id"] for f in listed.json()["forms"]}
    unchanged = phone.session.get(f"{site.url}/api/v1/forms", timeout=30,
                                  headers={"If-None-Match": listed.headers["ETag"]})
    assert unchanged.status_code == 304 and unchanged.content == b""


def test_a_published_version_is_served_with_its_hash(site, definition):
    phone = site.phone("phone-1")
    response = phone.session.get(
        f"{site.url}/api/v1/forms/training_attendance/versions/{definition['version']}",
        timeout=30)
    assert response.status_code == 200
    assert content_hash(response.json()) == content_hash(definition)
    assert response.headers["ETag"].strip('"') == content_hash(definition)


def test_a_resent_batch_is_created_once_then_duplicate(site, answers):
    phone = site.phone("phone-1")
    items = [submission(answers), submission(edited(answers))]
    first = phone.push(items, batch_id="5d7e1c1e-0000-4000-8000-000000000001")
    assert statuses(first) == ["created", "created"]
    assert [r["rev"] for r in first.json()["results"]] == [1, 1]
    again = phone.push(items, batch_id="5d7e1c1e-0000-4000-8000-000000000001")
    assert statuses(again) == ["duplicate", "duplicate"]
    assert again.json()["summary"] == {
        "created": 0, "updated": 0, "duplicate": 2, "conflict": 0, "rejected": 0}


def test_an_edit_on_the_current_rev_updates_and_a_stale_edit_conflicts(site, answers):
    phone = site.phone("phone-1")
    original = submission(answers)
    assert statuses(phone.push([original])) == ["created"]

    edit = dict(original, base_rev=1, answers=edited(answers))
    updated = phone.push([edit])
    assert statuses(updated) == ["updated"] and updated.json()["results"][0]["rev"] == 2

    stale = dict(original, base_rev=1, answers=edited(edited(answers)))
    conflict = phone.push([stale])
    assert statuses(conflict) == ["conflict"]
    result = conflict.json()["results"][0]
    assert result["rev"] == 2
    assert result["answers"]["trainer"] == edit["answers"]["trainer"]

    # The phone rebases on rev 2 and sends again: now it is an ordinary update.
    rebased = phone.push([dict(stale, base_rev=2)])
    assert statuses(rebased) == ["updated"] and rebased.json()["results"][0]["rev"] == 3


def test_invalid_answers_are_rejected_by_path_and_the_rest_of_the_batch_is_stored(
        site, answers):
    bad = copy.deepcopy(answers)
    bad["participants"][1]["age"] = 3
    response = site.phone("phone-1").push([submission(answers), submission(bad)])
    assert statuses(response) == ["created", "rejected"]
    rejected = response.json()["results"][1]
    assert rejected["code"] == "invalid_answers"
    assert "participants.1.age" in rejected["errors"]
    assert response.json()["summary"]["rejected"] == 1


def test_an_unknown_form_version_is_rejected(site, answers):
    item = submission(answers, form_version="99")
    result = site.phone("phone-1").push([item]).json()["results"][0]
    assert (result["status"], result["code"]) == ("rejected", "unknown_form")


def test_another_officers_uuid_is_rejected_as_forbidden(site, answers):
    mine = submission(answers)
    assert statuses(site.phone("phone-1").push([mine])) == ["created"]
    theirs = dict(mine, answers=edited(answers), base_rev=1)
    result = site.phone("somsri-phone").push([theirs]).json()["results"][0]
    assert (result["status"], result["code"]) == ("rejected", "forbidden")


def test_a_closed_form_leaves_the_list_and_its_pushes_are_rejected(site):
    published = requests.post(f"{site.url}/api/v1/forms", json=survey(form_id="village_visit"),
                              auth=site.admin(), timeout=30)
    assert published.status_code == 201, published.text
    phone = site.phone("phone-2")
    before = phone.pull().json()
    run_cli(site.env, "form", "close", "village_visit")

    listed = phone.session.get(f"{site.url}/api/v1/forms", timeout=30).json()["forms"]
    assert "village_visit" not in {f["form_id"] for f in listed}
    item = submission({"village_name": "บ้านโสธร"}, form_id="village_visit")
    result = phone.push([item]).json()["results"][0]
    assert (result["status"], result["code"]) == ("rejected", "form_closed")
    closings = phone.pull(before["cursor"]).json()["forms"]
    assert {"form_id": "village_visit", "status": "closed"}.items() <= closings[-1].items()


def test_a_review_reaches_the_authors_phone_through_pull_exactly_once(site, answers):
    phone = site.phone("phone-1")
    item = submission(answers)
    assert statuses(phone.push([item])) == ["created"]
    cursor = phone.pull().json()["cursor"]

    review = requests.post(
        f"{site.url}/api/v1/submissions/{item['uuid']}/review", auth=("malee", PASSWORD),
        json={"review_state": "has_issues", "comment": "อายุผู้เข้าร่วมคนที่ 2 ไม่ถูกต้อง"},
        timeout=30,
    )
    assert review.status_code == 200, review.text

    pulled = phone.pull(cursor).json()
    mine = [r for r in pulled["reviews"] if r["uuid"] == item["uuid"]]
    assert [(r["review_state"], r["reviewer"]) for r in mine] == [("has_issues", "malee")]
    assert mine[0]["comment"] == "อายุผู้เข้าร่วมคนที่ 2 ไม่ถูกต้อง"
    assert phone.pull(pulled["cursor"]).json()["reviews"] == []


def test_reviews_are_not_pulled_by_other_officers(site, answers):
    item = submission(answers)
    assert statuses(site.phone("phone-1").push([item])) == ["created"]
    requests.post(f"{site.url}/api/v1/submissions/{item['uuid']}/review",
                  auth=("malee", PASSWORD), json={"review_state": "approved"}, timeout=30)
    seen = {r["uuid"] for r in site.phone("somsri-phone").pull().json()["reviews"]}
    assert item["uuid"] not in seen


def test_a_field_officer_may_not_review(site, answers):
    item = submission(answers)
    assert statuses(site.phone("phone-1").push([item])) == ["created"]
    response = site.phone("phone-1").session.post(
        f"{site.url}/api/v1/submissions/{item['uuid']}/review",
        json={"review_state": "approved"}, timeout=30)
    assert_error(response, 403, "forbidden")


def test_a_gzip_compressed_push_is_accepted(site, answers):
    phone = site.phone("phone-1")
    body = {"batch_id": "5d7e1c1e-0000-4000-8000-0000000000a2", "device_id": "phone-1",
            "sent_at": "2026-11-20T10:00:00+07:00", "submissions": [submission(answers)]}
    response = phone.session.post(
        f"{site.url}/api/v1/sync/push", data=gzip.compress(json.dumps(body).encode()),
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"}, timeout=30)
    assert statuses(response) == ["created"]


def test_a_push_that_is_not_json_is_refused_and_nothing_is_stored(site):
    response = site.phone("phone-1").session.post(
        f"{site.url}/api/v1/sync/push", data=b'{"batch_id": ',
        headers={"Content-Type": "application/json"}, timeout=30)
    assert_error(response, 400, "malformed_json")


def test_an_unknown_api_path_is_a_json_404(site):
    assert_error(requests.get(f"{site.url}/api/v1/nothing-here", timeout=30), 404, "not_found")
