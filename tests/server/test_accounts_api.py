"""Phones sign themselves in: a token for one's own device, who am I, sign out; and CORS."""

from server.api.schemas import DeviceTokenSchema, MeSchema
from tests.conftest import basic, bearer


def test_a_field_officer_gets_a_token_for_their_phone_with_their_password(api):
    response = api.post("/api/v1/devices", {"label": "โทรศัพท์สมชาย"},
                        headers=basic("somchai"))
    assert response.status_code == 201
    issued = DeviceTokenSchema().load(response.get_json())
    assert (issued["username"], issued["role"], issued["label"]) == (
        "somchai", "field", "โทรศัพท์สมชาย")
    me = api.get("/api/v1/me", headers=bearer(issued["token"])).get_json()
    assert MeSchema().load(me) == {"username": "somchai", "role": "field",
                                   "full_name": "นายสมชาย รักถิ่น", "device": "โทรศัพท์สมชาย"}


def test_me_with_a_password_has_no_device(api):
    assert api.get("/api/v1/me", who="malee").get_json()["device"] is None


def test_a_device_token_and_the_password_name_the_same_person(api, auth):
    by_token = api.get("/api/v1/me", headers=auth.token("somsri", "somsri-tablet")).get_json()
    by_password = api.get("/api/v1/me", headers=auth.basic("somsri")).get_json()
    assert by_token == {"username": "somsri", "role": "field",
                        "full_name": "นางสาวสมศรี ดีงาม", "device": "somsri-tablet"}
    assert by_password == {**by_token, "device": None}


def test_signing_a_phone_out_revokes_exactly_the_token_it_used(api):
    token = api.post("/api/v1/devices", {"label": "p1"}, headers=basic("somchai")).get_json()
    other = api.post("/api/v1/devices", {"label": "p2"}, headers=basic("somchai")).get_json()
    assert api.delete("/api/v1/devices/current",
                      headers=bearer(token["token"])).status_code == 204
    assert api.get("/api/v1/me", headers=bearer(token["token"])).status_code == 401
    assert api.get("/api/v1/me", headers=bearer(other["token"])).status_code == 200


def test_a_label_held_by_another_users_phone_is_409(api):
    api.post("/api/v1/devices", {"label": "shared"}, headers=basic("somchai"))
    response = api.post("/api/v1/devices", {"label": "shared"}, headers=basic("somsri"))
    assert (response.status_code, response.get_json()["error"]["code"]) == (
        409, "device_exists")


def test_a_field_officer_cannot_issue_a_token_for_someone_else(api):
    response = api.post("/api/v1/devices", {"label": "x", "username": "somsri"},
                        headers=basic("somchai"))
    assert response.status_code == 403


def test_the_api_allows_a_client_from_another_origin_without_cookies(api):
    preflight = api.client.options("/api/v1/sync/push", headers={
        "Origin": "https://client.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Authorization, Content-Type, Content-Encoding"})
    assert preflight.status_code == 200
    allowed = preflight.headers["Access-Control-Allow-Headers"]
    assert {"Authorization", "Content-Type", "Content-Encoding"} <= {
        h.strip() for h in allowed.split(",")}
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in preflight.headers
    response = api.get("/api/v1/forms", who="somchai", headers={"Origin": "https://x"})
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]


def test_health_answers_without_sign_in(api):
    assert api.get("/api/v1/health").get_json() == {"status": "ok", "database": "ok"}
