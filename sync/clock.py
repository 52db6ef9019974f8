"""Server time, and reading the device times the protocol carries."""

from datetime import UTC, datetime

__all__ = ["now_iso", "parse_device_time", "to_server_iso"]


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
