"""The supervisor pages' words and dates, in Thai and English.

The words are entries of the one message catalog (forms/messages); this module picks the
page's language and writes dates the way each language reads them. Thai is the default.
Thai official writing uses the Buddhist Era (B.E. = C.E. + 543) and Thai month names
("25 มิถุนายน 2555", short "25 มิ.ย. 2555"); English gets C.E. ("25 June 2012").
Server times are stored in UTC and shown in Thailand's time (UTC+7, no daylight saving).
"""

from datetime import date, datetime

from forms import messages
from forms.messages import DEFAULT_LANG, LANGS
from sync.clock import THAILAND

__all__ = ["LANGS", "DEFAULT_LANG", "translate", "state_label", "format_date", "format_datetime",
           "format_skew", "pick", "person_label", "MessageKeyError"]

MONTHS = {
    "th": ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
           "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
MONTHS_SHORT = {
    "th": ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.",
           "พ.ย.", "ธ.ค."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


class MessageKeyError(KeyError):
    """A template asked for a string the catalog does not have: a bug, caught by tests."""


def translate(key: str, lang: str, **values) -> str:
    """The catalog entry `key` in `lang`, filled in."""
    if key not in messages.CATALOG:
        raise MessageKeyError(key)
    return messages.text(key, lang, **values)


def state_label(state: str, lang: str) -> str:
    """A review state's name, the same word the phone shows; an unknown state as it is."""
    code = messages.state_code(state)
    return messages.text(code, lang) if code in messages.CATALOG else state


def person_label(username: str | None, full_names: dict[str, str]) -> str:
    """A username with the person's full name first, when one is recorded:
    `สมชาย ใจดี (somchai)`."""
    full = full_names.get(username) if username else None
    return f"{full} ({username})" if full else (username or "")


def pick(label, lang: str) -> str:
    """One language of a definition's label object, falling back to Thai, then any."""
    if not isinstance(label, dict):
        return "" if label is None else str(label)
    return label.get(lang) or label.get("th") or next(iter(label.values()), "")


def _year(year: int, lang: str) -> int:
    return year + 543 if lang == "th" else year


def format_date(value, lang: str, short: bool = False) -> str:
    """`2012-06-25` -> `25 มิถุนายน 2555` (th) or `25 June 2012` (en); short month if asked."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    months = MONTHS_SHORT if short else MONTHS
    return f"{value.day} {months[lang][value.month - 1]} {_year(value.year, lang)}"


UNITS = {"th": ("วัน", "ชม.", "นาที", "วินาที"), "en": ("d", "h", "min", "s")}


def format_skew(seconds: float, lang: str) -> str:
    """A phone's clock error, signed, in the two largest units: `-4 วัน 7 ชม.`, `+12 s`."""
    left = int(round(abs(seconds)))
    sign = "-" if seconds < 0 and left else "+"  # what rounds to nothing has no sign
    parts = []
    for size, unit in zip((86400, 3600, 60, 1), UNITS[lang if lang in UNITS else "th"],
                          strict=True):
        if left >= size or (size == 1 and not parts):
            parts.append(f"{left // size} {unit}")
            left %= size
    return sign + " ".join(parts[:2])


def format_datetime(value, lang: str, short: bool = True) -> str:
    """A stored UTC (or device, with offset) time in Thailand's time: `25 มิ.ย. 2555 14:05`."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if value.tzinfo is not None:
        value = value.astimezone(THAILAND)
    return f"{format_date(value.date(), lang, short)} {value:%H:%M}"
