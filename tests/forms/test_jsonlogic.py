"""The server's JSON Logic evaluator: the shared vectors, the static checks, the limits.

The vectors in tests/data/jsonlogic are the contract with the phone: the browser tests run the
same cases through jsonlogic.js in Chromium, and compare both evaluators on random rules.
"""

import copy
import datetime as dt
import json
import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms.jsonlogic import (
    LANGUAGE_2_OPERATORS,
    MAX_DEPTH,
    OPERATORS,
    THAILAND,
    LogicError,
    apply,
    check_rule,
    compile_rule,
    operators_in,
    rule_vars,
    today_is,
)

VECTOR_DIR = Path(__file__).resolve().parents[1] / "data" / "jsonlogic"
VECTOR_FILES = ("compatible.json", "tambon.json", "language2.json")


def load_vectors():
    """Every case of both vector files, as pytest params with an id naming file and case."""
    params = []
    for name in VECTOR_FILES:
        stem = name.removesuffix(".json")
        cases = [c for c in json.loads((VECTOR_DIR / name).read_text("utf-8")) if isinstance(c, dict)]
        for number, case in enumerate(cases, 1):
            params.append(pytest.param(case, id=f"{stem} {number}: {case['description']}"))
    return params


VECTORS = load_vectors()


def as_json(value) -> str:
    """The JSON text of a result: tells 3 from 3.0 and true from 1, as the phone would see."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@pytest.mark.parametrize("case", VECTORS)
def test_the_python_evaluator_gives_the_vector_result(case):
    if "error" in case:
        with pytest.raises(LogicError):
            apply(case["rule"], case.get("data"), today=case.get("today"))
    else:
        result = apply(case["rule"], case.get("data"), today=case.get("today"))
        assert as_json(result) == as_json(case["result"])


@pytest.mark.parametrize("case", VECTORS)
def test_a_compiled_rule_gives_the_vector_result_every_time_it_runs(case):
    """The server compiles each form rule once and runs it for every submission and row."""
    run = compile_rule(case["rule"])
    for _ in range(2):
        if "error" in case:
            with pytest.raises(LogicError):
                run(copy.deepcopy(case.get("data")), today=case.get("today"))
        else:
            result = run(copy.deepcopy(case.get("data")), today=case.get("today"))
            assert as_json(result) == as_json(case["result"])
            if isinstance(result, list):
                result.append("changed by the caller")  # must not leak into the next run


def test_the_project_vectors_have_at_least_40_described_cases():
    own = [v.values[0] for v in VECTORS if v.id.startswith(("tambon ", "language2 "))]
    assert len(own) >= 40
    assert all(case["description"].strip() for case in own)
    assert all(("result" in case) != ("error" in case) for case in own)


# --- limits and errors ----------------------------------------------------------------------

def nested(depth, wrap):
    rule = True
    for _ in range(depth):
        rule = wrap(rule)
    return rule


@pytest.mark.parametrize("wrap", [lambda r: {"!": [r]}, lambda r: [r], lambda r: {"if": [True, r]}],
                         ids=["operators", "lists", "if branches"])
def test_a_rule_nested_1000_deep_raises_logic_error_not_recursion_error(wrap):
    with pytest.raises(LogicError, match="nested deeper than 64"):
        apply(nested(1000, wrap))


def test_a_rule_exactly_at_the_depth_limit_still_evaluates():
    assert apply(nested(MAX_DEPTH, lambda r: {"!!": [r]})) is True
    with pytest.raises(LogicError):
        apply(nested(MAX_DEPTH + 1, lambda r: {"!!": [r]}))


def test_data_nested_too_deeply_for_python_raises_logic_error():
    deep = nested(5000, lambda r: [r])
    with pytest.raises(LogicError, match="data is nested too deeply"):
        apply({"cat": [{"var": "x"}]}, {"x": deep})


def test_an_unknown_operator_raises_logic_error_naming_it():
    with pytest.raises(LogicError, match='Unknown operator "sum"'):
        apply({"sum": [1, 2]})


def test_an_unknown_operator_in_a_branch_not_taken_is_not_evaluated():
    """As in json-logic-js; check_rule is what finds it before a form is published."""
    assert apply({"if": [False, {"sum": [1]}, "no"]}) == "no"


def test_a_compiled_rule_fails_on_a_broken_branch_only_when_that_branch_is_taken():
    run = compile_rule({"if": [{"var": "broken"}, {"sum": [1]}, "fine"]})
    assert run({"broken": False}) == "fine"
    with pytest.raises(LogicError, match='Unknown operator "sum"'):
        run({"broken": True})


def test_logic_error_is_a_value_error_so_callers_can_treat_it_as_bad_input():
    assert issubclass(LogicError, ValueError)


def test_the_supported_operators_are_the_standard_set_without_log_and_those_of_language_2():
    assert OPERATORS - LANGUAGE_2_OPERATORS == {
        "var", "missing", "missing_some", "if", "?:", "==", "===", "!=", "!==", "!", "!!",
        "or", "and", "<", "<=", ">", ">=", "max", "min", "+", "-", "*", "/", "%",
        "map", "filter", "reduce", "all", "some", "none", "merge", "in", "cat", "substr",
    }
    assert LANGUAGE_2_OPERATORS == {
        "today", "days_between", "date_plus_days", "length", "regex_match", "selected",
        "count_selected", "coalesce", "round", "int"}


def test_today_is_the_date_given_to_the_evaluator_else_the_date_in_thailand():
    assert apply({"today": []}, today=dt.date(2026, 1, 2)) == "2026-01-02"
    with today_is("2025-12-31"):
        assert compile_rule({"today": []})() == "2025-12-31"
    assert apply({"today": []}) == dt.datetime.now(THAILAND).date().isoformat()


@pytest.mark.parametrize("pattern, problem", [
    ("(\\d+)+", "A repeated group holds a quantifier or | at character 6"),
    ("(a|ab)*", "A repeated group holds a quantifier or |"),
    ("^\\d+$", "Anchors are not needed"),
    ("(?=a)b", "Only (...) and (?:...) groups"),
    ("(a", "A group is not closed"),
    ("a{5,2}", "m below n"),
    ("a{1001}", "above 1000"),
    ("\\p{L}", "The escape \\p is not allowed"),
    ("[z-a]", "backwards"),
    ("a" * 201, "longer than 200"),
])
def test_a_regex_match_pattern_outside_the_shared_safe_syntax_is_a_definition_problem(pattern, problem):
    [found] = check_rule({"regex_match": [{"var": "a"}, pattern]})
    assert problem in found
    with pytest.raises(LogicError, match=re.escape(problem)):
        apply({"regex_match": ["a", pattern]})


def test_a_regex_match_pattern_must_be_written_out_not_computed():
    assert check_rule({"regex_match": [{"var": "a"}, {"cat": ["a", "b"]}]}) == [
        '"regex_match" takes second a pattern written out as a text, not computed.']


def test_operators_in_lists_every_operator_a_rule_uses():
    rule = {"and": [{"selected": [{"var": "a"}, "x"]}, {"!": [{"round": [{"var": "b"}]}]}]}
    assert operators_in(rule) == {"and", "selected", "!", "round", "var"}


def test_results_that_are_whole_numbers_are_ints_and_booleans_are_never_numbers():
    assert type(apply({"/": [4, 2]})) is int
    assert type(apply({"+": [0.5, 0.5]})) is int
    assert type(apply({"+": [True, 1]})) is float  # parseFloat(true) is NaN
    assert math.isnan(apply({"+": [True, 1]}))


# --- check_rule -----------------------------------------------------------------------------

SOUND_RULES = [v.values[0]["rule"] for v in VECTORS
               if v.id.startswith(("tambon ", "language2 ")) and "result" in v.values[0]]


@pytest.mark.parametrize("rule", SOUND_RULES)
def test_check_rule_finds_nothing_wrong_with_the_rules_our_forms_use(rule):
    assert check_rule(rule) == []


MANY_KEYS = "An operation is an object with exactly one key, the operator; "


@pytest.mark.parametrize("rule, problems", [
    ({"sum": [1, 2]}, ['Unknown operator "sum".']),
    ({"and": [{"var": "a"}, {"if": [True, {"count": 1}]}]},
     ['Unknown operator "count" (at and[1].if[1]).']),
    ({"var": "a", "missing": ["b"]},
     [MANY_KEYS + 'this one has 2 keys: "var", "missing".']),
    ({}, [MANY_KEYS + "this one has 0 keys."]),
    ({"var": True}, ['"var" takes a field path: a string such as "age" or "place.village_no".']),
    ({"var": ["a", 1, 2]}, ['"var" takes 0 to 2 arguments but has 3.']),
    ({"map": [{"var": "rows"}]}, ['"map" takes 2 arguments but has 1.']),
    ({"==": [{"var": "a"}]}, ['"==" takes 2 arguments but has 1.']),
    ({"!": []}, ['"!" takes 1 argument but has 0.']),
    ({"or": []}, ['"or" takes at least 1 argument but has 0.']),
    ({"missing": [["a"], "b"]},
     ['"missing" takes field paths: strings such as "age" or "place.village_no".']),
    ({"missing_some": ["one", "a"]},
     ['"missing_some" takes first the number of fields that must be present.',
      '"missing_some" takes second a list of field paths.']),
    ({"filter": [{"var": "rows"}, {"==": [{"var": "a"}]}]},
     ['"==" takes 2 arguments but has 1 (at filter[1]).']),
    ([1, {"?:": [True, 1]}], ['"?:" takes 3 arguments but has 2 (at [1]).']),
], ids=lambda value: json.dumps(value) if isinstance(value, (dict, list)) and value else None)
def test_check_rule_reports_each_problem_as_a_sentence_with_where_it_is(rule, problems):
    assert check_rule(rule) == problems


def test_check_rule_accepts_computed_var_paths_and_missing_names():
    assert check_rule({"var": [{"cat": ["score_", {"var": "n"}]}, 0]}) == []
    assert check_rule({"missing": {"merge": ["vin", {"if": [{"var": "financing"}, ["apr"], []]}]}}) == []


def test_check_rule_reports_a_rule_nested_1000_deep_once_without_recursion_error():
    assert check_rule(nested(1000, lambda r: {"!": [r]})) == [
        f"The rule is nested deeper than {MAX_DEPTH} levels."]


# --- rule_vars ------------------------------------------------------------------------------

def test_rule_vars_lists_var_paths_and_missing_names():
    rule = {"and": [{"var": "age"}, {"missing": ["place.village_no"]},
                    {"missing_some": [1, ["contact.phone", "contact.line_id"]]}, {"var": ["sex", "x"]}]}
    assert rule_vars(rule) == {"age", "place.village_no", "contact.phone", "contact.line_id", "sex"}


def test_rule_vars_skips_paths_read_from_list_items_but_not_the_list_or_initial_value():
    rule = {"reduce": [{"filter": [{"var": "participants"}, {"var": "present"}]},
                       {"+": [{"var": "accumulator"}, {"var": "current.age"}]}, {"var": "base"}]}
    assert rule_vars(rule) == {"participants", "base"}


def test_rule_vars_reads_the_parts_of_a_computed_path_and_prints_numbers_as_javascript():
    assert rule_vars({"var": [{"cat": ["score_", {"var": "n"}]}, {"var": "fallback"}]}) == {"n", "fallback"}
    assert rule_vars({"var": 1.0}) == {"1"}


def test_rule_vars_leaves_out_the_whole_data_path():
    assert rule_vars({"var": ""}) == set()
    assert rule_vars({"var": []}) == set()


def test_rule_vars_of_a_rule_nested_1000_deep_does_not_recurse_forever():
    assert rule_vars(nested(1000, lambda r: {"!": [r]})) == set()


# --- properties -----------------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10), st.integers(-(2**60), 2**60),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "0", "1", " 12 ", "0x1f", "1e3", "-5.5x", "Infinity", "2026-11-20",
                     "09:30", "๕", "ขนม", "สวัสดีครับ", "😀", "a,b", "a.b"]),
    st.text(max_size=6),
)
JSON_VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from("abc"), inner, max_size=3),
    max_leaves=8)
PATHS = st.sampled_from(["a", "b", "c", "a.a", "a.0", "b.1", "", "x", "row.a"])
# regex_match is left out: its patterns are judged by the definition check before any phone
# sees them (a random text is seldom a pattern); the vectors cover it.
OPERATOR_NAMES = st.sampled_from(sorted(OPERATORS - {"regex_match"}))
TODAY = "2026-11-20"  # random rules run with one fixed today in both evaluators
RULES = st.recursive(
    SCALARS | st.builds(lambda path: {"var": path}, PATHS),
    lambda inner: st.one_of(
        st.builds(lambda op, args: {op: args}, OPERATOR_NAMES, st.lists(inner, max_size=4)),
        st.builds(lambda op, arg: {op: arg}, OPERATOR_NAMES, inner),
        st.lists(inner, max_size=3),
    ),
    max_leaves=12)
DATA = st.fixed_dictionaries({"a": JSON_VALUES, "b": JSON_VALUES, "c": JSON_VALUES,
                              "row": st.dictionaries(st.sampled_from("abc"), JSON_VALUES)})


@settings(max_examples=400)
@given(RULES, DATA)
def test_any_rule_either_evaluates_or_raises_logic_error_and_changes_nothing(rule, data):
    rule_before, data_before = copy.deepcopy(rule), copy.deepcopy(data)
    try:
        apply(rule, data)
    except LogicError:
        pass
    assert as_json(rule) == as_json(rule_before) and as_json(data) == as_json(data_before)


def compare(operator, first, second, data):
    return apply({operator: [{"var": first}, {"var": second}]}, data)


@given(JSON_VALUES, JSON_VALUES)
def test_loose_equality_is_symmetric_and_not_equal_is_its_negation(a, b):
    data = {"a": a, "b": b}
    equal = compare("==", "a", "b", data)
    assert compare("==", "b", "a", data) is equal
    assert compare("!=", "a", "b", data) is (not equal)
    if compare("===", "a", "b", data):
        assert equal


@given(JSON_VALUES, JSON_VALUES)
def test_greater_than_is_less_than_mirrored(a, b):
    data = {"a": a, "b": b}
    assert compare(">", "a", "b", data) is compare("<", "b", "a", data)
    assert compare(">=", "a", "b", data) is compare("<=", "b", "a", data)


@given(st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(2**53), 2**53))
def test_a_number_printed_by_cat_reads_back_as_the_same_number(number):
    assert apply({"+": {"cat": [number]}}) == number


def test_a_language_1_definition_using_a_language_2_operator_is_told_where():
    from forms.definition import DefinitionError, load_definition

    definition = {"form_id": "visit", "version": "1", "title": {"th": "เยี่ยม"}, "fields": [
        {"name": "phone", "type": "text", "label": {"th": "โทร"},
         "constraint": {"regex_match": [{"var": "value"}, "0[689]\\d{8}"]}},
        {"name": "age", "type": "calculate", "expr": {"int": [{"round": [{"var": "phone"}]}]}}]}
    with pytest.raises(DefinitionError) as caught:
        load_definition(definition)
    assert sorted(caught.value.problems) == [
        'fields[0].constraint: "regex_match" belongs to form language 2; add "language": 2 to the definition.',
        'fields[1].expr: "int" belongs to form language 2; add "language": 2 to the definition.',
        'fields[1].expr: "round" belongs to form language 2; add "language": 2 to the definition.']
    assert load_definition({**definition, "language": 2}).raw["language"] == 2
