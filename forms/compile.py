"""Compile a form definition into the check that validates an answers object.

A marshmallow schema is generated from the definition, built once per definition hash and
reused: one field per top-level answer, unknown keys refused. Loading it walks the answers
once, in document order, and checks each answer in one step for

- **what it is**: its type and static rules (bounds, lengths, patterns, choices, item
  counts, unknown keys, nested groups and repeat rows). What each type accepts and says is
  its entry in forms/fieldtypes.py, whose check this module calls by the field's type;
- **how it relates to the others**: `relevant` (a field that does not apply must be
  absent), `required` (only when relevant), `constraint` (with `value` and, inside a repeat,
  `row`), and `calculate` values, which the server computes and stores in place of anything
  a client sent. Later rules see earlier calculations.

Checks are closures made at compile time, not nested marshmallow schemas per repeat row, and
each repeat row is visited once: a 30-row attendance sheet must validate in a fraction of a
millisecond (see the benchmarks). Errors are keyed by dotted answer path
(`participants.3.age`), an answer's type problems before its rules' ones, and rendered in
Thai or English.
"""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Callable

from marshmallow import RAISE, Schema, ValidationError, fields, missing

from forms import jsonlogic, messages
from forms.definition import FieldSpec, FormDefinition, load_definition
from forms.fieldtypes import RULES, Problem, answer_check, answer_expression, bound_check, renamed
from forms.links import LinkChecks, Links
from forms.messages import by_path as messages_by_path

__all__ = ["CompiledForm", "Outcome", "Problem", "compile_form", "compiled_by_hash", "MESSAGES",
           "KEEP_COMPILED"]

# --- messages -------------------------------------------------------------------------------

MESSAGES = messages.ANSWERS  # the answer checks' entries of the one catalog


@dataclass
class Outcome:
    """The result of validating one answers object."""

    answers: dict[str, Any]
    problems: dict[str, list[Problem]] = field(default_factory=dict)
    rosters: list = field(default_factory=list)  # forms.rosters.RosterWrite, when links given

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def errors(self) -> dict[str, list[str]]:
        return self.errors_in("en")

    def errors_in(self, lang: str) -> dict[str, list[str]]:
        return {path: [p.render(lang) for p in probs] for path, probs in self.problems.items()}


# --- what each answer is, alone -------------------------------------------------------------
# The type pass of one answer and everything inside it: its field type's check (forms/
# fieldtypes.py) arranged into the answers' tree. The walk below runs it on each answer as it
# goes; this closure alone is for answers that do not apply, which are still checked for what
# they are before they are refused.

Check = Callable[[Any], "Problem | dict | None"]


def _object_check(children: tuple[FieldSpec, ...], not_object: Problem) -> Check:
    """Checks a group object or a repeat row: unknown keys, then each sub-answer."""
    checks = {c.name: _answer_check(c) for c in children if c.type != "note"}
    unknown = Problem("unknown")

    def check(value):
        if not isinstance(value, dict):
            return not_object
        errors = None
        for key, answer in value.items():
            sub = checks.get(key, _unknown_key)
            found = sub(answer) if answer is not None or sub is _unknown_key else None
            if found:
                if errors is None:
                    errors = {}
                errors[key] = found if isinstance(found, dict) else [found if found is not True else unknown]
        return errors

    return check


def _unknown_key(_value):
    return True


def _repeat_check(spec: FieldSpec) -> Check:
    row_check = _object_check(spec.children, ROW)
    count = bound_check(RULES["items"], spec)

    def check(value):
        if not isinstance(value, list):
            return ROWS
        errors = None
        if count:
            found = count(value)
            if found:
                errors = {"": [found]}
        for index, row in enumerate(value):
            found = row_check(row)
            if found:
                if errors is None:
                    errors = {}
                errors[index] = found if isinstance(found, dict) else {"": [found]}
        return errors

    return check


def _answer_check(spec: FieldSpec) -> Check:
    if spec.type == "group":
        return _object_check(spec.children, GROUP)
    if spec.type == "repeat":
        return _repeat_check(spec)
    if spec.type == "calculate":
        return lambda v: None  # whatever a client sent is replaced by the server's value
    return answer_check(spec)  # the field type's own check (forms/fieldtypes.py)


# --- one walk: what each answer is, and how answers relate ----------------------------------

