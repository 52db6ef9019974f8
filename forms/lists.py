"""Lists: choices that live outside a form (docs/forms.md, "Lists").

A list is published on its own (JSON or CSV) and read by forms through `choices_from`. This
module reads a list document into a `ListDocument` and checks it completely, every problem
with its path (`items[12].value: ...`), as a form definition is checked. It knows nothing of
storage: sync/lists.py stores, versions and serves lists.

JSON: `{"list_id": "th_provinces", "title": {"th": ..., "en": ...}, "items": [{"value": "24",
"label": {"th": "ฉะเชิงเทรา", "en": "Chachoengsao"}, "region": "central", "retired": true}]}`;
a label may be a plain string (taken as Thai). CSV: a header row naming `value`, `label_th`
(or `label`), optionally `label_en` and `retired` (true/false, 1/0, yes/no), and any other
column. Extra columns are strings, numbers, booleans or null; every item has every column
(null where a JSON item leaves one out).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from forms.text import UNSTORABLE

__all__ = ["LIST_ID", "ITEM_VALUE", "COLUMN_NAME", "MAX_ITEMS", "ListDocument", "ListError",
           "read_list", "read_list_csv", "item_json"]

LIST_ID = re.compile(r"[a-z][a-z0-9_]{1,63}\Z")
ITEM_VALUE = re.compile(r"[A-Za-z0-9_\-.]{1,64}\Z")  # the same rule as an inline choice's value
COLUMN_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}\Z")
RESERVED = frozenset({"value", "label", "retired"})
MAX_ITEMS = 50_000
MAX_COLUMNS = 32
MAX_TEXT = 1000  # characters of a label or a column's text


class ListError(ValueError):
    """A list document that breaks the rules; `.problems` lists every `path: message`."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the list: " + "; ".join(problems[:5]))


@dataclass
class ListDocument:
    """A checked list: its items in order, each `{"value", "label": {"th", "en"?}, <columns>,
    "retired": bool}`."""

    list_id: str
    title: dict[str, str] | None
    columns: tuple[str, ...]
    items: list[dict[str, Any]] = field(repr=False)
    # What the store derives from the document once (its hash, its first rows): a bundled
    # list is the same object on every start and test, so that work is done once a process.
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


def item_json(value: str, label: dict, columns: dict, retired: bool) -> dict:
    """An item as the API and the phone read it: `retired` only when true."""
    item = {"value": value, "label": label, **columns}
    if retired:
        item["retired"] = True
    return item


def _text_problem(text: Any) -> str | None:
    if not isinstance(text, str) or not text.strip():
        return "must be non-empty text."
    if len(text) > MAX_TEXT:
        return f"must be at most {MAX_TEXT} characters."
    if UNSTORABLE.search(text):
        return "holds characters that cannot be stored (NUL, control characters, lone surrogates)."
    return None


