"""Exports of what the listing shows: CSV that Excel reads as Thai, a ZIP with repeat tables
keyed by submission uuid, and an XLSX workbook read back with openpyxl; headers as the form's
labels (or field names on request), times in Thailand's time as real dates, and repeat rows
that carry their record's title, date and place."""

import csv
import io
import json
import re
import zipfile
from datetime import datetime, timedelta

import openpyxl
import pytest

from sync.clock import THAILAND
from sync.db import database
from sync.models import Submission
from tests.conftest import only_sqlite, sign_in
from tests.factories import push, samples

pytestmark = only_sqlite  # pages, not queries: the listing tests cover both databases

HERE = {"province": "ฉะเชิงเทรา", "district": "เมืองฉะเชิงเทรา", "subdistrict": "โสธร",
        "village_no": 3}


@pytest.fixture
def site(app):
    client = app.test_client()
    sign_in(client, "malee")
    inside = push("somchai", "training_attendance",
                  samples("training_attendance", 3, place=HERE))
    push("somchai", "training_attendance",
         samples("training_attendance", 2, seed=1, place={**HERE, "village_no": 5}))
    return client, inside


FILTER = "headers=names&form=training_attendance&province=ฉะเชิงเทรา&district=เมืองฉะเชิงเทรา" \
         "&subdistrict=โสธร&village=3"


def answers_of(uuids) -> dict[str, dict]:
    with database.connection_context():
        rows = Submission.select().where(Submission.uuid.in_(uuids))
        return {r.uuid: json.loads(r.answers) for r in rows}


def read_csv(data: bytes) -> list[dict]:
    assert data.startswith("\ufeff".encode()), "Excel needs the BOM to read UTF-8 Thai"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_export_is_a_zip_with_a_bom_thai_intact_and_participants_keyed_by_uuid(site):
    client, inside = site
    response = client.get(f"/export.csv?{FILTER}")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = sorted(archive.namelist(), key=len)  # the records first, then one file a repeat
    main_name = names[0]
    roster_name = next(name for name in names if name.endswith(".participants.csv"))
    assert roster_name.endswith(".participants.csv")
    rows = read_csv(archive.read(main_name))
    expected = answers_of(inside)
    assert sorted(r["uuid"] for r in rows) == sorted(inside)
    for row in rows:
        answers = expected[row["uuid"]]
        assert row["place.subdistrict"] == "โสธร"
        assert row["venue"] == answers["venue"]
        assert row["activity"] == answers["activity"]
        assert row["activity (label)"] in ("การทำขนมไทยสืบทอดภูมิปัญญาท้องถิ่น",
                                           "การฝึกอบรมพัฒนาจิต")
        assert row["present_count"] == str(answers["present_count"])
    roster = read_csv(archive.read(roster_name))
    for uuid, answers in expected.items():
        mine = [r for r in roster if r["submission_uuid"] == uuid]
        assert [r["full_name"] for r in mine] == [p["full_name"] for p in answers["participants"]]
        assert [r["row"] for r in mine] == [str(n) for n in range(1, len(mine) + 1)]
    assert {r["submission_uuid"] for r in roster} == set(inside)


def test_a_form_without_repeats_exports_one_plain_csv(site):
    client, _ = site
    (uuid,) = push("somchai", "proposal_scoring", samples("proposal_scoring", 1))
    response = client.get("/export.csv?form=proposal_scoring&headers=names")
    assert response.mimetype == "text/csv"
    (row,) = read_csv(response.data)
    answers = answers_of([uuid])[uuid]
    assert row["uuid"] == uuid and row["proposal_title"] == answers["proposal_title"]
    assert row["eligible"] == ("true" if answers["eligible"] else "false")


def test_xlsx_export_has_a_sheet_per_repeat_and_reads_back_in_thai(site):
    client, inside = site
    response = client.get(f"/export.xlsx?{FILTER}")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)
    assert book.sheetnames == ["training_attendance", "attendance", "participants", "photos"]
    main = list(book["training_attendance"].values)
    header, body = main[0], main[1:]
    assert sorted(r[header.index("uuid")] for r in body) == sorted(inside)
    expected = answers_of(inside)
    for r in body:
        answers = expected[r[header.index("uuid")]]
        assert r[header.index("trainer")] == answers["trainer"]
        assert r[header.index("place.village_no")] == 3
    roster = list(book["participants"].values)
    names = [row[roster[0].index("full_name")] for row in roster[1:]]
    assert names == [p["full_name"] for u in [r[header.index("uuid")] for r in body]
                     for p in expected[u]["participants"]]