REQUIRED = Problem("required")
UNKNOWN = Problem("unknown")
NOT_APPLICABLE = Problem("not_applicable")
GROUP, ROW, ROWS = Problem("group"), Problem("row"), Problem("rows")


class _Node:
    """A field as the walk needs it: its answer check and its rules, built once."""

    __slots__ = ("name", "type", "relevant", "required", "constraint", "message", "expr",
                 "children", "known", "calculated", "check", "expression", "count", "plain",
                 "copies", "fill", "row_count")

    def __init__(self, spec: FieldSpec):
        self.name, self.type = spec.name, spec.type
        self.relevant = _compiled(spec.get("relevant"))
        self.required = bool(spec.get("required"))
        self.constraint = _compiled(spec.get("constraint"))
        self.message = spec.get("constraint_message")
        self.expr = _compiled(spec.get("expr"))
        self.children = tuple(_Node(c) for c in spec.children if c.type != "note")
        self.known = frozenset(c.name for c in self.children)
        self.calculated = frozenset(c.name for c in self.children if c.type == "calculate")
        self.check = _answer_check(spec)
        self.expression = answer_expression(spec) if spec.answerable else None
        self.count = bound_check(RULES["items"], spec) if spec.type == "repeat" else None
        self.row_count = _compiled(spec.get("count")) if spec.type == "repeat" else None  # v2
        # Most answers have no logic of their own: check, then only `required`, then copy.
        self.plain = spec.answerable and self.relevant is None and self.constraint is None
        # Whether walking a level of this container's answers changes the copy the rules
        # read (a calculation written, an answer that does not apply taken out).
        self.copies = any(c.relevant is not None or not c.plain for c in self.children)
        self.fill = _level_function(self.children) if self.children else None


def _compiled(rule):
    return None if rule is None else jsonlogic.compile_rule(rule)


def _is_empty(value) -> bool:
    """No answer: null, blank text, or an empty list or object."""
    if value is None:
        return True
    kind = type(value)
    if kind is str:
        return not value or (value[0].isspace() and not value.strip())
    return (kind is list or kind is dict) and not value


def _without(values: dict, names: frozenset) -> dict:
    """A copy of one level of answers without client-sent calculations, which are never trusted."""
    return {k: v for k, v in values.items() if k not in names} if names else dict(values)


def _level_function(nodes: tuple[_Node, ...]) -> Callable:
    """One level of answers (a group's, or a repeat row's) checked by one function made for
    it: `fill(walk, given, clean, here, data, prefix)`.

    Each answer without a constraint is written out in it with its type's check
    (`forms.fieldtypes.answer_expression`) and its `relevant` rule inline, so a repeat row of
    such answers costs a single call; an answer with a constraint, a container or a
    calculation is handed to `_Walk.answer`. The text is fixed; field names enter it as
    string literals of names the definition check allows (`[a-z][a-z0-9_]*`), values only
    as named constants.
    """
    names: dict[str, Any] = {"REQUIRED": REQUIRED, "NOT_APPLICABLE": NOT_APPLICABLE,
                             "_add": _add, "truthy": jsonlogic.truthy,
                             "EVAL_ERRORS": _EVAL_ERRORS}
    lines = ["def fill(walk, given, clean, here, data, prefix):"]
    for n, node in enumerate(nodes):
        key = repr(node.name)
        if node.expression is None or node.constraint is not None:
            names[f"node_{n}"] = node
            lines.append(f"    walk.answer(node_{n}, given.get({key}), clean, here, data, prefix)")
            continue
        check, values = renamed(node.expression, f"_a{n}")
        names |= values
        lines.append(f"    v = given.get({key})")
        if node.relevant is None:
            lines += _answer_lines(key, check, node.required, "    ")
            continue
        names[f"relevant_{n}"] = node.relevant
        lines += [
            "    try:",
            f"        applies = truthy(relevant_{n}(data))",
            "    except EVAL_ERRORS as err:",
            f"        walk.failed(prefix + {key}, err)",
            "        applies = False",
            "    if not applies:",
            "        if v is not None:",
            f"            found = {check}",
            "            if found:",
            f"                _add(walk.typed, prefix + {key}, found)",
            f"            _add(walk.logic, prefix + {key}, NOT_APPLICABLE)",
            f"        here.pop({key}, None)",
            "    else:",
            *_answer_lines(key, check, node.required, "        "),
        ]
    lines.append("    return None")
    exec("\n".join(lines), names)  # noqa: S102  (fixed text, see above)
    return names["fill"]


