"""The overview page: per-form activity and the charts each form declares, drawn as SVG.

The charts are plain SVG written by the templates from geometry computed here (no chart
library, no JavaScript), so they print, scale to a phone, and read without a plug-in.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from flask import g, render_template, request

from server.web import i18n
from server.web.blueprint import bp
from server.web.views import filters_from, form_titles
from sync import overview
from sync.clock import now_iso

CHART_WIDTH = 640
DAYS = 30


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: float
    label: str
    title: str = ""
    alt: bool = False
    shown: str = ""  # the value as the chart writes it
    labelled: bool = True  # its label is written under it (not every bar's fits)
    anchor: str = "middle"  # how that label sits: the first and last are kept inside


def _scale_max(values, floor: float = 1) -> float:
    """A round top for the value axis, at least `floor`."""
    top = max([floor, *values])
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000):
        if top <= step * 5:
            return -(-top // step) * step
    return top


TOP_ROOM = 18  # above the tallest bar: its value and the target line's label stay inside
AXIS_ROOM = 20  # below the base line: the day or record labels
LABEL_EVERY_PX = 110  # a bottom label's width, in chart units, at a phone's larger text


def _every(count: int, span: float = CHART_WIDTH) -> int:
    """Label every n-th bar of `count` so the labels never overlap."""
    return max(1, -(-int(count * LABEL_EVERY_PX) // int(span))) if count else 1


def day_chart(days: list[tuple[str, int]], height: int = 180) -> dict:
    """Vertical bars, one per day, and a 7-day average as a line over them; a value axis
    with round steps, and a legend naming the bars and the line."""
    top = _scale_max([n for _, n in days])
    inner = height - TOP_ROOM - AXIS_ROOM
    width = CHART_WIDTH / max(len(days), 1)
    bars, points = [], []
    for i, (day, n) in enumerate(days):
        h = inner * n / top
        bars.append(Bar(i * width + 1, TOP_ROOM + inner - h, max(width - 2, 1), h, n,
                        i18n.format_date(day, g.lang, short=True)))
        window = [v for _, v in days[max(0, i - 6):i + 1]]
        avg = sum(window) / len(window)
        points.append(f"{i * width + width / 2:.1f},{TOP_ROOM + inner - inner * avg / top:.1f}")
    ticks = [bars[0], bars[len(bars) // 2], bars[-1]] if bars else []
    steps = (top / 2, top) if top % 2 == 0 else (top,)  # counts: whole numbers only
    grid = [{"y": TOP_ROOM + inner - inner * v / top, "value": _figure(v)} for v in steps]
    return {"bars": bars, "line": " ".join(points), "top": top, "height": height,
            "width": CHART_WIDTH, "base": TOP_ROOM + inner, "ticks": ticks, "grid": grid,
            "total": sum(n for _, n in days)}


def _day_month(day: str | None) -> str:
    """`25 มิ.ย.`: a bar's label under it (the year is in its hover text)."""
    return i18n.format_date(day, g.lang, short=True).rsplit(" ", 1)[0] if day else ""


def _anchor(centre: float) -> str:
    """A bottom label centred under its bar, unless that would cut it at the chart's edge."""
    half = LABEL_EVERY_PX / 2
    return "start" if centre < half else "end" if centre > CHART_WIDTH - half else "middle"


def _figure(value: float) -> str:
    """A chart's number as people read it: thousands separated, a decimal only if needed."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def sparkline(days: list[tuple[str, int]], width: int = 160, height: int = 28) -> dict:
    """A small line of one form's daily counts, to sit beside its name."""
    top = max([1, *(n for _, n in days)])
    step = width / max(len(days) - 1, 1)
    points = " ".join(f"{i * step:.1f},{height - 2 - (height - 4) * n / top:.1f}"
                      for i, (_, n) in enumerate(days))
    return {"points": points, "width": width, "height": height, "top": top,
            "total": sum(n for _, n in days)}


def _summed(per_form: dict[str, list[tuple[str, int]]], days: int) -> list[tuple[str, int]]:
    if not per_form:
        today = date.fromisoformat(now_iso()[:10])
        return [((today - timedelta(days - 1 - n)).isoformat(), 0) for n in range(days)]
    series = list(per_form.values())
    return [(series[0][i][0], sum(s[i][1] for s in series)) for i in range(len(series[0]))]


