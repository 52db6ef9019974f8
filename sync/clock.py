"""Server time, and reading the device times the protocol carries."""

from datetime import UTC, datetime

from forms.jsonlogic import THAILAND  # the one definition, in the lowest layer that needs it

__all__ = ["THAILAND", "now_iso", "parse_device_time", "thai_day", "thai_local", "to_server_iso"]


def now_iso() -> str:
    """The server's clock in UTC, fixed width so it sorts as text on every backend."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def to_server_iso(moment: datetime) -> str:
    """`moment` (aware) in the server's UTC text format."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_device_time(text) -> datetime | None:
    """An ISO 8601 time with an offset, or None when `text` is not one."""
    if not isinstance(text, str) or len(text) > 64:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def thai_local(moment) -> datetime | None:
    """A stored time (server UTC text, a device time with its offset, or an aware datetime)
    as Thailand's wall-clock time, naive and to the second, as reports show it; None when it
    is not a time with a zone."""
    if isinstance(moment, str):
        moment = parse_device_time(moment)
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        return None
    return moment.astimezone(THAILAND).replace(tzinfo=None, microsecond=0)


def thai_day(text) -> str | None:
    """The date in Thailand (YYYY-MM-DD) at a device time such as an item's `created_at`; the
    day a form's `today` meant when it was filled. None when `text` is not a device time."""
    moment = parse_device_time(text)
    return None if moment is None else moment.astimezone(THAILAND).date().isoformat()
