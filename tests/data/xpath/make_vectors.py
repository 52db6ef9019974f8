"""Writes tests/data/xpath/vectors.json: XPath expressions, the answers they read, and the value
each must give (written here by hand); `logic` is recorded from forms/xpath.py, so a change of
translation shows in the diff. Run `python -m tests.data.xpath.make_vectors` after adding a case:
it prints any case whose translated rule does not give the value written for it.
"""

import json
from pathlib import Path

from forms.jsonlogic import apply
from forms.xpath import Ref, Scope, translate

FIELDS = {
  "age": ["age", "integer"], "weight": ["weight", "decimal"], "name": ["name", "text"], "dob": ["dob", "date"],
  "visit": ["visit", "date"], "sex": ["sex", "select_one"], "crops": ["crops", "select_multiple"],
  "phone": ["phone", "text"], "village_no": ["place.village_no", "integer"], "members": ["members", "repeat"],
  "m_name": ["members.m_name", "text", "members"], "m_age": ["members.m_age", "integer", "members"],
  "m_income": ["members.m_income", "decimal", "members"], "nickname": ["nickname", "text"],
}
DATA = {"age": 42, "weight": 61.25, "name": "สมศักดิ์", "dob": "1984-05-02", "visit": "2026-11-20",
        "sex": "female", "crops": ["rice", "rubber"], "phone": "0812345678", "nickname": None,
        "place": {"village_no": 7},
        "members": [{"m_name": "สมชาย", "m_age": 40, "m_income": 1500.5},
                    {"m_name": "สมหญิง", "m_age": 12, "m_income": None},
                    {"m_name": "ต้นกล้า", "m_age": 70, "m_income": 3000}]}
TODAY = "2026-11-20"
V = []


def c(desc, xpath, result, where="top", data=None, value=None):
    V.append({"description": desc, "xpath": xpath, "where": where, "result": result,
              **({"data": data} if data is not None else {}), **({"value": value} if value is not None else {})})


c("precedence: * binds tighter than +", "1 + 2 * 3", 7)
c("precedence: div and mod left to right", "20 div 4 mod 3", 2)
c("precedence: unary minus binds tightest", "-2 * 3 + 10", 4)
c("precedence: and binds tighter than or", "${age} > 100 or ${age} > 40 and ${age} < 50", True)
c("precedence: comparison binds tighter than and", "${age} >= 18 and ${age} < 60", True)
c("precedence: = binds looser than <", "${age} > 40 = true()", True)
c("parentheses override precedence", "(1 + 2) * 3", 9)
c("subtraction is left associative", "10 - 3 - 2", 5)
c("a group's question by its name", "${village_no} = 7", True)
c("not() of a comparison", "not(${age} < 18)", True)
c("string comparison with a Thai name", "${name} = 'สมศักดิ์'", True)
c("an empty answer equals ''", "${nickname} = ''", True)
c("an answered question is not ''", "${name} != ''", True)
c("a missing number is not equal to ''", "${age} = ''", False)
c("selected() on a select_multiple", "selected(${crops}, 'rubber')", True)
c("selected() on a select_one", "selected(${sex}, 'male')", False)
c("count-selected()", "count-selected(${crops})", 2)
c("if() picks a branch", "if(${age} >= 60, 'สูงอายุ', 'วัยทำงาน')", "วัยทำงาน")
c("concat() joins text and numbers", "concat(${name}, ' อายุ ', ${age})", "สมศักดิ์ อายุ 42")
c("coalesce() skips an empty answer", "coalesce(${nickname}, ${name})", "สมศักดิ์")
c("regex() with anchors matches the whole text", "regex(${phone}, '^0[689][0-9]{8}$')", True)
c("regex() without anchors finds the pattern inside", "regex(${name}, 'ศัก')", True)
c("regex() anchored at the start only", "regex(${phone}, '^09')", False)
c("string-length() counts Thai characters", "string-length(${name})", 8)
c("string-length(.) in a constraint", "string-length(.) = 10", True, "constraint", value="0812345678")
c("today()", "today()", TODAY)
c("a date plus days", "${visit} + 30", "2026-12-20")
c("date() of a date plus days", "date(${visit} + 1)", "2026-11-21")
c("a date minus days", "${visit} - 20", "2026-10-31")
c("days between two dates", "${visit} - ${dob}", 15542)
c("age in whole years from a birth date", "int((today() - ${dob}) div 365.25)", 42)
c("a date compared with today()", "${visit} <= today()", True)
c("a date compared with a literal date", "${dob} < '1990-01-01'", True)
c("decimal-date-time() of a date is days since 1970", "decimal-date-time('1970-01-11')", 10)
c("int() cuts toward zero", "int(-7.9)", -7)
c("round() with digits", "round(${weight}, 1)", 61.3)
c("round() half away from zero", "round(-2.5)", -3)
c("number arithmetic with a decimal answer", "${weight} * 2", 122.5)
c("mod", "${age} mod 5", 2)
c("count() of a repeat", "count(${members})", 3)
c("sum() over a repeat", "sum(${m_age})", 122)
c("max() over a repeat", "max(${m_age})", 70)
c("min() over a repeat skips empty answers", "min(${m_income})", 1500.5)
c("count() of a question inside a repeat counts rows", "count(${m_name})", 3)
c("a field of the current row", "${m_age} < 18", True, "members", data={"row": {"m_name": "สมหญิง", "m_age": 12}})
c("the current row with an outer answer", "${m_age} < ${age}", True, "members", data={"row": {"m_age": 12}})
c("dot in a constraint is the answer", ". >= 0 and . <= 120", True, "constraint", value=35)
c("true() and false()", "true() and not(false())", True)
c("an absolute path names a question", "/data/age + 1", 43)
c("contains()", "contains(${name}, 'ศักดิ์')", True)
c("starts-with()", "starts-with(${phone}, '08')", True)
c("substr() counts from 0 to an end", "substr(${phone}, 0, 3)", "081")
c("number() of text", "number('12.5') + 1", 13.5)
c("string() of a number", "concat(string(${age}), '')", "42")
c("a choice filter reads the choice's column", "province = ${sex}", True, "filter", data={"item": {"value": "d1", "province": "female"}})
c("a choice filter reads the choice's value as name", "name != 'd2' and province = 'female'", True, "filter", data={"item": {"value": "d1", "province": "female"}})
out = {"fields": FIELDS, "data": DATA, "today": TODAY, "cases": V}


def scope_of(case):
    fields = {k: Ref(*v) for k, v in FIELDS.items()}
    if case["where"] == "members":
        return Scope(fields, "members", {"var": "value"})
    if case["where"] == "filter":
        return Scope(fields, None, None, {"province": "province"})
    return Scope(fields, None, {"var": "value"})


for case in V:
    term = translate(case["xpath"], scope_of(case))
    case["logic"] = term.logic
    data = {**DATA, **case.get("data", {})}
    if "value" in case:
        data["value"] = case["value"]
    got = apply(term.logic, data, today=TODAY)
    if json.dumps(got) != json.dumps(case["result"]):
        print("MISMATCH", case["description"], got, case["result"])
text = json.dumps({k: v for k, v in out.items() if k != "cases"}, ensure_ascii=False)[:-1]
text += ', "cases": [\n' + ",\n".join(json.dumps(v, ensure_ascii=False) for v in V) + "\n]}\n"
open(Path(__file__).with_name("vectors.json"), "w", encoding="utf-8").write(text)
