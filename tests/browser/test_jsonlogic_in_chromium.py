"""The phone's jsonlogic.js in real Chromium: every shared vector, and agreement with Python.

The module is served to the page through Playwright routing from an http origin, because ES
modules do not load from file:// URLs. Values cross between Python and the page as JSON text,
with NaN, the infinities and -0 tagged, so that nothing is lost on the way.
"""

import json
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.jsonlogic import LogicError, apply
from forms.patterns import pattern_problem
from tests.forms.test_jsonlogic import DATA, RULES, TODAY, VECTORS
from tests.forms.test_xpath import VECTORS as XPATH, XPATH_CASES

pytestmark = pytest.mark.browser

MODULE = Path(__file__).resolve().parents[2] / "server" / "static" / "app" / "js" / "jsonlogic.js"
ORIGIN = "http://tambon.test"

# Runs a rule in the page and answers JSON text: {"result": ...} or {"error": name}.
RUN_IN_PAGE = """([rule, data, today]) => {
  const tag = (key, v) => typeof v !== 'number' || (Number.isFinite(v) && !Object.is(v, -0)) ? v
    : {number: Object.is(v, -0) ? '-0' : String(v)};
  try {
    const context = today === null ? {} : {today};
    return JSON.stringify({result: window.jsonlogic.apply(JSON.parse(rule), JSON.parse(data), context)}, tag);
  } catch (error) {
    return JSON.stringify({error: error.name, message: error.message});
  }
}"""
SPECIAL_NUMBERS = {"-0": -0.0, "NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}


def untag(value):
    if isinstance(value, dict):
        if value.keys() == {"number"}:
            return SPECIAL_NUMBERS[value["number"]]
        return {key: untag(item) for key, item in value.items()}
    if isinstance(value, list):
        return [untag(item) for item in value]
    return value


def same(a, b):
    """Equal as JavaScript values: one number type, NaN equal to itself, -0 apart from 0."""
    if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None:
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return float(a) == float(b) and math.copysign(1, a) == math.copysign(1, b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[key], b[key]) for key in a)
    return type(a) is type(b) and a == b


@pytest.fixture(scope="module")
def page(browser):
    page = browser.new_page()
    page.route(f"{ORIGIN}/", lambda route: route.fulfill(body="<!doctype html>", content_type="text/html"))
    page.route(f"{ORIGIN}/jsonlogic.js", lambda route: route.fulfill(
        body=MODULE.read_text("utf-8"), content_type="text/javascript"))
    page.goto(f"{ORIGIN}/")
    page.evaluate("async () => { window.jsonlogic = await import('/jsonlogic.js'); }")
    yield page
    page.close()


def run_in_chromium(page, rule, data, today=None):
    outcome = json.loads(page.evaluate(RUN_IN_PAGE, [json.dumps(rule), json.dumps(data), today]))
    return untag(outcome)


@pytest.mark.parametrize("case", VECTORS)
def test_chromium_gives_the_vector_result(page, case):
    outcome = run_in_chromium(page, case["rule"], case.get("data"), case.get("today"))
    if "error" in case:
        assert outcome.get("error") == case["error"], outcome
    else:
        assert "error" not in outcome, outcome
        assert same(outcome["result"], case["result"]), outcome["result"]


@pytest.mark.parametrize("case, data", XPATH_CASES)
def test_chromium_gives_the_result_of_each_translated_xpath_expression(page, case, data):
    outcome = run_in_chromium(page, case["logic"], data, XPATH["today"])
    assert "error" not in outcome, outcome
    assert same(outcome["result"], case["result"]), (case["xpath"], outcome["result"])


def test_a_rule_nested_1000_deep_throws_logic_error_in_chromium(page):
    name, message = page.evaluate("""() => {
      let rule = true;
      for (let i = 0; i < 1000; i++) rule = {'!': [rule]};
      try { window.jsonlogic.apply(rule); } catch (error) { return [error.name, error.message]; }
      return [null, null];
    }""")
    assert name == "LogicError"
    assert "nested deeper than 64" in message


def test_the_module_lists_the_same_operators_as_the_server(page):
    from forms.jsonlogic import LANGUAGE_2_OPERATORS, OPERATORS

    assert set(page.evaluate("() => window.jsonlogic.OPERATORS")) == OPERATORS
    assert set(page.evaluate("() => window.jsonlogic.LANGUAGE_2_OPERATORS")) == LANGUAGE_2_OPERATORS


def test_without_a_given_today_the_phone_uses_its_own_date(page):
    assert page.evaluate("""() => {
      const now = new Date();
      const day = [now.getFullYear(), now.getMonth() + 1, now.getDate()]
        .map((n, i) => String(n).padStart(i ? 2 : 4, '0')).join('-');
      return window.jsonlogic.apply({today: []}) === day;
    }""")


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule=RULES, data=DATA)
def test_chromium_and_python_agree_on_random_rules(page, rule, data):
    outcome = run_in_chromium(page, rule, data, TODAY)
    try:
        expected = {"result": apply(rule, data, today=TODAY)}
    except LogicError:
        expected = {"error": "LogicError"}
    if "error" in expected:
        assert outcome.get("error") == "LogicError", outcome
    else:
        assert "error" not in outcome, outcome
        assert same(outcome["result"], expected["result"]), (outcome["result"], expected["result"])


PATTERN_TEXT = st.text(alphabet="ab1ก .()|?*+{}[]^-\\dwsDWS,2:", max_size=12)
SUBJECTS = st.lists(st.text(alphabet="ab1ก \n\u00a0-2", max_size=8), min_size=1, max_size=4)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.filter_too_much])
@given(pattern=PATTERN_TEXT.filter(lambda p: pattern_problem(p) is None), subjects=SUBJECTS)
def test_every_pattern_the_server_accepts_matches_the_same_texts_on_the_phone(page, pattern, subjects):
    for subject in subjects:
        rule = {"regex_match": [subject, pattern]}
        outcome = run_in_chromium(page, rule, None)
        assert outcome == {"result": apply(rule)}, (pattern, subject, outcome)
