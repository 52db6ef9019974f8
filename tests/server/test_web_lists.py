"""Lists on the supervisor pages: the roster with each person's attendance, place filters by
code that show names and find old free-text records, and admins publishing a list file."""

import io
import re

import pytest

from forms.bundled import bundled
from forms.samples import sample_answers
from tests.conftest import ADMIN, SUPERVISOR, csrf_of
from tests.factories import push, samples

HERE = {"province": "24", "district": "2401", "subdistrict": "240112", "village_no": 3}


@pytest.fixture
def supervisor(client, auth):
    auth.sign_in(SUPERVISOR)
    return client


def training_day(day: int, people: int = 0, ticks=(), seed: int = 3) -> dict:
    answers = sample_answers(bundled("training_attendance").raw, seed,
                             repeat_counts={"participants": people} if people else None)
    answers.update(day_no=day, activity="thai_desserts", place=dict(HERE), date=f"2026-06-2{day}")
    answers.pop("attendance", None)
    if not people:
        answers.pop("participants", None)
    else:
        for row in answers["participants"]:
            row["present"] = True
            row.pop("absence_reason", None)
    if ticks:
        answers["attendance"] = list(ticks)
    return answers


def test_the_roster_page_shows_each_person_with_their_sessions(app, supervisor):
    version = bundled("training_attendance").version
    (day1,) = push("somchai", "training_attendance", [training_day(1, people=2)],
                   form_version=version)
    first, second = f"{day1}.1", f"{day1}.2"
    push("somsri", "training_attendance", [training_day(2, ticks=[
        {"trainee": first, "present": True}, {"trainee": second, "present": False}])],
        form_version=version)
    html = supervisor.get("/lists/training_trainees").get_data(as_text=True)
    assert "ทะเบียนรายชื่อ training_trainees" in html
    rows = re.findall(r"<tr[^>]*><td>([^<]+)</td>.*?<strong>(\d+)</strong> / (\d+)", html, re.S)
    assert [(attended, sessions) for _name, attended, sessions in rows] == [("2", "2"), ("1", "2")]
    assert html.count("✗ ไม่มา") == 1 and html.count("✓ มา") == 3
    listing = supervisor.get("/lists").get_data(as_text=True)
    assert "th_subdistricts" in listing and "training_trainees" in listing


def test_place_filters_use_codes_show_names_and_find_old_free_text_records(app, supervisor):
    version = bundled("forum_minutes").version
    (coded,) = push("somchai", "forum_minutes",
                    samples("forum_minutes", 1, version=version, place=HERE),
                    form_version=version)
    (typed,) = push("somchai", "forum_minutes", samples("forum_minutes", 1, seed=2, place={
        "province": "จ.ฉะเชิงเทรา", "district": "อ.เมืองฉะเชิงเทรา", "subdistrict": "ต.โสธร",
        "village_no": 3}))
    (elsewhere,) = push("somchai", "forum_minutes", samples("forum_minutes", 1, seed=3, place={
        "province": "ปราจีนบุรี", "district": "เมืองปราจีนบุรี", "subdistrict": "หน้าเมือง"}))
    html = supervisor.get("/?province=24&district=2401").get_data(as_text=True)
    shown = set(re.findall(r'name="uuid" value="([0-9a-f-]{36})"', html))
    assert shown == {coded, typed}
    options = {value: name for value, name in re.findall(
        r'<option value="(\d+)"[^>]*>([^<]+)</option>', html)}
    assert options["24"] == "ฉะเชิงเทรา" and options["240112"] == "โสธร"
    by_name = supervisor.get("/?province=ฉะเชิงเทรา").get_data(as_text=True)  # an old bookmark
    assert set(re.findall(r'name="uuid" value="([0-9a-f-]{36})"', by_name)) == {coded, typed}
    assert elsewhere not in shown


def test_an_admin_publishes_a_csv_list_and_sees_its_problems(client, auth):
    auth.sign_in(ADMIN)
    token = csrf_of(client.get("/admin/lists").get_data(as_text=True))
    good = "value,label_th,label_en\nrice,ข้าว,Rice\n".encode()
    response = client.post("/admin/lists", data={
        "csrf_token": token, "list": (io.BytesIO(good), "crops.csv")},
        content_type="multipart/form-data", follow_redirects=True)
    assert "เผยแพร่ crops รุ่น 1 แล้ว" in response.get_data(as_text=True)
    bad = "value,label_th\nrice,ข้าว\nrice,ข้าวซ้ำ\n".encode()
    response = client.post("/admin/lists", data={
        "csrf_token": token, "list": (io.BytesIO(bad), "crops.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    assert "line 3.value: duplicate" in response.get_data(as_text=True)
    page = client.get("/lists/crops").get_data(as_text=True)
    assert "ข้าว" in page and "rice" in page
