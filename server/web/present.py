"""Answers as a person reads them: under their labels, from the exact form version.

`answer_sections` walks a definition beside an answers object and yields what the submission
page shows: groups become sections, repeats become tables, choices show their labels, dates
their local form, and computed values are marked. `field_diff` compares two answer objects
path by path for the revision history. `list_headers` and `list_columns` are the few answers
a listing row of one form shows: the columns its current version's summary declares.
"""

import json
import re
import unicodedata
from dataclasses import dataclass, field

from flask import g, url_for
from markupsafe import Markup

from forms import media
from forms.fieldtypes import FIELD_TYPES
from forms.summary import answer_at
from server.web.i18n import format_date, format_datetime, pick, translate
from sync import attachments, catalog, lists
from sync.errors import NotFound

__all__ = ["definition_for", "answer_sections", "field_diff", "list_headers", "list_columns",
           "record_title", "summary_title", "title_header", "search_hit", "marked", "Hit", "Row", "Section", "display_value"]


def definition_for(form_id: str, version: str):
    """The parsed definition of one published version, looked up once per request (a
    listing page of one form would otherwise look it up once per row); parsed once per
    process by the sync layer's one cache."""
    read = g.setdefault("definitions_read", {})
    if (form_id, version) not in read:
        read[(form_id, version)] = catalog.definition(form_id, version)
    return read[(form_id, version)]


def current_summary(form_id: str):
    """The summary of a form's newest version (None when it declares none or the form is
    unknown), once per request: the listing's columns and the overview follow it."""
    read = g.setdefault("summaries_read", {})
    if form_id not in read:
        try:
            read[form_id] = catalog.current_definition(form_id).summary
        except NotFound:
            read[form_id] = None
    return read[form_id]


@dataclass
class Row:
    label: str
    value: str
    path: str
    computed: bool = False


@dataclass
class Table:
    label: str
    path: str
    headers: list[str]
    rows: list[list[str]]


@dataclass
class Section:
    label: str
    path: str
    items: list = field(default_factory=list)  # Row | Table | Section


def _choices(spec, value, lang: str) -> str:
    values = value if isinstance(value, list) else [value]
    if spec.get("choices_from"):  # an outside list's items: their labels as the list has them
        labels = {v: pick(label, lang) for v, label in
                  lists.labels_of(spec.get("choices_from"), values).items()}
    else:
        labels = {c["value"]: pick(c["label"], lang) for c in spec.get("choices", ())}
    return ", ".join(labels.get(v, str(v)) for v in values)


def _location(spec, value, lang: str) -> str | None:
    if not isinstance(value, dict):
        return None
    text = f"{value.get('lat')}, {value.get('lon')}"
    return text + (f" (±{value['accuracy']} m)" if value.get("accuracy") is not None else "")


def _plain(spec, value, lang: str) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}" if abs(value) >= 10000 else str(int(value))
    return str(value)


def _is_stored(sha256: str) -> bool:
    """Whether a file has arrived, asked once per file and request."""
    stored = g.setdefault("files_stored", {})
    if sha256 not in stored:
        stored[sha256] = bool(attachments.stored_among([sha256]))
    return stored[sha256]


def _attachment(spec, value, lang: str):
    """A photo or signature as its preview, linked to the full size; any other file as a
    download link; a file not yet received as its name, marked so."""
    if not media.is_reference(value):
        return None
    sha256, name = value["sha256"], value["name"]
    if not _is_stored(sha256):
        return Markup('<span class="file missing">{} <span class="muted">({})</span></span>'
                      ).format(name, translate("file_missing", lang))
    full = url_for("web.file", sha256=sha256)
    if value["type"] in media.IMAGE_TYPES:
        return Markup('<a class="media" href="{}" target="_blank" rel="noopener">'
                      '<img class="thumb" src="{}" alt="{}" loading="lazy"></a>'
                      ).format(full, url_for("web.file_preview", sha256=sha256), name)
    size = f"{value['size'] / 1024:,.0f} KB"
    return Markup('<a class="file" href="{}" download>{}</a> <span class="muted">{}</span>'
                  ).format(full, name, size)


# How each `display` a field type declares (forms/fieldtypes.py) is shown; None falls back to plain.
_DISPLAYS = {
    "plain": _plain,
    "choices": _choices,
    "yes_no": lambda spec, value, lang: translate("yes" if value else "no", lang),
    "date": lambda spec, value, lang: format_date(value, lang),
    "datetime": lambda spec, value, lang: format_datetime(value, lang),
    "location": _location,
    "attachment": _attachment,
}


