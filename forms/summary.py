"""A form's `summary`: what the supervisors' pages show of a record without opening it.

A definition may declare which field is the record's title, which fields are its place and
its date, which answers the listing shows as columns, and which numbers the overview charts
(docs/forms.md, "The summary"). The engine and the pages read these declarations and know no
form by name, so a form an admin publishes is listed and charted like the bundled ones.

`check_summary` lists every problem with its path (`summary.columns[1].field: ...`) and its
catalog entry, as the rest of the definition check does; `parse_summary` turns a checked declaration into the
frozen objects below; `answer_at` and `answers_at` read a declared path out of an answers
object.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from forms.fieldtypes import FIELD_TYPES
from forms.messages import Message
from forms.schema_parts import DefinitionProblem, Label, StrictSchema, one_of, problem_lines, worded

__all__ = [
    "PLACE_PARTS",
    "CHART_KINDS",
    "Summary",
    "Column",
    "PerRecordChart",
    "RankedChart",
    "TotalsChart",
    "TallyChart",
    "check_summary",
    "parse_summary",
    "answer_at",
    "answers_at",
]

PLACE_PARTS = ("province", "district", "subdistrict", "village")


def _types(test) -> frozenset[str]:
    """The names of the field types (forms.fieldtypes) for which `test(entry)` holds."""
    return frozenset(name for name, entry in FIELD_TYPES.items() if test(entry))


# What a declared path may name. A calculation's value has no declared type: it may be any.
NUMBER_TYPES = _types(lambda t: t.shape in ("integer", "number") or t.role == "computed")
_ONE_VALUE = _types(lambda t: t.role == "computed" or (
    t.role == "answer" and t.shape in ("string", "integer", "number", "boolean", "choice",
                                       "list")))
_PLACE_TYPES = {"province": {"text", "select_one"}, "district": {"text", "select_one"},
                "subdistrict": {"text", "select_one"},
                "village": {"text", "select_one", "integer"}}


# --- the parsed declarations -----------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One listing column: `field`'s answer, with `detail` in brackets after it or `of` after
    a slash; or, with `count`, how many rows (or choices) an answer holds."""

    label: dict[str, str]
    field: str | None = None
    detail: str | None = None
    of: str | None = None
    count: str | None = None


@dataclass(frozen=True)
class PerRecordChart:
    """One bar per record (the latest `limit`, oldest first) of `value`, against the record's
    own `target` or else `target_line`, which is also drawn across the chart."""

    title: dict[str, str]
    value: str
    target: str | None = None
    target_line: float | None = None
    limit: int = 20
    kind: str = "per_record"


@dataclass(frozen=True)
class RankedChart:
    """Records ranked by `value`, labelled by `label` (default: the summary's title) with
    `detail` beside it; records whose boolean `mark` is false are drawn in the second colour,
    with `mark_labels` (true, false) as the legend. `max` fixes the axis' top."""

    title: dict[str, str]
    value: str
    label: str
    detail: str | None = None
    mark: str | None = None
    mark_labels: tuple[dict[str, str], dict[str, str]] | None = None
    max: float | None = None
    limit: int = 15
    kind: str = "ranked"


@dataclass(frozen=True)
class TotalsChart:
    """Numbers summed over records, one bar per field (`fields` are answer paths)."""

    title: dict[str, str]
    fields: tuple[str, ...]
    kind: str = "totals"


@dataclass(frozen=True)
class TallyChart:
    """How often each choice of `field` was picked, over records and over repeat rows."""

    title: dict[str, str]
    field: str
    kind: str = "tally"


CHART_KINDS = {"per_record": PerRecordChart, "ranked": RankedChart, "totals": TotalsChart,
               "tally": TallyChart}


