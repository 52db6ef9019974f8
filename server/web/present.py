"""Answers as a person reads them: under their labels, from the exact form version.

`answer_sections` walks a definition beside an answers object and yields what the submission
page shows: groups become sections, repeats become tables, choices show their labels, dates
their local form, and computed values are marked. `field_diff` compares two answer objects
path by path for the revision history. `LIST_COLUMNS` are the few answers per form that a
listing row shows.
"""

import json
from dataclasses import dataclass, field
from functools import lru_cache

from flask import g

from forms.definition import load_definition
from forms.fieldtypes import FIELD_TYPES
from server.web.i18n import format_date, format_datetime, pick, translate
from sync import catalog

__all__ = ["definition_for", "answer_sections", "field_diff", "list_columns", "Row", "Section",
           "display_value"]


@lru_cache(maxsize=64)
def _parsed(definition_text: str):
    return load_definition(json.loads(definition_text))


def definition_for(form_id: str, version: str):
    """The parsed definition of one published version: read once per request (a listing page
    of one form would otherwise read it once per row), parsed once per process (a published
    version never changes, so its text names one definition)."""
    read = g.setdefault("definitions_read", {})
    if (form_id, version) not in read:
        read[(form_id, version)] = _parsed(catalog.get_version(form_id, version).definition)
    return read[(form_id, version)]


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
    labels = {c["value"]: pick(c["label"], lang) for c in spec.get("choices", ())}
    values = value if isinstance(value, list) else [value]
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


# How each `display` a field type declares (forms/fieldtypes.py) is shown; None falls back to plain.
_DISPLAYS = {
    "plain": _plain,
    "choices": _choices,
    "yes_no": lambda spec, value, lang: translate("yes" if value else "no", lang),
    "date": lambda spec, value, lang: format_date(value, lang),
    "datetime": lambda spec, value, lang: format_datetime(value, lang),
    "location": _location,
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
                out.append(Row(_calculate_label(spec, lang), display_value(spec, value, lang),
                               path, computed=True))
        elif value is not None:
            out.append(Row(_label(spec, lang), display_value(spec, value, lang), path))
    return out


_CALCULATE_LABELS = {
    "present_count": ("จำนวนผู้มาเข้ารับการอบรม (คน)", "Participants present"),
    "attendee_total": ("จำนวนผู้เข้าร่วมเวทีทั้งหมด (คน)", "Attendees in total"),
    "total_score": ("คะแนนรวม", "Total score"),
    "eligible": ("ผ่านเกณฑ์ของกรมการพัฒนาชุมชน", "Meets the department's criterion"),
}


def _calculate_label(spec, lang: str) -> str:
    """A calculate field has no label in the form language; known ones get a readable one."""
    if spec.get("label"):
        return _label(spec, lang)
    th_en = _CALCULATE_LABELS.get(spec.name)
    return (th_en[1] if lang == "en" else th_en[0]) if th_en else spec.name


def answer_sections(definition, answers: dict, lang: str) -> list:
    """The whole answers object as top-level items (Rows, Tables, Sections)."""
    return _items(definition.fields, answers, lang, "")


# --- revision diffs --------------------------------------------------------------------------


def _flatten(value, prefix: str, out: dict) -> dict:
    if isinstance(value, dict) and not ({"lat", "lon"} <= set(value)):
        for key, inner in value.items():
            _flatten(inner, f"{prefix}.{key}" if prefix else key, out)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for index, inner in enumerate(value):
            _flatten(inner, f"{prefix}.{index + 1}", out)
    else:
        out[prefix] = value
    return out


def _spec_index(definition) -> dict:
    return {spec.path: spec for spec in definition.walk()}


def _path_label(specs: dict, path: str, lang: str) -> tuple[str, object]:
    """`participants.3.age` -> ("Participants › 3 › Age (years)", spec of age)."""
    parts, names, labels, spec = path.split("."), [], [], None
    for part in parts:
        if part.isdigit():
            labels.append(part)
            continue
        names.append(part)
        spec = specs.get(".".join(names))
        labels.append(_label(spec, lang) if spec and spec.type != "calculate"
                      else (_calculate_label(spec, lang) if spec else part))
    return " › ".join(labels), spec


@dataclass
class Change:
    label: str
    before: str
    after: str


def field_diff(definition, before: dict | None, after: dict, lang: str) -> list[Change]:
    """Every answer path whose value differs between two revisions, labelled."""
    old = _flatten(before or {}, "", {})
    new = _flatten(after, "", {})
    specs = _spec_index(definition)
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


def _choice(definition, name: str, value, lang: str) -> str:
    for spec in definition.fields:
        if spec.name == name:
            return display_value(spec, value, lang)
    return "" if value is None else str(value)


def _village(answers: dict) -> str:
    place = answers.get("place") or {}
    name, number = place.get("village_name"), place.get("village_no")
    if name and number is not None:
        return f"{name} ({number})"
    return str(name or number or "")


def _present_of_target(answers: dict) -> str:
    return f"{answers.get('present_count', '')} / {answers.get('target_count', '')}"


# form_id -> [(header (th, en), value(answers, definition, lang))]
LIST_COLUMNS = {
    "forum_minutes": [
        (("ครั้งที่", "Forum no."), lambda a, d, lang: str(a.get("forum_no", ""))),
        (("หมู่บ้าน", "Village"), lambda a, d, lang: _village(a)),
        (("จำนวนมติ", "Resolutions"), lambda a, d, lang: str(len(a.get("resolutions") or []))),
    ],
    "proposal_scoring": [
        (("ชื่อโครงการ", "Proposal"), lambda a, d, lang: a.get("proposal_title", "")),
        (("คะแนนรวม", "Total score"), lambda a, d, lang: str(a.get("total_score", ""))),
        (("ผ่านเกณฑ์", "Eligible"), lambda a, d, lang: translate(
            "yes" if a.get("eligible") else "no", lang) if "eligible" in a else ""),
    ],
    "training_attendance": [
        (("กิจกรรม", "Activity"), lambda a, d, lang: _choice(d, "activity", a.get("activity"),
                                                             lang)),
        (("วันที่", "Day"), lambda a, d, lang: str(a.get("day_no", ""))),
        (("มา / เป้าหมาย", "Present / target"), lambda a, d, lang: _present_of_target(a)),
    ],
    "km_record": [
        (("ชื่อเรื่อง", "Title"), lambda a, d, lang: a.get("title", "")),
        (("ผู้บันทึก", "Officer"), lambda a, d, lang: a.get("officer_name", "")),
    ],
}


def list_headers(form_id: str, lang: str) -> list[str]:
    return [th if lang == "th" else en for (th, en), _ in LIST_COLUMNS.get(form_id, ())]


def list_columns(row, lang: str) -> list[str]:
    """The form-specific cells of one listing row (empty for a form without a column set)."""
    columns = LIST_COLUMNS.get(row.form_id)
    if not columns:
        return []
    answers = json.loads(row.answers)
    definition = definition_for(row.form_id, row.form_version)
    return [value(answers, definition, lang) for _, value in columns]