def display_value(spec, value, lang: str) -> str:
    """One answer as text, as its field type says: choice labels, local dates, yes/no, a
    geopoint's coordinates."""
    if value is None or value == "":
        return ""
    display = FIELD_TYPES[spec.type].display
    if isinstance(value, bool) and display != "choices":
        display = "yes_no"  # a calculation's yes or no, too
    shown = _DISPLAYS[display](spec, value, lang)
    return _plain(spec, value, lang) if shown is None else shown


def _label(spec, lang: str) -> str:
    return pick(spec.get("label"), lang) or spec.name


def _items(specs, answers: dict, lang: str, prefix: str) -> list:
    out = []
    for spec in specs:
        if spec.type == "note":
            continue
        value = answers.get(spec.name) if isinstance(answers, dict) else None
        path = f"{prefix}{spec.name}"
        if spec.type == "group":
            if value is None:
                continue
            out.append(Section(_label(spec, lang), path,
                               _items(spec.children, value, lang, path + ".")))
        elif spec.type == "repeat":
            if value is None:
                continue
            shown = [c for c in spec.children if c.type != "note"]
            out.append(Table(
                _label(spec, lang), path, [_label(c, lang) for c in shown],
                [[display_value(c, row.get(c.name), lang) for c in shown] for row in value],
            ))
        elif spec.type == "calculate":
            if value is not None:
                out.append(Row(_label(spec, lang), display_value(spec, value, lang),
                               path, computed=True))
        elif value is not None:
            out.append(Row(_label(spec, lang), display_value(spec, value, lang), path))
    return out


def answer_sections(definition, answers: dict, lang: str) -> list:
    """The whole answers object as top-level items (Rows, Tables, Sections)."""
    return _items(definition.fields, answers, lang, "")


# --- revision diffs --------------------------------------------------------------------------


def _answer_leaves(value, prefix: str, out: dict) -> dict:
    """Every answer by its path as a reader counts (rows from 1; a location is one value)."""
    if isinstance(value, dict) and not ({"lat", "lon"} <= set(value)):
        for key, inner in value.items():
            _answer_leaves(inner, f"{prefix}.{key}" if prefix else key, out)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for index, inner in enumerate(value):
            _answer_leaves(inner, f"{prefix}.{index + 1}", out)
    else:
        out[prefix] = value
    return out


def _path_label(specs: dict, path: str, lang: str) -> tuple[str, object]:
    """`participants.3.age` -> ("Participants › 3 › Age (years)", spec of age)."""
    parts, names, labels, spec = path.split("."), [], [], None
    for part in parts:
        if part.isdigit():
            labels.append(part)
            continue
        names.append(part)
        spec = specs.get(".".join(names))
        labels.append(_label(spec, lang) if spec else part)
    return " › ".join(labels), spec


@dataclass
class Change:
    label: str
    before: str
    after: str


def field_diff(definition, before: dict | None, after: dict, lang: str) -> list[Change]:
    """Every answer path whose value differs between two revisions, labelled."""
    old = _answer_leaves(before or {}, "", {})
    new = _answer_leaves(after, "", {})
    specs = definition.by_path
    changes = []
    for path in list(dict.fromkeys([*old, *new])):
        if old.get(path) == new.get(path):
            continue
        label, spec = _path_label(specs, path, lang)
        changes.append(Change(label, _shown(spec, old.get(path), lang),
                              _shown(spec, new.get(path), lang)))
    return changes


def _shown(spec, value, lang: str) -> str:
    if value is None:
        return ""
    return display_value(spec, value, lang) if spec else json.dumps(value, ensure_ascii=False)


# --- listing columns -------------------------------------------------------------------------


def _listed(summary) -> tuple:
    """The declared columns but the one that repeats the title (the title has its own)."""
    return tuple(column for column in summary.columns
                 if not (column.field == summary.title and not (column.detail or column.of
                                                                or column.count)))


def title_header(form_id: str, lang: str) -> str | None:
    """The label of the declared column that shows the title (the title column takes its
    place and its name), or None."""
    summary = current_summary(form_id)
    dropped = [column for column in summary.columns if column not in _listed(summary)] \
        if summary else []
    return pick(dropped[0].label, lang) if dropped else None


def list_headers(form_id: str, lang: str) -> list[str]:
    summary = current_summary(form_id)
    return [pick(column.label, lang) for column in _listed(summary)] if summary else []


def list_columns(row, answers: dict, lang: str) -> list[str]:
    """The declared cells of one listing row (none for a form without columns). Values are
    read by answer path from the row's `answers` and shown as the row's own version shows
    them; a path that version lacks gives an empty cell."""
    summary = current_summary(row.form_id)
    if not summary or not summary.columns:
        return []
    definition = definition_for(row.form_id, row.form_version)
    return [_cell(column, answers, definition, lang) for column in _listed(summary)]