@dataclass(frozen=True)
class Summary:
    title: str | None = None
    place: tuple[tuple[str, str], ...] = ()  # (part, answer path), parts in PLACE_PARTS order
    date: str | None = None
    columns: tuple[Column, ...] = ()
    charts: tuple[PerRecordChart | RankedChart | TotalsChart | TallyChart, ...] = ()

    def place_and_date(self, answers: dict) -> dict[str, Any]:
        """A record's declared place parts and date, by part name and "date" (once per
        pushed item, so the paths are split once per summary)."""
        found = {}
        for part, steps in self._located:
            value = answers
            for step in steps:
                value = value.get(step) if isinstance(value, dict) else None
            found[part] = value
        return found

    @cached_property
    def _located(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        dated = (("date", self.date),) if self.date else ()
        return tuple((part, tuple(path.split("."))) for part, path in (*self.place, *dated))


# --- the shape, checked by marshmallow ---------------------------------------------------------


_AnswerPath = lambda **kw: fields.String(  # noqa: E731
    validate=validate.Length(min=1, max=400, error="def_answer_path"), **kw)


@worded
class _PlaceSchema(StrictSchema):
    province = _AnswerPath()
    district = _AnswerPath()
    subdistrict = _AnswerPath()
    village = _AnswerPath()


@worded
class _ColumnSchema(StrictSchema):
    label = Label(required=True)
    field = _AnswerPath()
    detail = _AnswerPath()
    of = _AnswerPath()
    count = _AnswerPath()

    @validates_schema
    def one_value(self, data, **kwargs):
        if ("field" in data) == ("count" in data):
            raise ValidationError(Message("def_column_one_value"))
        if "count" in data and ({"detail", "of"} & set(data)):
            raise ValidationError(Message("def_column_count_alone"))
        if {"detail", "of"} <= set(data):
            raise ValidationError(Message("def_column_detail_or_of"))


@worded
class _MarkSchema(StrictSchema):
    field = _AnswerPath(required=True)
    true = Label(required=True)
    false = Label(required=True)


class _Number(fields.Field):
    """A positive JSON number: not a string of digits, not true or false."""

    def _deserialize(self, value, attr, data, **kwargs):
        if (isinstance(value, bool) or not isinstance(value, (int, float))
                or not 0 < value < float("inf")):
            raise ValidationError(Message("def_positive_number"))
        return value


_Limit = lambda: fields.Integer(  # noqa: E731
    strict=True, validate=validate.Range(min=1, max=100, error="def_chart_limit"))

_CHART_KEYS = {
    "per_record": {"value", "target", "target_line", "limit"},
    "ranked": {"value", "label", "detail", "mark", "max", "limit"},
    "totals": {"fields"},
    "tally": {"field"},
}
_CHART_NEEDS = {"per_record": {"value"}, "ranked": {"value"}, "totals": {"fields"},
                "tally": {"field"}}


class _PathOrPaths(fields.Field):
    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and value:
            return value
        if (isinstance(value, list) and value
                and all(isinstance(v, str) and v for v in value)):
            return value
        raise ValidationError(Message("def_chart_fields"))


@worded
class _ChartSchema(StrictSchema):
    kind = fields.String(required=True, validate=one_of(CHART_KINDS, "def_chart_kind", "kinds"))
    title = Label(required=True)
    value = _AnswerPath()
    target = _AnswerPath()
    target_line = _Number()
    limit = _Limit()
    label = _AnswerPath()
    detail = _AnswerPath()
    mark = fields.Nested(_MarkSchema)
    max = _Number()
    fields_ = _PathOrPaths(data_key="fields")
    field = _AnswerPath()

    @validates_schema(skip_on_field_errors=False)
    def keys_fit_the_kind(self, data, **kwargs):
        kind = data.get("kind")
        if kind not in CHART_KINDS:
            return
        present = {"fields" if key == "fields_" else key for key in data} - {"kind", "title"}
        problems = {key: [Message("def_chart_key_unused", kind=kind, key=key)]
                    for key in sorted(present - _CHART_KEYS[kind])}
        problems |= {key: [Message("def_chart_key_needed", kind=kind, key=key)]
                     for key in sorted(_CHART_NEEDS[kind] - present)}
        if problems:
            raise ValidationError(problems)


@worded
class _SummarySchema(StrictSchema):
    title = _AnswerPath()
    place = fields.Nested(_PlaceSchema)
    date = _AnswerPath()
    columns = fields.List(fields.Nested(_ColumnSchema))
    charts = fields.List(fields.Nested(_ChartSchema))


# --- the paths, checked against the form's fields ----------------------------------------------


def _find(items: list, path: str) -> tuple[dict | None, bool]:
    """The raw field a dotted path names, and whether it lies inside a repeat."""
    item, in_repeat = None, False
    for part in path.split("."):
        if item is not None:
            if item.get("type") not in ("group", "repeat"):
                return None, False
            in_repeat = in_repeat or item.get("type") == "repeat"
            items = item.get("fields") if isinstance(item.get("fields"), list) else []
        item = next((i for i in items if isinstance(i, dict) and i.get("name") == part), None)
        if item is None:
            return None, False
    return item, in_repeat


class _PathCheck:
    def __init__(self, items: list):
        self.items = items
        self.problems: list[DefinitionProblem] = []

    def problem(self, where: str, code: str, **params) -> None:
        self.problems.append(DefinitionProblem(where, code, **params))

    def path(self, where: str, path, types: set[str], wanted: Message, in_repeat: bool = False):
        """`path` must name a field of one of `types`, outside repeats unless allowed;
        `wanted` says what it should name."""
        if not isinstance(path, str):
            return None
        item, inside = _find(self.items, path)
        if item is None:
            self.problem(where, "def_unknown_field_ref", var=path)
        elif item.get("type") not in types:
            self.problem(where, "def_wrong_kind_of_field", path=path, kind=item.get("type"),
                     wanted=wanted)
        elif inside and not in_repeat:
            self.problem(where, "def_in_repeat", path=path)
        else:
            return item
        return None


def check_summary(raw: dict) -> list[DefinitionProblem]:
    """Every problem of a definition's `summary` (none when it has none), each with its path."""
    if "summary" not in raw:
        return []
    try:
        _SummarySchema().load(raw["summary"])
    except ValidationError as err:
        return problem_lines(err.messages, "summary")
    items = raw.get("fields") if isinstance(raw.get("fields"), list) else []
    check, summary = _PathCheck(items), raw["summary"]
    one = Message("def_want_one_answer")
    check.path("summary.title", summary.get("title"), _ONE_VALUE - {"select_multiple"}, one)
    for part, path in (summary.get("place") or {}).items():
        check.path(f"summary.place.{part}", path, _PLACE_TYPES[part],
                   Message("def_want_place", part=part, kinds=", ".join(sorted(_PLACE_TYPES[part]))))
    check.path("summary.date", summary.get("date"), {"date"}, Message("def_want_date"))
    for i, column in enumerate(summary.get("columns") or ()):
        where = f"summary.columns[{i}]"
        for key in ("field", "detail", "of"):
            check.path(f"{where}.{key}", column.get(key), _ONE_VALUE, one)
        check.path(f"{where}.count", column.get("count"), {"repeat", "select_multiple"},
                   Message("def_want_count"))
    for i, chart in enumerate(summary.get("charts") or ()):
        _check_chart(check, chart, f"summary.charts[{i}]", "title" in summary)
    return check.problems


def _check_chart(check: _PathCheck, chart: dict, where: str, has_title: bool) -> None:
    number = Message("def_want_number")
    check.path(f"{where}.value", chart.get("value"), NUMBER_TYPES, number)
    check.path(f"{where}.target", chart.get("target"), NUMBER_TYPES, number)
    for key in ("label", "detail"):
        check.path(f"{where}.{key}", chart.get(key), _ONE_VALUE, Message("def_want_one_answer"))
    if chart.get("kind") == "ranked" and "label" not in chart and not has_title:
        check.problem(f"{where}.label", "def_ranked_needs_label")
    mark = chart.get("mark") or {}
    check.path(f"{where}.mark.field", mark.get("field"), {"boolean", "calculate"},
               Message("def_want_mark"))
    check.path(f"{where}.field", chart.get("field"), {"select_one", "select_multiple"},
               Message("def_want_tally"), in_repeat=True)
    paths = chart.get("fields")
    if isinstance(paths, str):
        group = check.path(f"{where}.fields", paths, {"group"},
                           Message("def_want_group_or_numbers"))
        if group is not None and not _numbers_of(group):
            check.problem(f"{where}.fields", "def_group_no_numbers", group=paths)
    elif isinstance(paths, list):
        for j, path in enumerate(paths):
            check.path(f"{where}.fields[{j}]", path, NUMBER_TYPES, number)


def _numbers_of(group: dict) -> list[str]:
    return [i["name"] for i in group.get("fields", ())
            if isinstance(i, dict) and i.get("type") in NUMBER_TYPES]


# --- parsing a checked summary -----------------------------------------------------------------


def parse_summary(raw: dict) -> Summary | None:
    """The declarations of a definition already checked by `check_summary`; None without."""
    summary = raw.get("summary")
    if summary is None:
        return None
    place = summary.get("place") or {}
    return Summary(
        title=summary.get("title"),
        place=tuple((part, place[part]) for part in PLACE_PARTS if part in place),
        date=summary.get("date"),
        columns=tuple(Column(**column) for column in summary.get("columns") or ()),
        charts=tuple(_chart(chart, raw, summary.get("title"))
                     for chart in summary.get("charts") or ()),
    )


def _chart(chart: dict, raw: dict, title: str | None):
    kind = chart["kind"]
    args = {key: value for key, value in chart.items() if key not in ("kind", "mark", "fields")}
    if kind == "ranked":
        args.setdefault("label", title)
        if "mark" in chart:
            args["mark"] = chart["mark"]["field"]
            args["mark_labels"] = (chart["mark"]["true"], chart["mark"]["false"])
    if kind == "totals":
        paths = chart["fields"]
        if isinstance(paths, str):
            group, _ = _find(raw["fields"], paths)
            paths = [f"{paths}.{name}" for name in _numbers_of(group)]
        args["fields"] = tuple(paths)
    return CHART_KINDS[kind](**args)


# --- reading answers by path -------------------------------------------------------------------


def answer_at(answers: Any, path: str) -> Any:
    """The answer at a dotted path outside repeats, or None."""
    value = answers
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def answers_at(answers: Any, path: str) -> list:
    """Every answer at a dotted path, one per repeat row on the way (a path outside repeats
    gives at most one); missing answers are left out."""
    found = [answers]
    for part in path.split("."):
        step = []
        for value in found:
            rows = value if isinstance(value, list) else [value]
            step += [row[part] for row in rows
                     if isinstance(row, dict) and row.get(part) is not None]
        found = step
    return found
