"""What a form's summary declares is what the pages show: a form an admin publishes gets its
own listing columns, place, date and overview charts, and the bundled forms keep theirs.

Every test runs on SQLite and PostgreSQL (the `app` fixture is parametrised).
"""

import html
import re
import uuid

import pytest

from forms.bundled import bundled
from tests.conftest import ADMIN, OFFICER, SUPERVISOR, basic
from tests.factories import push, samples

LABEL = lambda th, en: {"th": th, "en": en}  # noqa: E731

WELL_CHECK = {
    "form_id": "well_check", "version": "1", "title": LABEL("ตรวจบ่อบาดาล", "Well check"),
    "summary": {
        "title": "well_name",
        "place": {"province": "where.changwat", "district": "where.amphoe",
                  "subdistrict": "where.tambon", "village": "where.moo"},
        "date": "checked_on",
        "columns": [
            {"label": LABEL("ชื่อบ่อ", "Well"), "field": "well_name"},
            {"label": LABEL("ความลึก", "Depth"), "field": "depth_m"},
            {"label": LABEL("ตัวอย่าง", "Samples"), "count": "samples"},
        ],
        "charts": [
            {"kind": "ranked", "title": LABEL("บ่อเรียงตามความลึก", "Wells by depth"),
             "value": "depth_m"},
            {"kind": "tally", "title": LABEL("คุณภาพน้ำ", "Water quality"),
             "field": "samples.quality"},
        ],
    },
    "fields": [
        {"name": "well_name", "type": "text", "label": LABEL("ชื่อบ่อ", "Well name")},
        {"name": "where", "type": "group", "label": LABEL("ที่ตั้ง", "Where"), "fields": [
            {"name": "changwat", "type": "text", "label": LABEL("จังหวัด", "Province")},
            {"name": "amphoe", "type": "text", "label": LABEL("อำเภอ", "District")},
            {"name": "tambon", "type": "text", "label": LABEL("ตำบล", "Sub-district")},
            {"name": "moo", "type": "integer", "label": LABEL("หมู่ที่", "Village no.")},
        ]},
        {"name": "checked_on", "type": "date", "label": LABEL("วันที่ตรวจ", "Checked on")},
        {"name": "depth_m", "type": "decimal", "label": LABEL("ความลึก (เมตร)", "Depth (m)")},
        {"name": "samples", "type": "repeat", "label": LABEL("ตัวอย่างน้ำ", "Water samples"),
         "fields": [
             {"name": "quality", "type": "select_one", "label": LABEL("คุณภาพ", "Quality"),
              "choices": [{"value": "clear", "label": LABEL("ใส", "Clear")},
                          {"value": "cloudy", "label": LABEL("ขุ่น", "Cloudy")}]},
         ]},
    ],
}


def well(name: str, depth: float, qualities: list[str], province: str = "ฉะเชิงเทรา") -> dict:
    return {"well_name": name, "checked_on": "2012-06-25", "depth_m": depth,
            "where": {"changwat": province, "amphoe": "เมืองฉะเชิงเทรา", "tambon": "โสธร",
                      "moo": 3},
            "samples": [{"quality": q} for q in qualities]}


def push_over_http(client, answers_list: list[dict]) -> None:
    body = {"batch_id": str(uuid.uuid4()), "device_id": "phone-1",
            "sent_at": "2026-11-20T09:20:00+07:00",
            "submissions": [{"uuid": str(uuid.uuid4()), "form_id": "well_check",
                             "form_version": "1", "base_rev": 0,
                             "created_at": "2026-11-20T09:15:00+07:00", "answers": answers}
                            for answers in answers_list]}
    response = client.post("/api/v1/sync/push", json=body, headers=basic(OFFICER))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert {r["status"] for r in response.get_json()["results"]} == {"created"}


def text_of(page: str) -> str:
    """The page's visible words, one space between tags."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def cells(page: str) -> list[list[str]]:
    """The listing's rows as lists of their cells: the declared ones, then place, record
    date, state and sender."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", page, re.S)
    return [[text_of(c).strip() for c in re.findall(r'<td[^>]*data-label="[^"]+"[^>]*>(.*?)</td>',
                                                    row, re.S)] for row in rows[1:]]


@pytest.fixture
def supervisor(auth):
    return auth.signed_in(SUPERVISOR)


