"""The one catalog of what Tambon says to people, in Thai and English.

Every message has a stable code. Forms, sync, the supervisor pages and the phone all read
their words from here; the phone receives the catalog as a module the server generates
(server/client_app.py), so no sentence is written twice. Each section lives in its own module
of this package (answers, ...); this module merges them and refuses two entries with one code.
"""

from __future__ import annotations

from forms.messages.answers import ANSWERS
from forms.messages.security import SECURITY
from forms.messages.sent import SENT

__all__ = ["CATALOG", "LANGS", "DEFAULT_LANG", "text", "for_phone"]

LANGS = ("th", "en")
DEFAULT_LANG = "th"


def _merge(*sections: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for section in sections:
        for code, texts in section.items():
            if code in merged:
                raise ValueError(f"message code {code!r} is defined twice")
            if set(texts) != set(LANGS):
                raise ValueError(f"message {code!r} needs exactly {LANGS}, has {sorted(texts)}")
            merged[code] = texts
    return merged


CATALOG: dict[str, dict[str, str]] = _merge(ANSWERS, SENT, SECURITY)


def text(code: str, lang: str = DEFAULT_LANG, **params) -> str:
    """The message `code` in `lang` (Thai when the language is not one we write), filled in."""
    entry = CATALOG[code]
    template = entry.get(lang) or entry[DEFAULT_LANG]
    return template.format(**params) if params else template


def for_phone() -> dict[str, dict[str, str]]:
    """The entries the phone renders itself: today all of them (a few kilobytes)."""
    return CATALOG