def horizontal_bars(items: list[tuple[str, float, bool, str]], top: float | None = None,
                    row: int = 26, label_width: int = 250) -> dict:
    """Labelled horizontal bars: items are (label, value, alt colour, tooltip)."""
    top = top or _scale_max([v for _, v, _, _ in items])
    span = CHART_WIDTH - label_width - 50
    bars = [Bar(label_width, i * row + 4, span * value / top if top else 0, row - 8, value,
                label, title, alt, shown=_figure(value))
            for i, (label, value, alt, title) in enumerate(items)]
    return {"bars": bars, "height": max(len(items), 1) * row + 8, "width": CHART_WIDTH,
            "label_width": label_width, "top": top}


def per_record_chart(figures: overview.Figures, height: int = 210) -> dict:
    """One bar per record against its target; the chart's own target line dashed across,
    labelled; each bar's value above it and its date below (every n-th when crowded), the
    record's name and figures on hover."""
    records, line = figures.items, figures.chart.target_line
    top = _scale_max([r.value for r in records]
                     + [t for t in (line, *(r.target for r in records)) if t is not None])
    inner = height - TOP_ROOM - AXIS_ROOM
    slot = CHART_WIDTH / max(len(records), 1)
    width = min(slot * .7, 56)
    every = _every(len(records))
    bars = []
    for i, r in enumerate(records):
        h = inner * r.value / top
        bars.append(Bar(
            i * slot + (slot - width) / 2, TOP_ROOM + inner - h, width, h, r.value,
            _day_month(r.record_date),
            " · ".join(t for t in (
                i18n.format_date(r.record_date, g.lang, short=True),
                i18n.translate("value_of_target", g.lang, value=_figure(r.value),
                               target=_figure(r.target)) if r.target is not None else "")
                if t),
            alt=r.target is not None and r.value < r.target, shown=_figure(r.value),
            labelled=(len(records) - 1 - i) % every == 0,  # the newest always
            anchor=_anchor(i * slot + slot / 2)))
    return {"bars": bars, "height": height, "width": CHART_WIDTH, "base": TOP_ROOM + inner,
            "target_y": TOP_ROOM + inner - inner * line / top if line is not None else None,
            "target": _figure(line) if line is not None else None,
            "has_targets": any(r.target is not None for r in records)}


def ranked_chart(figures: overview.Figures) -> dict:
    """Records by value, the unmarked ones in the second colour, the mark's words as legend."""
    chart = figures.chart
    words = [i18n.pick(label, g.lang) for label in chart.mark_labels or ()]
    items = [(r.label, r.value, r.marked is False,
              " · ".join(t for t in (r.detail, words[0 if r.marked else 1] if words else "") if t))
             for r in figures.items]
    return {**horizontal_bars(items, top=chart.max), "legend": words}


def counted_chart(figures: overview.Figures) -> dict:
    """A totals or tally chart: one labelled bar per field or choice."""
    return horizontal_bars([(i18n.pick(c.label, g.lang), c.value, False, "")
                            for c in figures.items])


_DRAWN = {"per_record": per_record_chart, "ranked": ranked_chart, "totals": counted_chart,
          "tally": counted_chart}


def drawn(figures: overview.Figures) -> dict:
    """What the template needs to draw one declared chart."""
    return {"kind": figures.chart.kind, "title": i18n.pick(figures.chart.title, g.lang),
            "seen": figures.seen, **_DRAWN[figures.chart.kind](figures)}


@bp.route("/overview", endpoint="overview")
def overview_page():
    filters = filters_from(request.args)
    forms = form_titles()
    states = overview.per_state(filters)
    per_form = overview.per_day(filters, DAYS)
    return render_template(
        "web/overview.html", filters=filters, forms=forms,
        days=day_chart(_summed(per_form, DAYS)),
        lines={form_id: sparkline(series) for form_id, series in per_form.items()},
        states=states,
        charts=[drawn(figures) for figures in overview.charts(filters)],
        sample=overview.SAMPLE,
    )
