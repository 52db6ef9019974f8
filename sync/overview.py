"""Numbers for the supervisors' overview, narrowed by the same filters as the listing.

Counts by day and by review state are SQL aggregates over the denormalised columns. Figures
that live inside answers are the charts each form's current version declares in its summary
(docs/forms.md): one bar per record against a target, records ranked by a number, numbers
summed, choices tallied. They are read from the latest `SAMPLE` matching records of their
form, newest first, so the page costs the same on a million rows as on a hundred; the page
says how many records a figure covers.
"""

import json
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import peewee as pw

from forms.definition import FormDefinition
from forms.summary import answer_at, answers_at
from sync import catalog, reads, tally
from sync.clock import now_iso
from sync.models import Submission

__all__ = ["per_day", "per_state", "charts", "Figures", "RecordValue", "Ranked", "Counted",
           "SAMPLE"]

SAMPLE = 200


def per_day(filters: reads.Filters, days: int = 30, today: date | None = None
            ) -> dict[str, list[tuple[str, int]]]:
    """form_id -> submissions received on each of the last `days` days (UTC dates, zeros
    included), for the forms that received any."""
    today = today or date.fromisoformat(now_iso()[:10])
    first = today - timedelta(days=days - 1)
    day = pw.fn.SUBSTR(Submission.received_at, 1, 10)
    query = (reads.matching(filters, [Submission.form_id, day.alias("day"),
                                        pw.fn.COUNT(pw.SQL("*"))])
             .where(Submission.received_at >= first.isoformat())
             .group_by(Submission.form_id, day))
    counts: dict[str, dict[str, int]] = {}
    for form_id, on, n in query.tuples():
        counts.setdefault(form_id, {})[on] = n
    calendar = [(first + timedelta(n)).isoformat() for n in range(days)]
    return {form_id: [(on, by_day.get(on, 0)) for on in calendar]
            for form_id, by_day in sorted(counts.items())}


def per_state(filters: reads.Filters) -> dict[str, dict[str, int]]:
    """form_id -> review_state -> number of matching submissions: from the tally when no
    filter but form and state narrows them (the usual view), else counted."""
    if replace(filters, form_id=None, states=()).is_empty():
        out = {}
        for form_id, by_state in tally.counts().items():
            kept = {state: n for state, n in by_state.items()
                    if not filters.states or state in filters.states}
            if kept and (not filters.form_id or form_id == filters.form_id):
                out[form_id] = kept
        return out
    query = (reads.matching(filters, [Submission.form_id, Submission.review_state,
                                        pw.fn.COUNT(pw.SQL("*"))])
             .group_by(Submission.form_id, Submission.review_state))
    out: dict[str, dict[str, int]] = {}
    for form_id, state, n in query.tuples():
        out.setdefault(form_id, {})[state] = n
    return out


def _latest(filters: reads.Filters, form_id: str, limit: int = SAMPLE) -> list:
    narrowed = replace(filters, form_id=form_id, sort="received")
    columns = (Submission.uuid, Submission.answers, Submission.record_date)
    return reads.page(narrowed, limit=limit, columns=columns).rows


@dataclass
class RecordValue:
    """One record's bar in a per-record chart."""

    uuid: str
    record_date: str | None
    value: float
    target: float | None


@dataclass
class Ranked:
    uuid: str
    label: str
    detail: str
    value: float
    marked: bool | None  # the chart's boolean mark, None when it has none


@dataclass
class Counted:
    """One bar of a totals or tally chart: a field's sum, or a choice's count."""

    key: str
    label: dict[str, str]
    value: float


@dataclass
class Figures:
    """One declared chart of one form with what it shows; `seen` records were read."""

    form_id: str
    chart: object  # a chart of forms.summary
    seen: int
    items: list = field(default_factory=list)


def charts(filters: reads.Filters) -> list[Figures]:
    """Every chart the current versions of the matching forms declare, with its figures;
    charts of forms with no matching records are left out."""
    out = []
    for form in catalog.list_forms():
        form_id = form["form_id"]
        if filters.form_id and filters.form_id != form_id:
            continue
        definition = catalog.current_definition(form_id)
        declared = definition.summary.charts if definition.summary else ()
        if not declared:
            continue
        rows = _latest(filters, form_id)
        if not rows:
            continue
        records = [(row, json.loads(row.answers)) for row in rows]
        for chart in declared:
            out.append(Figures(form_id, chart, len(rows),
                               _FIGURES[chart.kind](chart, records, definition)))
    return out


def _number(value) -> float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _text(value) -> str:
    return "" if value is None else str(value)


def _per_record(chart, records, definition: FormDefinition) -> list[RecordValue]:
    """The latest `chart.limit` records, oldest first, so the chart reads left to right."""
    out = []
    for row, answers in records[:chart.limit]:
        target = _number(answer_at(answers, chart.target)) if chart.target else None
        out.append(RecordValue(row.uuid, row.record_date,
                               _number(answer_at(answers, chart.value)) or 0,
                               target or chart.target_line))
    out.reverse()
    return out


def _ranked(chart, records, definition: FormDefinition) -> list[Ranked]:
    """The best `chart.limit` records by value; among equals the marked ones first."""
    ranked = [Ranked(row.uuid, _text(answer_at(answers, chart.label)),
                     _text(answer_at(answers, chart.detail)) if chart.detail else "",
                     _number(answer_at(answers, chart.value)) or 0,
                     bool(answer_at(answers, chart.mark)) if chart.mark else None)
              for row, answers in records]
    ranked.sort(key=lambda r: (-r.value, r.marked is False, r.label))
    return ranked[:chart.limit]


def _totals(chart, records, definition: FormDefinition) -> list[Counted]:
    """Each declared number summed over the records, labelled by its field."""
    out = []
    for path in chart.fields:
        spec = definition.by_path.get(path)
        label = spec.get("label") if spec else None
        total = sum(_number(answer_at(answers, path)) or 0 for _, answers in records)
        out.append(Counted(path, label or {"th": path}, total))
    return out


def _tally(chart, records, definition: FormDefinition) -> list[Counted]:
    """How often each choice was picked, in the definition's order (values it does not list
    come after)."""
    counts: dict[str, int] = {}
    for _, answers in records:
        for value in answers_at(answers, chart.field):
            for choice in value if isinstance(value, list) else [value]:
                counts[_text(choice)] = counts.get(_text(choice), 0) + 1
    spec = definition.by_path.get(chart.field)
    labels = {c["value"]: c["label"] for c in (spec.get("choices", ()) if spec else ())}
    order = [*labels, *(v for v in counts if v not in labels)]
    return [Counted(v, labels.get(v) or {"th": v}, counts.get(v, 0)) for v in order]


_FIGURES = {"per_record": _per_record, "ranked": _ranked, "totals": _totals, "tally": _tally}
