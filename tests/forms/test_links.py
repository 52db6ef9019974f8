"""Answers that name things outside their form: lists, filters, records, rosters; `count`,
`thai_id`; and what a definition may say about them (forms/links.py, forms/rosters.py)."""

import pytest

from forms.compile import compile_form
from forms.definition import DefinitionError, load_definition
from forms.fieldtypes import thai_id_ok

PROVINCES = {"24": {"value": "24", "label": {"th": "ฉะเชิงเทรา"}},
             "25": {"value": "25", "label": {"th": "ปราจีนบุรี"}}}
DISTRICTS = {"2401": {"value": "2401", "label": {"th": "เมืองฉะเชิงเทรา"}, "province": "24"},
             "2501": {"value": "2501", "label": {"th": "เมืองปราจีนบุรี"}, "province": "25"},
             "2499": {"value": "2499", "label": {"th": "เลิกแล้ว"}, "province": "24"}}
RETIRED_AT = "2026-06-01T00:00:00.000000+00:00"


class FakeLinks:
    """The server's state as the link checks read it, held in dicts."""

    def __init__(self, lists=None, records=None, keep_retired=False):
        self.lists = lists if lists is not None else {
            "th_provinces": PROVINCES, "th_districts": DISTRICTS}
        self.records = records or {}
        self.keep_retired = keep_retired

    def list_item(self, list_id, value):
        item = self.lists.get(list_id, {}).get(value)
        if item is None:
            return None
        return item, RETIRED_AT if value == "2499" else None

    def keeps_retired(self, retired_at):
        return self.keep_retired

    def record_form(self, uuid):
        return self.records.get(uuid)


def form(*fields, **top):
    return {"form_id": "places", "version": "1", "language": 2, "title": {"th": "ที่"},
            "fields": list(fields), **top}


PLACE = {"name": "place", "type": "group", "label": {"th": "ที่ตั้ง"}, "fields": [
    {"name": "province", "type": "select_one", "required": True, "choices_from": "th_provinces",
     "label": {"th": "จังหวัด"}},
    {"name": "district", "type": "select_one", "choices_from": "th_districts",
     "choice_filter": {"==": [{"var": "item.province"}, {"var": "place.province"}]},
     "label": {"th": "อำเภอ"}}]}


def check(definition, answers, links=None, uuid="u1"):
    return compile_form(load_definition(definition)).validate(
        answers, FakeLinks() if links is None else links, uuid)


def test_a_choice_from_a_list_must_be_one_of_its_items():
    assert check(form(PLACE), {"place": {"province": "24", "district": "2401"}}).ok
    outcome = check(form(PLACE), {"place": {"province": "99"}})
    assert [p.code for p in outcome.problems["place.province"]] == ["list_choice_unknown"]
    assert "99" in outcome.errors_in("th")["place.province"][0]


def test_a_choice_outside_the_filtered_list_is_refused_at_its_path_in_thai():
    outcome = check(form(PLACE), {"place": {"province": "24", "district": "2501"}})
    assert list(outcome.problems) == ["place.district"]
    assert outcome.problems["place.district"][0].code == "choice_filtered"
    assert "ไม่ตรงกับคำตอบอื่น" in outcome.errors_in("th")["place.district"][0]


def test_a_retired_item_is_kept_only_where_the_links_allow_it():
    answers = {"place": {"province": "24", "district": "2499"}}
    refused = check(form(PLACE), answers, FakeLinks(keep_retired=False))
    assert refused.problems["place.district"][0].code == "list_choice_retired"
    assert check(form(PLACE), answers, FakeLinks(keep_retired=True)).ok


def test_without_links_only_the_value_syntax_of_a_list_choice_is_checked():
    compiled = compile_form(load_definition(form(PLACE)))
    assert compiled.validate({"place": {"province": "99"}}).ok
    assert "place.province" in compiled.validate({"place": {"province": "no spaces"}}).problems


def test_choice_filter_works_on_inline_choices_with_extra_keys_inside_a_repeat():
    crops = {"name": "rows", "type": "repeat", "label": {"th": "แปลง"}, "fields": [
        {"name": "season", "type": "select_one", "label": {"th": "ฤดู"}, "choices": [
            {"value": "rainy", "label": {"th": "ฝน"}}, {"value": "dry", "label": {"th": "แล้ง"}}]},
        {"name": "crop", "type": "select_multiple", "label": {"th": "พืช"},
         "choice_filter": {"==": [{"var": "item.season"}, {"var": "row.season"}]},
         "choices": [{"value": "rice", "label": {"th": "ข้าว"}, "season": "rainy"},
                     {"value": "melon", "label": {"th": "แตงโม"}, "season": "dry"}]}]}
    ok = {"rows": [{"season": "rainy", "crop": ["rice"]}, {"season": "dry", "crop": ["melon"]}]}
    assert check(form(crops), ok).ok
    bad = check(form(crops), {"rows": [{"season": "dry", "crop": ["melon", "rice"]}]})
    assert list(bad.problems) == ["rows.0.crop.1"]


def test_a_ref_names_a_record_of_the_officers_own_of_that_form():
    field = {"name": "forum", "type": "ref", "form": "forum_minutes", "label": {"th": "เวที"}}
    uuid = "6f1c7f0e-2b1a-4c3d-9e8f-0a1b2c3d4e5f"
    links = FakeLinks(records={uuid: "forum_minutes"})
    assert check(form(field), {"forum": uuid}, links).ok
    other_form = FakeLinks(records={uuid: "km_record"})
    assert check(form(field), {"forum": uuid}, other_form).problems["forum"][0].code == "ref_unknown"
    assert check(form(field), {"forum": uuid}).problems["forum"][0].code == "ref_unknown"
    assert check(form(field), {"forum": uuid.upper()}, links).problems["forum"][0].code == "ref"


