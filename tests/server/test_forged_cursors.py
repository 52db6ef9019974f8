"""Forged cursors on every endpoint that takes one, on SQLite and PostgreSQL: a 400
`invalid_cursor` in the error shape on the API, a 4xx page on the web, never a 500."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync import accounts, db, push
from tests.conftest import ADMIN, OFFICER, SUPERVISOR
from tests.factories import batch, item
from tests.forged_cursors import FORGED, forged_cursors

# (who asks, path, the query parameter that carries a cursor)
API = [(OFFICER, "/api/v1/sync/pull", "since"),
       (SUPERVISOR, "/api/v1/submissions", "cursor"),
       (ADMIN, "/api/v1/quarantine", "cursor")]
WEB = [("/", "after"), ("/", "before"), ("/?sort=record_date&form=km_record", "after"),
       ("/rejected", "after")]


def query(path: str, name: str, cursor: str) -> str:
    """`path` with the cursor added, percent-encoded byte for byte as a client could send it
    (a lone surrogate becomes the bytes no UTF-8 decoder accepts)."""
    encoded = quote(cursor.encode("utf-8", "surrogatepass"), safe="")
    return f"{path}{'&' if '?' in path else '?'}{name}={encoded}"


@pytest.fixture
def site(api, auth):
    """The API with a few submissions and one refused item, and an admin signed in on the
    web pages."""
    with db.database.connection_context():
        officer = accounts.get_user(OFFICER)
        push.push_batch(officer, batch(*(item(seed=s) for s in range(3))))
        refused = item(seed=9)
        refused["answers"]["participants"][0]["age"] = 3
        push.push_batch(officer, batch(refused))
    return api, auth.signed_in(ADMIN)


# A cursor holding a control character is refused by the edge guard (server/edge.py) before
# anything reads it, as `invalid_characters`; every other forged cursor as `invalid_cursor`.
REFUSED = ("invalid_cursor", "invalid_characters")


def api_refuses(api, who, path, name, cursor) -> None:
    response = api.get(query(path, name, cursor), who=who)
    assert response.status_code == 400, (path, cursor, response.get_data(as_text=True))
    error = response.get_json()["error"]
    assert error["code"] in REFUSED and error.keys() == {"code", "message", "details"}


def web_refuses(web, path, name, cursor) -> None:
    response = web.get(query(path, name, cursor))
    assert response.status_code == 400, (path, cursor)
    assert response.mimetype == "text/html"


def test_every_forged_cursor_is_refused_by_every_endpoint_that_takes_one(site):
    api, web = site
    for cursor in FORGED:
        for who, path, name in API:
            api_refuses(api, who, path, name, cursor)
        for path, name in WEB:
            web_refuses(web, path, name, cursor)


@pytest.mark.parametrize("item_id", ["0", str(2**63), str(10**30), "-1", "1x", "%00"])
def test_a_rejected_item_that_cannot_exist_is_a_404_page(site, item_id):
    _, web = site
    response = web.get(f"/rejected/{item_id}")
    expected = 400 if item_id == "%00" else 404  # a NUL is refused at the edge
    assert response.status_code == expected and response.mimetype == "text/html"


@pytest.mark.parametrize("name", ["form_id", "author"])
def test_a_listing_filter_with_nul_is_invalid_input_not_a_server_error(site, name):
    api, _ = site
    response = api.get(query("/api/v1/submissions", name, "a\x00b"), who=SUPERVISOR)
    assert response.status_code in (400, 422), response.get_data(as_text=True)
    assert response.get_json()["error"]["code"] in ("invalid_request", "bad_request",
                                                    "invalid_characters")


def test_the_cursors_the_server_issues_are_accepted_everywhere(site):
    api, web = site
    listed = api.get("/api/v1/submissions?limit=1", who=SUPERVISOR).get_json()
    following = api.get(f"/api/v1/submissions?limit=1&cursor={listed['cursor']}",
                        who=SUPERVISOR)
    assert following.status_code == 200 and len(following.get_json()["submissions"]) == 1
    since = api.get("/api/v1/sync/pull", who=OFFICER).get_json()["cursor"]
    assert api.get(f"/api/v1/sync/pull?since={since}", who=OFFICER).status_code == 200
    assert web.get(f"/?after={listed['cursor']}").status_code == 200


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cursor=forged_cursors(), target=st.sampled_from(API + WEB),
       item_id=st.integers())
def test_no_forged_cursor_or_item_id_ever_makes_a_server_error(site, cursor, target, item_id):
    api, web = site
    if len(target) == 3:
        who, path, name = target
        response = api.get(query(path, name, cursor), who=who)
        if response.status_code != 200:  # a draw may by chance be well formed
            assert response.status_code == 400
            assert response.get_json()["error"]["code"] in REFUSED
    else:
        path, name = target
        assert web.get(query(path, name, cursor)).status_code in (200, 400)
    assert web.get(f"/rejected/{item_id}").status_code in (200, 404)
