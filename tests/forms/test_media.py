"""Attachment answers: a reference's shape is checked strictly, its type must fit the
field, its size the field's bound, and the messages come from the one catalog."""

import pytest

from forms.fieldtypes import FIELD_TYPES, answer_check
from forms.media import export_name, is_reference, references
from forms.definition import load_definition

GOOD = {"sha256": "a" * 64, "name": "ภาพเวที.jpg", "type": "image/jpeg", "size": 183211}


def field(kind: str, **keys) -> dict:
    return {"name": "x", "type": kind, "label": {"th": "x"}, **keys}


@pytest.mark.parametrize("bad", [
    {**GOOD, "sha256": "A" * 64},
    {**GOOD, "sha256": "a" * 63},
    {**GOOD, "sha256": "a" * 64 + "\n"},
    {**GOOD, "name": ""},
    {**GOOD, "name": "   "},
    {**GOOD, "name": "x" * 256},
    {**GOOD, "name": "a\x00b.jpg"},
    {**GOOD, "name": "a\nb.jpg"},
    {**GOOD, "name": "../../etc/passwd"},
    {**GOOD, "name": "C:\\photo.jpg"},
    {**GOOD, "name": 7},
    {**GOOD, "type": "text/html"},
    {**GOOD, "type": "IMAGE/JPEG"},
    {**GOOD, "size": 0},
    {**GOOD, "size": -1},
    {**GOOD, "size": True},
    {**GOOD, "size": 1.5},
    {**GOOD, "size": 183211.0},
    {**GOOD, "size": 10**400},
    {**GOOD, "size": "183211"},
    {**GOOD, "extra": 1},
    {k: v for k, v in GOOD.items() if k != "size"},
    "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b",
    [GOOD],
    None,
])
def test_anything_but_a_strict_reference_is_refused_with_the_attachment_message(bad):
    assert not is_reference(bad)
    problem = answer_check(field("image"))(bad)
    assert problem.code == "attachment"
    assert "sha256" in problem.render("en") and "sha256" in problem.render("th")


def test_a_thai_name_of_255_characters_is_a_name():
    assert is_reference({**GOOD, "name": "ก" * 251 + ".jpg"})


@pytest.mark.parametrize("kind, answer_type, ok", [
    ("image", "image/jpeg", True), ("image", "image/png", True), ("image", "image/webp", True),
    ("image", "application/pdf", False), ("image", "image/gif", False),
    ("signature", "image/png", True), ("signature", "image/jpeg", False),
])
def test_the_type_must_be_one_the_field_takes(kind, answer_type, ok):
    problem = answer_check(field(kind))({**GOOD, "type": answer_type})
    assert (problem is None) is ok
    if not ok:
        assert problem.code == "file_type"


def test_a_file_field_takes_the_types_it_accepts_and_says_which_in_thai():
    check = answer_check(field("file", accept=["application/pdf"]))
    assert check({**GOOD, "type": "application/pdf"}) is None
    problem = check(GOOD)
    assert problem.render("th") == "ต้องเป็นไฟล์ชนิด: application/pdf"


def test_the_size_is_bounded_by_max_bytes_ten_mebibytes_unless_told():
    assert answer_check(field("image"))({**GOOD, "size": 10 * 1024 * 1024}) is None
    too_big = answer_check(field("image"))({**GOOD, "size": 10 * 1024 * 1024 + 1})
    assert too_big.code == "file_too_large" and too_big.render("en") == (
        "Must be at most 10 MB (10485760 bytes).")
    small = answer_check(field("image", max_bytes=500_000))({**GOOD, "size": 500_001})
    assert small.render("th") == "ไฟล์ต้องมีขนาดไม่เกิน 0.5 MB (500000 ไบต์)"


def test_a_file_field_needs_accept_from_the_types_the_server_can_tell():
    definition = {"form_id": "docs", "version": "1", "language": 2, "title": {"th": "เอกสาร"},
                  "fields": [field("file", accept=["text/html"]), field("file") | {"name": "y"}]}
    with pytest.raises(Exception) as err:
        load_definition(definition)
    problems = "\n".join(err.value.problems)
    assert 'fields[0].accept[0]: "text/html" is not a file type the server can tell' in problems
    assert 'fields[1].accept: A field of type file needs "accept".' in problems
    assert "fields[0].accept:" not in problems  # given, if wrong: not also said to be missing


def test_references_are_found_in_groups_and_in_each_repeat_row_and_named_by_content():
    definition = load_definition({
        "form_id": "sheet", "version": "1", "language": 2, "title": {"th": "ใบลงชื่อ"},
        "fields": [field("image") | {"name": "cover"},
                   {"name": "rows", "type": "repeat", "label": {"th": "แถว"},
                    "fields": [field("signature") | {"name": "sign"}]}]})
    png = {**GOOD, "sha256": "b" * 64, "type": "image/png"}
    answers = {"cover": GOOD, "rows": [{"sign": png}, {}, {"sign": png}]}
    found = [(path, ref["sha256"][0]) for path, _spec, ref in references(definition.fields, answers)]
    assert found == [("cover", "a"), ("rows.0.sign", "b"), ("rows.2.sign", "b")]
    assert export_name(png) == f"media/{'b' * 64}.png"


def test_the_registry_says_media_types_are_version_2_and_exports_two_cells():
    for kind in ("image", "signature", "file"):
        entry = FIELD_TYPES[kind]
        assert entry.language == 2 and not entry.searched
        assert [suffix for suffix, _cell in entry.export] == ["", " (name)"]
