"""Every endpoint against every kind of caller, with the status each must get.

The field officers (A and B) sign in with device tokens (as phones do); the supervisor and
the admin with HTTP Basic (as people and scripts do). A and B each own one submission and try
to read, review and overwrite the other's. Auth does not depend on the database engine, so
this runs on SQLite only, against one app shared by the module.
"""

import itertools
import uuid as uuidlib

import pytest

from sync import accounts, catalog, push
from sync.db import database
from sync.models import User
from tests.conftest import (ADMIN, CALLERS, OFFICER, PEOPLE, SECOND_OFFICER, SUPERVISOR, Api,
                            api_headers, bearer, make_app, release)
from tests.factories import batch, edited, item
from tests.media import photo, sha, training_item

_labels = itertools.count()


@pytest.fixture(scope="module")
def site(tmp_path_factory, cheap_password_hashing):
    data = tmp_path_factory.mktemp("matrix")
    app = make_app(data, str(data / "tambon.db"))
    with database.connection_context():
        headers = api_headers()
        owned = {}
        for officer in (OFFICER, SECOND_OFFICER):
            sent = item(seed=len(owned))
            push.push_batch(User.get(User.username == officer), batch(sent))
            owned[officer] = sent
        # A's photo, uploaded: a file only A, supervisors and admins may read
        push.push_batch(User.get(User.username == OFFICER), batch(training_item([PHOTO])))
    uploaded = Api(app.test_client(), headers).open(
        "PUT", f"/api/v1/attachments/{sha(PHOTO)}", OFFICER, raw=PHOTO)
    assert uploaded.status_code == 201
    yield Api(app.test_client(), headers), owned
    release(app.extensions["tambon_db"])


def fresh_device_for(username: str) -> tuple[str, str]:
    label = f"spare-{next(_labels)}"
    return label, accounts.issue_device_token(username, label)[1]


A, B, SUP, ADM = OFFICER, SECOND_OFFICER, SUPERVISOR, ADMIN
PHOTO = photo(99)
EVERYONE = {who: 200 for who in CALLERS}
SIGNED_IN = {"anonymous": 401, A: 200, B: 200, SUP: 200, ADM: 200, "revoked": 401}


def only(allowed: dict, status: int = 200) -> dict:
    """401 for anonymous and revoked, 403 for the signed-in who are not in `allowed`."""
    return {"anonymous": 401, "revoked": 401, **{w: 403 for w in PEOPLE}, **allowed}


# (name, method, path, body, expected status by caller)
MATRIX = [
    ("health", "GET", "/api/v1/health", None, EVERYONE),
    ("openapi", "GET", "/api/v1/openapi.json", None, EVERYONE),
    ("list forms", "GET", "/api/v1/forms", None, SIGNED_IN),
    ("get definition", "GET", "/api/v1/forms/training_attendance/versions/1", None, SIGNED_IN),
    ("publish form", "POST", "/api/v1/forms", "definition", only({ADM: 200})),
    ("close form", "POST", "/api/v1/forms/km_record/close", None, only({ADM: 200})),
    ("push", "POST", "/api/v1/sync/push", "empty batch", SIGNED_IN),
    ("pull", "GET", "/api/v1/sync/pull", None, SIGNED_IN),
    ("list submissions", "GET", "/api/v1/submissions", None, only({SUP: 200, ADM: 200})),
    ("read A's submission", "GET", "/api/v1/submissions/{a}", None,
     only({A: 200, SUP: 200, ADM: 200})),
    ("read B's submission", "GET", "/api/v1/submissions/{b}", None,
     only({B: 200, SUP: 200, ADM: 200})),
    ("review A's submission", "POST", "/api/v1/submissions/{a}/review", "approval",
     only({SUP: 200, ADM: 200})),
    ("quarantine", "GET", "/api/v1/quarantine", None, only({ADM: 200})),
    # Tokens are minted with a password only: a phone's token cannot mint more.
    ("issue a token", "POST", "/api/v1/devices", "label",
     {"anonymous": 401, A: 401, B: 401, SUP: 201, ADM: 201, "revoked": 401}),
    ("list devices", "GET", "/api/v1/devices", None, only({ADM: 200})),
    ("revoke own token", "DELETE", "/api/v1/devices/current", "fresh token",
     {"anonymous": 401, A: 204, B: 204, SUP: 401, ADM: 401, "revoked": 401}),
    ("revoke a device", "DELETE", "/api/v1/devices/{spare}", None, only({ADM: 204})),
    ("me", "GET", "/api/v1/me", None, SIGNED_IN),
    # Files: uploaded only by whoever pushed a submission naming them (A: already stored),
    # read by supervisors, admins and the authors of submissions naming them.
    ("upload A's photo", "PUT", "/api/v1/attachments/{photo}", "photo", only({A: 200})),
    ("status of A's photo", "GET", "/api/v1/attachments/{photo}/status", None, only({A: 200})),
    ("read A's photo", "GET", "/api/v1/attachments/{photo}", None,
     only({A: 200, SUP: 200, ADM: 200})),
    ("preview A's photo", "GET", "/api/v1/attachments/{photo}/preview", None,
     only({A: 200, SUP: 200, ADM: 200})),
]