def test_export_needs_a_form_and_a_known_format(site):
    client, _ = site
    assert client.get("/export.csv").status_code == 404
    assert client.get("/export.pdf?form=training_attendance").status_code == 404
    assert client.get("/export.csv?form=no_such_form").status_code == 404


def test_an_export_with_a_search_holds_exactly_the_rows_the_search_shows(site):
    client, _ = site
    (answers,) = samples("training_attendance", 1, seed=9)
    answers["notes"] = "สาธิตการทำขนมเปียกปูนใบเตย"
    (wanted,) = push("somchai", "training_attendance", [answers])
    response = client.get("/export.xlsx?form=training_attendance&q=เปียกปูน&headers=names")
    book = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)
    rows = list(book["training_attendance"].values)
    assert [r[0] for r in rows[1:]] == [wanted]


# --- as a report reads it: labels, Thailand's time, repeat rows that say whose they are -------

TAKEN = "2026-11-20T02:15:30.123456Z"  # a roll taken at 09:15:30 in Thailand


@pytest.fixture
def labelled(app):
    client = app.test_client()
    sign_in(client, "malee")
    answers = samples("training_attendance", 2, seed=4, place=HERE)
    for one in answers:
        one["attendance_taken_at"] = TAKEN
    return client, push("somchai", "training_attendance", answers)


def thai_now() -> datetime:
    return datetime.now(THAILAND).replace(tzinfo=None)


def test_xlsx_headers_are_the_forms_thai_labels_and_times_are_real_thai_dates(labelled):
    client, uuids = labelled
    book = openpyxl.load_workbook(io.BytesIO(client.get(
        "/export.xlsx?form=training_attendance").data))
    sheet = book["training_attendance"]
    header = [c.value for c in sheet[1]]
    assert header[:10] == ["รหัสแบบบันทึก", "รุ่นของแบบฟอร์ม", "สถานะการตรวจ",
                           "ผู้ส่ง (ชื่อผู้ใช้)", "ชื่อ-สกุลผู้ส่ง", "อุปกรณ์", "เวลาบนอุปกรณ์",
                           "ได้รับเมื่อ", "วันที่บันทึก", "ฉบับที่"]
    for label in ("ชื่อหลักสูตร/โครงการ", "วันที่อบรม", "จังหวัด (ที่ตั้ง)", "กิจกรรม (รหัส)",
                  "กิจกรรม", "พิกัดสถานที่อบรม (ละติจูด)", "วันเวลาที่เช็คชื่อ"):
        assert label in header
    answers = answers_of(uuids)
    column = {name: header.index(name) for name in header}
    for cells in sheet.iter_rows(min_row=2):
        uuid = cells[0].value
        assert cells[column["สถานะการตรวจ"]].value == "ได้รับแล้ว"
        assert cells[column["ผู้ส่ง (ชื่อผู้ใช้)"]].value == "somchai"
        assert cells[column["ชื่อ-สกุลผู้ส่ง"]].value == "นายสมชาย รักถิ่น"
        device_time = cells[column["เวลาบนอุปกรณ์"]]
        assert device_time.is_date and device_time.value == datetime(2026, 11, 20, 9, 15)
        assert device_time.number_format == "yyyy-mm-dd hh:mm:ss"
        received = cells[column["ได้รับเมื่อ"]].value
        assert isinstance(received, datetime) and received.microsecond == 0
        assert abs(received - thai_now()) < timedelta(minutes=5)  # Thailand's clock, not UTC
        session = cells[column["วันที่อบรม"]]
        assert session.is_date and session.number_format == "yyyy-mm-dd"
        assert session.value == datetime.fromisoformat(answers[uuid]["date"])
        assert cells[column["วันที่บันทึก"]].value == session.value
        assert cells[column["วันเวลาที่เช็คชื่อ"]].value == datetime(2026, 11, 20, 9, 15, 30)
        assert cells[column["กิจกรรม (รหัส)"]].value == answers[uuid]["activity"]


