"""The overview's numbers read straight from sync.overview, without Flask: counts per state
(from the tally, or counted under other filters), per day with the empty days, and the
figures read from answers; on SQLite and PostgreSQL."""

from datetime import date

from sync import overview, reads, review
from sync.clock import now_iso
from sync.push import push_batch
from tests.conftest import OFFICER, SECOND_OFFICER, SUPERVISOR
from tests.factories import batch, item


def test_counts_per_state_agree_with_or_without_a_filter_the_tally_cannot_answer(
        forms, people):
    mine = [item(seed=n) for n in range(3)]
    push_batch(people[OFFICER], batch(*mine))
    push_batch(people[SECOND_OFFICER], batch(item(seed=9), item("km_record", seed=1)))
    review.review_submission(mine[0]["uuid"], people[SUPERVISOR], "approved")
    assert overview.per_state(reads.Filters()) == {
        "training_attendance": {"approved": 1, "received": 3}, "km_record": {"received": 1}}
    assert overview.per_state(reads.Filters(states=("received",),
                                              form_id="training_attendance")) == {
        "training_attendance": {"received": 3}}
    assert overview.per_state(reads.Filters(author=OFFICER)) == {
        "training_attendance": {"approved": 1, "received": 2}}


def test_counts_per_day_cover_every_day_asked_for_zeros_included(forms, people):
    push_batch(people[OFFICER], batch(item(seed=1), item(seed=2)))
    today = date.fromisoformat(now_iso()[:10])
    days = overview.per_day(reads.Filters(), days=3, today=today)
    assert list(days) == ["training_attendance"]
    assert [n for _, n in days["training_attendance"]] == [0, 0, 2]
    assert days["training_attendance"][-1][0] == today.isoformat()


def attending(sent: dict, everyone: bool) -> dict:
    """`sent` with every participant present, or only the first."""
    rows = sent["answers"]["participants"]
    rows[:] = [{**row, "present": everyone or n == 0} for n, row in enumerate(rows)]
    return sent


def test_a_per_record_chart_shows_each_record_against_its_target_oldest_first(forms, people):
    first = attending(item(seed=1, target_count=20), everyone=False)
    second = attending(item(seed=2, target_count=30), everyone=True)
    for sent in (first, second):
        assert push_batch(people[OFFICER], batch(sent)).results[0]["status"] == "created"
    [sessions] = [f for f in overview.charts(reads.Filters()) if f.chart.kind == "per_record"]
    assert sessions.form_id == "training_attendance"
    assert [(s.uuid, s.value, s.target) for s in sessions.items] == [
        (first["uuid"], 1, 20), (second["uuid"], len(second["answers"]["participants"]), 30)]


def test_ranked_totals_and_tally_charts_read_the_declared_answers(forms, people):
    proposals = [item("proposal_scoring", seed=n) for n in range(3)]
    forums = [item("forum_minutes", seed=n) for n in range(2)]
    push_batch(people[OFFICER], batch(*proposals, *forums))
    charts = {f.chart.kind: f for f in overview.charts(reads.Filters())}
    ranked = charts["ranked"]
    assert ranked.seen == 3
    assert [r.value for r in ranked.items] == sorted((r.value for r in ranked.items),
                                                     reverse=True)
    assert {r.label for r in ranked.items} == {p["answers"]["proposal_title"] for p in proposals}
    totals = charts["totals"]
    residents = next(c for c in totals.items if c.key == "attendees.residents")
    assert residents.value == sum(f["answers"]["attendees"].get("residents") or 0 for f in forums)
    assert residents.label["en"] == "Residents"


def test_only_the_chosen_form_s_charts_are_read(forms, people):
    push_batch(people[OFFICER], batch(item(seed=1), item("proposal_scoring", seed=1)))
    chosen = overview.charts(reads.Filters(form_id="proposal_scoring"))
    assert [f.form_id for f in chosen] == ["proposal_scoring"]
