"""Exports read straight from sync.export, without Flask: the plain CSV of a form without
repeats, the ZIP of CSVs of a form with one, and only the rows the filters match; on SQLite
and PostgreSQL."""

import csv
import io
import zipfile

from sync import export, reads
from sync.push import push_batch
from tests.conftest import OFFICER, SECOND_OFFICER
from tests.factories import batch, item


def read_csv(data: bytes) -> list[dict]:
    assert data.startswith("\ufeff".encode()), "Excel needs the BOM to read UTF-8 Thai"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def body(made: export.Export) -> bytes:
    return b"".join(made.chunks)


def test_a_form_without_repeats_is_one_csv_with_a_row_per_submission(forms, people):
    sent = [item("proposal_scoring", seed=n) for n in range(2)]
    push_batch(people[OFFICER], batch(*sent))
    made = export.csv_export(reads.Filters(form_id="proposal_scoring"), headers="names")
    assert (made.filename, made.mimetype) == ("proposal_scoring.csv", "text/csv; charset=utf-8")
    rows = {row["uuid"]: row for row in read_csv(body(made))}
    assert rows.keys() == {i["uuid"] for i in sent}
    for one in sent:
        row = rows[one["uuid"]]
        assert row["proposal_title"] == one["answers"]["proposal_title"]
        assert (row["author"], row["review_state"]) == (OFFICER, "received")


def test_a_form_with_a_repeat_is_a_zip_whose_repeat_rows_name_their_submission(forms, people):
    sent = item(seed=3, venue="ศาลาประชาคมหมู่ 3")
    push_batch(people[OFFICER], batch(sent))
    made = export.csv_export(reads.Filters(form_id="training_attendance"), stem="งาน",
                             headers="names")
    assert (made.filename, made.mimetype) == ("งาน.zip", "application/zip")
    archive = zipfile.ZipFile(io.BytesIO(body(made)))
    assert sorted(archive.namelist()) == ["งาน.attendance.csv", "งาน.csv", "งาน.participants.csv", "งาน.photos.csv"]
    (main,) = read_csv(archive.read("งาน.csv"))
    assert (main["uuid"], main["venue"]) == (sent["uuid"], "ศาลาประชาคมหมู่ 3")
    roster = read_csv(archive.read("งาน.participants.csv"))
    assert [r["full_name"] for r in roster] == [
        p["full_name"] for p in sent["answers"]["participants"]]
    assert {r["submission_uuid"] for r in roster} == {sent["uuid"]}


def test_an_export_holds_only_what_its_filters_match(forms, people):
    push_batch(people[OFFICER], batch(item("proposal_scoring", seed=1)))
    theirs = item("proposal_scoring", seed=2)
    push_batch(people[SECOND_OFFICER], batch(theirs))
    made = export.csv_export(reads.Filters(form_id="proposal_scoring",
                                             author=SECOND_OFFICER), headers="names")
    assert [row["uuid"] for row in read_csv(body(made))] == [theirs["uuid"]]
