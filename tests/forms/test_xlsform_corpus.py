"""Real XLSForms through the converter: pyxform's own example workbooks (BSD-2, see
tests/data/xlsforms/pyxform/SOURCE.md) and this project's Thai ones.

Whatever a workbook holds, the import never fails, and every question row ends up either in
the definition or in a listed problem with its row: nothing is dropped silently.
"""

import io
from pathlib import Path

import pytest
from pyxform.xls2json_backends import get_xlsform

from forms.definition import load_definition
from forms.xlsform import convert

CORPUS = Path(__file__).resolve().parents[1] / "data" / "xlsforms"
WORKBOOKS = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".xlsx", ".xls"))


def question_rows(path: Path) -> set[int]:
    """Spreadsheet rows of the survey sheet that hold something other than an `end` row."""
    book = get_xlsform(io.BytesIO(path.read_bytes()), file_type=path.suffix)
    rows = set()
    for index, row in enumerate(book.survey or [], start=2):
        kind = str(row.get("type", "")).strip().lower()
        if row and not kind.startswith("end"):
            rows.add(index)
    return rows


def test_the_corpus_holds_real_and_thai_workbooks():
    names = {p.name for p in WORKBOOKS}
    assert {"UCL_Biomass_Plot_Form.xlsx", "tutorial.xls", "household_survey.xlsx"} <= names
    assert len(WORKBOOKS) >= 12


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_every_question_row_is_converted_or_listed(path):
    conversion = convert(path.read_bytes(), path.name)
    listed = {p.row for p in conversion.problems if p.sheet == "survey"}
    converted = set(conversion.rows.values())
    assert question_rows(path) <= listed | converted
    for problem in conversion.problems:
        assert problem.text["th"] and problem.text["en"]


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_a_publishable_conversion_is_a_definition_the_form_language_accepts(path):
    conversion = convert(path.read_bytes(), path.name)
    if conversion.publishable(accept_downgrades=True):
        assert load_definition(conversion.definition).form_id == conversion.definition["form_id"]
    else:
        assert conversion.blocking


def test_the_old_spellings_of_select_types_convert():
    conversion = convert((CORPUS / "pyxform" / "specify_other.xls").read_bytes(), "specify_other.xls")
    fields = {f["name"]: f for f in conversion.definition["fields"]}
    assert fields["sex"]["type"] == "select_one"
    assert fields["sex"]["choices"][-1]["value"] == "other"
    assert "sex_other" in fields


def test_curly_quotes_a_spreadsheet_typed_read_as_quotes():
    conversion = convert((CORPUS / "pyxform" / "UCL_Biomass_Plot_Form.xlsx").read_bytes(),
                         "UCL_Biomass_Plot_Form.xlsx")
    assert not [p for p in conversion.problems if p.code == "xpath_unexpected"]
