"""An uploaded form read before anything is published: a Tambon JSON definition or an XLSForm.

The admin's forms page (server/web/admin.py) shows what an upload becomes and every problem
with it, each at its place (a JSON path, or an XLSForm's sheet, row and column) and in the
page's language. A problem marked as a *downgrade* (something the converter could only turn
into something simpler) may be accepted by the author one by one; any other problem blocks
publishing. Reading an upload stores nothing and is deterministic, so the page can read the
same bytes again when the author publishes.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from forms.definition import DefinitionError, DefinitionProblem, load_definition
from forms.messages import LANGS, text
from forms.text import UNSTORABLE, unstorable_paths

__all__ = ["UPLOAD_LIMIT", "XLSFORM_SUFFIXES", "Draft", "Finding", "read_upload"]

log = logging.getLogger(__name__)

# A real XLSForm is tens of kilobytes; a few megabytes leaves room for big choice lists.
UPLOAD_LIMIT = 5 * 1024 * 1024
XLSFORM_SUFFIXES = (".xlsx", ".xls")


@dataclass(frozen=True)
class Finding:
    """One problem with an upload: its words by language, and where it is."""

    texts: dict[str, str]
    path: str = ""  # in the definition (JSON), "" for the whole document
    sheet: str | None = None  # in the workbook (XLSForm)
    row: int | None = None
    column: str | None = None
    downgrade: bool = False

    def text(self, lang: str) -> str:
        return self.texts.get(lang) or self.texts["th"]

    def where(self, lang: str) -> str:
        """"sheet survey, row 7, column relevant", or the JSON path, in `lang`."""
        if self.sheet is not None:
            parts = [text("where_sheet", lang, sheet=self.sheet)]
            if self.row is not None:
                parts.append(text("where_row", lang, row=self.row))
            if self.column:
                parts.append(text("where_column", lang, column=self.column))
            return ", ".join(parts)
        return self.path or text("def_whole_document", lang)

    @classmethod
    def of(cls, problem: DefinitionProblem, **place) -> "Finding":
        return cls({lang: problem.sentence(lang) for lang in LANGS}, path=problem.path, **place)

    @classmethod
    def coded(cls, code: str, **params) -> "Finding":
        return cls({lang: text(code, lang, **params) for lang in LANGS})


@dataclass(frozen=True)
class Draft:
    """What an upload becomes: its definition (None when nothing usable came out) and its
    findings, blocking problems first."""

    filename: str
    definition: dict[str, Any] | None
    findings: tuple[Finding, ...] = field(default=())

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.downgrade)

    @property
    def downgrades(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.downgrade)

    def publishable(self, accepted: set[int]) -> bool:
        """True when there is a definition, nothing blocks, and the author accepted every
        downgrade (by its position among `downgrades`)."""
        return (self.definition is not None and not self.blocking
                and accepted >= set(range(len(self.downgrades))))


def read_upload(data: bytes, filename: str) -> Draft:
    """Read an uploaded file by its name's ending: an XLSForm (.xlsx, .xls) or JSON."""
    filename = UNSTORABLE.sub("", filename)[:200]
    if len(data) > UPLOAD_LIMIT:
        return Draft(filename, None, (Finding.coded("upload_too_large",
                                                    limit=UPLOAD_LIMIT // (1024 * 1024)),))
    if filename.lower().endswith(XLSFORM_SUFFIXES):
        definition, findings = _convert(data, filename)  # the converter runs the check itself
    elif filename.lower().endswith(".json"):
        definition, findings = _json(data)
        if definition is not None and not unstorable_paths(definition):
            findings += _checked(definition)
    else:
        return Draft(filename, None, (Finding.coded("upload_kind"),))
    if definition is not None and unstorable_paths(definition):
        # Kept nowhere and shown nowhere: such text cannot even be written into a page.
        findings += [Finding.of(DefinitionProblem(path, "invalid_characters"))
                     for path in unstorable_paths(definition)]
        definition = None
    ordered = sorted(findings, key=lambda f: f.downgrade)  # stable: each kind keeps its order
    return Draft(filename, definition, tuple(ordered))


def _json(data: bytes) -> tuple[dict | None, list[Finding]]:
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        return None, [Finding.coded("upload_not_utf8")]
    except json.JSONDecodeError as err:
        return None, [Finding.of(DefinitionProblem("", "def_not_json", line=err.lineno,
                                                   column=err.colno))]
    except (ValueError, RecursionError):  # a number too long for Python, nesting too deep
        return None, [Finding.of(DefinitionProblem("", "def_not_readable"))]
    if not isinstance(raw, dict):
        return None, [Finding.of(DefinitionProblem("", "def_not_form_object"))]
    return raw, []


def _checked(definition: dict) -> list[Finding]:
    """The form language's own check of a definition (the same one publishing makes)."""
    try:
        load_definition(definition)
    except DefinitionError as err:
        return [Finding.of(problem) for problem in err.problems]
    return []


def _convert(data: bytes, filename: str) -> tuple[dict | None, list[Finding]]:
    """An XLSForm through the converter (forms/xlsform.py), its problems as findings."""
    try:
        from forms import xlsform
    except ImportError:  # a server without the converter still takes JSON
        return None, [Finding.coded("upload_kind")]
    try:
        conversion = xlsform.convert(data, filename)
    except Exception:  # noqa: BLE001 - a hostile workbook must never become a 500
        log.warning("the workbook %r could not be converted", filename, exc_info=True)
        return None, [Finding.coded("upload_not_workbook")]
    return conversion.definition, [_finding(problem) for problem in conversion.problems]


def _finding(problem) -> Finding:
    """A converter's `Problem` (forms/xlsform.py): its words, sheet, row, column, downgrade."""
    return Finding(dict(problem.text), sheet=problem.sheet, row=problem.row,
                   column=problem.column, downgrade=problem.downgrade)
