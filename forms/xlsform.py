"""XLSForm workbooks converted into Tambon form definitions, with every loss listed.

    convert(data: bytes, filename: str, lists=None) -> Conversion

`Conversion.definition` is the Tambon definition (a dict, checked by forms/definition.py when
no blocking problem remains); `Conversion.problems` lists each thing that could not be carried
over as it was, as `Problem`s: a message `code` of forms/messages/xlsform.py, the `sheet`,
1-based spreadsheet `row` (None for the workbook or a whole column) and `column` header it is
in, the message's `params`, `text` ({"th": ..., "en": ...}), and `downgrade`: True when the form works
without it and the author may accept the loss (a barcode typed instead of scanned, an ignored
appearance), False when it must be fixed in the workbook first. `Conversion.publishable(
accept_downgrades)` says whether the form may be published; `Conversion.rows` maps each
field's definition path (`fields[2].fields[0]`) to its survey row.

`lists`, when given, is the set of list ids published on the server: a
`select_one_from_file` naming another list is a problem. pyxform (BSD-2) reads the workbook
(.xlsx, and .xls through xlrd) and checks its XLSForm structure; the mapping itself is here,
walking the survey rows so each problem keeps its row. docs/forms.md, "XLSForm import", has
the mapping table.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Collection, Iterator

from forms import messages
from forms.definition import (
    FIELD_KEY_LANGUAGE,
    FIELD_NAME,
    FORM_ID,
    DefinitionError,
    DefinitionProblem,
    load_definition,
)
from forms.fieldtypes import FIELD_TYPES
from forms.jsonlogic import LANGUAGE_2_OPERATORS, operators_in
from forms.patterns import pattern_problem
from forms.xpath import Ref, Scope, XPathError, translate

__all__ = ["Conversion", "Problem", "convert"]

SURVEY, CHOICES, SETTINGS = "survey", "choices", "settings"
VERSION = re.compile(r"(?=.{1,64}\Z)[0-9A-Za-z]+(?:[._-][0-9A-Za-z]+)*\Z")
CHOICE_VALUE = re.compile(r"[A-Za-z0-9_\-.]{1,64}\Z")


@dataclass(frozen=True)
class Problem:
    """One thing of the workbook that was not carried over as it was (see the module doc)."""

    code: str
    sheet: str
    row: int | None
    column: str | None
    params: tuple[tuple[str, Any], ...] = ()
    downgrade: bool = False
    reason: DefinitionProblem | None = None  # for xlsform_definition: the checker's own words

    @property
    def text(self) -> dict[str, str]:
        return {lang: self.render(lang) for lang in messages.LANGS}

    def render(self, lang: str = "th") -> str:
        params = dict(self.params)
        if self.reason is not None:
            params["reason"] = self.reason.sentence(lang)
        return messages.CATALOG[self.code][lang].format(**params)

    def where(self, lang: str = "th") -> str:
        """`sheet survey, row 5, column constraint` in the reader's language."""
        parts = [messages.text("where_sheet", lang, sheet=self.sheet)]
        if self.row is not None:
            parts.append(messages.text("where_row", lang, row=self.row))
        if self.column:
            parts.append(messages.text("where_column", lang, column=self.column))
        return ", ".join(parts)


@dataclass
class Conversion:
    """The converted definition and the problems found on the way."""

    definition: dict | None
    problems: list[Problem] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # "fields[2].fields[0]" -> its survey row

    @property
    def blocking(self) -> list[Problem]:
        """Problems that must be fixed in the workbook before publishing."""
        return [p for p in self.problems if not p.downgrade]

    @property
    def downgrades(self) -> list[Problem]:
        return [p for p in self.problems if p.downgrade]

    def publishable(self, accept_downgrades: bool = False) -> bool:
        if self.definition is None or self.blocking:
            return False
        return accept_downgrades or not self.downgrades


# --- reading the workbook -------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A cell's text with where it is."""

    text: str
    sheet: str
    row: int
    column: str


class Row:
    """One spreadsheet row: its cells by canonical column, and its translations by language."""

    def __init__(self, sheet: str, number: int, cells: dict[str, str], columns: dict[str, "Column"]):
        self.sheet, self.number = sheet, number
        self.values: dict[str, Cell] = {}
        self.texts: dict[str, dict[str, Cell]] = {}  # base -> lang ("" for none) -> cell
        for header, value in cells.items():
            column = columns.get(header)
            if column is None or value is None or str(value).strip() == "":
                continue
            cell = Cell(str(value).strip(), sheet, number, header)
            if column.lang is None:
                self.values[column.base] = cell
            else:
                self.texts.setdefault(column.base, {})[column.lang] = cell

    def get(self, base: str) -> str:
        cell = self.values.get(base)
        return cell.text if cell else ""

    def cell(self, base: str) -> Cell | None:
        """The cell of a column; for a translatable one, its first filled language."""
        found = self.values.get(base)
        if found is None and self.texts.get(base):
            found = next(iter(self.texts[base].values()))
        return found