def test_a_published_form_is_listed_with_its_own_columns_place_and_date(app, supervisor):
    client = app.test_client()
    published = client.post("/api/v1/forms", json=WELL_CHECK, headers=basic(ADMIN))
    assert published.status_code == 201, published.get_data(as_text=True)
    push_over_http(client, [well("บ่อวัด", 12.5, ["clear", "cloudy"]),
                            well("บ่อโรงเรียน", 30, ["clear"], province="ชลบุรี")])

    page = supervisor.get("/?form=well_check&lang=en").get_data(as_text=True)
    headers = re.findall(r"<th>([^<]*)</th>", page)
    assert headers[:3] == ["Well", "Depth", "Samples"]
    rows = sorted(cells(page))
    assert [row[:3] for row in rows] == [["บ่อวัด", "12.5", "2"], ["บ่อโรงเรียน", "30", "1"]]
    assert [row[3:5] for row in rows] == [  # the declared place and date
        ["Village no. 3 · โสธร · เมืองฉะเชิงเทรา · ฉะเชิงเทรา", "25 Jun 2012"],
        ["Village no. 3 · โสธร · เมืองฉะเชิงเทรา · ชลบุรี", "25 Jun 2012"]]
    narrowed = supervisor.get("/?form=well_check&province=ชลบุรี").get_data(as_text=True)
    assert [row[0] for row in cells(narrowed)] == ["บ่อโรงเรียน"]


def test_a_published_form_gets_the_charts_its_summary_declares(app, supervisor):
    client = app.test_client()
    assert client.post("/api/v1/forms", json=WELL_CHECK, headers=basic(ADMIN)).status_code == 201
    push_over_http(client, [well("บ่อวัด", 12.5, ["clear", "cloudy"]),
                            well("บ่อโรงเรียน", 30, ["clear", "clear"])])

    page = text_of(supervisor.get("/overview?lang=en").get_data(as_text=True))
    assert "Wells by depth" in page and "Water quality" in page
    ranked = page[page.index("Wells by depth"):page.index("Water quality")]
    assert ranked.index("บ่อโรงเรียน 30") < ranked.index("บ่อวัด 12")  # deepest first
    assert re.search(r"Clear 3 Cloudy 1 ", page[page.index("Water quality"):])


def test_the_bundled_forms_keep_their_listing_columns(app, supervisor):
    (trained,) = samples("training_attendance", 1, target_count=30)
    push(OFFICER, "training_attendance", [trained])
    push(OFFICER, "forum_minutes", samples("forum_minutes", 1, place={
        "village_name": "บ้านโสธร", "village_no": 3}))
    training = supervisor.get("/?form=training_attendance&lang=en").get_data(as_text=True)
    assert re.findall(r"<th>([^<]*)</th>", training)[:4] == ["Record", "Activity", "Day",
                                                             "Present / target"]
    [[title, activity, day, present, *_]] = cells(training)
    assert title == trained["course_title"]  # the summary's title, in its own column
    assert activity in ("Thai desserts of local wisdom", "Mind development")
    assert day.isdigit() and re.fullmatch(r"\d+ / 30", present)
    forum = supervisor.get("/?form=forum_minutes&lang=en").get_data(as_text=True)
    [[title, number, village, resolutions, *_]] = cells(forum)
    assert village == "บ้านโสธร (3)" and number.isdigit() and resolutions.isdigit()
    assert title == f"Forum no. {number}"  # no title declared: the first column names it


def test_the_bundled_forms_keep_their_overview_charts(app, supervisor):
    push(OFFICER, "training_attendance", samples("training_attendance", 2, target_count=30))
    push(OFFICER, "proposal_scoring", samples("proposal_scoring", 2))
    push(OFFICER, "forum_minutes", samples("forum_minutes", 2))
    page = supervisor.get("/overview?lang=en").get_data(as_text=True)
    words = text_of(page)
    for title in ("Attendance against target (latest sessions)",
                  "Proposals ranked by total score", "Forum attendance by role"):
        assert title in words
    assert "target 30" in words  # the programme's target line
    assert re.search(r"Eligible|Not eligible", words)
    attendees = next(f for f in bundled("forum_minutes").raw["fields"] if f["name"] == "attendees")
    assert all(role["label"]["en"] in words for role in attendees["fields"])  # by role