def _answer_lines(key: str, check: str, required: bool, indent: str) -> list[str]:
    """The lines that check the answer `v` of field `key` that applies: its type, then
    `required`; a non-empty answer is kept."""
    lines = [
        "if v is not None:",
        f"    found = {check}",
        "    if found:",
        f"        _add(walk.typed, prefix + {key}, found)",
        "    kind = type(v)",
        "    if not ((kind is str and (not v or (v[0].isspace() and not v.strip())))",
        "            or ((kind is list or kind is dict) and not v)):",
        f"        clean[{key}] = v",
    ]
    if required:
        lines += ["    else:",
                  f"        _add(walk.logic, prefix + {key}, REQUIRED)",
                  "else:",
                  f"    _add(walk.logic, prefix + {key}, REQUIRED)"]
    return [indent + line for line in lines]


_EVAL_ERRORS = (jsonlogic.LogicError, ArithmeticError, TypeError, ValueError)


class _Walk:
    """One answers object checked in a single walk, in document order.

    Each answer is checked for what it is (its type's check) and, in the same step, for how
    it relates to the others: `relevant` (an answer that does not apply must be absent),
    `required` (only when relevant), `constraint` (with `value` and, inside a repeat, `row`)
    and `calculate` values, which the server computes and stores in place of anything a
    client sent; later rules see earlier calculations. Rules read `data`: the answers with
    the server's calculations so far (`here` is the copy of the current level inside it,
    where a calculation is written), plus `row` inside a repeat. Problems of an answer's
    type come before those of its rules (`typed`, then `logic`, per path).
    """

    __slots__ = ("data", "typed", "logic")

    def __init__(self, data: dict):
        self.data = data
        self.typed: dict[str, list[Problem]] = {}
        self.logic: dict[str, list[Problem]] = {}

    def problems(self) -> dict[str, list[Problem]]:
        problems = self.typed
        for path, found in self.logic.items():
            problems.setdefault(path, []).extend(found)
        return problems

    def answer(self, node: _Node, value, clean: dict, here: dict, data: dict, prefix: str):
        """One answer: one with rules of its own, a container or a calculation (the plain
        answers of a group or row are checked by its `_level_function`), or any top-level
        answer (called from its marshmallow field)."""
        name = node.name
        path = prefix + name
        if node.relevant is not None and not self._truthy(node.relevant, data, path):
            if value is not None:
                self._typed(path, node.check(value))
                _add(self.logic, path, NOT_APPLICABLE)
            here.pop(name, None)
            return
        kind = node.type
        if kind == "calculate":
            clean[name] = here[name] = _storable(self._eval(node.expr, data, path))
        elif kind == "group":
            if value is None and node.required:
                _add(self.logic, path, REQUIRED)
            elif value is None or isinstance(value, dict):
                # An absent group still has its own required answers to report.
                value = value or {}
                self._unknown(node, value, path)
                inner: dict = {}
                here[name] = _without(value, node.calculated)
                if node.fill is not None:
                    node.fill(self, value, inner, here[name], data, path + ".")
                if inner:
                    clean[name] = inner
            else:
                _add(self.typed, path, GROUP)
        elif kind == "repeat":
            self.rows(node, value, clean, data, path)
        else:
            found = node.check(value) if value is not None else None
            if found:
                _add(self.typed, path, found)
            if _is_empty(value):
                if node.required:
                    _add(self.logic, path, REQUIRED)
                return
            if node.constraint is not None and found is None:
                if not self._truthy(node.constraint, {**data, "value": value}, path):
                    _add(self.logic, path, Problem("constraint", texts=node.message))
            clean[name] = value

    def rows(self, node: _Node, value, clean: dict, data: dict, path: str):
        if node.row_count is not None:
            self._row_count(node, value, data, path)
        if not isinstance(value, list):
            if value is not None:
                _add(self.typed, path, ROWS)
            if node.required and _is_empty(value):
                _add(self.logic, path, REQUIRED)
            return
        if node.count is not None and (found := node.count(value)):
            _add(self.typed, path, found)
        if not value:
            if node.required:
                _add(self.logic, path, REQUIRED)
            return
        # Rules in a row read the answers as they stand before the repeat, plus the row:
        # nothing outside the rows changes while they are walked, so one copy serves them all.
        row_data = {**data}
        out = []
        fill, calculated, copies = node.fill, node.calculated, node.copies
        for index, row in enumerate(value):
            if not isinstance(row, dict):
                _add(self.typed, f"{path}.{index}", ROW)
                continue
            prefix = f"{path}.{index}."
            if not row.keys() <= node.known:
                self._unknown(node, row, prefix[:-1])
            clean_row: dict = {}
            here = _without(row, calculated) if copies else row
            row_data["row"] = here
            if fill is not None:
                fill(self, row, clean_row, here, row_data, prefix)
            out.append(clean_row)
        clean[node.name] = out

    def _row_count(self, node: _Node, rows, data: dict, path: str) -> None:
        """A repeat's `count`: when it gives a whole number, the rows must be that many."""
        wanted = self._eval(node.row_count, data, path)
        if isinstance(wanted, bool) or not isinstance(wanted, (int, float)) or not (
                0 <= wanted < 2**31) or wanted != int(wanted):
            return  # no number (yet): nothing to hold the rows to
        if (len(rows) if isinstance(rows, list) else 0) != int(wanted):
            _add(self.logic, path, Problem("repeat_count", (("count", int(wanted)),)))

    def _unknown(self, node: _Node, value: dict, path: str):
        for key in value:
            if key not in node.known:
                _add(self.typed, f"{path}.{key}", UNKNOWN)

    def _typed(self, path: str, found):
        """A type check's finding (a problem, or nested ones by key) under `path`."""
        if isinstance(found, dict):
            for sub, problems in messages_by_path(found, root="").items():
                for problem in problems:
                    _add(self.typed, f"{path}.{sub}" if sub else path, problem)
        elif found:
            _add(self.typed, path, found)

    def _eval(self, rule, data, path):
        try:
            return rule(data)
        except _EVAL_ERRORS as err:
            self.failed(path, err)
            return None

    def failed(self, path: str, err: Exception) -> None:
        """A rule at `path` could not be evaluated (JSON Logic's error, or bad arithmetic)."""
        _add(self.logic, path, Problem("logic_failed", (("reason", str(err)),)))

    def _truthy(self, rule, data, path) -> bool:
        return jsonlogic.truthy(self._eval(rule, data, path))