@dataclass(frozen=True)
class Column:
    """A column header read: its canonical base name and language (None: not translatable;
    "" a translatable column without a language; "th", "en", or another code)."""

    header: str
    base: str
    lang: str | None


_ALIASES = {"caption": "label", "relevance": "relevant", "constraining_message": "constraint_message",
            "calculate": "calculation", "value": "name", "requiredmsg": "required_message",
            "count": "repeat_count", "jr:count": "repeat_count", "readonly": "read_only",
            "list name": "list_name", "id_string": "form_id", "form_title": "title"}
_TRANSLATABLE = {"label", "hint", "constraint_message", "required_message", "guidance_hint",
                 "image", "audio", "video", "big-image", "media::image", "media::audio",
                 "media::video", "title"}
_LANGUAGE_NAMES = {"thai": "th", "ไทย": "th", "ภาษาไทย": "th", "english": "en", "อังกฤษ": "en"}


def _column(header: str) -> Column:
    base, _, lang = header.partition("::")
    base = _ALIASES.get(base.strip().lower(), base.strip().lower())
    if base == "media" and lang:  # media::image::English (en)
        kind, _, lang = lang.partition("::")
        base = f"media::{kind.strip().lower()}"
    if base not in _TRANSLATABLE:
        return Column(header, base if not lang else f"{base}::{lang.strip()}", None)
    return Column(header, base, _language_code(lang))


def _language_code(text: str) -> str:
    """"Thai (th)" -> "th", "English" -> "en", "th" -> "th", "" -> ""."""
    text = text.strip()
    code = re.search(r"\(([A-Za-z-]{2,8})\)\s*$", text)
    if code:
        return code.group(1).lower()
    return _LANGUAGE_NAMES.get(text.lower(), text.lower())


@dataclass
class Sheet:
    name: str
    columns: dict[str, Column]
    rows: list[Row]


def _read_book(data: bytes, filename: str):
    """The workbook as pyxform reads it (its DefinitionData); _Unreadable when it cannot."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2json_backends import get_xlsform

    suffix = PurePath(filename or "").suffix.lower()
    file_type = {".xlsx": ".xlsx", ".xlsm": ".xlsx", ".xls": ".xls"}.get(suffix)
    if file_type is None:
        raise _Unreadable(f"{suffix or filename!r} is not .xlsx or .xls")
    try:
        return get_xlsform(io.BytesIO(data), file_type=file_type)
    except (PyXFormError, ValueError, TypeError, KeyError, OSError, EOFError) as err:
        raise _Unreadable(str(err).strip() or type(err).__name__) from None


def _sheets(book) -> dict[str, Sheet]:
    """The workbook's XLSForm sheets: rows keep their spreadsheet numbers."""
    sheets = {}
    for name in (SURVEY, CHOICES, SETTINGS):
        rows = getattr(book, name, None)
        header = getattr(book, f"{name}_header", None) or [{}]
        columns = {h: _column(h) for h in header[0]} if header else {}
        if rows is not None:
            sheets[name] = Sheet(name, columns, [Row(name, i + 2, r, columns) for i, r in enumerate(rows)])
    return sheets


class _Unreadable(Exception):
    pass


