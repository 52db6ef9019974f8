"""The fleet: what each phone last told the server about itself, for supervisors and admins.

A phone sends three headers on push and pull (docs/protocol.md, "What phones tell the
server"): `Tambon-App-Version`, `Tambon-Unsent` (items on the phone the server has not
acknowledged: drafts, outbox, sent back) and `Tambon-Clock` (the phone's clock, ISO 8601 with
its offset). The server keeps the latest report on the device's row, and since when the phone
has been reporting unsent work, so the devices page can put first the phones whose work has
waited longest. Headers that are missing or unreadable are ignored, never an error: a report
is a courtesy, the sync itself must go on.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import peewee as pw

from sync.clock import now_iso, parse_device_time
from sync.db import is_busy_error
from sync.models import Device, User

__all__ = ["STALE_UNSENT_DAYS", "DeviceReport", "FleetRow", "fleet", "read_report", "record"]

STALE_UNSENT_DAYS = 3
MAX_VERSION_LENGTH = 40


@dataclass(frozen=True)
class DeviceReport:
    app_version: str | None
    unsent: int | None
    clock_skew_seconds: float | None

    @property
    def empty(self) -> bool:
        return self.app_version is None and self.unsent is None and self.clock_skew_seconds is None


def read_report(headers) -> DeviceReport:
    """The report in a request's headers (a mapping), each part None when absent or unreadable."""
    version = headers.get("Tambon-App-Version")
    if not isinstance(version, str) or not version.strip() or len(version) > MAX_VERSION_LENGTH \
            or not version.isprintable():
        version = None
    unsent = headers.get("Tambon-Unsent")
    unsent = int(unsent) if isinstance(unsent, str) and unsent.isascii() and unsent.isdigit() \
        and len(unsent) <= 8 else None
    clock = parse_device_time(headers.get("Tambon-Clock"))
    skew = (clock - datetime.now(UTC)).total_seconds() if clock else None
    return DeviceReport(version.strip() if version else None, unsent, skew)


def record(device: Device, report: DeviceReport) -> None:
    """Keep `report` on `device` (the token's row). A busy database skips it: the next sync
    reports again."""
    if device is None or report.empty:
        return
    now = now_iso()
    changes = {Device.reported_at: now}
    if report.app_version is not None:
        changes[Device.app_version] = report.app_version
    if report.clock_skew_seconds is not None:
        changes[Device.clock_skew_seconds] = report.clock_skew_seconds
    if report.unsent is not None:
        changes[Device.unsent] = report.unsent
        if report.unsent == 0:
            changes[Device.unsent_since] = None
        elif not device.unsent:
            changes[Device.unsent_since] = now
    try:
        Device.update(changes).where(Device.id == device.id).execute()
    except pw.OperationalError as exc:
        if not is_busy_error(exc):
            raise


@dataclass(frozen=True)
class FleetRow:
    """One phone as the devices page shows it."""

    device: Device
    user: User
    stale_unsent: bool  # unsent work reported for more than STALE_UNSENT_DAYS days
    unsent_days: float | None


def _days_since(moment: str | None, now: datetime) -> float | None:
    if not moment:
        return None
    return (now - datetime.fromisoformat(moment)).total_seconds() / 86400


def fleet(include_revoked: bool = True, now: datetime | None = None) -> list[FleetRow]:
    """Every phone with its officer: those holding unsent work for more than three days
    first (longest first), then other phones with unsent work, then the rest by last
    contact, newest first; revoked tokens last."""
    now = now or datetime.now(UTC)
    query = Device.select(Device, User).join(User)
    if not include_revoked:
        query = query.where(Device.revoked_at.is_null())
    rows = []
    for device in query:
        days = _days_since(device.unsent_since, now) if device.unsent else None
        stale = days is not None and days > STALE_UNSENT_DAYS
        rows.append(FleetRow(device, device.user, stale, days))

    def order(row: FleetRow):
        contact = row.device.last_seen_at or row.device.created_at or ""
        group = 3 if row.device.revoked_at else 0 if row.stale_unsent else (
            1 if row.device.unsent else 2)
        return (group, -(row.unsent_days or 0), _inverted(contact))

    return sorted(rows, key=order)


def _inverted(text: str) -> tuple:
    """Sorts ISO times newest first inside an ascending sort."""
    return tuple(-ord(c) for c in text)