# --- the marshmallow schema -----------------------------------------------------------------


class _Answers(Mapping):
    """What the compiled schema loads: the answers as sent, which marshmallow reads field by
    field (and checks for unknown keys), with the walk that its fields share."""

    __slots__ = ("given", "walk")

    def __init__(self, given: dict, walk: _Walk):
        self.given, self.walk = given, walk

    def __getitem__(self, key):
        return self.given[key]

    def get(self, key, default=None):
        return self.given.get(key, default)

    def __iter__(self):
        return iter(self.given)

    def __len__(self):
        return len(self.given)


class CompiledAnswer(fields.Field):
    """A marshmallow field compiled from one top-level field of the definition: its
    deserialisation is the walk of that answer and everything inside it (type and rules in
    one step), and it returns the clean answer to store.

    It overrides `deserialize` itself rather than `_deserialize`: `required`, defaults and
    validators, which the base method handles, have no part here (absence and `required` are
    the walk's business, since they depend on relevance), and skipping them halves the cost
    per answer.
    """

    def __init__(self, node: _Node, **kwargs):
        super().__init__(allow_none=True, **kwargs)
        self.node = node

    def deserialize(self, value, attr=None, data=None, **kwargs):
        walk, node, clean = data.walk, self.node, {}
        value = None if value is missing else value
        walk.answer(node, value, clean, walk.data, walk.data, "")
        if walk.typed or walk.logic:
            raise ValidationError(_below(node.name, walk))
        return clean.get(node.name, missing)


def _below(name: str, walk: _Walk) -> dict:
    """The walk's problems under `name` (type first, then rules), keyed below it, taken out
    of the walk: marshmallow files them under the field."""
    mine: dict[str, list[Problem]] = {}
    for found in (walk.typed, walk.logic):
        for path in [p for p in found if p == name or p.startswith(name + ".")]:
            mine.setdefault(path[len(name) + 1:], []).extend(found.pop(path))
    return mine


class AnswersSchema(Schema):
    """Base of every compiled answers schema: unknown keys are errors, as FORMS.md says.
    It loads `_Answers`: the answers with the walk its fields share."""

    calculated: frozenset = frozenset()  # the top-level calculations, never taken from a client

    class Meta:
        unknown = RAISE

    def load_answers(self, answers: dict) -> dict:
        """The clean answers, or ValidationError with every problem by path."""
        return self.load(_Answers(answers, _Walk(_without(answers, self.calculated))))


