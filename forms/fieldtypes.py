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

from forms import media, messages

__all__ = [
    "FIELD_TYPES", "FieldType", "Part", "Problem", "Rule", "RULES",
    "ANSWER_KEYS", "COMMON_KEYS", "answer_check", "answer_expression", "compiled", "for_phone",
    "from_list", "is_iso_date", "renamed", "thai_id_ok",
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
    Rule("file_type", (), ("file_type",)),  # a reference's type is one the field takes
    Rule("file_size", ("max_bytes",), ("file_too_large",)),  # at most max_bytes (10 MiB)
    Rule("check_digit", (), ("thai_id_check",)),  # a Thai national ID's 13th digit (mod 11)
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
    #                           | rows | location | attachment; None for calculate and note
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
    #                         | datetime | location | attachment
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
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
# A select's choices are inline (`choices`) or an outside list's (`choices_from`), exactly one
# of them (forms/definition.py); `choice_filter` narrows either (forms/links.py).
_SELECT_KEYS = frozenset({"choices", "choices_from", "choice_filter"})
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
    FieldType("select_one", "answer", keys=_SELECT_KEYS,
              shape="choice", type_code="choice", example="yes", wrong_type=1, searched=True,
              export=(("", "value"), (" (label)", "label")), display="choices"),
    FieldType("select_multiple", "answer", keys=_SELECT_KEYS, inside="item",
              shape="list", type_code="choice_list", rules=("in_choices", "distinct", "items"),
              example=["yes"], wrong_type="yes", searched=True,
              export=(("", "multi"), (" (label)", "multi_label")), display="choices"),
    FieldType("group", "container", keys=frozenset({"fields", "required"}),
              needs=(("fields", "a {kind} needs its sub-fields."),), inside="fields",
              shape="object", type_code="group", example={}, wrong_type=["ฉะเชิงเทรา"]),
    FieldType("repeat", "container", keys=frozenset({"fields", "required", "count", "roster",
                                                     "rows_from"}),
              needs=(("fields", "a {kind} needs its sub-fields."),), inside="rows",
              shape="rows", type_code="rows", rules=("items",), example=[],
              wrong_type={"full_name": "นายสมชาย ใจดี"}),
    FieldType("thai_id", "answer", shape="string", pattern=r"\d{13}", type_code="thai_id",
              rules=("check_digit",), example="1101700203450", wrong_type=1101700203450,
              bad_format=("id_with_dashes", "1-1017-00203-45-0"), searched=True, language=2),
    FieldType("ref", "answer", keys=frozenset({"form"}),
              needs=(("form", "a {kind} field needs the form it points to."),),
              shape="string", pattern=_UUID, type_code="ref",
              example="6f1c7f0e-2b1a-4c3d-9e8f-0a1b2c3d4e5f", wrong_type=12345,
              bad_format=("bad_uuid", "6F1C7F0E-2B1A-4C3D-9E8F-0A1B2C3D4E5F"), language=2),
    FieldType("calculate", "computed", keys=frozenset({"expr"}),
              needs=(("expr", "a {kind} field needs an expr."),)),
    FieldType("note", "display", inside=None, export=()),
    # Attachment references (forms/media.py): the bytes travel apart, named by their sha256.
    # Export: the file's name in the form's media download, then the name the phone gave.
    *(FieldType(kind, "answer", keys=keys, needs=needs, shape="attachment",
                type_code="attachment", rules=("file_type", "file_size"), example=example,
                wrong_type=example["name"],
                bad_format=("bad_attachment", {**example, "sha256": example["sha256"].upper()}),
                export=(("", "file"), (" (name)", "file_name")), display="attachment",
                language=2)
      for kind, keys, needs, example in (
          ("image", frozenset({"max_pixels"}), (), {
              "sha256": "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b",
              "name": "ภาพเวที.jpg", "type": "image/jpeg", "size": 183211}),
          ("signature", frozenset(), (), {
              "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
              "name": "ลายมือชื่อ.png", "type": "image/png", "size": 5120}),
          ("file", frozenset({"accept"}), (("accept", "a {kind} field needs accept: the MIME "
                                                      "types it takes."),), {
              "sha256": "7d865e959b2466918c9863afca942d0fb89d7c9ac0c99bafc3749504ded97730",
              "name": "รายงาน.pdf", "type": "application/pdf", "size": 250000}),
      )),
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


def from_list(item: FieldDef) -> bool:
    """Whether a select's choices come from an outside list: then its answer here is only
    checked to be a value, and forms/links.py checks it against the list."""
    return bool(item.get("choices_from"))


_LIST_VALUE = re.compile(r"[A-Za-z0-9_\-.]{1,64}", re.ASCII)


def thai_id_ok(digits: str) -> bool:
    """The 13th digit of a Thai national ID is (11 - sum(d_i * (13 - i)) mod 11) mod 10."""
    total = sum(int(d) * (13 - i) for i, d in enumerate(digits[:12]))
    return (11 - total % 11) % 10 == int(digits[12])


# An answer check is compiled into ONE function per field: the shape's test and each rule's
# test are Python expressions of the answer `v`, joined as `(rule or rule) if shape else
# problem`, so that checking the 180 answers of a 30-row sheet costs 180 calls, not 600. The
# expressions are fixed text; everything taken from the definition (bounds, choices,
# patterns, problems) reaches them as named values, never as text.

_Expression = tuple[str, dict[str, Any]]  # (Python expression of `v`, the names it uses)


def _shape_expression(entry: FieldType, item: FieldDef) -> _Expression:
    """True when `v` has the type's shape (and pattern and real date, where it has them)."""
    shape = entry.shape
    if shape == "string":
        if entry.regex is None:
            return "isinstance(v, str)", {}
        test = "isinstance(v, str) and regex.fullmatch(v) is not None"
        if entry.real_date:
            return test + " and is_real_day(v)", {"regex": entry.regex, "is_real_day": is_real_day}
        return test, {"regex": entry.regex}
    if shape == "integer":
        return ("(isinstance(v, int) and not isinstance(v, bool)"
                " or isinstance(v, float) and v.is_integer())"), {}
    if shape == "number":
        return ("(isinstance(v, int) and not isinstance(v, bool)"
                " or isinstance(v, float) and isfinite(v))"), {"isfinite": math.isfinite}
    if shape == "boolean":
        return "(v is True or v is False)", {}
    if shape == "choice":
        if from_list(item):
            return "isinstance(v, str) and value.fullmatch(v) is not None", {"value": _LIST_VALUE}
        return "isinstance(v, str) and v in allowed", {"allowed": frozenset(_choice_values(item))}
    if shape == "list":
        return "isinstance(v, list)", {}
    if shape == "location":
        return "accepts(v)", {"accepts": _location(entry.parts)}
    if shape == "attachment":
        return "is_reference(v)", {"is_reference": media.is_reference}
    raise ValueError(f"{entry.name} has no answer of its own to check")


def _type_problem(entry: FieldType, item: FieldDef) -> Problem:
    if entry.shape == "choice" and from_list(item):
        return Problem("list_choice_unknown", (("list", item.get("choices_from")), ("value", "?")))
    if entry.shape == "choice":
        return Problem(entry.type_code, (("choices", ", ".join(_choice_values(item))),))
    return Problem(entry.type_code)


_MEASURES = {  # what a bound rule compares, as an expression of the answer `v`
    "value": "v",
    "length": "len(v)",  # code points, as JavaScript's [...s].length: Thai marks count
    "count": "len(v)",
}


def _bound_expression(rule: Rule, item: FieldDef) -> _Expression | None:
    """Inclusive bounds on the rule's measure of `v`, or None when the field sets neither."""
    low_key, high_key = rule.keys
    low, high = item.get(low_key), item.get(high_key)
    if low is None and high is None:
        return None
    measure, (between, at_least, at_most) = _MEASURES[rule.measure], rule.codes
    if low is not None and high is not None:
        return (f"None if low <= {measure} <= high else problem",
                {"low": low, "high": high, "problem": Problem(between, (("min", low), ("max", high)))})
    if low is not None:
        return (f"None if {measure} >= low else problem",
                {"low": low, "problem": Problem(at_least, (("min", low),))})
    return f"None if {measure} <= high else problem", {"high": high, "problem": Problem(at_most, (("max", high),))}


def _megabytes(size: int) -> str:
    """Bytes as MB to one decimal, rounded half up in whole numbers (as model.js does)."""
    tenths = (size * 10 + 524288) // 1048576
    return str(tenths // 10) if tenths % 10 == 0 else f"{tenths // 10}.{tenths % 10}"


def _rule_expression(rule: Rule, item: FieldDef) -> _Expression | None:
    """The rule's problem with `v`, or None; None instead of an expression when the field
    does not use the rule."""
    if rule.measure is not None:
        return _bound_expression(rule, item)
    if rule.name == "pattern":
        if not item.get("pattern"):
            return None
        return ("None if pattern.fullmatch(v) else problem",
                {"pattern": re.compile(item.get("pattern")), "problem": Problem("pattern")})
    if rule.name == "in_choices" and from_list(item):
        return ("None if all(isinstance(x, str) and value.fullmatch(x) for x in v) else problem",
                {"value": _LIST_VALUE, "problem": Problem("list_choice_unknown", (
                    ("list", item.get("choices_from")), ("value", "?")))})
    if rule.name == "check_digit":
        return "None if thai_id_ok(v) else problem", {"thai_id_ok": thai_id_ok,
                                                        "problem": Problem("thai_id_check")}
    if rule.name == "in_choices":
        values = _choice_values(item)
        return ("None if all(isinstance(x, str) and x in allowed for x in v) else problem",
                {"allowed": frozenset(values),
                 "problem": Problem("choices", (("choices", ", ".join(values)),))})
    if rule.name == "distinct":
        return "None if len(set(v)) == len(v) else problem", {"problem": Problem("repeated_choice")}
    if rule.name == "file_type":
        types = media.accepted_types(item)
        return ("None if v['type'] in types else problem",
                {"types": frozenset(types),
                 "problem": Problem("file_type", (("types", ", ".join(types)),))})
    if rule.name == "file_size":
        limit = media.max_bytes(item)
        return ("None if v['size'] <= limit else problem",
                {"limit": limit,
                 "problem": Problem("file_too_large", (("max", limit), ("mb", _megabytes(limit))))})
    raise ValueError(f"unknown rule {rule.name}")


def renamed(expression: _Expression, suffix: str) -> _Expression:
    """`expression` with each of its names given `suffix`, so that expressions can be joined
    into one without their names colliding."""
    text, values = expression
    for name in values:
        text = re.sub(rf"\b{name}\b", f"{name}{suffix}", text)
    return text, {f"{name}{suffix}": value for name, value in values.items()}


def _first_problem(parts: list[_Expression], test: _Expression | None = None,
                   problem: Problem | None = None) -> _Expression:
    """The first problem of `parts` (in order), only when `test` holds (else `problem`)."""
    names: dict[str, Any] = {}
    texts = []
    for n, part in enumerate(parts):
        text, values = renamed(part, f"_{n}")
        texts.append(f"({text})")
        names |= values
    found = " or ".join(texts) or "None"
    if test is not None:
        text, values = renamed(test, f"_{len(parts)}")
        names |= values | {"type_problem": problem}
        found = f"({found}) if {text} else type_problem"
    return found, names


def compiled(expression: _Expression) -> Check:
    """An expression of `v` as a function of it."""
    text, names = expression
    return eval(f"lambda v: {text}", dict(names))  # noqa: S307  (fixed text, see above)


def bound_check(rule: Rule, item: FieldDef) -> Check | None:
    """Inclusive bounds on `measure(value)`, or None when the field sets neither bound."""
    expression = _bound_expression(rule, item)
    return None if expression is None else compiled(_first_problem([expression]))


def answer_expression(item: FieldDef) -> _Expression:
    """The shape check plus static rules of one answerable field as one expression of the
    answer `v` (its problem, or None), with the names it uses: for callers that join the
    checks of several fields into one function (forms.compile, per repeat row)."""
    entry = FIELD_TYPES[item.get("type")]
    rules = [found for found in (_rule_expression(RULES[n], item) for n in entry.rules) if found]
    return _first_problem(rules, _shape_expression(entry, item), _type_problem(entry, item))


def answer_check(item: FieldDef) -> Check:
    """The shape check plus static rules of one answerable field, as a single function.

    `item` is the field's definition (a dict or a `FieldSpec`); build this once per field.
    """
    return compiled(answer_expression(item))


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
        "media": {  # what the attachment shape and its rules read (forms/media.py)
            "types": media.MEDIA_TYPES,
            "image_types": list(media.IMAGE_TYPES),
            "signature_types": ["image/png"],
            "max_bytes": media.DEFAULT_MAX_BYTES,
            "max_pixels": media.DEFAULT_MAX_PIXELS,
            "name_max": media.NAME_MAX,
        },
    }


def _check_table() -> None:
    """Every code the table names is in the catalog: a typo fails at import, not in the field."""
    for entry in FIELD_TYPES.values():
        for code in entry.codes:
            if code not in messages.CATALOG:
                raise ValueError(f"field type {entry.name!r} names unknown message {code!r}")


_check_table()
