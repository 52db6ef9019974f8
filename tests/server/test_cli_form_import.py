"""`tambon form import`: an XLSForm converted, its problems printed in Thai and English with
sheet, row and column, and published only when nothing blocks it."""

import json

from tests.data.xlsforms.make_xlsforms import HOUSEHOLD, UNSUPPORTED, workbook_bytes
from tests.server.test_cli import data_dir, initialised, listing, tambon  # noqa: F401 (fixtures)


def write(tmp_path, name, sheets):
    path = tmp_path / name
    path.write_bytes(workbook_bytes(sheets))
    return str(path)


def test_import_writes_the_definition_and_lists_the_downgrade(tambon, tmp_path):
    out = tmp_path / "household.json"
    code, printed, err = tambon("form", "import", write(tmp_path, "household.xlsx", HOUSEHOLD),
                                "--out", str(out))
    assert code == 0, err
    assert json.loads(out.read_text("utf-8"))["form_id"] == "household_survey"
    assert "Wrote household_survey version 2026112001" in printed
    assert "ชีต survey, แถว 25, คอลัมน์ type: บาร์โค้ดจะกลายเป็นคำถามข้อความ" in err
    assert "sheet survey, row 25, column type: The barcode becomes a text question" in err


def test_import_publishes_only_with_downgrades_accepted(tambon, initialised, tmp_path):
    path = write(tmp_path, "household.xlsx", HOUSEHOLD)
    code, _, err = tambon("form", "import", path, "--publish")
    assert code == 1 and "need --accept-downgrades" in err
    code, printed, err = tambon("form", "import", path, "--publish", "--accept-downgrades")
    assert code == 0, err
    assert "Published household_survey version 2026112001" in printed
    forms = {f["form_id"]: f for f in listing(tambon, "form", "list")}
    assert forms["household_survey"]["status"] == "open"


def test_import_of_a_workbook_with_blocking_problems_exits_1_and_publishes_nothing(
        tambon, initialised, tmp_path):
    code, _, err = tambon("form", "import", write(tmp_path, "bad.xlsx", UNSUPPORTED), "--publish",
                          "--accept-downgrades")
    assert code == 1
    assert "แถว 4, คอลัมน์ type: Tambon ไม่มีคำถามชนิด “audio”" in err
    assert "row 7, column calculation: instance() looks data up outside the form" in err
    assert "Not published" in err
    assert "unsupported_things" not in {f["form_id"] for f in listing(tambon, "form", "list")}


def test_import_of_a_file_that_is_no_workbook_says_so_in_one_line_each_language(tambon, tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("not a workbook")
    code, printed, err = tambon("form", "import", str(path))
    assert code == 1 and printed == ""
    assert "อ่านไฟล์นี้เป็น XLSForm" in err and "cannot be read as an XLSForm" in err
    assert "Traceback" not in err


def test_publishing_names_a_list_the_server_lacks_at_its_row(tambon, initialised, tmp_path):
    from tests.sync.test_xlsform_push import CASCADE

    unknown = {**CASCADE, "survey": [*CASCADE["survey"][:3], ["select_one_from_file farms.csv", "farm", "ฟาร์ม"]]}
    code, _, err = tambon("form", "import", write(tmp_path, "farms.xlsx", unknown), "--publish")
    assert code == 1
    assert "แถว 4, คอลัมน์ type: ยังไม่มีรายการ “farms” บนเซิร์ฟเวอร์นี้" in err
    code, printed, err = tambon("form", "import", write(tmp_path, "crops.xlsx", CASCADE), "--publish")
    assert code == 0, err
    assert "Published crop_cascade version 1" in printed