def _answers_schema(definition: FormDefinition) -> Schema:
    nodes = [_Node(s) for s in definition.fields if s.type != "note"]
    declared = {node.name: CompiledAnswer(node) for node in nodes}
    name = f"Answers_{definition.form_id}_{re.sub(r'[^0-9A-Za-z_]', '_', definition.version)}"
    schema = AnswersSchema.from_dict(declared, name=name)()
    schema.calculated = frozenset(node.name for node in nodes if node.type == "calculate")
    return schema


def _storable(value):
    """A calculation's result as JSON can hold it: NaN, the infinities and JSON Logic's
    "undefined" (e.g. `{"+": [null, "x"]}`) become null."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list):
        return [_storable(item) for item in value]
    if isinstance(value, dict):
        return {key: _storable(item) for key, item in value.items()}
    if value is None or isinstance(value, (str, int)):
        return value
    return None


def _add(problems: dict, path: str, problem: Problem) -> None:
    problems.setdefault(path, []).append(problem)


def _problems_of(messages, out: dict) -> None:
    """marshmallow's nested error dict -> {"participants.3.age": [Problem, ...]} in `out`."""
    for path, found in messages_by_path(messages, root="").items():
        bucket = out.setdefault(path, [])
        for item in found:
            if not isinstance(item, Problem):  # marshmallow's own words: only unknown keys
                item = Problem("unknown") if item == "Unknown field." else Problem("invalid", (("reason", item),))
            bucket.append(item)


# --- the compiled form ----------------------------------------------------------------------


class CompiledForm:
    """A definition compiled once into its answers schema."""

    def __init__(self, definition: FormDefinition):
        self.definition = definition
        self.schema = _answers_schema(definition)
        self.links = LinkChecks(definition)

    def validate(self, answers: Any, links: Links | None = None, uuid: str = "") -> Outcome:
        """Check an answers object; `Outcome.answers` holds the clean answers to store.

        With `links` (the server's lists and records, see forms/links.py), answers that name
        list items, other records or roster items are checked too, once the rest is valid,
        and `Outcome.rosters` says what the submission `uuid` writes to rosters."""
        if not isinstance(answers, dict):
            return Outcome({}, {"": [GROUP]})
        try:
            clean = self.schema.load_answers(answers)
        except ValidationError as err:
            problems: dict[str, list[Problem]] = {}
            _problems_of(err.messages, problems)
            return Outcome(err.valid_data or {}, problems)
        if links is None or self.links.empty:
            return Outcome(clean)
        linked = self.links.check(clean, links, uuid)
        return Outcome(clean, linked.problems, linked.rosters)


KEEP_COMPILED = 128
_kept: OrderedDict[str, CompiledForm] = OrderedDict()
_kept_lock = threading.Lock()


def _remember(form_hash: str, build: Callable[[], CompiledForm]) -> CompiledForm:
    """The process's one cache of parsed and compiled definitions, least recently used out.

    A definition hash names one definition for ever, so an entry never goes stale; the bound
    keeps a server that has seen many versions (or a test run that publishes hundreds) small.
    Building happens outside the lock: two threads may build the same form once each.
    """
    with _kept_lock:
        form = _kept.get(form_hash)
        if form is not None:
            _kept.move_to_end(form_hash)
            return form
    form = build()
    with _kept_lock:
        form = _kept.setdefault(form_hash, form)
        _kept.move_to_end(form_hash)
        while len(_kept) > KEEP_COMPILED:
            _kept.popitem(last=False)
    return form


def compile_form(definition: FormDefinition | dict) -> CompiledForm:
    """The compiled form for a definition, built once per definition hash."""
    if not isinstance(definition, FormDefinition):
        definition = load_definition(definition)
    return _remember(definition.hash, lambda: CompiledForm(definition))


def compiled_by_hash(form_hash: str, read: Callable[[], dict | str]) -> CompiledForm:
    """The compiled form whose definition has `form_hash`; `read()` gives that definition
    (a dict or JSON text) and is called only when it is not already kept, so a caller that
    stores definitions by hash reads its store once per version."""
    return _remember(form_hash, lambda: CompiledForm(load_definition(read())))
