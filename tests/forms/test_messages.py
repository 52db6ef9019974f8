"""The message catalog: one entry per code, in Thai and English, and one way to list nested
messages by their dotted path."""

import pytest

from forms import messages


def test_a_code_defined_in_two_sections_is_refused():
    entry = {"th": "ใช่", "en": "Yes"}
    with pytest.raises(ValueError, match="defined twice"):
        messages.merge({"yes": entry}, {"yes": entry})


@pytest.mark.parametrize("texts", [{"th": "ใช่"}, {"th": "ใช่", "en": ""},
                                   {"th": "ใช่", "en": "Yes", "lo": "ແມ່ນ"}])
def test_an_entry_without_exactly_thai_and_english_is_refused(texts):
    with pytest.raises(ValueError, match="needs exactly"):
        messages.merge({"yes": texts})


def test_a_message_reads_in_the_language_asked_and_in_thai_otherwise():
    assert messages.text("between", "en", min=1, max=10) == "Must be between 1 and 10."
    assert messages.text("between", "th", min=1, max=10) == "ต้องอยู่ระหว่าง 1 ถึง 10"
    assert messages.text("yes", "lo") == "ใช่"


def test_an_unknown_code_is_an_error_not_a_blank():
    with pytest.raises(KeyError):
        messages.text("no_such_code", "th")


def test_nested_messages_are_listed_by_dotted_path():
    nested = {"participants": {3: {"age": ["Too old."]}}, "_schema": ["Whole document."],
              "answers": {"_schema": ["Not an object."]},
              "submissions": [["First."], {"uuid": ["Second."]}]}
    assert messages.by_path(nested) == {
        "participants.3.age": ["Too old."], "_schema": ["Whole document."],
        "answers": ["Not an object."], "submissions.0": ["First."],
        "submissions.1.uuid": ["Second."]}
    assert messages.by_path({"": ["At the top."]}, root="") == {"": ["At the top."]}
    assert messages.by_path({"problems": ["a", "b"]}) == {"problems": ["a", "b"]}
