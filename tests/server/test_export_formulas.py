"""Exports never hand a spreadsheet a formula someone typed on a phone: CSV text that would
run is prefixed with a quote, XLSX writes it as text; numbers stay numbers."""

import csv
import io
import zipfile

import openpyxl
from hypothesis import given
from hypothesis import strategies as st

from sync.export import FORMULA_STARTS, _csv_value
from tests.conftest import OFFICER, SUPERVISOR, only_sqlite, sign_in
from tests.factories import push, samples

HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A9)",
           "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"]


@given(st.text())
def test_no_csv_text_cell_starts_like_a_formula_and_nothing_is_lost(text):
    cell = _csv_value(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell in (text, "'" + text)


@given(st.one_of(st.integers(), st.floats(allow_nan=False)))
def test_numbers_are_written_as_numbers_even_when_negative(number):
    assert _csv_value(number) == number


@only_sqlite
def test_typed_formulas_reach_the_csv_and_xlsx_as_plain_text(app):
    answers = samples("training_attendance", len(HOSTILE))
    for one, hostile in zip(answers, HOSTILE, strict=True):
        one["venue"] = hostile
        one["location"] = {"lat": -5.5, "lon": -100.25, "accuracy": 3}
        for person in one["participants"]:
            person["full_name"] = hostile
    push(OFFICER, "training_attendance", answers, device="=2+5")
    client = app.test_client()
    sign_in(client, SUPERVISOR)

    archive = zipfile.ZipFile(io.BytesIO(client.get("/export.csv?form=training_attendance&headers=names").data))
    names = sorted(archive.namelist(), key=len)  # the records first, then one file a repeat
    main_name = names[0]
    roster_name = next(name for name in names if name.endswith(".participants.csv"))
    rows = list(csv.DictReader(io.StringIO(archive.read(main_name).decode("utf-8-sig"))))
    assert sorted(r["venue"] for r in rows) == sorted("'" + h for h in HOSTILE)
    assert {r["device"] for r in rows} == {"'=2+5"}
    assert {(r["location.lat"], r["location.lon"]) for r in rows} == {("-5.5", "-100.25")}
    roster = csv.DictReader(io.StringIO(archive.read(roster_name).decode("utf-8-sig")))
    assert {r["full_name"] for r in roster} == {"'" + h for h in HOSTILE}

    book = openpyxl.load_workbook(io.BytesIO(client.get(
        "/export.xlsx?form=training_attendance&headers=names").data))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    venue, lat = headers.index("venue"), headers.index("location.lat")
    cells = [row for row in sheet.iter_rows(min_row=2)]
    shown = sorted(row[venue].value.replace("_x000D_", "\r") for row in cells)  # XML's CR
    assert shown == sorted(HOSTILE)
    assert {row[venue].data_type for row in cells} == {"s"}  # text, never "f" (formula)
    assert {row[lat].value for row in cells} == {-5.5}
