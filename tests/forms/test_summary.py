"""A definition's summary is checked like the rest of it: every mistake refused, with its path;
and a checked summary reads the record's place, date and chart figures by answer path."""

import copy

import pytest

from forms.definition import DefinitionError, load_definition
from forms.summary import (
    Column,
    PerRecordChart,
    RankedChart,
    TallyChart,
    TotalsChart,
    answer_at,
    answers_at,
)

LABEL = {"th": "ป้าย", "en": "Label"}


def base() -> dict:
    """A small form whose summary uses every kind of declaration."""
    label = lambda en: {"th": "ข้อความ", "en": en}  # noqa: E731
    return {
        "form_id": "market_day", "version": "1", "title": label("Market day"),
        "summary": {
            "title": "market",
            "place": {"province": "where.province", "village": "where.village_no"},
            "date": "held_on",
            "columns": [
                {"label": label("Market"), "field": "market", "detail": "where.village_no"},
                {"label": label("Sold / goal"), "field": "sold", "of": "goal"},
                {"label": label("Stalls"), "count": "stalls"},
            ],
            "charts": [
                {"kind": "per_record", "title": label("Sold"), "value": "sold",
                 "target": "goal", "target_line": 100},
                {"kind": "ranked", "title": label("Best"), "value": "sold", "detail": "market",
                 "mark": {"field": "open_all_day", "true": label("All day"),
                          "false": label("Part of the day")}, "max": 500, "limit": 5},
                {"kind": "totals", "title": label("Visitors"), "fields": "visitors"},
                {"kind": "totals", "title": label("Sold and goal"), "fields": ["sold", "goal"]},
                {"kind": "tally", "title": label("Goods"), "field": "stalls.goods"},
            ],
        },
        "fields": [
            {"name": "market", "type": "text", "label": label("Market")},
            {"name": "where", "type": "group", "label": label("Where"), "fields": [
                {"name": "province", "type": "text", "label": label("Province")},
                {"name": "village_no", "type": "integer", "label": label("Village no.")},
            ]},
            {"name": "held_on", "type": "date", "label": label("Held on")},
            {"name": "sold", "type": "integer", "label": label("Sold")},
            {"name": "goal", "type": "integer", "label": label("Goal")},
            {"name": "open_all_day", "type": "boolean", "label": label("Open all day")},
            {"name": "visitors", "type": "group", "label": label("Visitors"), "fields": [
                {"name": "adults", "type": "integer", "label": label("Adults")},
                {"name": "children", "type": "integer", "label": label("Children")},
                {"name": "remark", "type": "text", "label": label("Remark")},
            ]},
            {"name": "stalls", "type": "repeat", "label": label("Stalls"), "fields": [
                {"name": "goods", "type": "select_multiple", "label": label("Goods"),
                 "choices": [{"value": "food", "label": label("Food")},
                             {"value": "cloth", "label": label("Cloth")}]},
            ]},
        ],
    }


def problems_of(definition: dict) -> list[str]:
    with pytest.raises(DefinitionError) as raised:
        load_definition(definition)
    return raised.value.problems


def with_summary(**changes) -> dict:
    definition = base()
    definition["summary"].update(changes)
    return definition


def test_a_definition_without_a_summary_has_none():
    definition = base()
    del definition["summary"]
    assert load_definition(definition).summary is None


def test_a_summary_parses_into_its_place_date_columns_and_charts():
    summary = load_definition(base()).summary
    assert summary.title == "market" and summary.date == "held_on"
    assert summary.place == (("province", "where.province"), ("village", "where.village_no"))
    assert summary.columns[0] == Column(base()["summary"]["columns"][0]["label"],
                                        field="market", detail="where.village_no")
    kinds = [type(chart) for chart in summary.charts]
    assert kinds == [PerRecordChart, RankedChart, TotalsChart, TotalsChart, TallyChart]
    ranked = summary.charts[1]
    assert (ranked.label, ranked.mark, ranked.limit) == ("market", "open_all_day", 5)
    # a group's number fields, in order; its text fields are not summed
    assert summary.charts[2].fields == ("visitors.adults", "visitors.children")
    assert summary.charts[0].limit == 20  # the default


def test_a_record_is_placed_and_dated_by_the_declared_paths():
    summary = load_definition(base()).summary
    answers = {"where": {"province": "ฉะเชิงเทรา", "village_no": 3}, "held_on": "2012-06-25"}
    assert summary.place_and_date(answers) == {"province": "ฉะเชิงเทรา", "village": 3,
                                               "date": "2012-06-25"}
    assert summary.place_and_date({"where": "not a group"}) == {
        "province": None, "village": None, "date": None}