def _structure_problems(book) -> list[str]:
    """pyxform's own judgement of the XLSForm structure (unmatched groups, bad types...).
    Called last: pyxform may change the rows it is given."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2json import workbook_to_json

    try:
        workbook_to_json(book, form_name="data", warnings=[])
    except PyXFormError as err:
        return [str(err).strip()]
    except Exception as err:  # noqa: BLE001 - a parser bug must not hide the conversion
        return [f"{type(err).__name__}: {err}"]
    return []


# --- the conversion -------------------------------------------------------------------------


def convert(data: bytes, filename: str, lists: Collection[str] | None = None) -> Conversion:
    """Convert an XLSForm workbook (its bytes and file name) into a Tambon definition."""
    try:
        book = _read_book(data, filename)
    except _Unreadable as err:
        return Conversion(None, [Problem("xlsform_unreadable", "workbook", None, None,
                                         (("reason", str(err)),))])
    return _Converter(_sheets(book), filename, lists).run(book)


_DIRECT_TYPES = {"text": "text", "string": "text", "integer": "integer", "int": "integer",
                 "phone number": "phone", "phone_number": "phone",
                 "decimal": "decimal", "date": "date", "time": "time", "datetime": "datetime",
                 "geopoint": "geopoint", "gps": "geopoint", "location": "geopoint",
                 "note": "note", "calculate": "calculate"}
_ATTACHMENT_TYPES = {"image": "image", "photo": "image", "file": "file", "signature": "signature"}
_METADATA = {"start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber",
             "username", "email", "audit", "start-geopoint", "background-audio", "instanceid"}
_SELECTS = {"select_one": "select_one", "select one": "select_one", "select1": "select_one",
            "select_multiple": "select_multiple", "select multiple": "select_multiple",
            "select all that apply": "select_multiple"}
_SELECTS_FROM_FILE = {"select_one_from_file": "select_one", "select_multiple_from_file": "select_multiple"}
_YES = {"yes", "true", "true()", "1"}
_NO = {"no", "false", "false()", "0"}
_OTHER_LABEL = {"th": "อื่น ๆ", "en": "Other"}
_SPECIFY_LABEL = {"th": "โปรดระบุ", "en": "Please specify"}


def _supports(kind: str, key: str) -> bool:
    """Whether the form language on this server has `key` on fields of type `kind`."""
    entry = FIELD_TYPES.get(kind)
    return entry is not None and key in entry.definition_keys


def _tambon_name(name: str) -> str | None:
    """An XLSForm name as a Tambon name, or None when none fits."""
    new = re.sub(r"[^a-z0-9_]", "_", name.strip().lower()).lstrip("_")[:64]
    return new if FIELD_NAME.match(new) else None


@dataclass
class _Node:
    """A question or group as converted, before its logic is translated."""

    row: Row
    spec: dict
    ref: Ref
    children: list["_Node"] = field(default_factory=list)


class _Converter:
    def __init__(self, sheets: dict[str, Sheet], filename: str, lists):
        self.sheets, self.filename, self.lists = sheets, filename, lists
        self.problems: list[Problem] = []
        self.refs: dict[str, Ref] = {}
        self.choices: dict[str, list[Row]] = {}
        self.rows_by_path: dict[str, int] = {}  # definition path "fields[2].fields[0]" -> row
        self.used_choice_columns: set[str] = set()

    def add(self, where: Row | Cell | None, code: str, downgrade: bool = False, column: str | None = None,
            sheet: str = SURVEY, **params) -> None:
        if isinstance(where, Cell):
            sheet, row, column = where.sheet, where.row, column or where.column
        elif isinstance(where, Row):
            sheet, row = where.sheet, where.number
        else:
            row = None
        self.problems.append(Problem(code, sheet, row, column, tuple(params.items()), downgrade))

    # --- the whole workbook -----------------------------------------------------------------

    def run(self, book) -> Conversion:
        survey = self.sheets.get(SURVEY)
        if survey is None:
            self.structure(book)
            return Conversion(None, self.problems)
        self.read_choices()
        self.ignored_languages()
        nodes = self.tree(survey.rows)
        if not nodes:
            self.add(None, "xlsform_no_questions")
            return Conversion(None, self.problems)
        definition = self.settings()
        definition["fields"] = [self.finish(node, None) for node in nodes]
        definition["fields"] = [f for f in definition["fields"] if f is not None]
        self.unused_choice_columns()
        if self.uses_language_2(definition):
            definition["language"] = 2
        self.check(definition)
        if not self.blocking():  # pyxform's judgement adds what the mapping did not see
            self.structure(book)
        sheets = ["workbook", SETTINGS, SURVEY, CHOICES]
        self.problems.sort(key=lambda p: (sheets.index(p.sheet), p.row or 0))
        return Conversion(definition, self.problems, self.rows_by_path)

    def structure(self, book) -> None:
        for reason in _structure_problems(book):
            self.add(None, "xlsform_structure", sheet="workbook", reason=reason)

    def ignored_languages(self) -> None:
        for sheet in self.sheets.values():
            for column in sheet.columns.values():
                if column.lang not in (None, "", "th", "en") and column.base in ("label", "hint",
                                                                                "constraint_message"):
                    self.add(None, "xlsform_language_ignored", True, column.header, sheet.name,
                             lang=column.lang)

    def settings(self) -> dict:
        sheet = self.sheets.get(SETTINGS)
        row = sheet.rows[0] if sheet and sheet.rows else None
        stem = PurePath(self.filename).stem
        form_id = row.get("form_id") if row else ""
        new_id = _tambon_name(form_id or stem) or "imported_form"
        if len(new_id) < 2 or not FORM_ID.match(new_id):
            new_id = f"form_{new_id}"[:64]
        if form_id and form_id != new_id:
            self.add(row.cell("form_id"), "xlsform_settings_form_id", True, value=form_id, new=new_id)
        version = row.get("version") if row else ""
        new_version = version if VERSION.match(version or "") else "1"
        if version and version != new_version:
            self.add(row.cell("version"), "xlsform_settings_version", True, value=version, new=new_version)
        title = self.label(row, "title") if row else None
        if row:
            for base, cell in row.values.items():
                if base not in ("form_id", "version", "default_language", "title"):
                    self.add(cell, "xlsform_column_ignored", True, header=cell.column, value=cell.text)
        return {"form_id": new_id, "version": new_version,
                "title": title or {"th": (row.get("title") if row else "") or stem or new_id}}

    def read_choices(self) -> None:
        sheet = self.sheets.get(CHOICES)
        for row in sheet.rows if sheet else ():
            if row.get("list_name"):
                self.choices.setdefault(row.get("list_name"), []).append(row)

    # --- the survey rows into a tree ----------------------------------------------------------

    def tree(self, rows: list[Row]) -> list[_Node]:
        """Survey rows into nodes; groups and repeats hold their questions."""
        top: list[_Node] = []
        stack: list[tuple[_Node | None, list[_Node], str]] = [(None, top, "")]
        for row in rows:
            kind = " ".join(row.get("type").split()).lower()
            kind = re.sub(r"^(begin|end)_(group|repeat)$", r"\1 \2", kind)
            if not kind:
                if row.values or row.texts:
                    self.add(row.cell("name") or row, "xlsform_type_unsupported", column="type", type="")
                continue
            if kind in ("end group", "end repeat"):
                closing = kind.split()[1]
                if len(stack) == 1 or stack[-1][2] != closing:
                    self.add(row, "xlsform_group_unopened", column="type", kind=closing)
                    continue
                stack.pop()
                continue
            parent, siblings, _ = stack[-1]
            node = self.node(row, kind, parent)
            if node is None:
                continue
            if any(n.spec["name"] == node.spec["name"] for n in siblings):
                self.add(row, "xlsform_name_duplicate", column="name", name=row.get("name"))
                continue
            siblings.append(node)
            if kind in ("begin group", "begin repeat"):
                stack.append((node, node.children, kind.split()[1]))
        for node, _, kind in stack[1:]:
            self.add(node.row, "xlsform_group_unclosed", column="type", kind=kind)
        return top

    def node(self, row: Row, kind: str, parent: _Node | None) -> _Node | None:
        name = row.get("name")
        if not name:
            self.add(row, "xlsform_name_missing", column="name")
            return None
        new = _tambon_name(name)
        if new is None:
            self.add(row.cell("name"), "xlsform_name_bad", name=name)
            return None
        if new != name:
            self.add(row.cell("name"), "xlsform_renamed", True, name=name, new=new)
        spec = self.field_spec(row, kind, new)
        if spec is None:
            return None
        prefix = parent.ref.path + "." if parent else ""
        repeat = parent.ref.path if parent and parent.spec["type"] == "repeat" else (
            parent.ref.repeat if parent else None)
        ref = Ref(prefix + new, spec["type"], repeat)
        if name in self.refs:
            self.add(row.cell("name"), "xlsform_name_duplicate", name=name)
            return None
        self.refs[name] = ref
        return _Node(row, spec, ref)

    def field_spec(self, row: Row, kind: str, name: str) -> dict | None:
        """The Tambon type and type-specific keys of one row; None when it has none."""
        words = kind.split()
        type_cell = row.cell("type")
        if kind in ("begin group", "begin repeat"):
            return {"name": name, "type": words[1]}
        for size in (4, 2, 1):
            target = _SELECTS.get(" ".join(words[:size]))
            if target is not None and len(words) > size:
                rest = row.get("type").split()[size:]
                if rest[0].lower() == "from" and len(rest) > 1:  # "select one from LIST"
                    rest = rest[1:]
                if [w.lower() for w in rest[1:]] == ["or", "specify", "other"]:
                    rest = [rest[0], "or_other"]
                return self.select_spec(row, target, rest, name)
        if words[0] in _SELECTS_FROM_FILE:
            return self.select_from_file_spec(row, words, name)
        first = kind if kind in _DIRECT_TYPES else words[0]
        if first in _DIRECT_TYPES:
            target = _DIRECT_TYPES[first]
            if target == "text" and "multiline" in row.get("appearance").split():
                target = "textarea"
            return {"name": name, "type": target}
        if first in _ATTACHMENT_TYPES:
            target = _ATTACHMENT_TYPES[first]
            if target == "image" and "signature" in row.get("appearance").split():
                target = "signature"
            if target not in FIELD_TYPES:
                self.add(type_cell, "xlsform_type_not_yet", type=kind, target=target)
                return None
            if target == "file":
                return {"name": name, "type": "file", "accept": self.file_types(row)}
            return {"name": name, "type": target}
        if first == "barcode":
            self.add(type_cell, "xlsform_barcode_as_text", True)
            return {"name": name, "type": "text"}
        if first in ("acknowledge", "trigger"):
            self.add(type_cell, "xlsform_acknowledge_as_boolean", True)
            return {"name": name, "type": "boolean"}
        if first == "range":
            return self.range_spec(row, name)
        self.add(type_cell, "xlsform_type_unsupported", first in _METADATA, type=kind)
        return None

    def select_spec(self, row: Row, target: str, rest: list[str], name: str) -> dict | None:
        """select_one/select_multiple LIST [or_other]; `rest` keeps the list name's case."""
        list_name, flags = rest[0], [word.lower() for word in rest[1:]]
        if flags not in ([], ["or_other"]):
            self.add(row.cell("type"), "xlsform_type_unsupported", type=row.get("type"))
            return None
        filtered = bool(row.get("choice_filter")) and _supports(target, "choice_filter")
        choices = self.choice_list(list_name, row, with_columns=filtered)
        if choices is None:
            return None
        spec = {"name": name, "type": target, "choices": choices}
        if flags:
            spec["choices"].append({"value": "other", "label": dict(_OTHER_LABEL)})
            spec["_or_other"] = True
        return spec

    def choice_list(self, list_name: str, row: Row, with_columns: bool = False) -> list[dict] | None:
        """The inline choices of a list; with its extra columns when a choice_filter reads them."""
        rows = self.choices.get(list_name)
        if not rows:
            self.add(row.cell("type"), "xlsform_choices_missing", name=list_name)
            return None
        out, seen = [], set()
        for choice in rows:
            value = choice.get("name")
            if not CHOICE_VALUE.match(value):
                self.add(choice.cell("name") or choice, "xlsform_choice_value", column="name", value=value)
                continue
            if value in seen:
                self.add(choice.cell("name"), "xlsform_choice_duplicate", value=value, name=list_name)
                continue
            seen.add(value)
            label = self.label(choice, "label")
            if label is None:
                self.add(choice, "xlsform_label_missing", True, column="label")
            item = {"value": value, "label": label or {"th": value}}
            if with_columns:
                for header, key in self.item_columns().items():
                    if choice.get(header):
                        item[key] = choice.get(header)
                        self.used_choice_columns.add(header)
            out.append(item)
        return out or None

    def item_columns(self) -> dict[str, str]:
        """The choices sheet's own columns (not list_name, name or labels): XLSForm name ->
        Tambon key, for choice filters."""
        sheet = self.sheets.get(CHOICES)
        columns = {}
        for column in sheet.columns.values() if sheet else ():
            if column.lang is None and column.base not in ("list_name", "name"):
                key = _tambon_name(column.header)
                if key and key not in ("value", "label"):
                    columns[column.header] = key
        return columns

    def unused_choice_columns(self) -> None:
        """A choices column no filter read is listed: nothing goes silently."""
        sheet = self.sheets.get(CHOICES)
        unused = set(self.item_columns()) - self.used_choice_columns
        unused |= {c.header for c in sheet.columns.values() if c.lang is not None and c.base != "label"
                   and any(c.header == cell.column for row in sheet.rows
                           for cell in row.texts.get(c.base, {}).values())} if sheet else set()
        for header in sorted(unused):
            self.add(None, "xlsform_choice_column_ignored", True, header, CHOICES, header=header)

    def select_from_file_spec(self, row: Row, words: list[str], name: str) -> dict | None:
        target = _SELECTS_FROM_FILE[words[0]]
        if len(words) < 2:
            self.add(row.cell("type"), "xlsform_choices_missing", name="")
            return None
        list_id = _tambon_name(PurePath(words[1]).stem) or words[1]
        if not _supports(target, "choices_from"):
            self.add(row.cell("type"), "xlsform_type_not_yet", type=words[0], target="choices_from")
            return None
        if self.lists is not None and list_id not in self.lists:
            self.add(row.cell("type"), "xlsform_list_unknown", name=list_id)
            return None
        return {"name": name, "type": target, "choices_from": list_id}

    def file_types(self, row: Row) -> list[str]:
        """A file question's `body::accept` (".pdf, image/*") as the MIME types Tambon knows;
        without one (XLSForm: any file), every type Tambon recognises, as a downgrade."""
        from forms.media import MEDIA_TYPES

        cell = row.cell("body::accept")
        if cell is None:
            self.add(row.cell("type"), "xlsform_file_any", True)
            return list(MEDIA_TYPES)
        by_extension = {extension: kind for kind, extension in MEDIA_TYPES.items()}
        by_extension.update({"jpeg": "image/jpeg", "doc": None, "xls": None})
        chosen: list[str] = []
        for token in re.split(r"[\s,]+", cell.text.strip().lower()):
            if token.endswith("/*"):
                found = [kind for kind in MEDIA_TYPES if kind.startswith(token[:-1])]
            else:
                found = [token] if token in MEDIA_TYPES else [by_extension.get(token.lstrip("."))]
            if not any(found):
                self.add(cell, "xlsform_file_type_unknown", True, value=token)
            chosen += [kind for kind in found if kind and kind not in chosen]
        return chosen or list(MEDIA_TYPES)

    def range_spec(self, row: Row, name: str) -> dict | None:
        text = row.get("parameters")
        params: dict[str, float] = {}
        for part in text.replace(";", " ").replace(",", " ").split():
            key, _, value = part.partition("=")
            try:
                params[key.strip().lower()] = float(value)
            except ValueError:
                self.add(row.cell("parameters"), "xlsform_range_parameters", parameters=text)
                return None
        start, end, step = params.get("start", 1.0), params.get("end", 10.0), params.get("step", 1.0)
        whole = all(float(v).is_integer() for v in (start, end, step))
        low, high = sorted((start, end))
        spec = {"name": name, "type": "integer" if whole else "decimal",
                "min": int(low) if whole else low, "max": int(high) if whole else high}
        if step != 1:
            self.add(row.cell("parameters") or row, "xlsform_range_step", True,
                     column="parameters", step=f"{step:g}")
        return spec

    def label(self, row: Row | None, base: str) -> dict | None:
        """A translatable column as {"th", "en"}: Thai from its Thai column or the column
        without a language; another language stands in for Thai, with a problem."""
        texts = row.texts.get(base, {}) if row else {}
        if base == "title" and row and row.get("title"):
            texts = {"": row.cell("title"), **texts}
        th, en, plain = texts.get("th"), texts.get("en"), texts.get("")
        thai = th or plain
        out = {}
        if thai is None:
            stand_in = en or next((cell for lang, cell in texts.items() if lang), None)
            if stand_in is None:
                return None
            lang = next(lang for lang, cell in texts.items() if cell is stand_in)
            self.add(stand_in, "xlsform_no_thai", True, lang=lang)
            thai = stand_in
        out["th"] = thai.text
        if en is not None:
            out["en"] = en.text
        elif plain is not None and th is not None:
            out["en"] = plain.text
        for cell in {id(c): c for c in (thai, en) if c is not None}.values():
            refs = sorted(set(re.findall(r"\$\{[^}]*\}", cell.text)))
            if refs:
                self.add(cell, "xlsform_label_reference", True, refs=", ".join(refs))
        return out

    # --- each node's keys and logic -----------------------------------------------------------

    def finish(self, node: _Node, repeat: str | None) -> dict | None:
        """The node's definition with labels, flags and translated logic (children first)."""
        spec, row = node.spec, node.row
        spec["_row"] = row.number
        kind = spec["type"]
        other = spec.pop("_or_other", False)
        if kind not in ("calculate",):
            label = self.label(row, "label")
            if label is None:
                if kind in ("group", "repeat"):
                    label = {"th": row.get("name")}
                else:
                    self.add(row, "xlsform_label_missing", True, column="label")
                    label = {"th": row.get("name")}
            spec["label"] = label
        hint = self.label(row, "hint")
        if hint and kind != "calculate":
            spec["hint"] = hint
        inner_repeat = node.ref.path if kind == "repeat" else repeat
        dot = {"var": node.ref.path if repeat is None else "row." + node.ref.path[len(repeat) + 1:]}
        scope = Scope(self.refs, repeat, dot)
        self.logic(row, "relevant", spec, "relevant", scope)
        if FIELD_TYPES[kind].answerable:
            self.required(row, spec)
            if self.logic(row, "constraint", spec, "constraint", Scope(self.refs, repeat, {"var": "value"})):
                message = self.label(row, "constraint_message")
                if message:
                    spec["constraint_message"] = message
            elif row.cell("constraint_message"):
                self.add(row.cell("constraint_message"), "xlsform_constraint_message_alone", True)
            self.default(row, spec)
        if kind == "calculate":
            if not self.logic(row, "calculation", spec, "expr", Scope(self.refs, repeat, None)):
                return None
        elif row.get("calculation"):
            self.add(row.cell("calculation"), "xlsform_calculation_not_calculate", True)
        if kind == "repeat" and row.get("repeat_count"):
            self.repeat_count(row, spec, scope)
        if row.get("choice_filter"):
            self.choice_filter(row, spec, scope)
        self.leftovers(row, spec)
        if kind in ("group", "repeat"):
            children = [self.finish(child, inner_repeat) for child in node.children]
            children = [c for c in children if c is not None]
            if not children:
                self.add(row, "xlsform_group_empty", True, column="type", kind=kind)
                return None
            spec["fields"] = children
        if other:
            self.other_field(node, spec, repeat)
        return spec

    def other_field(self, node: _Node, spec: dict, repeat: str | None) -> None:
        """`or_other`: the choice "other" plus a text question shown when it is picked."""
        path = spec["name"] if repeat is None else "row." + node.ref.path[len(repeat) + 1:]
        picked = ({"==": [{"var": path}, "other"]} if spec["type"] == "select_one"
                  else {"in": ["other", {"var": path}]})
        node.spec["_other"] = {"name": f"{spec['name']}_other"[:64], "type": "text", "_row": node.row.number,
                               "label": dict(_SPECIFY_LABEL), "relevant": picked}

    def logic(self, row: Row, column: str, spec: dict, key: str, scope: Scope) -> bool:
        """Translate one XPath cell into spec[key]; a problem (and nothing) when impossible."""
        cell = row.cell(column)
        if cell is None:
            return False
        try:
            term = translate(cell.text, scope)
        except XPathError as err:
            self.add(cell, err.code, at=err.at + 1, **err.params)
            return False
        bad_pattern = _bad_pattern(term.logic)
        if bad_pattern:
            self.add(cell, "xpath_regex_pattern", at=1, reason=bad_pattern)
            return False
        spec[key] = term.logic
        return True

    def required(self, row: Row, spec: dict) -> None:
        value = row.get("required")
        if row.cell("required_message"):
            self.add(row.cell("required_message"), "xlsform_required_message", True)
        if not value or value.lower() in _NO:
            return
        if value.lower() not in _YES:
            self.add(row.cell("required"), "xlsform_required_expression", True, value=value)
        spec["required"] = True

    def default(self, row: Row, spec: dict) -> None:
        cell = row.cell("default")
        if cell is None:
            return
        if "${" in cell.text or "(" in cell.text:
            self.add(cell, "xlsform_default_dynamic", True)
            return
        value = _default_value(spec, cell.text)
        if value is None:
            self.add(cell, "xlsform_default_bad", True, value=cell.text)
        else:
            spec["default"] = value

    def repeat_count(self, row: Row, spec: dict, scope: Scope) -> None:
        if not _supports("repeat", "count"):
            self.add(row.cell("repeat_count"), "xlsform_repeat_count_not_yet", True)
            return
        self.logic(row, "repeat_count", spec, "count", scope)

    def choice_filter(self, row: Row, spec: dict, scope: Scope) -> None:
        if not _supports(spec["type"], "choice_filter"):
            self.add(row.cell("choice_filter"), "xlsform_choice_filter_not_yet", True)
            return
        item = {header: key for header, key in self.item_columns().items()}
        self.logic(row, "choice_filter", spec, "choice_filter",
                   Scope(scope.fields, scope.repeat, scope.dot, item))

    def leftovers(self, row: Row, spec: dict) -> None:
        """Every filled cell this conversion did not use is a problem: nothing goes silently."""
        used = _columns_used_by(spec["type"])
        for base, cell in row.values.items():
            if base == "appearance":
                unused = [a for a in cell.text.split() if a not in ("multiline", "signature")]
                if unused:
                    self.add(cell, "xlsform_appearance_ignored", True, value=" ".join(unused))
            elif base not in used:
                self.add(cell, "xlsform_column_ignored", True, header=cell.column, value=cell.text[:80])
        for base, by_lang in row.texts.items():
            if base not in used:
                for cell in by_lang.values():
                    self.add(cell, "xlsform_column_ignored", True, header=cell.column, value=cell.text[:80])

    # --- the result ---------------------------------------------------------------------------

    def uses_language_2(self, definition: dict) -> bool:
        """Whether the definition needs `"language": 2`: a v2 operator, field type or key."""
        if any(operators_in(rule) & LANGUAGE_2_OPERATORS for rule in _rules(definition["fields"])):
            return True
        return any(FIELD_TYPES[spec["type"]].language > 1 or spec.keys() & FIELD_KEY_LANGUAGE.keys()
                   for spec in _walk(definition["fields"]))

    def check(self, definition: dict) -> None:
        """Run forms/definition.py on the result; what it refuses becomes a blocking problem."""
        _place_other_fields(definition["fields"])
        self.number_rows(definition["fields"], "fields")
        if self.blocking():
            return
        try:
            load_definition(definition)
        except DefinitionError as err:
            for problem in err.problems:
                path = problem.path or "(document)"
                self.problems.append(Problem("xlsform_definition", SURVEY, self.row_of(path), None,
                                             (("path", path),), reason=problem))

    def number_rows(self, fields: list[dict], where: str) -> None:
        """Each field's final definition path -> its survey row (the `_row` marks go)."""
        for index, spec in enumerate(fields):
            path = f"{where}[{index}]"
            self.rows_by_path[path] = spec.pop("_row")
            self.number_rows(spec.get("fields", ()), f"{path}.fields")

    def blocking(self) -> bool:
        return any(not p.downgrade for p in self.problems)

    def row_of(self, path: str) -> int | None:
        match = re.match(r"((?:\.?fields\[\d+\])+)", path)
        return self.rows_by_path.get(match.group(1)) if match else None