@pytest.mark.parametrize("number, ok", [
    ("1101700203450", True), ("3100600123450", True), ("1101700203451", False),
    ("1-1017-00203-45-0", False), ("110170020345", False), ("11017002034500", False),
])
def test_a_thai_id_has_13_digits_and_its_check_digit(number, ok):
    field = {"name": "national_id", "type": "thai_id", "label": {"th": "เลขประจำตัว"}}
    outcome = check(form(field), {"national_id": number})
    assert outcome.ok == ok
    if not ok:
        code = outcome.problems["national_id"][0].code
        assert code == ("thai_id_check" if number.isdigit() and len(number) == 13 else "thai_id")


def test_the_check_digit_is_mod_11_of_the_weighted_sum():
    assert thai_id_ok("1101700203450") and not thai_id_ok("1101700203459")


def test_count_holds_a_repeat_to_the_number_it_gives():
    definition = form(
        {"name": "n", "type": "integer", "label": {"th": "จำนวน"}},
        {"name": "kids", "type": "repeat", "label": {"th": "เด็ก"}, "count": {"var": "n"},
         "fields": [{"name": "name", "type": "text", "label": {"th": "ชื่อ"}}]})
    assert check(definition, {"n": 2, "kids": [{"name": "ก"}, {"name": "ข"}]}).ok
    outcome = check(definition, {"n": 3, "kids": [{"name": "ก"}]})
    assert outcome.problems["kids"][0].code == "repeat_count"
    assert "3" in outcome.errors_in("th")["kids"][0]
    assert check(definition, {"kids": [{"name": "ก"}]}).ok  # no number yet: nothing to hold to


ROSTER_FORM = form(
    {"name": "activity", "type": "text", "label": {"th": "กิจกรรม"}},
    {"name": "people", "type": "repeat", "label": {"th": "ผู้เข้าอบรม"},
     "roster": {"list": "trainees", "value": {"cat": [{"var": "record.uuid"}, ".",
                                                      {"var": "record.row"}]},
                "label": {"var": "row.name"}, "columns": {"activity": {"var": "activity"}},
                "tick": {"var": "row.present"}},
     "fields": [{"name": "name", "type": "text", "label": {"th": "ชื่อ"}},
                {"name": "present", "type": "boolean", "label": {"th": "มา"}}]},
    {"name": "roll", "type": "repeat", "label": {"th": "เช็คชื่อ"}, "rows_from": "who",
     "roster": {"list": "trainees", "mode": "update", "value": {"var": "row.who"},
                "label": {"var": "row.fixed"}},
     "fields": [{"name": "who", "type": "select_one", "choices_from": "trainees",
                 "label": {"th": "ใคร"}},
                {"name": "fixed", "type": "text", "label": {"th": "แก้ชื่อ"}}]})


def test_roster_rows_say_what_they_write_in_row_order():
    links = FakeLinks(lists={"trainees": {"a": {"value": "a", "label": {"th": "เอ"}}}})
    outcome = check(ROSTER_FORM, {"activity": "ขนม", "people": [
        {"name": "สมชาย", "present": True}, {"name": "สมศรี", "present": False}],
        "roll": [{"who": "a", "fixed": "เอ ใหม่"}]}, links, uuid="rec")
    assert outcome.ok, outcome.errors
    assert [(w.value, w.label, w.columns, w.present, w.mode) for w in outcome.rosters] == [
        ("rec.1", "สมชาย", {"activity": "ขนม"}, True, "upsert"),
        ("rec.2", "สมศรี", {"activity": "ขนม"}, False, "upsert"),
        ("a", "เอ ใหม่", {}, True, "update")]


def test_a_roster_row_naming_an_unknown_item_is_refused_at_its_path():
    links = FakeLinks(lists={"trainees": {}})
    outcome = check(ROSTER_FORM, {"roll": [{"who": "ghost"}]}, links)
    assert {p.code for p in outcome.problems["roll.0.who"]} >= {"roster_unknown_item"}
    assert outcome.rosters == []


def test_definitions_say_where_lists_and_rosters_are_misused():
    with pytest.raises(DefinitionError) as caught:
        load_definition(form(
            {"name": "a", "type": "select_one", "label": {"th": "ก"}, "choices_from": "x y",
             "choices": [{"value": "v", "label": {"th": "ว"}}]},
            {"name": "b", "type": "select_one", "label": {"th": "ข"}},
            {"name": "c", "type": "select_one", "label": {"th": "ค"}, "choices_from": "lst",
             "choice_filter": {"==": [{"var": "item.k"}, {"var": "nowhere"}]}},
            {"name": "d", "type": "repeat", "label": {"th": "ง"}, "rows_from": "zz",
             "roster": {"list": "r", "mode": "sometimes", "colour": 1},
             "fields": [{"name": "e", "type": "text", "label": {"th": "จ"}}]}))
    paths = [p.split(": ", 1)[0] for p in caught.value.problems]
    for path in ("fields[0].choices_from", "fields[1].choices", "fields[2].choice_filter",
                 "fields[3].rows_from", "fields[3].roster.mode", "fields[3].roster.value",
                 "fields[3].roster.colour", "fields[3].roster.list"):
        assert path in paths, caught.value.problems


def test_lists_rosters_and_the_new_types_need_language_2():
    v1 = {**form(PLACE), "language": 1}
    with pytest.raises(DefinitionError) as caught:
        load_definition(v1)
    assert any("choices_from" in p for p in caught.value.problems)
    field = {"name": "national_id", "type": "thai_id", "label": {"th": "เลข"}}
    with pytest.raises(DefinitionError):
        load_definition({**form(field), "language": 1})
