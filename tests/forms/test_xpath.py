"""XLSForm's XPath translated to JSON Logic: precedence, functions, dates, repeats, and the
expressions that must be reported rather than guessed.

tests/data/xpath/vectors.json is shared with the browser test, which runs every translated
rule in Chromium's jsonlogic.js: the phone and the server must agree on each expression.
"""

import json
from pathlib import Path

import pytest

from forms.jsonlogic import apply, check_rule
from forms.xpath import MAX_LENGTH, MAX_NESTING, Ref, Scope, XPathError, to_json_logic, translate

VECTORS = json.loads((Path(__file__).resolve().parents[1] / "data" / "xpath" / "vectors.json")
                     .read_text("utf-8"))
FIELDS = {name: Ref(*ref) for name, ref in VECTORS["fields"].items()}
TOP = Scope(FIELDS, None, {"var": "value"})
IN_MEMBERS = Scope(FIELDS, "members", {"var": "value"})
CHOICE_FILTER = Scope(FIELDS, None, None, {"province": "province"})  # a choices column
SCOPES = {"top": TOP, "constraint": TOP, "members": IN_MEMBERS, "filter": CHOICE_FILTER}


def xpath_cases():
    """Each vector as a pytest param, with the data its rule runs on."""
    params = []
    for number, case in enumerate(VECTORS["cases"], 1):
        data = {**VECTORS["data"], **case.get("data", {})}
        if "value" in case:
            data["value"] = case["value"]
        params.append(pytest.param(case, data, id=f"{number}: {case['description']}"))
    return params


XPATH_CASES = xpath_cases()


@pytest.mark.parametrize("case, data", XPATH_CASES)
def test_the_expression_translates_to_the_recorded_logic_and_gives_the_result(case, data):
    logic = to_json_logic(case["xpath"], SCOPES[case["where"]])
    assert logic == case["logic"]
    assert check_rule(logic) == []
    result = apply(logic, data, today=VECTORS["today"])
    assert json.dumps(result, ensure_ascii=False) == json.dumps(case["result"], ensure_ascii=False)


@pytest.mark.parametrize("xpath, code, at", [
    ("", "xpath_empty", 0),
    ("1 +", "xpath_incomplete", 3),
    ("(1 + 2", "xpath_incomplete", 6),
    ("1 2", "xpath_unexpected", 2),
    ("'ไม่ปิด", "xpath_unclosed_string", 0),
    ("${nowhere} = 1", "xpath_unknown_field", 0),
    ("foo(1)", "xpath_function", 0),
    ("uuid()", "xpath_function", 0),
    ("pulldata('a', 'b', 'c', ${name})", "xpath_lookup", 0),
    ("instance('villages')/root/item[name = ${sex}]/label", "xpath_lookup", 0),
    ("jr:choice-name(${sex}, '${sex}')", "xpath_lookup", 0),
    ("../age", "xpath_path", 0),
    ("age > 3", "xpath_path", 0),
    ("/data/age[1]", "xpath_path", 0),
    ("${age} | ${name}", "xpath_path", 7),
    ("position(..)", "xpath_position", 0),
    ("${m_age} > 3", "xpath_repeat_values", 0),
    ("${crops} = 'rice'", "xpath_compare_list", 9),
    ("selected(${crops})", "xpath_arguments", 0),
    ("regex(${name}, ${phone})", "xpath_regex_literal", 0),
    ("sum(${age})", "xpath_sum", 0),
    ("count(${age})", "xpath_count", 0),
])
def test_what_has_no_faithful_translation_is_an_error_with_its_place(xpath, code, at):
    with pytest.raises(XPathError) as caught:
        translate(xpath, TOP)
    assert (caught.value.code, caught.value.at) == (code, at)


def test_a_choice_filter_names_only_columns_of_the_choices_sheet():
    with pytest.raises(XPathError) as caught:
        translate("district = ${sex}", CHOICE_FILTER)
    assert (caught.value.code, caught.value.params) == ("xpath_item_column", {"name": "district"})


def test_dot_means_nothing_where_no_answer_is_at_hand():
    with pytest.raises(XPathError) as caught:
        translate(". + 1", Scope(FIELDS))
    assert caught.value.code == "xpath_dot"


def test_a_row_cannot_read_another_repeat_or_an_outer_row():
    fields = {**FIELDS, "visits": Ref("visits", "repeat"), "v_day": Ref("visits.v_day", "date", "visits"),
              "kids": Ref("members.kids", "repeat", "members"),
              "k_age": Ref("members.kids.k_age", "integer", "members.kids")}
    for xpath, scope, code in [("${v_day}", Scope(fields, "members"), "xpath_other_repeat"),
                               ("${m_age}", Scope(fields, "members.kids"), "xpath_outer_row"),
                               ("${k_age}", Scope(fields, "members"), "xpath_nested_repeat")]:
        with pytest.raises(XPathError) as caught:
            translate(xpath, scope)
        assert caught.value.code == code, xpath


def test_hostile_expressions_are_errors_not_crashes():
    for xpath in ["(" * 500 + "1" + ")" * 500, "1 + " * 2000 + "1", "- " * 1999 + "1", "\ud800", "${",
                  "$", "'\x00'", "1 + " * 900 + "1", "not(" * 30 + "1" + ")" * 30]:
        try:
            logic = to_json_logic(xpath, TOP)
        except XPathError as err:
            assert err.code.startswith("xpath_")
        else:
            assert check_rule(logic) == []
    with pytest.raises(XPathError) as caught:
        translate("1" * (MAX_LENGTH + 1), TOP)
    assert caught.value.code == "xpath_too_long"
    with pytest.raises(XPathError) as caught:
        translate("(" * (MAX_NESTING + 1) + "1" + ")" * (MAX_NESTING + 1), TOP)
    assert caught.value.code == "xpath_too_deep"


def test_operator_words_are_names_where_an_operand_is_expected():
    fields = {**FIELDS, "and": Ref("and_", "integer"), "div": Ref("div", "integer")}
    assert to_json_logic("${div} div 2", Scope(fields)) == {"/": [{"var": "div"}, 2]}