# Columns each kind of field takes; calculation, required_message and a constraint_message
# without its constraint are reported by their own checks wherever they appear.
_ALWAYS_USED = {"type", "name", "relevant", "calculation", "required_message", "constraint_message"}
_USED_BY_ROLE = {
    "answer": {"label", "hint", "required", "constraint", "default", "choice_filter", "parameters"},
    "container": {"label", "hint", "repeat_count"},
    "display": {"label", "hint"},
    "computed": set(),
}


def _columns_used_by(kind: str) -> set[str]:
    return _ALWAYS_USED | _USED_BY_ROLE[FIELD_TYPES[kind].role] | (
        {"body::accept"} if kind == "file" else set())


def _place_other_fields(fields: list[dict]) -> None:
    """Put each `or_other` text question right after its select, in every level."""
    index = 0
    while index < len(fields):
        spec = fields[index]
        other = spec.pop("_other", None)
        if "fields" in spec:
            _place_other_fields(spec["fields"])
        if other is not None and all(f["name"] != other["name"] for f in fields):
            fields.insert(index + 1, other)
            index += 1
        index += 1


def _walk(fields: list[dict]) -> Iterator[dict]:
    for spec in fields:
        yield spec
        yield from _walk(spec.get("fields", ()))


def _rules(fields: list[dict]) -> Iterator[Any]:
    for spec in fields:
        for key in ("relevant", "constraint", "expr", "count", "choice_filter"):
            if key in spec:
                yield spec[key]
        yield from _rules(spec.get("fields", ()))