@pytest.mark.parametrize("name, method, path, body, expected", MATRIX,
                         ids=[row[0] for row in MATRIX])
@pytest.mark.parametrize("who", CALLERS)
def test_who_may_call_what(site, who, name, method, path, body, expected):
    api, owned = site
    spare, _ = fresh_device_for("somsri")
    path = path.format(a=owned[A]["uuid"], b=owned[B]["uuid"], spare=spare, photo=sha(PHOTO))
    headers = None
    if body == "fresh token" and who in (A, B):
        headers = bearer(fresh_device_for(who)[1])
    payload = {
        "definition": lambda: catalog.get_version("training_attendance", "1").definition,
        "empty batch": lambda: batch(),
        "approval": lambda: {"review_state": "approved"},
        "label": lambda: {"label": f"new-{uuidlib.uuid4()}"},
        "photo": lambda: PHOTO,
    }.get(body, lambda: None)()
    if isinstance(payload, bytes):
        response = api.open(method, path, who, raw=payload, headers=headers)
    elif isinstance(payload, str):
        response = api.open(method, path, who, raw=payload.encode("utf-8"), headers={
            "Content-Type": "application/json", **(headers or {})})
    else:
        response = api.open(method, path, who, body=payload, headers=headers)
    assert response.status_code == expected[who], response.get_json()
    if response.status_code == 401:
        assert "WWW-Authenticate" in response.headers


@pytest.mark.parametrize("me, other", [(A, B), (B, A)])
def test_a_field_user_cannot_overwrite_the_others_submission(site, me, other):
    api, owned = site
    theirs = owned[other]
    for attempt in (theirs, edited(theirs, 1, venue="แก้ไขโดยคนอื่น")):
        result = api.post("/api/v1/sync/push", batch(attempt), who=me).get_json()
        assert [(r["status"], r["code"]) for r in result["results"]] == [
            ("rejected", "forbidden")]
    read = api.get(f"/api/v1/submissions/{theirs['uuid']}", who=other).get_json()
    assert (read["rev"], read["answers"]) == (1, theirs["answers"])


def test_an_admin_may_issue_a_token_for_someone_else_but_a_supervisor_may_not(site):
    api, _ = site
    for who, status in ((ADM, 201), (SUP, 403)):
        response = api.post("/api/v1/devices", {"label": f"for-somchai-{who}",
                                                "username": "somchai"}, who=who)
        assert response.status_code == status
    issued = api.post("/api/v1/devices", {"label": "by-admin", "username": "somchai"}, who=ADM)
    token = issued.get_json()["token"]
    me = api.get("/api/v1/me", headers=bearer(token)).get_json()
    assert me == {"username": "somchai", "role": "field", "full_name": "นายสมชาย รักถิ่น",
                  "device": "by-admin"}