class _Reader:
    """Checks items one by one, collecting problems instead of stopping at the first."""

    def __init__(self):
        self.problems: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def list_id(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or not LIST_ID.match(value):
            self.add(path, "must match ^[a-z][a-z0-9_]{1,63}$.")
            return ""
        return value

    def label(self, value: Any, path: str) -> dict | None:
        if isinstance(value, str):
            value = {"th": value}
        if not isinstance(value, dict) or "th" not in value:
            self.add(path, 'needs a Thai text under "th".')
            return None
        ok = True
        for lang, text in value.items():
            if lang not in ("th", "en"):
                self.add(f"{path}.{lang}", 'only "th" and "en" are read.')
                ok = False
            elif (problem := _text_problem(text)) is not None:
                self.add(f"{path}.{lang}", problem)
                ok = False
        return dict(value) if ok else None

    def column_value(self, value: Any, path: str) -> Any:
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            if isinstance(value, float) and not (abs(value) < 1e15):
                self.add(path, "must be a finite number below 10^15.")
            elif isinstance(value, int) and abs(value) >= 2**53:
                self.add(path, "must be a number below 2^53.")
            return value
        if isinstance(value, str):
            if len(value) > MAX_TEXT or UNSTORABLE.search(value):
                self.add(path, f"must be at most {MAX_TEXT} characters, none of them control "
                               "characters.")
            return value
        self.add(path, "must be text, a number, true/false or null.")
        return None

    def items(self, raw_items: Any, path: str = "items") -> tuple[tuple[str, ...], list[dict]]:
        if not isinstance(raw_items, list) or not raw_items:
            self.add(path, "must be a non-empty list of items.")
            return (), []
        if len(raw_items) > MAX_ITEMS:
            self.add(path, f"holds {len(raw_items)} items; a list holds at most {MAX_ITEMS}.")
            return (), []
        columns: dict[str, None] = {}
        seen: dict[str, int] = {}
        items = []
        for index, raw in enumerate(raw_items):
            where = f"{path}[{index}]"
            if not isinstance(raw, dict):
                self.add(where, "must be an object with value and label.")
                continue
            value = raw.get("value")
            if not isinstance(value, str) or not ITEM_VALUE.match(value):
                self.add(f"{where}.value", "must be 1-64 letters, digits, _ - or .")
            elif value in seen:
                self.add(f"{where}.value", f'duplicate value "{value}" (also {path}[{seen[value]}]).')
            else:
                seen[value] = index
            label = self.label(raw.get("label"), f"{where}.label")
            retired = raw.get("retired", False)
            if retired is not True and retired is not False:
                self.add(f"{where}.retired", "must be true or false.")
            extra = {}
            for key, cell in raw.items():
                if key in RESERVED:
                    continue
                if not isinstance(key, str) or not COLUMN_NAME.match(key):
                    self.add(f"{where}", f"column {key!r} must match ^[a-z][a-z0-9_]{{0,63}}$.")
                    continue
                columns.setdefault(key)
                extra[key] = self.column_value(cell, f"{where}.{key}")
            items.append({"value": value, "label": label, "columns": extra, "retired": retired})
        if len(columns) > MAX_COLUMNS:
            self.add(path, f"has {len(columns)} columns; a list has at most {MAX_COLUMNS}.")
        names = tuple(columns)
        for item in items:
            item["columns"] = {name: item["columns"].get(name) for name in names}
        return names, items


def read_list(raw: Any, list_id: str | None = None) -> ListDocument:
    """Check a JSON list document (already parsed); `list_id`, when given, must agree with the
    document's own or stands in for it. Raises ListError listing every problem."""
    reader = _Reader()
    if not isinstance(raw, dict):
        raise ListError(["(document): a list is a JSON object with list_id and items."])
    unknown = sorted(set(raw) - {"list_id", "title", "items"}, key=str)
    for key in unknown:
        reader.add(str(key), "is not a key of a list (list_id, title, items).")
    given = raw.get("list_id", list_id)
    if list_id is not None and given != list_id:
        reader.add("list_id", f'says "{given}" but the list published is "{list_id}".')
    checked_id = reader.list_id(given, "list_id")
    title = reader.label(raw["title"], "title") if "title" in raw else None
    columns, items = reader.items(raw.get("items"))
    if reader.problems:
        raise ListError(reader.problems)
    return ListDocument(checked_id, title, columns, items)


_TRUE = {"true", "1", "yes", "y"}
_FALSE = {"false", "0", "no", "n", ""}


def read_list_csv(text: str, list_id: str, title: dict | None = None) -> ListDocument:
    """Check a CSV list (header row first, see the module docstring). Cells stay text."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ListError(["(document): a CSV list starts with a header row naming value and "
                         "label_th."])
    header = [cell.strip() for cell in rows[0]]
    problems = []
    if "value" not in header:
        problems.append("(header): needs a value column.")
    if "label_th" not in header and "label" not in header:
        problems.append("(header): needs a label_th (or label) column.")
    if len(set(header)) != len(header):
        problems.append("(header): a column is named twice.")
    if problems:
        raise ListError(problems)
    items, lines = [], []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        if len(row) != len(header):
            problems.append(f"line {line}: has {len(row)} cells, the header {len(header)}.")
            continue
        cells = dict(zip(header, (cell.strip() for cell in row)))
        item: dict[str, Any] = {"value": cells.pop("value")}
        label = {"th": cells.pop("label_th", None) or cells.pop("label", "")}
        cells.pop("label", None)
        if cells.get("label_en"):
            label["en"] = cells.pop("label_en")
        cells.pop("label_en", None)
        item["label"] = label
        retired = cells.pop("retired", "").lower()
        item["retired"] = retired in _TRUE if retired in _TRUE | _FALSE else retired
        item.update(cells)
        items.append(item)
        lines.append(line)
    if problems:
        raise ListError(problems)
    document = {"list_id": list_id, "items": items}
    if title:
        document["title"] = title
    try:
        return read_list(document, list_id)
    except ListError as err:  # name CSV lines, not JSON indexes: items[0] is line 2
        raise ListError([_csv_path(problem, lines) for problem in err.problems]) from None


def _csv_path(problem: str, lines: list[int]) -> str:
    match = re.match(r"items\[(\d+)\]", problem)
    return f"line {lines[int(match.group(1))]}{problem[match.end():]}" if match else problem

