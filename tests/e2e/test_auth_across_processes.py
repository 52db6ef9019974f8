"""Sign-in state lives in the database, so two servers on one database agree at once: a
throttled account, a changed password, a signed-out session. Real `tambon serve` processes,
on SQLite and PostgreSQL."""

import re

import pytest
import requests

from sync import throttle
from tests.e2e.conftest import ENGINES, prepared_site
from tests.e2e.harness import PASSWORD, run_cli, start_servers

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=ENGINES)
def two_servers(request, tmp_path_factory):
    """One site per engine served by two separate servers (processes) on its database."""
    data = tmp_path_factory.mktemp(f"auth-{request.param}")
    with prepared_site(data, request.param, phones=1) as site:
        yield start_servers(site, count=2, workers=1)


def forms(server, username: str, password: str) -> requests.Response:
    return requests.get(f"{server.url}/api/v1/forms", auth=(username, password), timeout=30)


def test_wrong_passwords_on_one_server_make_the_other_refuse_that_account(two_servers):
    first, second = two_servers.servers
    for _ in range(throttle.FREE_FAILURES["user"] + 1):
        assert forms(first, "somsri", "not-the-password").status_code == 401
    refused = forms(second, "somsri", PASSWORD)
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "too_many_attempts"
    assert int(refused.headers["Retry-After"]) >= 1
    phone = two_servers.phone("somsri-phone", server=1).pull()
    assert phone.status_code == 200  # its device token is not throttled


def test_a_password_changed_by_the_command_stops_working_at_once_on_every_server(two_servers):
    servers = two_servers.servers
    for server in servers:  # each process now holds the password in its cache
        assert forms(server, "somchai", PASSWORD).status_code == 200
    run_cli(two_servers.env, "user", "password", "somchai", "--password-stdin",
            stdin="a-brand-new-password")
    assert [forms(s, "somchai", PASSWORD).status_code for s in servers] == [401, 401]
    assert [forms(s, "somchai", "a-brand-new-password").status_code
            for s in servers] == [200, 200]


def csrf(page: requests.Response) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def test_signing_out_on_one_server_ends_a_copied_cookie_on_the_other(two_servers):
    first, second = two_servers.servers
    browser = requests.Session()
    form = browser.get(f"{first.url}/signin", timeout=30)
    browser.post(f"{first.url}/signin", timeout=30, data={
        "username": "malee", "password": PASSWORD, "csrf_token": csrf(form)})
    thief = requests.Session()
    thief.cookies.set("session", browser.cookies["session"])
    assert thief.get(f"{second.url}/", timeout=30, allow_redirects=False).status_code == 200
    listing = browser.get(f"{first.url}/", timeout=30)
    browser.post(f"{first.url}/signout", data={"csrf_token": csrf(listing)}, timeout=30)
    after = thief.get(f"{second.url}/", timeout=30, allow_redirects=False)
    assert after.status_code == 302 and "/signin" in after.headers["Location"]