def test_xlsx_repeat_rows_carry_their_records_title_date_and_place(labelled):
    client, uuids = labelled
    book = openpyxl.load_workbook(io.BytesIO(client.get(
        "/export.xlsx?form=training_attendance").data))
    assert book.sheetnames == ["training_attendance", "เช็คชื่อจากทะเบียนผู้เข้าอบรม",
                               "รายชื่อผู้เข้ารับการอบรม", "ภาพกิจกรรม"]  # a sheet per repeat, by its label
    roster = book["รายชื่อผู้เข้ารับการอบรม"]
    header = [c.value for c in roster[1]]
    assert header[:8] == ["รหัสแบบบันทึก", "แถวที่", "ชื่อหลักสูตร/โครงการ", "วันที่อบรม",
                          "จังหวัด (ที่ตั้ง)", "อำเภอ (ที่ตั้ง)", "ตำบล (ที่ตั้ง)",
                          "หมู่ที่ (ที่ตั้ง)"]
    assert "ชื่อ - สกุล" in header
    answers = answers_of(uuids)
    seen = {uuid: 0 for uuid in uuids}
    for values in list(roster.values)[1:]:
        record = answers[values[0]]
        seen[values[0]] += 1
        assert values[1] == seen[values[0]]
        assert values[2:8] == (record["course_title"], datetime.fromisoformat(record["date"]),
                               "ฉะเชิงเทรา", "เมืองฉะเชิงเทรา", "โสธร", 3)
        person = record["participants"][values[1] - 1]
        assert values[header.index("ชื่อ - สกุล")] == person["full_name"]
    assert seen == {uuid: len(answers[uuid]["participants"]) for uuid in uuids}


def test_english_pages_export_english_headers(labelled):
    client, _ = labelled
    book = openpyxl.load_workbook(io.BytesIO(client.get(
        "/export.xlsx?form=training_attendance&lang=en").data), read_only=True)
    header = next(book["training_attendance"].values)
    assert header[:3] == ("Submission id", "Form version", "Review state")
    assert {"Course title", "Session date", "Province (Place)", "Activity (code)"} <= set(header)
    assert book.sheetnames[1:] == ["Roll call from the roster", "Participants", "Activity photos"]


def test_csv_times_are_thai_wall_clock_to_the_second(labelled):
    client, uuids = labelled
    response = client.get("/export.csv?form=training_attendance")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = sorted(archive.namelist(), key=len)  # the records first, then one file a repeat
    main_name = names[0]
    roster_name = next(name for name in names if name.endswith(".participants.csv"))
    text = archive.read(main_name).decode("utf-8-sig")
    assert not re.search(r"\d:\d\d\.\d", text), "no fractions of a second"
    assert "+00:00" not in text and "+07:00" not in text and "T09:" not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    answers = answers_of(uuids)
    for row in rows:
        assert row["เวลาบนอุปกรณ์"] == "2026-11-20 09:15:00"
        assert row["วันเวลาที่เช็คชื่อ"] == "2026-11-20 09:15:30"
        assert row["วันที่อบรม"] == answers[row["รหัสแบบบันทึก"]]["date"]
        received = datetime.strptime(row["ได้รับเมื่อ"], "%Y-%m-%d %H:%M:%S")
        assert abs(received - thai_now()) < timedelta(minutes=5)
    roster = list(csv.DictReader(io.StringIO(archive.read(roster_name).decode("utf-8-sig"))))
    for row in roster:
        record = answers[row["รหัสแบบบันทึก"]]
        assert (row["ชื่อหลักสูตร/โครงการ"], row["วันที่อบรม"], row["ตำบล (ที่ตั้ง)"]) == (
            record["course_title"], record["date"], "โสธร")


def test_the_file_is_named_by_thailands_clock(labelled):
    client, _ = labelled
    before = thai_now().replace(second=0, microsecond=0)
    disposition = client.get("/export.xlsx?form=training_attendance").headers[
        "Content-Disposition"]
    after = thai_now()
    stamp = re.search(r'filename="training_attendance-(\d{8}-\d{4})\.xlsx"', disposition)
    assert stamp, disposition
    assert before <= datetime.strptime(stamp.group(1), "%Y%m%d-%H%M") <= after


def test_the_listing_says_which_export_is_a_zip_and_offers_field_names(labelled):
    client, _ = labelled
    page = client.get("/?form=training_attendance").get_data(as_text=True)
    assert "CSV (ไฟล์ ZIP)" in page
    assert "headers=names" in page and "หัวคอลัมน์เป็นชื่อฟิลด์" in page
    plain = client.get("/?form=proposal_scoring&lang=en").get_data(as_text=True)
    assert "ZIP" not in plain and ">CSV<" in plain
