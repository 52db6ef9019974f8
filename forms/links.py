"""Answers that name things outside their form: list items, other records, roster rows.

Whether `"24"` is a province, whether a uuid is one of the officer's own forum records, or
whether a day-2 row names a trainee the roster has, depends on what the server holds when
the answers arrive, not on the definition alone. So these checks are a pass of their own,
after the compiled checks (forms/compile.py), and read the server's state through a `Links`
object that sync/lists.py provides (the phone runs the same rules on its own copies):

- `choices_from`: the answer is an item of the list; a retired item only where
  `Links.keeps_retired` says so (docs/forms.md, "Retired items");
- `choice_filter` (lists and inline choices alike): the logic is true with the chosen item as
  `item` (value, label and extra columns) beside the answers (and `row` inside a repeat);
- `ref`: a submission of the named form, made by the same officer (`Links.record_form`);
- `roster`: what each row writes (forms/rosters.py); an "update" row must name a known item.

Problems are keyed by dotted answer path, as the compiled checks' are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from forms import jsonlogic
from forms.definition import FieldSpec, FormDefinition
from forms.fieldtypes import Problem
from forms.rosters import Roster, RosterWrite

__all__ = ["LinkChecks", "LinkOutcome", "Links"]


class Links(Protocol):
    """The server's (or phone's) state that link checks read."""

    def list_item(self, list_id: str, value: str) -> tuple[dict, str | None] | None:
        """The item as the list serves it and when it was retired (None: not retired), or
        None when the list has no such item."""

    def keeps_retired(self, retired_at: str) -> bool:
        """Whether this submission may hold an item retired at `retired_at`."""

    def record_form(self, uuid: str) -> str | None:
        """The form_id of the sender's own submission `uuid`, or None (unknown, or another
        officer's: the same answer, so that nobody learns of others' records)."""


@dataclass
class LinkOutcome:
    problems: dict[str, list[Problem]] = field(default_factory=dict)
    rosters: list[RosterWrite] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class _Select:
    """A select field whose answers are checked here: from a list, or filtered, or both."""

    def __init__(self, spec: FieldSpec):
        self.list_id = spec.get("choices_from")
        rule = spec.get("choice_filter")
        self.filter = jsonlogic.compile_rule(rule) if rule is not None else None
        self.inline = {choice["value"]: _choice_item(choice) for choice in spec.get("choices") or ()}
        self.many = spec.type == "select_multiple"


def _choice_item(choice: dict) -> dict:
    """An inline choice as `item`: its value, label and any extra keys."""
    return dict(choice)


class LinkChecks:
    """The link checks of one definition, compiled once (see CompiledForm.links)."""

    def __init__(self, definition: FormDefinition):
        self.definition = definition
        self.selects: dict[str, _Select] = {}
        self.refs: dict[str, str] = {}
        self.rosters: list[Roster] = []
        for spec in definition.walk():
            if spec.type in ("select_one", "select_multiple") and (
                    spec.get("choices_from") or spec.get("choice_filter") is not None):
                self.selects[spec.path] = _Select(spec)
            elif spec.type == "ref":
                self.refs[spec.path] = spec.get("form")
            elif spec.type == "repeat" and isinstance(spec.get("roster"), dict):
                self.rosters.append(Roster(spec.get("roster"), spec.path, spec.path))
        if isinstance(definition.raw.get("roster"), dict):
            self.rosters.append(Roster(definition.raw["roster"], "", None))

    @property
    def empty(self) -> bool:
        return not (self.selects or self.refs or self.rosters)

    def roster_lists(self) -> dict[str, tuple[str, ...]]:
        """list_id -> the columns this definition writes, for every roster it declares."""
        out: dict[str, tuple[str, ...]] = {}
        for roster in self.rosters:
            out[roster.list_id] = tuple(dict.fromkeys(out.get(roster.list_id, ()) + roster.columns))
        return out

    def check(self, answers: dict, links: Links, uuid: str) -> LinkOutcome:
        """The problems of clean `answers` (as forms.compile returns them) and what they
        write to rosters."""
        outcome = LinkOutcome()
        if self.empty:
            return outcome
        problems = outcome.problems
        for spec, path, value, row in _answered(self.definition.fields, answers, "", None,
                                                self.selects.keys() | self.refs.keys()):
            if spec.path in self.refs:
                if not isinstance(value, str) or links.record_form(value) != self.refs[spec.path]:
                    _add(problems, path, Problem("ref_unknown", (("form", self.refs[spec.path]),)))
                continue
            select = self.selects[spec.path]
            chosen = value if select.many else [value]
            for index, choice in enumerate(chosen if isinstance(chosen, list) else ()):
                where = f"{path}.{index}" if select.many else path
                problem = self._choice_problem(select, choice, answers, row, links)
                if problem is not None:
                    _add(problems, where, problem)
        for roster in self.rosters:
            for write in roster.writes(answers, uuid, problems):
                known = links.list_item(write.list_id, write.value) is not None
                if write.mode == "update" and not known:
                    _add(problems, write.path, Problem(
                        "roster_unknown_item", (("value", write.value), ("list", write.list_id))))
                elif not known and write.label is None:
                    _add(problems, write.path, Problem("roster_needs_label",
                                                       (("list", write.list_id),)))
                else:
                    outcome.rosters.append(write)
        if problems:
            outcome.rosters.clear()
        return outcome

    @staticmethod
    def _choice_problem(select: _Select, value: Any, answers: dict, row, links: Links):
        if not isinstance(value, str):
            return None  # the compiled checks already said what is wrong
        if select.list_id:
            found = links.list_item(select.list_id, value)
            if found is None:
                return Problem("list_choice_unknown", (("list", select.list_id), ("value", value)))
            item, retired_at = found
            if retired_at is not None and not links.keeps_retired(retired_at):
                return Problem("list_choice_retired", (("value", value),))
        else:
            item = select.inline.get(value)
            if item is None:
                return None  # not a choice: the compiled checks said so
        if select.filter is not None:
            data = {**answers, "item": item}
            if row is not None:
                data["row"] = row
            try:
                passes = jsonlogic.truthy(select.filter(data))
            except (jsonlogic.LogicError, ArithmeticError, TypeError, ValueError) as err:
                return Problem("logic_failed", (("reason", str(err)),))
            if not passes:
                return Problem("choice_filtered", (("value", value),))
        return None


def _answered(specs, answers: dict, prefix: str, row, wanted):
    """(spec, answer path, value, row) for every answered field whose spec path is wanted."""
    for spec in specs:
        value = answers.get(spec.name)
        if value is None:
            continue
        path = prefix + spec.name
        if spec.type == "group" and isinstance(value, dict):
            yield from _answered(spec.children, value, path + ".", row, wanted)
        elif spec.type == "repeat" and isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    yield from _answered(spec.children, item, f"{path}.{index}.", item, wanted)
        elif spec.path in wanted:
            yield spec, path, value, row


def _add(problems: dict, path: str, problem: Problem) -> None:
    problems.setdefault(path, []).append(problem)
