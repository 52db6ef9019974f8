"""Numbers for the supervisors' overview, narrowed by the same filters as the listing.

Counts by day and by review state are SQL aggregates over the denormalised columns. Figures
that live inside answers (attendance, scores, attendees by role) are read from the latest
`SAMPLE` matching records of their form, newest first, so the page costs the same on a
million rows as on a hundred; the page says how many records a figure covers.
"""

import json
from dataclasses import dataclass, replace
from datetime import date, timedelta

import peewee as pw

from sync import listing, tally
from sync.clock import now_iso
from sync.models import Submission

__all__ = ["per_day", "per_state", "training_sessions", "proposals_ranked", "forum_roles",
           "SAMPLE", "FORUM_ROLES"]

SAMPLE = 200
FORUM_ROLES = ("subdistrict_headman", "village_headmen", "sao_members", "residents",
               "group_members", "cd_staff", "others")


def per_day(filters: listing.Filters, days: int = 30, today: date | None = None
            ) -> dict[str, list[tuple[str, int]]]:
    """form_id -> submissions received on each of the last `days` days (UTC dates, zeros
    included), for the forms that received any."""
    today = today or date.fromisoformat(now_iso()[:10])
    first = today - timedelta(days=days - 1)
    day = pw.fn.SUBSTR(Submission.received_at, 1, 10)
    query = (listing.matching(filters, [Submission.form_id, day.alias("day"),
                                        pw.fn.COUNT(pw.SQL("*"))])
             .where(Submission.received_at >= first.isoformat())
             .group_by(Submission.form_id, day))
    counts: dict[str, dict[str, int]] = {}
    for form_id, on, n in query.tuples():
        counts.setdefault(form_id, {})[on] = n
    calendar = [(first + timedelta(n)).isoformat() for n in range(days)]
    return {form_id: [(on, by_day.get(on, 0)) for on in calendar]
            for form_id, by_day in sorted(counts.items())}


def per_state(filters: listing.Filters) -> dict[str, dict[str, int]]:
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
    query = (listing.matching(filters, [Submission.form_id, Submission.review_state,
                                        pw.fn.COUNT(pw.SQL("*"))])
             .group_by(Submission.form_id, Submission.review_state))
    out: dict[str, dict[str, int]] = {}
    for form_id, state, n in query.tuples():
        out.setdefault(form_id, {})[state] = n
    return out


def _latest(filters: listing.Filters, form_id: str, limit: int = SAMPLE):
    if filters.form_id and filters.form_id != form_id:
        return []
    narrowed = replace(filters, form_id=form_id, sort="received")
    columns = (Submission.uuid, Submission.answers, Submission.record_date,
               Submission.village_no, Submission.subdistrict)
    return listing.page(narrowed, limit=limit, columns=columns).rows


@dataclass
class Session:
    uuid: str
    record_date: str | None
    activity: str
    day_no: int | None
    present: int
    target: int
    place: str


def training_sessions(filters: listing.Filters, limit: int = 20) -> list[Session]:
    """The latest training sessions with participants present against their target."""
    out = []
    for row in _latest(filters, "training_attendance", limit):
        a = json.loads(row.answers)
        out.append(Session(row.uuid, row.record_date, a.get("activity", ""), a.get("day_no"),
                           int(a.get("present_count") or 0), int(a.get("target_count") or 30),
                           f"{row.subdistrict or ''} {row.village_no or ''}".strip()))
    out.reverse()  # oldest first, so the chart reads left to right in time
    return out


@dataclass
class Proposal:
    uuid: str
    title: str
    group: str
    total: float
    eligible: bool


def proposals_ranked(filters: listing.Filters, limit: int = 15) -> tuple[list[Proposal], int]:
    """The best-scored proposals among the latest SAMPLE, and how many were looked at."""
    rows = _latest(filters, "proposal_scoring")
    proposals = []
    for row in rows:
        a = json.loads(row.answers)
        proposals.append(Proposal(row.uuid, a.get("proposal_title", ""),
                                  a.get("proposing_group", ""),
                                  float(a.get("total_score") or 0), bool(a.get("eligible"))))
    proposals.sort(key=lambda p: (-p.total, not p.eligible, p.title))
    return proposals[:limit], len(rows)


def forum_roles(filters: listing.Filters) -> tuple[dict[str, int], int]:
    """Forum attendees summed by role over the latest SAMPLE forums, and how many forums."""
    rows = _latest(filters, "forum_minutes")
    totals = dict.fromkeys(FORUM_ROLES, 0)
    for row in rows:
        attendees = json.loads(row.answers).get("attendees") or {}
        for role in FORUM_ROLES:
            totals[role] += int(attendees.get(role) or 0)
    return totals, len(rows)