def record_title(row, answers: dict, lang: str) -> str:
    """What names a listing row's record (see `summary_title`)."""
    return summary_title(row.form_id, definition_for(row.form_id, row.form_version), answers,
                         lang)


def summary_title(form_id: str, definition, answers: dict, lang: str) -> str:
    """What names a record: its summary's title answer, else its first declared column
    after that column's label, else "" (the page then shows the form's name). `definition` is the record's own version."""
    summary = current_summary(form_id)
    if summary is None:
        return ""
    if summary.title:
        return _shown_at(definition, answers, summary.title, lang)
    if summary.columns:  # "ครั้งที่ 2" rather than a bare "2"
        first = summary.columns[0]
        shown = _cell(first, answers, definition, lang)
        return f"{pick(first.label, lang)} {shown}" if shown else ""
    return ""


# --- search hits -----------------------------------------------------------------------------

HIT_CONTEXT = 30  # characters each side of a match: Thai writes no spaces between words


@dataclass
class Hit:
    """Where a search matched: the answer's label and the text around the match."""

    label: str
    before: str
    match: str
    after: str


def _strings(value, path: tuple = ()):
    """(path without row numbers, text) of every text answer, in the answers' order."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _strings(inner, path + (key,))
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner, path)


THAI_LEADING_VOWELS = "เแโใไ"  # written before the consonant they follow in speech


def _cut_start(text: str, start: int) -> int:
    """Move a cut back off a combining mark (a Thai vowel or tone mark sits on the letter
    before it) and before a leading vowel, and to a space when one is near (Latin words)."""
    while start > 0 and unicodedata.category(text[start]) == "Mn":
        start -= 1
    if start > 0 and text[start - 1] in THAI_LEADING_VOWELS:
        start -= 1
    space = text.rfind(" ", max(0, start - 8), start + 1)
    return space + 1 if space > 0 else start


def _cut_end(text: str, end: int) -> int:
    """The same at the end: marks stay with their letter, no leading vowel is left alone."""
    while end < len(text) and unicodedata.category(text[end]) == "Mn":
        end += 1
    while end > 0 and text[end - 1] in THAI_LEADING_VOWELS:
        end -= 1
    space = text.find(" ", end, end + 8)
    return space if space != -1 else end


def _pattern(query: str | None):
    return re.compile(re.escape(query.strip()), re.IGNORECASE) if query and query.strip() \
        else None


def marked(text: str, query: str | None) -> tuple[str, str, str] | None:
    """`text` split around the first match of `query` (ignoring case), to mark it."""
    pattern = _pattern(query)
    found = pattern.search(text) if pattern and text else None
    return (text[:found.start()], found.group(), text[found.end():]) if found else None


def search_hit(row, answers: dict, query: str | None, lang: str,
               title: str = "") -> Hit | None:
    """The first answer of `row` that holds `query` (ignoring case), with up to HIT_CONTEXT
    characters either side; None when no answer shows it (it matched a choice's code) or
    only the `title` does (the title itself is marked then)."""
    pattern = _pattern(query)
    if pattern is None:
        return None
    for path, text in _strings(answers):
        if text == title or pattern.search(text) is None:
            continue
        flat = " ".join(text.split())  # newlines and runs of spaces read as one space
        text = flat if pattern.search(flat) else text
        found = pattern.search(text)
        start = _cut_start(text, max(0, found.start() - HIT_CONTEXT))
        end = _cut_end(text, min(len(text), found.end() + HIT_CONTEXT))
        definition = definition_for(row.form_id, row.form_version)
        spec = definition.by_path.get(".".join(path))
        return Hit(_label(spec, lang) if spec else ".".join(path),
                   ("…" if start > 0 else "") + text[start:found.start()], found.group(),
                   text[found.end():end] + ("…" if end < len(text) else ""))
    return None


def _cell(column, answers: dict, definition, lang: str) -> str:
    if column.count:
        counted = answer_at(answers, column.count)
        return str(len(counted) if isinstance(counted, list) else 0)
    shown = _shown_at(definition, answers, column.field, lang)
    if column.detail:
        detail = _shown_at(definition, answers, column.detail, lang)
        return f"{shown} ({detail})" if shown and detail else shown or detail
    if column.of:
        of = _shown_at(definition, answers, column.of, lang)
        return f"{shown} / {of}" if shown or of else ""
    return shown


def _shown_at(definition, answers: dict, path: str, lang: str) -> str:
    return _shown(definition.by_path.get(path), answer_at(answers, path), lang)
