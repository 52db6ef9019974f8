"""HTTP Basic and Bearer against guessing, stale credentials and the case of a scheme name,
on SQLite and PostgreSQL."""

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync import accounts, throttle
from tests.conftest import ADMIN, OFFICER, PASSWORD, SUPERVISOR, basic

FORMS = "/api/v1/forms"


def wrong(api, username: str = ADMIN, times: int = 1):
    return [api.client.get(FORMS, headers=basic(username, "not-the-password"))
            for _ in range(times)]


def test_guessing_basic_passwords_gets_429_with_retry_after_in_the_error_shape(api):
    answers = wrong(api, times=throttle.FREE_FAILURES["user"] + 2)
    assert [r.status_code for r in answers[:-1]] == [401] * (len(answers) - 1)
    refused = answers[-1]
    assert refused.status_code == 429
    body = refused.get_json()["error"]
    assert body["code"] == "too_many_attempts"
    assert int(refused.headers["Retry-After"]) == body["details"]["retry_after"] >= 1
    assert "Wait" in body["message"]
    right = api.client.get(FORMS, headers=basic(ADMIN, PASSWORD))
    assert right.status_code == 429  # two hundred guesses and then the right one: still waits


def test_a_throttled_account_still_syncs_with_its_device_token(api):
    wrong(api, OFFICER, times=throttle.FREE_FAILURES["user"] + 1)
    assert api.client.get(FORMS, headers=basic(OFFICER)).status_code == 429
    assert api.get(FORMS, who=OFFICER).status_code == 200
    assert api.get("/api/v1/sync/pull", who=OFFICER).status_code == 200


def test_guesses_behind_the_local_proxy_count_against_the_forwarded_address(api):
    for n in range(throttle.FREE_FAILURES["addr"] + 1):
        api.client.get(FORMS, headers={**basic(f"nobody{n}", "x"),
                                       "X-Forwarded-For": "203.0.113.9"})
    from_attacker = api.client.get(FORMS, headers={**basic(SUPERVISOR),
                                                   "X-Forwarded-For": "203.0.113.9"})
    from_office = api.client.get(FORMS, headers={**basic(SUPERVISOR),
                                                 "X-Forwarded-For": "198.51.100.4"})
    assert (from_attacker.status_code, from_office.status_code) == (429, 200)


def test_a_forwarded_for_header_from_a_remote_client_is_not_believed(api):
    for n in range(throttle.FREE_FAILURES["addr"] + 1):
        api.client.get(FORMS, headers={**basic(f"nobody{n}", "x"),
                                       "X-Forwarded-For": f"10.0.0.{n}"},
                       environ_base={"REMOTE_ADDR": "203.0.113.50"})
    again = api.client.get(FORMS, headers={**basic(SUPERVISOR), "X-Forwarded-For": "10.9.9.9"},
                           environ_base={"REMOTE_ADDR": "203.0.113.50"})
    assert again.status_code == 429


def test_a_changed_password_stops_working_at_once_despite_the_credential_cache(api):
    assert api.client.get(FORMS, headers=basic(ADMIN)).status_code == 200  # now cached
    accounts.set_password(ADMIN, "a-brand-new-password")  # as another process would
    assert api.client.get(FORMS, headers=basic(ADMIN)).status_code == 401
    assert api.client.get(FORMS, headers=basic(ADMIN, "a-brand-new-password")).status_code == 200


def test_a_cached_password_is_not_accepted_for_another_account(api):
    assert api.client.get(FORMS, headers=basic(ADMIN)).status_code == 200
    accounts.set_password(SUPERVISOR, "chais-own-password")
    assert api.client.get(FORMS, headers=basic(SUPERVISOR)).status_code == 401


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER", "bEaReR"])
def test_the_bearer_scheme_is_read_whatever_its_case(api, scheme):
    token = api.headers[OFFICER]["Authorization"].split(" ", 1)[1]
    response = api.client.get(FORMS, headers={"Authorization": f"{scheme} {token}"})
    assert response.status_code == 200


@pytest.mark.parametrize("scheme", ["Basic", "basic", "BASIC"])
def test_the_basic_scheme_is_read_whatever_its_case(api, scheme):
    credentials = basic(SUPERVISOR)["Authorization"].split(" ", 1)[1]
    response = api.client.get(FORMS, headers={"Authorization": f"{scheme} {credentials}"})
    assert response.status_code == 200


def test_a_revoked_token_in_lower_case_is_still_refused(api):
    token = api.headers["revoked"]["Authorization"].split(" ", 1)[1]
    response = api.client.get(FORMS, headers={"Authorization": f"bearer {token}"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("state", ["has_issues", "rejected"])
def test_a_review_comment_of_zero_width_spaces_is_refused(api, state):
    from sync.models import Submission, User
    from sync.push import push_batch
    from tests.factories import batch, item

    sent = item(seed=7)
    push_batch(User.get(User.username == OFFICER), batch(sent))
    response = api.post(f"/api/v1/submissions/{sent['uuid']}/review", who=SUPERVISOR,
                        body={"review_state": state, "comment": "\u200b\u200d\ufeff"})
    assert response.status_code == 422
    assert "comment" in response.get_json()["error"]["details"]
    assert Submission.get(Submission.uuid == sent["uuid"]).review_state == "received"


def test_a_load_balancer_named_as_trusted_passes_on_the_client_address(api, app):
    app.config["TAMBON"] = dataclasses.replace(app.config["TAMBON"],
                                               trusted_proxies="10.0.0.0/8")
    balancer = {"REMOTE_ADDR": "10.1.2.3"}
    for n in range(throttle.FREE_FAILURES["addr"] + 1):  # the guesser also forges a hop
        api.client.get(FORMS, environ_base=balancer, headers={
            **basic(f"nobody{n}", "x"), "X-Forwarded-For": f"192.0.2.{n}, 203.0.113.9"})
    guesser = api.client.get(FORMS, environ_base=balancer, headers={
        **basic(SUPERVISOR), "X-Forwarded-For": "203.0.113.9"})
    officer = api.client.get(FORMS, environ_base=balancer, headers={
        **basic(SUPERVISOR), "X-Forwarded-For": "198.51.100.4"})
    assert (guesser.status_code, officer.status_code) == (429, 200)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(remote=st.sampled_from(["127.0.0.1", "::1", "203.0.113.5", "", "not-an-ip"]),
       forwarded=st.text(alphabet=st.sampled_from(list("0123456789abcdef.:, []%\x00ก")),
                         max_size=40))
def test_any_forwarded_for_header_gives_an_address_and_never_an_error(app, remote, forwarded):
    from server.auth import client_address

    with app.test_request_context(environ_base={"REMOTE_ADDR": remote},
                                  headers={"X-Forwarded-For": forwarded}):
        address = client_address()
    assert address and address.isprintable() and len(address) < 64
