"""The overview page: per-form activity and the programme's own figures, drawn as SVG.

The charts are plain SVG written by the templates from geometry computed here (no chart
library, no JavaScript), so they print, scale to a phone, and read without a plug-in.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from flask import g, render_template, request

from server.web import bp, i18n, present
from server.web.views import filters_from, form_titles
from sync import overview
from sync.clock import now_iso
from sync.errors import NotFound

CHART_WIDTH = 640
DAYS = 30
TRAINING_TARGET = 30


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


def _scale_max(values, floor: float = 1) -> float:
    """A round top for the value axis, at least `floor`."""
    top = max([floor, *values])
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000):
        if top <= step * 5:
            return -(-top // step) * step
    return top


def day_chart(days: list[tuple[str, int]], height: int = 160) -> dict:
    """Vertical bars, one per day, and a 7-day average as a line over them."""
    top = _scale_max([n for _, n in days])
    inner = height - 24
    width = CHART_WIDTH / max(len(days), 1)
    bars, points = [], []
    for i, (day, n) in enumerate(days):
        h = inner * n / top
        bars.append(Bar(i * width + 1, inner - h + 4, max(width - 2, 1), h, n,
                        i18n.format_date(day, g.lang, short=True)))
        window = [v for _, v in days[max(0, i - 6):i + 1]]
        avg = sum(window) / len(window)
        points.append(f"{i * width + width / 2:.1f},{inner - inner * avg / top + 4:.1f}")
    ticks = [bars[0], bars[len(bars) // 2], bars[-1]] if bars else []
    return {"bars": bars, "line": " ".join(points), "top": top, "height": height,
            "width": CHART_WIDTH, "base": inner + 4, "ticks": ticks,
            "total": sum(n for _, n in days)}


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
                label, title, alt)
            for i, (label, value, alt, title) in enumerate(items)]
    return {"bars": bars, "height": max(len(items), 1) * row + 8, "width": CHART_WIDTH,
            "label_width": label_width, "top": top}


def session_chart(sessions, target: int = TRAINING_TARGET, height: int = 190) -> dict:
    """Participants present per session, with the programme's target as a dashed line."""
    top = _scale_max([s.present for s in sessions] + [target, *[s.target for s in sessions]])
    inner = height - 28
    width = CHART_WIDTH / max(len(sessions), 1)
    bars = []
    for i, s in enumerate(sessions):
        h = inner * s.present / top
        bars.append(Bar(i * width + width * .15, inner - h + 4, width * .7, h, s.present,
                        i18n.format_date(s.record_date, g.lang, short=True),
                        i18n.translate("present_of_target", g.lang, present=s.present,
                                       target=s.target), alt=s.present < s.target))
    return {"bars": bars, "height": height, "width": CHART_WIDTH, "base": inner + 4,
            "target_y": inner - inner * target / top + 4, "target": target}


def _role_labels() -> dict[str, str]:
    try:
        definition = present.definition_for("forum_minutes", _latest_version("forum_minutes"))
    except NotFound:
        return {}
    attendees = next((f for f in definition.fields if f.name == "attendees"), None)
    return {c.name: i18n.pick(c.get("label"), g.lang) for c in (attendees.children if attendees
                                                                 else ())}


def _latest_version(form_id: str) -> str:
    forms = form_titles()
    if form_id not in forms:
        raise NotFound()
    return forms[form_id]["version"]


@bp.route("/overview", endpoint="overview")
def overview_page():
    filters = filters_from(request.args)
    forms = form_titles()
    states = overview.per_state(filters)
    per_form = overview.per_day(filters, DAYS)
    sessions = overview.training_sessions(filters)
    proposals, proposals_seen = overview.proposals_ranked(filters)
    roles, forums_seen = overview.forum_roles(filters)
    role_labels = _role_labels()
    return render_template(
        "web/overview.html", filters=filters, forms=forms,
        days=day_chart(_summed(per_form, DAYS)),
        lines={form_id: sparkline(series) for form_id, series in per_form.items()},
        states=states,
        sessions=session_chart(sessions) if sessions else None,
        proposals=horizontal_bars(
            [(p.title, p.total, not p.eligible,
              f"{p.group} · {i18n.translate('eligible' if p.eligible else 'not_eligible', g.lang)}")
             for p in proposals], top=30) if proposals else None,
        proposals_seen=proposals_seen,
        roles=horizontal_bars([(role_labels.get(r, r), n, False, "") for r, n in roles.items()])
        if forums_seen else None,
        forums_seen=forums_seen, sample=overview.SAMPLE,
    )
