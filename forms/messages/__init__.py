"""The one catalog of what Tambon says to people, in Thai and English.

Every message has a stable code. Forms, sync, the supervisor pages and the phone all read
their words from here; the phone receives the catalog as a module the server generates
(server/client_app.py), so no sentence is written twice. Each section lives in its own module
of this package; this module merges them and refuses a code defined twice or an entry
without both languages.

| section | what |
| --- | --- |
| answers | the answer checks (forms/compile.py and the phone's own checks) |
| definitions | what is wrong with a form definition (forms/definition.py, forms/summary.py) |
| authoring | the admin's forms page: uploads, their problems, the preview, versions compared |
| sent | text in a pushed item that no database can keep |
| security | signing in safely: guessing slowed down, sessions ended |
| errors | typed errors, HTTP errors, push rejections |
| states | the review states' names |
| common | words the pages and the phone share |
| web | the supervisor pages |
| phone | the phone's interface |
| language | the form language version a definition needs |
| reports | exports, the printed record, the listing's title and search hits |
| xlsform | the XLSForm import: problems of a workbook and of its XPath expressions |
| entry | the phone's fast entry: compact repeats, copying, next problem, lists, rosters |
| phone_media | the phone's photos, signatures and documents |
| media | photos, signatures, files and their uploads |
| lists | lists, places, rosters, national IDs, links between records |
"""

from __future__ import annotations

from forms.messages.answers import ANSWERS
from forms.messages.authoring import AUTHORING
from forms.messages.common import COMMON
from forms.messages.definitions import DEFINITIONS
from forms.messages.entry import ENTRY
from forms.messages.errors import ERRORS
from forms.messages.inputs import HTTP_PARSER, INPUTS
from forms.messages.language import LANGUAGE
from forms.messages.media import MEDIA
from forms.messages.fleet import FLEET
from forms.messages.lists import LISTS
from forms.messages.phone import PHONE
from forms.messages.reports import REPORTS
from forms.messages.phone_media import PHONE_MEDIA
from forms.messages.security import SECURITY
from forms.messages.sent import SENT
from forms.messages.states import STATES, state_code
from forms.messages.web import WEB
from forms.messages.xlsform import XLSFORM

__all__ = ["CATALOG", "LANGS", "DEFAULT_LANG", "Message", "text", "in_lang", "for_phone",
           "merge", "by_path", "state_code", "ANSWERS"]

LANGS = ("th", "en")
DEFAULT_LANG = "th"


def merge(*sections: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """One table of the sections; a code defined twice or a language missing is a bug."""
    merged: dict[str, dict[str, str]] = {}
    for section in sections:
        for code, texts in section.items():
            if code in merged:
                raise ValueError(f"message code {code!r} is defined twice")
            if set(texts) != set(LANGS) or not all(texts.values()):
                raise ValueError(f"message {code!r} needs exactly {LANGS}, has {sorted(texts)}")
            merged[code] = texts
    return merged


CATALOG: dict[str, dict[str, str]] = merge(ANSWERS, SENT, SECURITY, ERRORS, STATES, COMMON, WEB,
                                            PHONE, INPUTS, HTTP_PARSER, FLEET, LANGUAGE, MEDIA,
                                            DEFINITIONS, AUTHORING, REPORTS, XLSFORM, ENTRY,
                                            PHONE_MEDIA, LISTS)


def text(code: str, lang: str = DEFAULT_LANG, **params) -> str:
    """The message `code` in `lang` (Thai when the language is not one we write), filled in.

    An unknown code raises KeyError: a code is a name in this table, never a sentence. A
    parameter that is itself a `Message` is worded in `lang` too.
    """
    entry = CATALOG[code]
    template = entry.get(lang) or entry[DEFAULT_LANG]
    if not params:
        return template
    return template.format(**{name: value.in_lang(lang) if isinstance(value, Message) else value
                              for name, value in params.items()})


class Message(str):
    """A catalog entry with its parameters, for messages made before anyone knows who reads
    them (an error's `details`, a schema's complaint).

    It is its English sentence wherever text is expected (JSON, logs, comparisons), and
    `in_lang` words it again for a reader of another language.
    """

    def __new__(cls, code: str, **params):
        message = super().__new__(cls, text(code, "en", **params))
        message.code, message.params = code, params
        return message

    def in_lang(self, lang: str) -> str:
        return text(self.code, lang, **self.params)

    def __reduce__(self):
        return _message, (self.code, self.params)


def _message(code: str, params: dict) -> Message:
    return Message(code, **params)


def in_lang(messages, lang: str):
    """Nested messages (dicts and lists) with every `Message` worded in `lang`."""
    if isinstance(messages, Message):
        return messages.in_lang(lang)
    if isinstance(messages, dict):
        return {key: in_lang(value, lang) for key, value in messages.items()}
    if isinstance(messages, list):
        return [in_lang(value, lang) for value in messages]
    return messages


def for_phone() -> dict[str, dict[str, str]]:
    """The entries the phone renders itself: today all of them (a few kilobytes)."""
    return CATALOG


def by_path(messages, prefix: str = "", root: str = "_schema", name=str) -> dict[str, list]:
    """Nested messages (marshmallow's error dict, or an error's details) as
    {"dotted.path": [message, ...]}.

    Keys and list positions join with dots (`participants.3.age`); marshmallow's `_schema`
    (a message about the object itself) takes its object's path; a message about the whole
    document goes under `root`. `name` writes a key into the path (the sync layer escapes
    what a database cannot store). Messages are kept as they are (text or a code object).
    """
    out: dict[str, list] = {}
    _collect(messages, prefix, out, root, name)
    return out


def _collect(messages, path: str, out: dict, root: str, name) -> None:
    if isinstance(messages, dict):
        for key, value in messages.items():
            if key in ("", "_schema"):
                inner = path
            else:
                inner = f"{path}.{name(str(key))}" if path else name(str(key))
            _collect(value, inner, out, root, name)
    elif isinstance(messages, list) and not any(isinstance(m, (dict, list)) for m in messages):
        out.setdefault(path or root, []).extend(messages)
    elif isinstance(messages, list):
        for index, value in enumerate(messages):
            _collect(value, f"{path}.{index}" if path else str(index), out, root, name)
    else:
        out.setdefault(path or root, []).append(messages)
