"""What a field type is: one entry per type of the form language, and everything that reads it.

A type used to be spread over the definition checker, the compiled checks, the samples, the
search text, the export, the web pages and the phone, in two languages, and the copies drifted.
Here each type is one `FieldType` entry that declares:

- its definition keys (`definition_keys`) and the keys it cannot do without (`needs`);
- how a JSON Logic `var` may reach inside its answer (`inside`, `parts`);
- its answer check: a `shape` (what JSON value it takes; failing it gives `type_code`), an
  optional `pattern` and `real_date` on that value, then its `rules` in order, each with the
  problem codes it gives (`codes` lists every code a check of the type can give);
- its samples: `example` (a valid answer), `wrong_type` (what a careless client sends) and
  `bad_format` (the right JSON type with the wrong content, named for `forms.samples`);
- whether its answers enter the search text (`searched`), its export cells (`export`) and how
  the web pages show it (`display`);
- the form language version it first appeared in (`language`): a definition that uses a type
  of version 2 must say `"language": 2` (forms.definition refuses it otherwise).

`forms.definition`, `forms.compile`, `forms.samples`, `sync.search`, `sync.export`
and `server.web.present` read this table; the phone receives `for_phone()` through the module
the server generates (`js/shared.js`) and implements each shape and rule once, by name. Adding a
type means adding an entry here (and its widget on the phone).

Patterns are written in the syntax Python and JavaScript share and are compiled with `re.ASCII`
and matched whole, so `\\d` is 0-9 on both sides and a trailing newline is no match.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any, Callable

from forms import messages

__all__ = [
    "FIELD_TYPES", "FieldType", "Part", "Problem", "Rule", "RULES",
    "ANSWER_KEYS", "COMMON_KEYS", "answer_check", "for_phone", "is_iso_date",
]

FieldDef = Any  # a field of a definition: its dict, or a FieldSpec (both have .get)

COMMON_KEYS = frozenset({"name", "type", "label", "hint", "relevant"})
ANSWER_KEYS = frozenset({"required", "constraint", "constraint_message", "default"})


@dataclass(frozen=True)
class Problem:
    """One broken rule, rendered into a sentence only when someone reads it."""

    code: str
    params: tuple = ()
    texts: dict | None = None  # the definition's own constraint_message

    def render(self, lang: str = "en") -> str:
        if self.texts:
            return self.texts.get(lang) or self.texts.get("en") or self.texts["th"]
        template = messages.CATALOG[self.code]
        return (template.get(lang) or template["en"]).format(**dict(self.params))


@dataclass(frozen=True)
class Rule:
    """A static rule an answer of the right shape must also meet, after the shape check.

    Bound rules (`measure` set) compare `measure(answer)` with the definition's `low`/`high`
    keys, inclusive, and say `<prefix>between`, `<prefix>at_least` or `<prefix>at_most`.
    """

    name: str
    keys: tuple[str, ...]
    codes: tuple[str, ...]
    measure: str | None = None  # value | length (code points) | count
    prefix: str = ""


def _bound_rule(name: str, low: str, high: str, measure: str, prefix: str) -> Rule:
    return Rule(name, (low, high), tuple(prefix + c for c in ("between", "at_least", "at_most")),
                measure, prefix)


RULES: dict[str, Rule] = {rule.name: rule for rule in (
    _bound_rule("range", "min", "max", "value", ""),
    _bound_rule("length", "min_length", "max_length", "length", "length_"),
    _bound_rule("items", "min_items", "max_items", "count", "items_"),
    Rule("pattern", ("pattern",), ("pattern",)),  # the form author's own full-match pattern
    Rule("in_choices", (), ("choices",)),  # every item of a list is one of the choices
    Rule("distinct", (), ("repeated_choice",)),  # no item twice
)}


@dataclass(frozen=True)
class Part:
    """One key of an object answer (a geopoint's lat/lon/accuracy) and its inclusive range."""

    name: str
    low: float | None
    high: float | None
    required: bool = True


@dataclass(frozen=True)
class FieldType:
    """One type of field: see the module docstring for what each attribute is for."""

    name: str
    role: str  # answer | container | computed | display (no answer at all)
    keys: frozenset[str] = frozenset()  # definition keys beyond COMMON_KEYS, ANSWER_KEYS and rules'
    needs: tuple[tuple[str, str], ...] = ()  # (key, problem when absent); `{kind}` is the type
    inside: str | None = ""  # how a var path goes on: "" no further, item, parts, fields, rows;
    #                          None: nothing to name (a note)
    shape: str | None = None  # string | integer | number | boolean | choice | list | object
    #                           | rows | location; None for calculate and note
    pattern: str | None = None  # the whole answer matches this (shape string)
    real_date: bool = False  # its first ten characters are a real calendar day
    parts: tuple[Part, ...] = ()  # the keys of an object answer (shape location)
    type_code: str | None = None  # the problem when the shape, pattern or date does not hold
    rules: tuple[str, ...] = ()  # names in RULES, checked in this order
    example: Any = None  # a valid answer for a field of this type with no rules set
    wrong_type: Any = None  # what a careless client sends instead
    bad_format: tuple[str, Any] | None = None  # (violation name, right JSON type but wrong content)
    searched: bool = False  # its strings enter the search text
    export: tuple[tuple[str, str], ...] = (("", "value"),)  # (header suffix, cell kind) per cell
    display: str = "plain"  # how the web pages show it: plain | choices | yes_no | date
    #                         | datetime | location
    language: int = 1  # the lowest form language (a definition's "language") that has it

    @property
    def answerable(self) -> bool:
        return self.role == "answer"

    @property
    def definition_keys(self) -> frozenset[str]:
        """Every key a field of this type may carry besides COMMON_KEYS."""
        keys = set(self.keys)
        if self.answerable:
            keys |= ANSWER_KEYS
        for name in self.rules:
            keys |= set(RULES[name].keys)
        return frozenset(keys)

    @property
    def codes(self) -> tuple[str, ...]:
        """Every message code the type's own check can give (besides required and logic)."""
        codes = [self.type_code] if self.type_code else []
        for name in self.rules:
            codes += RULES[name].codes
        if self.shape == "rows":
            codes.append("row")
        return tuple(codes)

    @property
    def regex(self) -> re.Pattern | None:
        return None if self.pattern is None else _compiled_pattern(self.pattern)


_patterns: dict[str, re.Pattern] = {}


def _compiled_pattern(source: str) -> re.Pattern:
    regex = _patterns.get(source)
    if regex is None:
        regex = _patterns[source] = re.compile(source, re.ASCII)
    return regex


_DATE = r"\d{4}-\d{2}-\d{2}"
_CLOCK = r"([01]\d|2[0-3]):[0-5]\d"

FIELD_TYPES: dict[str, FieldType] = {entry.name: entry for entry in (
    FieldType("text", "answer", shape="string", type_code="text", rules=("length", "pattern"),
              example="ขนมไทย", wrong_type=2555, searched=True),
    FieldType("textarea", "answer", shape="string", type_code="text", rules=("length", "pattern"),
              example="สาธิตการทำขนมไทย\nให้กลุ่มแม่บ้าน", wrong_type=2555, searched=True),
    FieldType("integer", "answer", shape="integer", type_code="integer", rules=("range",),
              example=30, wrong_type="30"),
    FieldType("decimal", "answer", shape="number", type_code="decimal", rules=("range",),
              example=1500.5, wrong_type="1500.50"),
    FieldType("boolean", "answer", shape="boolean", type_code="boolean",
              example=True, wrong_type="true", display="yes_no"),
    FieldType("date", "answer", shape="string", pattern=_DATE, real_date=True, type_code="date",
              rules=("range",), example="2012-06-25", wrong_type=20120625,
              bad_format=("bad_date", "2012-02-30"), display="date"),
    FieldType("time", "answer", shape="string", pattern=_CLOCK, type_code="time",
              example="09:30", wrong_type=930, bad_format=("bad_time", "24:15")),
    FieldType("datetime", "answer", shape="string", real_date=True, type_code="datetime",
              pattern=rf"{_DATE}T{_CLOCK}(:[0-5]\d(\.\d{{1,6}})?)?(Z|[+-]{_CLOCK})",
              example="2012-06-25T09:15:00+07:00", wrong_type=1340590500,
              bad_format=("bad_datetime", "2012-06-25 09:15"), display="datetime"),
    # 0, then 8 or 9 more digits (9 for landlines like 038-511234, 10 for mobiles), single
    # dashes or spaces allowed between digits: 089-8984499, 0898-984-499, 038 511 234.
    FieldType("phone", "answer", shape="string", pattern=r"0(?:\d[- ]?){7,8}\d", type_code="phone",
              example="0898-984-499", wrong_type=898984499, bad_format=("bad_phone", "089-89844"),
              searched=True),
    FieldType("geopoint", "answer", shape="location", type_code="geopoint", inside="parts",
              parts=(Part("lat", -90, 90), Part("lon", -180, 180), Part("accuracy", 0, None, False)),
              example={"lat": 13.69, "lon": 101.08, "accuracy": 10.0}, wrong_type="13.69,101.08",
              bad_format=("bad_geopoint", {"lat": 101.08, "lon": 13.69, "accuracy": 10.0}),
              export=((".lat", "lat"), (".lon", "lon"), (".accuracy", "accuracy")),
              display="location"),
    FieldType("select_one", "answer", keys=frozenset({"choices"}),
              needs=(("choices", "a {kind} field needs choices."),),
              shape="choice", type_code="choice", example="yes", wrong_type=1, searched=True,
              export=(("", "value"), (" (label)", "label")), display="choices"),
    FieldType("select_multiple", "answer", keys=frozenset({"choices"}),
              needs=(("choices", "a {kind} field needs choices."),), inside="item",
              shape="list", type_code="choice_list", rules=("in_choices", "distinct", "items"),
              example=["yes"], wrong_type="yes", searched=True,
              export=(("", "multi"), (" (label)", "multi_label")), display="choices"),
    FieldType("group", "container", keys=frozenset({"fields", "required"}),
              needs=(("fields", "a {kind} needs its sub-fields."),), inside="fields",
              shape="object", type_code="group", example={}, wrong_type=["ฉะเชิงเทรา"]),
    FieldType("repeat", "container", keys=frozenset({"fields", "required"}),
              needs=(("fields", "a {kind} needs its sub-fields."),), inside="rows",
              shape="rows", type_code="rows", rules=("items",), example=[],
              wrong_type={"full_name": "นายสมชาย ใจดี"}),
    FieldType("calculate", "computed", keys=frozenset({"expr"}),
              needs=(("expr", "a {kind} field needs an expr."),)),
    FieldType("note", "display", inside=None, export=()),
)}


# --- the answer check, built once per field -------------------------------------------------

Check = Callable[[Any], "Problem | None"]


def _is_number(value) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or (
        isinstance(value, float) and math.isfinite(value))


def _is_whole(value) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or (
        isinstance(value, float) and value.is_integer())


def is_real_day(text: str) -> bool:
    """`YYYY-MM-DD...` starts with a day the calendar has (not 30 February)."""
    try:
        dt.date.fromisoformat(text[:10])  # only after the type's pattern: ASCII digits, dashes
    except ValueError:
        return False
    return True


def is_iso_date(value) -> bool:
    """A real calendar day written YYYY-MM-DD (date answers and date bounds alike)."""
    regex = FIELD_TYPES["date"].regex
    return isinstance(value, str) and regex.fullmatch(value) is not None and is_real_day(value)


def _location(parts: tuple[Part, ...]) -> Callable[[Any], bool]:
    names = frozenset(p.name for p in parts)
    required = frozenset(p.name for p in parts if p.required)

    def accepts(value) -> bool:
        if type(value) is not dict or not required <= value.keys() <= names:
            return False
        for part in parts:
            if part.name in value:
                number = value[part.name]
                if not _is_number(number) or (part.low is not None and number < part.low) or (
                        part.high is not None and number > part.high):
                    return False
        return True

    return accepts


def _choice_values(item: FieldDef) -> list[str]:
    return [c["value"] for c in item.get("choices")]


def _shape_test(entry: FieldType, item: FieldDef) -> Callable[[Any], bool]:
    """Whether a value has the type's shape (and pattern and real date, where it has them)."""
    shape = entry.shape
    if shape == "string":
        regex = entry.regex
        if regex is None:
            return lambda v: isinstance(v, str)
        if entry.real_date:
            return lambda v: isinstance(v, str) and regex.fullmatch(v) is not None and is_real_day(v)
        return lambda v: isinstance(v, str) and regex.fullmatch(v) is not None
    if shape == "integer":
        return _is_whole
    if shape == "number":
        return _is_number
    if shape == "boolean":
        return lambda v: v is True or v is False
    if shape == "choice":
        allowed = frozenset(_choice_values(item))
        return lambda v: isinstance(v, str) and v in allowed
    if shape == "list":
        return lambda v: isinstance(v, list)
    if shape == "location":
        return _location(entry.parts)
    raise ValueError(f"{entry.name} has no answer of its own to check")


def _type_problem(entry: FieldType, item: FieldDef) -> Problem:
    if entry.shape == "choice":
        return Problem(entry.type_code, (("choices", ", ".join(_choice_values(item))),))
    return Problem(entry.type_code)


_MEASURES: dict[str, Callable] = {
    "value": lambda v: v,
    "length": len,  # code points, as JavaScript's [...s].length: Thai marks count
    "count": len,
}


def bound_check(rule: Rule, item: FieldDef) -> Check | None:
    """Inclusive bounds on `measure(value)`, or None when the field sets neither bound."""
    low_key, high_key = rule.keys
    low, high = item.get(low_key), item.get(high_key)
    if low is None and high is None:
        return None
    measure, between, at_least, at_most = _MEASURES[rule.measure], *rule.codes
    if low is not None and high is not None:
        problem = Problem(between, (("min", low), ("max", high)))
        return lambda v: None if low <= measure(v) <= high else problem
    if low is not None:
        problem = Problem(at_least, (("min", low),))
        return lambda v: None if measure(v) >= low else problem
    problem = Problem(at_most, (("max", high),))
    return lambda v: None if measure(v) <= high else problem


def _rule_check(rule: Rule, item: FieldDef) -> Check | None:
    if rule.measure is not None:
        return bound_check(rule, item)
    if rule.name == "pattern":
        if not item.get("pattern"):
            return None
        regex, mismatch = re.compile(item.get("pattern")), Problem("pattern")
        return lambda v: None if regex.fullmatch(v) else mismatch
    if rule.name == "in_choices":
        values = _choice_values(item)
        allowed, outside = frozenset(values), Problem("choices", (("choices", ", ".join(values)),))
        return lambda v: None if all(isinstance(x, str) and x in allowed for x in v) else outside
    if rule.name == "distinct":
        repeated = Problem("repeated_choice")
        return lambda v: None if len(set(v)) == len(v) else repeated
    raise ValueError(f"unknown rule {rule.name}")


def answer_check(item: FieldDef) -> Check:
    """The shape check plus static rules of one answerable field, as a single closure.

    `item` is the field's definition (a dict or a `FieldSpec`); build this once per field.
    """
    entry = FIELD_TYPES[item.get("type")]
    accepts, problem = _shape_test(entry, item), _type_problem(entry, item)
    rules = [check for check in (_rule_check(RULES[n], item) for n in entry.rules) if check]
    if not rules:
        return lambda v: None if accepts(v) else problem
    if len(rules) == 1:
        [rule] = rules
        return lambda v: rule(v) if accepts(v) else problem

    def check(value):
        if not accepts(value):
            return problem
        for rule in rules:
            found = rule(value)
            if found:
                return found
        return None

    return check


# --- what the phone must agree on -----------------------------------------------------------


def for_phone() -> dict:
    """The table as JSON for the phone's model.js: per type its shape, pattern, parts, problem
    codes and rules (with the definition keys of their bounds), so that the phone checks an
    answer as the server does and names the same catalog entry."""
    return {
        "types": {
            entry.name: {
                "shape": entry.shape,
                "pattern": entry.pattern,
                "real_date": entry.real_date,
                "parts": [[p.name, p.low, p.high, p.required] for p in entry.parts],
                "type_code": entry.type_code,
                "rules": list(entry.rules),
                "codes": list(entry.codes),
                "language": entry.language,
            }
            for entry in FIELD_TYPES.values()
        },
        "rules": {
            rule.name: {"keys": list(rule.keys), "codes": list(rule.codes),
                        "measure": rule.measure}
            for rule in RULES.values()
        },
    }


def _check_table() -> None:
    """Every code the table names is in the catalog: a typo fails at import, not in the field."""
    for entry in FIELD_TYPES.values():
        for code in entry.codes:
            if code not in messages.CATALOG:
                raise ValueError(f"field type {entry.name!r} names unknown message {code!r}")


_check_table()
