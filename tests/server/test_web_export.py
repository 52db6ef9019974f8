"""Exports of what the listing shows: CSV that Excel reads as Thai, a ZIP with repeat tables
keyed by submission uuid, and an XLSX workbook read back with openpyxl."""

import csv
import io
import json
import zipfile

import openpyxl
import pytest

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


FILTER = "form=training_attendance&province=ฉะเชิงเทรา&district=เมืองฉะเชิงเทรา" \
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
    main_name, roster_name = sorted(archive.namelist(), key=len)
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
    response = client.get("/export.csv?form=proposal_scoring")
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
    assert book.sheetnames == ["training_attendance", "participants"]
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
    response = client.get("/export.xlsx?form=training_attendance&q=เปียกปูน")
    book = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)
    rows = list(book["training_attendance"].values)
    assert [r[0] for r in rows[1:]] == [wanted]
