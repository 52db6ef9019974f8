"""Lists over HTTP: the places shipped, ETag and 304, only-the-changes, publishing by admins."""

import gzip
import json

from server.api.schemas import ListBodySchema, ListListSchema

LISTS = "/api/v1/lists"


def fruit(*items, list_id="fruit") -> dict:
    return {"list_id": list_id, "title": {"th": "ผลไม้", "en": "Fruit"}, "items": list(items)}


MANGO = {"value": "mango", "label": {"th": "มะม่วง", "en": "Mango"}, "colour": "yellow"}
DURIAN = {"value": "durian", "label": {"th": "ทุเรียน"}, "colour": "green"}


def test_the_thai_places_are_lists_from_the_start_with_official_codes(api):
    response = api.get(LISTS, who="somchai")
    assert response.status_code == 200
    listed = {entry["list_id"]: entry for entry in ListListSchema().load(response.get_json())["lists"]}
    assert {name: listed[name]["count"] for name in ("th_provinces", "th_districts",
                                                     "th_subdistricts")} == {
        "th_provinces": 77, "th_districts": 929, "th_subdistricts": 7451}
    body = api.get(listed["th_subdistricts"]["url"], who="somchai").get_json()
    [sothon] = [item for item in body["items"] if item["value"] == "240112"]
    assert sothon == {"value": "240112", "label": {"th": "โสธร", "en": "Sothon"},
                      "district": "2401", "province": "24", "postcode": "24000"}
    provinces = api.get(listed["th_provinces"]["url"], who="somchai").get_json()
    assert {"value": "24", "label": {"th": "ฉะเชิงเทรา", "en": "Chachoengsao"}} in provinces["items"]


def test_the_lists_list_and_a_list_answer_304_to_their_etags(api):
    first = api.get(LISTS, who="somchai")
    etag = first.headers["ETag"]
    again = api.get(LISTS, who="somchai", headers={"If-None-Match": etag})
    assert (again.status_code, again.data) == (304, b"")
    whole = api.get(f"{LISTS}/th_districts", who="somchai")
    body = ListBodySchema().load(whole.get_json())
    assert whole.headers["ETag"].strip('"') == body["hash"]
    cached = api.get(f"{LISTS}/th_districts", who="somchai",
                     headers={"If-None-Match": whole.headers["ETag"]})
    assert (cached.status_code, cached.data) == (304, b"")


def test_a_big_list_comes_gzipped_to_a_phone_that_takes_gzip(api):
    plain = api.get(f"{LISTS}/th_subdistricts", who="somchai")
    zipped = api.get(f"{LISTS}/th_subdistricts", who="somchai",
                     headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(zipped.data)) == plain.get_json()
    assert len(zipped.data) * 4 < len(plain.data)
    assert zipped.headers["ETag"] != plain.headers["ETag"]  # two representations
    cached = api.get(f"{LISTS}/th_subdistricts", who="somchai",
                     headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["ETag"]})
    assert cached.status_code == 304


def test_an_admin_publishes_json_then_the_same_again_changes_nothing(api):
    created = api.post(LISTS, fruit(MANGO, DURIAN), who="admin")
    assert created.status_code == 201
    assert created.get_json()["version"] == 1 and created.headers["Location"].endswith("/fruit")
    same = api.post(LISTS, fruit(MANGO, DURIAN), who="admin")
    assert (same.status_code, same.get_json()["hash"]) == (200, created.get_json()["hash"])
    body = api.get(f"{LISTS}/fruit", who="somchai").get_json()
    assert body["columns"] == ["colour"]
    assert body["items"] == [MANGO, {**DURIAN}]


def test_an_item_left_out_is_retired_not_deleted_and_since_gives_only_the_changes(api):
    api.post(LISTS, fruit(MANGO, DURIAN), who="admin")
    ripe = {**MANGO, "colour": "orange"}
    second = api.post(LISTS, fruit(ripe), who="admin").get_json()
    assert (second["version"], second["count"]) == (2, 2)
    whole = api.get(f"{LISTS}/fruit", who="somchai").get_json()
    assert whole["items"] == [ripe, {**DURIAN, "retired": True}]
    changes = api.get(f"{LISTS}/fruit?since=1", who="somchai").get_json()
    assert (changes["since"], changes["version"]) == (1, 2)
    assert sorted(item["value"] for item in changes["items"]) == ["durian", "mango"]
    assert api.get(f"{LISTS}/fruit?since=2", who="somchai").get_json()["items"] == []


def test_a_since_ahead_of_the_list_gives_the_whole_list(api):
    api.post(LISTS, fruit(MANGO), who="admin")
    body = api.get(f"{LISTS}/fruit?since=99", who="somchai").get_json()
    assert "since" not in body and body["items"] == [MANGO]


def test_a_csv_list_is_published_with_its_list_id_from_the_query(api):
    csv_text = "value,label_th,label_en,colour,retired\nmango,มะม่วง,Mango,yellow,\n" \
               "durian,ทุเรียน,,green,yes\n"
    response = api.post(f"{LISTS}?list_id=fruit", who="admin", raw=csv_text.encode(),
                        headers={"Content-Type": "text/csv"})
    assert response.status_code == 201, response.get_json()
    items = api.get(f"{LISTS}/fruit", who="somchai").get_json()["items"]
    assert items == [MANGO, {**DURIAN, "retired": True}]
    missing = api.post(LISTS, who="admin", raw=csv_text.encode(),
                       headers={"Content-Type": "text/csv"})
    assert missing.status_code == 422 and "list_id" in missing.get_json()["error"]["details"]


def test_a_broken_list_is_refused_with_every_problem_and_its_path(api):
    response = api.post(LISTS, fruit(MANGO, {**MANGO}, {"value": "bad value", "label": {}}),
                        who="admin")
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid_list"
    problems = error["details"]["problems"]
    assert any(p.startswith("items[1].value: duplicate") for p in problems), problems
    assert any(p.startswith("items[2].value:") for p in problems)
    assert any(p.startswith("items[2].label:") for p in problems)


def test_only_admins_publish_and_an_unknown_list_is_404(api):
    assert api.post(LISTS, fruit(MANGO), who="somchai").status_code == 403
    assert api.post(LISTS, fruit(MANGO), who="malee").status_code == 403
    response = api.get(f"{LISTS}/no_such", who="somchai")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
    assert api.get(f"{LISTS}/fruit?since=-1", who="somchai").status_code == 422


def test_pull_names_each_changed_list_once_at_its_newest(api):
    cursor = api.get("/api/v1/sync/pull", who="somchai").get_json()["cursor"]
    while True:
        page = api.get(f"/api/v1/sync/pull?since={cursor}", who="somchai").get_json()
        cursor = page["cursor"]
        if not page["more"]:
            break
    api.post(LISTS, fruit(MANGO), who="admin")
    api.post(LISTS, fruit(MANGO, DURIAN), who="admin")
    page = api.get(f"/api/v1/sync/pull?since={cursor}", who="somchai").get_json()
    assert [(c["list_id"], c["version"], c["count"]) for c in page["lists"]] == [("fruit", 2, 2)]