def _bad_pattern(rule) -> str | None:
    """The first regex_match pattern in `rule` outside the shared safe syntax, as its reason."""
    if isinstance(rule, list):
        return next(filter(None, map(_bad_pattern, rule)), None)
    if isinstance(rule, dict) and len(rule) == 1:
        [(operator, args)] = rule.items()
        args = args if isinstance(args, list) else [args]
        if operator == "regex_match" and len(args) == 2 and isinstance(args[1], str):
            problem = pattern_problem(args[1])
            if problem:
                return problem
        return _bad_pattern(args)
    return None


def _default_value(spec: dict, text: str) -> Any:
    """An XLSForm default cell as a Tambon answer of the field's type; None when it is not one."""
    from forms.fieldtypes import answer_check

    kind = spec["type"]
    try:
        if kind == "integer":
            value: Any = int(float(text)) if float(text).is_integer() else None
        elif kind == "decimal":
            value = float(text)
        elif kind in ("date",):
            value = text[:10]
        elif kind == "select_multiple":
            value = text.split()
        elif kind == "boolean":
            value = True if text.lower() in _YES else False if text.lower() in _NO else None
        elif kind in ("text", "textarea", "select_one", "time"):
            value = text[:5] if kind == "time" else text
        else:
            return None
    except ValueError:
        return None
    if value is None:
        return None
    if kind in ("select_one", "select_multiple"):
        values = {c["value"] for c in spec.get("choices", ())}
        chosen = value if isinstance(value, list) else [value]
        return value if values and set(chosen) <= values else None
    check = answer_check({"type": kind})
    return value if check(value) is None else None
