"""Rosters: lists that forms write (docs/forms.md, "Rosters").

A repeat (each of its rows) or the form itself (the submission) may declare

    "roster": {"list": "training_trainees", "mode": "upsert",
               "value": {"cat": [{"var": "record.uuid"}, ".", {"var": "record.row"}]},
               "label": {"var": "row.full_name"},
               "columns": {"activity": {"var": "activity"}, "phone": {"var": "row.phone"}},
               "tick": {"var": "row.present"}}

Every part is JSON Logic over the answers, with `row` (the repeat's row; the answers
themselves for a form-level roster) and `record` (`uuid`: the submission's uuid, `row`: the
row's number from 1) beside them. `mode` "upsert" (the default) adds the item or updates it;
"update" only updates an item the list already has, and a row naming an unknown item is
rejected. A label or column that comes out null or blank keeps what the item had. A row whose
value comes out null or blank writes nothing. `tick` says whether the person attended (true
when absent): the supervisors' roster page counts it.

This module checks declarations and evaluates them; the phone evaluates the same declarations
on its own copy of the list, and sync/lists.py applies them when a submission is stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from forms import jsonlogic
from forms.fieldtypes import Problem
from forms.lists import COLUMN_NAME, ITEM_VALUE, LIST_ID

__all__ = ["MODES", "Roster", "RosterWrite", "roster_problems", "compile_roster"]

MODES = ("upsert", "update")
KEYS = frozenset({"list", "mode", "value", "label", "columns", "tick"})
ROW_FIELD = re.compile(r"row\.([a-z][a-z0-9_]{0,63})\Z")


@dataclass(frozen=True)
class RosterWrite:
    """What one row writes to a roster: `label`/`columns` None or absent keep the item's."""

    list_id: str
    value: str
    label: str | None
    columns: dict[str, Any]
    present: bool
    mode: str
    path: str  # where a problem with it is reported


def roster_problems(decl: Any, path: str) -> list[tuple[str, str, dict]]:
    """Every problem of a roster declaration, as (path, catalog code, parameters)."""
    if not isinstance(decl, dict):
        return [(path, "def_roster_not_object", {})]
    problems = [(f"{path}.{key}", "def_roster_key", {"keys": ", ".join(sorted(KEYS))})
                for key in sorted(set(decl) - KEYS, key=str)]
    if not isinstance(decl.get("list"), str) or not LIST_ID.match(decl["list"]):
        problems.append((f"{path}.list", "def_list_id", {}))
    mode = decl.get("mode", "upsert")
    if mode not in MODES:
        problems.append((f"{path}.mode", "def_roster_mode", {"modes": ", ".join(MODES)}))
    if "value" not in decl:
        problems.append((f"{path}.value", "def_roster_value", {}))
    if mode == "upsert" and "label" not in decl:
        problems.append((f"{path}.label", "def_roster_label", {}))
    columns = decl.get("columns", {})
    if not isinstance(columns, dict) or not all(
            isinstance(name, str) and COLUMN_NAME.match(name)
            and name not in ("value", "label", "retired") for name in columns):
        problems.append((f"{path}.columns", "def_roster_columns", {}))
        columns = {}
    rules = [(key, decl[key]) for key in ("value", "label", "tick") if key in decl]
    rules += [(f"columns.{name}", rule) for name, rule in columns.items()]
    for key, rule in rules:
        for problem in jsonlogic.check_rule(rule):
            problems.append((f"{path}.{key}", "def_logic", {"problem": problem}))
    return problems


class Roster:
    """A checked declaration, compiled once per definition."""

    def __init__(self, decl: dict, path: str, repeat: str | None):
        self.list_id = decl["list"]
        self.mode = decl.get("mode", "upsert")
        self.repeat = repeat  # the repeat's dotted answer path, None for the form itself
        self.path = path
        self._value = jsonlogic.compile_rule(decl["value"])
        self._label = jsonlogic.compile_rule(decl["label"]) if "label" in decl else None
        self._tick = jsonlogic.compile_rule(decl["tick"]) if "tick" in decl else None
        self._columns = {name: jsonlogic.compile_rule(rule)
                         for name, rule in decl.get("columns", {}).items()}
        self.columns = tuple(self._columns)
        # A value read straight from one field of the row names that field in problems.
        match = ROW_FIELD.match(_var_path(decl["value"]) or "")
        self.value_field = match.group(1) if match else None

    def writes(self, answers: dict, uuid: str, problems: dict) -> list[RosterWrite]:
        """What the stored answers write; a value that is no item value is a problem."""
        if self.repeat is None:
            rows = [("", answers)]
        else:
            rows = _rows_at(answers, self.repeat)
        out = []
        for index, (where, row) in enumerate(rows):
            data = {**answers, "row": row, "record": {"uuid": uuid, "row": index + 1}}
            value = _text(_evaluated(self._value, data))
            if value is None:
                continue
            path = where + (self.value_field or "") if self.value_field else where.rstrip(".")
            if not ITEM_VALUE.match(value):
                problems.setdefault(path, []).append(Problem("roster_value", (("value", value[:64]),)))
                continue
            label = _text(_evaluated(self._label, data)) if self._label else None
            columns = {}
            for name, rule in self._columns.items():
                cell = _evaluated(rule, data)
                if cell is not None and cell != "":
                    columns[name] = cell if isinstance(cell, (str, int, float, bool)) else str(cell)
            tick = True if self._tick is None else jsonlogic.truthy(_evaluated(self._tick, data))
            out.append(RosterWrite(self.list_id, value, label, columns, tick, self.mode,
                                   path or ""))
        return out


def compile_roster(decl: dict, path: str, repeat: str | None) -> Roster:
    return Roster(decl, path, repeat)


def _var_path(rule) -> str | None:
    if isinstance(rule, dict) and len(rule) == 1 and "var" in rule:
        arg = rule["var"]
        arg = arg[0] if isinstance(arg, list) and arg else arg
        return arg if isinstance(arg, str) else None
    return None


def _rows_at(answers: dict, path: str) -> list[tuple[str, dict]]:
    """Every row of the repeat at dotted `path` (inside groups), with its answer path."""
    *groups, name = path.split(".")
    level = answers
    for group in groups:
        level = level.get(group) if isinstance(level, dict) else None
    rows = level.get(name) if isinstance(level, dict) else None
    if not isinstance(rows, list):
        return []
    return [(f"{path}.{i}.", row) for i, row in enumerate(rows) if isinstance(row, dict)]


def _evaluated(rule, data):
    try:
        return rule(data)
    except (jsonlogic.LogicError, ArithmeticError, TypeError, ValueError):
        return None


def _text(value) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        value = jsonlogic.apply({"cat": [value]})
    value = str(value).strip() if isinstance(value, str) else None
    return value or None
