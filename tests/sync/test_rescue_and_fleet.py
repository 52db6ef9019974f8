"""Rescue files store each item once, as its author; the fleet keeps what phones report and
puts first the phones whose work has waited longest."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from sync import accounts, audit, fleet, push, rescue
from sync.errors import InvalidRequest
from sync.models import Device, Submission, User
from tests import factories
from tests.conftest import ADMIN, OFFICER, SECOND_OFFICER


def rescue_file(*items, username=OFFICER) -> bytes:
    return json.dumps({
        "tambon_rescue": 1, "server": "http://tambon.test", "username": username,
        "device": "somchai-phone", "saved_at": "2026-11-21T08:00:00+07:00",
        "app_version": "abc", "submissions": [{**i, "state": "outbox"} for i in items],
    }, ensure_ascii=False).encode()


def test_a_rescue_file_stores_each_item_once_as_its_author(people, forms):
    items = [factories.item(seed=n) for n in range(3)]
    raw = rescue_file(*items)
    first = rescue.load_rescue(raw, actor=ADMIN)
    assert first.summary["created"] == 3
    again = rescue.load_rescue(raw, actor=ADMIN)
    assert again.summary == {**again.summary, "created": 0, "duplicate": 3}
    stored = Submission.select().where(Submission.uuid.in_([i["uuid"] for i in items]))
    assert stored.count() == 3
    assert {s.author_id for s in stored} == {User.get(User.username == OFFICER).id}
    loaded = [e for e in audit.entries() if e["action"] == "rescue.loaded"]
    assert [(e["actor"], e["target"], e["details"]["created"]) for e in loaded] == [
        (ADMIN, f"user:{OFFICER}", 0), (ADMIN, f"user:{OFFICER}", 3)]


def test_items_the_phone_also_sent_come_back_duplicate(people, forms):
    sent = factories.item(seed=1)
    push.push_batch(people[OFFICER], factories.batch(sent))
    result = rescue.load_rescue(rescue_file(sent, factories.item(seed=2)), actor=ADMIN)
    assert [r["status"] for r in result.results] == ["duplicate", "created"]
    assert Submission.select().count() == 2


def test_a_rescue_file_larger_than_one_batch_goes_in_several(people, forms):
    items = [factories.item(seed=n) for n in range(5)]
    result = rescue.load_rescue(rescue_file(*items), actor=ADMIN, max_items=2)
    assert result.summary["created"] == 5 and len(result.results) == 5


@pytest.mark.parametrize("raw", [b"not json", b"[]", b'{"tambon_rescue": 2}',
                                 b'{"tambon_rescue": 1, "username": "somchai"}',
                                 "\ud800".encode("utf-8", "surrogatepass")])
def test_a_file_that_is_not_a_rescue_file_is_refused_saying_why(people, raw):
    with pytest.raises(InvalidRequest):
        rescue.load_rescue(raw, actor=ADMIN)


def report(version="0123abcd", unsent="4", clock=None):
    headers = {"Tambon-App-Version": version, "Tambon-Unsent": unsent}
    if clock:
        headers["Tambon-Clock"] = clock
    return fleet.read_report(headers)


def test_a_phone_report_is_kept_on_its_device(people):
    device, _ = accounts.issue_device_token(OFFICER, "somchai-phone")
    ahead = (datetime.now(UTC) + timedelta(minutes=10)).isoformat()
    fleet.record(device, report(clock=ahead))
    row = Device.get(Device.label == "somchai-phone")
    assert (row.app_version, row.unsent) == ("0123abcd", 4)
    assert 590 < row.clock_skew_seconds < 610
    assert row.unsent_since is not None


@pytest.mark.parametrize("headers", [
    {"Tambon-Unsent": "-1"}, {"Tambon-Unsent": "๓"}, {"Tambon-Unsent": "9" * 40},
    {"Tambon-App-Version": "x" * 41}, {"Tambon-App-Version": "a\nb"},
    {"Tambon-Clock": "yesterday"}, {},
])
def test_an_unreadable_report_is_ignored_not_an_error(people, headers):
    device, _ = accounts.issue_device_token(OFFICER, "somchai-phone")
    fleet.record(device, fleet.read_report(headers))
    row = Device.get(Device.label == "somchai-phone")
    assert (row.app_version, row.unsent, row.clock_skew_seconds) == (None, None, None)


def test_phones_with_work_unsent_for_more_than_three_days_come_first(people):
    quiet, _ = accounts.issue_device_token(OFFICER, "quiet-phone")
    waiting, _ = accounts.issue_device_token(SECOND_OFFICER, "waiting-phone")
    recent, _ = accounts.issue_device_token(OFFICER, "recent-phone")
    fleet.record(quiet, report(unsent="0"))
    fleet.record(waiting, report(unsent="12"))
    fleet.record(recent, report(unsent="2"))
    Device.update(unsent_since=(datetime.now(UTC) - timedelta(days=4)).isoformat(
        timespec="microseconds")).where(Device.label == "waiting-phone").execute()
    rows = fleet.fleet()
    assert [r.device.label for r in rows] == ["waiting-phone", "recent-phone", "quiet-phone"]
    assert [r.stale_unsent for r in rows] == [True, False, False]


def test_unsent_since_holds_while_work_waits_and_clears_when_all_is_sent(people):
    device, _ = accounts.issue_device_token(OFFICER, "somchai-phone")
    fleet.record(device, report(unsent="3"))
    since = Device.get_by_id(device.id).unsent_since
    fleet.record(Device.get_by_id(device.id), report(unsent="5"))
    assert Device.get_by_id(device.id).unsent_since == since
    fleet.record(Device.get_by_id(device.id), report(unsent="0"))
    assert Device.get_by_id(device.id).unsent_since is None
