"""Pull and review over HTTP: a supervisor's decision reaches the author's phone."""

from forms.bundled import load_bundled
from server.api.schemas import (
    PullResponseSchema,
    ReviewDecisionSchema,
    SubmissionDetailSchema,
    SubmissionListSchema,
)
from tests.factories import batch, item

PULL = "/api/v1/sync/pull"


def pull_all(api, who, cursor=None, limit=100):
    seen = []
    while True:
        query = f"?limit={limit}" + (f"&since={cursor}" if cursor else "")
        page = api.get(PULL + query, who=who).get_json()
        PullResponseSchema().load(page)
        seen += page["forms"] + page["reviews"]
        cursor = page["cursor"]
        if not page["more"]:
            return seen, cursor


def test_a_review_reaches_the_authors_phone_and_no_one_elses(api):
    pushed = item(seed=50)
    api.post("/api/v1/sync/push", batch(pushed), who="somchai")
    _, a_cursor = pull_all(api, "somchai")
    _, b_cursor = pull_all(api, "somsri")
    response = api.post(f"/api/v1/submissions/{pushed['uuid']}/review",
                        {"review_state": "has_issues", "comment": "ขาดชื่อวิทยากร"},
                        who="malee")
    assert response.status_code == 200
    ReviewDecisionSchema().load(response.get_json())
    seen, _ = pull_all(api, "somchai", a_cursor)
    assert [(r["uuid"], r["review_state"], r["reviewer"]) for r in seen] == [
        (pushed["uuid"], "has_issues", "malee")]
    assert pull_all(api, "somsri", b_cursor)[0] == []


def test_pages_of_one_follow_the_cursor_without_skipping_or_repeating(api):
    everything, _ = pull_all(api, "somchai")
    one_by_one, _ = pull_all(api, "somchai", limit=1)
    assert one_by_one == everything and len(everything) == len(load_bundled())


def test_a_comment_is_required_to_send_back_and_a_field_user_cannot_review(api):
    pushed = item(seed=51)
    api.post("/api/v1/sync/push", batch(pushed), who="somchai")
    path = f"/api/v1/submissions/{pushed['uuid']}/review"
    missing = api.post(path, {"review_state": "rejected"}, who="malee")
    assert (missing.status_code, list(missing.get_json()["error"]["details"])) == (
        422, ["comment"])
    assert api.post(path, {"review_state": "approved"}, who="somchai").status_code == 403
    unknown = api.post(path, {"review_state": "approved", "mood": "good"}, who="malee")
    assert unknown.status_code == 422


def test_supervisors_list_and_read_submissions_in_full(api):
    pushed = [item(seed=60 + i) for i in range(3)]
    api.post("/api/v1/sync/push", batch(*pushed), who="somchai")
    page = api.get("/api/v1/submissions?limit=2", who="malee").get_json()
    SubmissionListSchema().load(page)
    assert page["more"] and len(page["submissions"]) == 2
    rest = api.get(f"/api/v1/submissions?cursor={page['cursor']}", who="malee").get_json()
    listed = {s["uuid"] for s in page["submissions"] + rest["submissions"]}
    assert listed == {p["uuid"] for p in pushed}
    full = api.get(f"/api/v1/submissions/{pushed[0]['uuid']}", who="malee").get_json()
    SubmissionDetailSchema().load(full)
    assert full["answers"]["venue"] == pushed[0]["answers"]["venue"]


def test_a_phone_polling_while_two_reviews_commit_out_of_order_sees_both_once(api):
    """Review A is written first but commits last; review B tries to commit in between.
    The phone pulls before, between and after, and must see each decision exactly once."""
    import threading

    from sync import review
    from sync.db import database
    from sync.models import User

    first, second = item(seed=70), item(seed=71)
    api.post("/api/v1/sync/push", batch(first, second), who="somchai")
    _, cursor = pull_all(api, "somchai")
    malee = User.get(User.username == "malee")
    a_written, a_may_commit = threading.Event(), threading.Event()

    def decide(uuid, hold=False):
        with database.atomic():
            review.review_submission(uuid, malee, "approved")
            if hold:
                a_written.set()
                a_may_commit.wait(10)
        database.close()

    a = threading.Thread(target=decide, args=(first["uuid"], True))
    b = threading.Thread(target=decide, args=(second["uuid"],))
    a.start()
    a_written.wait(10)
    b.start()
    b.join(0.5)
    seen = []
    for step in ("while A holds", "after A", "after B"):
        if step == "after A":
            a_may_commit.set()
            a.join(10)
        if step == "after B":
            b.join(10)
        page, cursor = pull_all(api, "somchai", cursor)
        seen += [r["uuid"] for r in page]
    assert seen == [first["uuid"], second["uuid"]]