def test_answers_are_read_by_path_and_through_repeat_rows():
    answers = {"where": {"province": "ชลบุรี"},
               "stalls": [{"goods": ["food"]}, {}, {"goods": ["food", "cloth"]}]}
    assert answer_at(answers, "where.province") == "ชลบุรี"
    assert answer_at(answers, "where.province.more") is None
    assert answers_at(answers, "stalls.goods") == [["food"], ["food", "cloth"]]
    assert answers_at(answers, "nowhere") == []


@pytest.mark.parametrize("change, expected", [
    ({"title": "nothing_here"}, ("summary.title", "def_unknown_field_ref")),
    ({"date": "market"}, ("summary.date", "def_wrong_kind_of_field")),
    ({"place": {"province": "where"}}, ("summary.place.province", "def_wrong_kind_of_field")),
    ({"place": {"town": "where.province"}}, ("summary.place.town", "def_unknown_key")),
    ({"title": "stalls.goods"}, ("summary.title", "def_wrong_kind_of_field")),
    ({"columns": [{"label": LABEL, "field": "stalls.goods"}]}, ("summary.columns[0].field", "def_in_repeat")),
    ({"columns": [{"label": LABEL, "count": "market"}]}, ("summary.columns[0].count", "def_wrong_kind_of_field")),
    ({"columns": [{"label": LABEL}]}, ("summary.columns[0]", "def_column_one_value")),
    ({"columns": [{"label": LABEL, "field": "sold", "detail": "goal", "of": "goal"}]}, ("summary.columns[0]", "def_column_detail_or_of")),
    ({"columns": [{"field": "sold"}]}, ("summary.columns[0].label", "def_required")),
    ({"columns": "sold"}, ("summary.columns", "def_not_list")),
    ({"charts": [{"kind": "pie", "title": LABEL}]}, ("summary.charts[0].kind", "def_chart_kind")),
    ({"charts": [{"kind": "per_record", "title": LABEL}]}, ("summary.charts[0].value", "def_chart_key_needed")),
    ({"charts": [{"kind": "tally", "title": LABEL, "field": "stalls.goods", "value": "sold"}]}, ("summary.charts[0].value", "def_chart_key_unused")),
    ({"charts": [{"kind": "per_record", "title": LABEL, "value": "market"}]}, ("summary.charts[0].value", "def_wrong_kind_of_field")),
    ({"charts": [{"kind": "per_record", "title": LABEL, "value": "sold", "limit": 0}]}, ("summary.charts[0].limit", "def_chart_limit")),
    ({"charts": [{"kind": "per_record", "title": LABEL, "value": "sold", "target_line": "30"}]}, ("summary.charts[0].target_line", "def_positive_number")),
    ({"charts": [{"kind": "ranked", "title": LABEL, "value": "sold",
                  "mark": {"field": "market", "true": LABEL, "false": LABEL}}]}, ("summary.charts[0].mark.field", "def_wrong_kind_of_field")),
    ({"charts": [{"kind": "totals", "title": LABEL, "fields": "market"}]}, ("summary.charts[0].fields", "def_wrong_kind_of_field")),
    ({"charts": [{"kind": "totals", "title": LABEL, "fields": ["sold", "held_on"]}]}, ("summary.charts[0].fields[1]", "def_wrong_kind_of_field")),
    ({"charts": [{"kind": "totals", "title": LABEL, "fields": []}]}, ("summary.charts[0].fields", "def_chart_fields")),
    ({"charts": [{"kind": "tally", "title": LABEL, "field": "sold"}]}, ("summary.charts[0].field", "def_wrong_kind_of_field")),
    ({"colour": "red"}, ("summary.colour", "def_unknown_key")),
])
def test_each_mistake_in_a_summary_is_refused_with_its_path(change, expected):
    assert expected in [(p.path, p.code) for p in problems_of(with_summary(**change))]


def test_totals_of_a_group_need_a_number_in_it():
    definition = with_summary(charts=[{"kind": "totals", "title": LABEL, "fields": "notes"}])
    definition["fields"].append({"name": "notes", "type": "group", "label": LABEL, "fields": [
        {"name": "remark", "type": "text", "label": LABEL}]})
    assert problems_of(definition) == [
        'summary.charts[0].fields: The group "notes" holds no number field.']


def test_a_summary_that_is_not_an_object_is_refused():
    definition = base()
    definition["summary"] = ["title"]
    assert problems_of(definition) == ["summary: This must be an object ({…}) of keys and values."]


def test_a_ranked_chart_needs_a_label_when_the_summary_has_no_title():
    definition = base()
    del definition["summary"]["title"]
    assert problems_of(definition) == [
        "summary.charts[1].label: A ranked chart needs a label, or the summary a title."]


def test_summary_problems_are_listed_with_the_fields_problems():
    definition = copy.deepcopy(base())
    definition["fields"][0]["type"] = "colour"
    definition["summary"]["date"] = "nowhere"
    problems = problems_of(definition)
    assert any(p.startswith("fields[0].type") for p in problems)
    assert ("summary.date", "def_unknown_field_ref") in [(p.path, p.code) for p in problems]
