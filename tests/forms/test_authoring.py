"""An upload read before publishing: its definition, and every problem at its place."""

import json

from forms.authoring import UPLOAD_LIMIT, Finding, read_upload
from tests.forms.test_definition import base


def test_a_sound_json_upload_has_its_definition_and_no_findings():
    draft = read_upload(json.dumps(base()).encode(), "visit.json")
    assert (draft.definition, draft.findings) == (base(), ())
    assert draft.publishable(set())


def test_a_broken_json_upload_keeps_its_definition_for_the_preview_and_blocks_publishing():
    broken = base()
    broken["fields"][0]["label"] = "Date"
    draft = read_upload(json.dumps(broken).encode(), "visit.json")
    [finding] = draft.blocking
    assert finding.where("th") == "fields[0].label"
    assert finding.text("th").startswith("ข้อความต้องแยกตามภาษา")
    assert finding.text("en").startswith("Texts are given by language")
    assert draft.definition == broken and not draft.publishable({0})


def test_a_downgrade_blocks_until_it_is_accepted():
    draft = read_upload(json.dumps(base()).encode(), "visit.json")
    downgraded = type(draft)(draft.filename, draft.definition, (
        Finding({"th": "ลดรูป", "en": "downgraded"}, sheet="survey", row=4, column="type",
                downgrade=True),))
    assert not downgraded.publishable(set()) and downgraded.publishable({0})


def test_a_workbook_place_reads_in_both_languages():
    finding = Finding({"th": "ก", "en": "a"}, sheet="survey", row=12, column="relevant")
    assert finding.where("th") == "ชีต survey, แถว 12, คอลัมน์ relevant"
    assert finding.where("en") == "sheet survey, row 12, column relevant"
    assert Finding({"th": "ก", "en": "a"}).where("en") == "(the whole form)"


def test_too_large_unknown_and_unstorable_uploads_have_no_definition():
    assert read_upload(b"x" * (UPLOAD_LIMIT + 1), "f.json").definition is None
    assert read_upload(b"{}", "notes.docx").findings[0].text("en").startswith("Upload an XLSForm")
    hostile = read_upload(b'{"form_id": "a\\u0000", "title": {"th": "\\ud800"}}', "a\ud800.json")
    assert hostile.definition is None and hostile.filename == "a.json"
    assert {f.path for f in hostile.findings} == {"form_id", "title.th"}
