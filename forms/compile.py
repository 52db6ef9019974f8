"""Compile a form definition into the checks that validate an answers object.

Validation has two passes, both built once per definition hash and reused:

1. **What each answer is** — a marshmallow schema generated from the definition: one field per
   answer, checking type and the static rules (bounds, lengths, patterns, choices, item counts,
   unknown keys, nested groups and repeat rows). What each type accepts and says is its entry
   in forms/fieldtypes.py; this module only arranges those checks into the answers' tree.
2. **How answers relate** — the logic pass, in document order: `relevant` (a field that does
   not apply must be absent), `required` (only when relevant), `constraint` (with `value` and,
   inside a repeat, `row`), and `calculate` values, which the server computes and stores in
   place of anything a client sent. Later rules see earlier calculations.

Checks are closures made at compile time, not nested marshmallow schemas per repeat row: a
30-row attendance sheet must validate in a fraction of a millisecond (see the benchmark).
Errors are keyed by dotted answer path (`participants.3.age`) and rendered in Thai or English.
"""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable

from marshmallow import RAISE, Schema, ValidationError, fields, missing

from forms import jsonlogic, messages
from forms.definition import FieldSpec, FormDefinition, load_definition
from forms.fieldtypes import RULES, Problem, answer_check, bound_check
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

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def errors(self) -> dict[str, list[str]]:
        return self.errors_in("en")

    def errors_in(self, lang: str) -> dict[str, list[str]]:
        return {path: [p.render(lang) for p in probs] for path, probs in self.problems.items()}


# --- pass 1: what each answer is ------------------------------------------------------------

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
    row_check = _object_check(spec.children, Problem("row"))
    count = bound_check(RULES["items"], spec)
    not_rows = Problem("rows")

    def check(value):
        if not isinstance(value, list):
            return not_rows
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
        return _object_check(spec.children, Problem("group"))
    if spec.type == "repeat":
        return _repeat_check(spec)
    if spec.type == "calculate":
        return lambda v: None  # whatever a client sent is replaced by the server's value
    return answer_check(spec)  # the field type's own check (forms/fieldtypes.py)


class CompiledAnswer(fields.Field):
    """A marshmallow field whose check was compiled from one field of the definition.

    It overrides `deserialize` itself rather than `_deserialize`: `required`, defaults and
    validators, which the base method handles, have no part here (absence and `required` are
    the logic pass's business, since they depend on relevance), and skipping them halves the
    cost per answer.
    """

    def __init__(self, check: Check, **kwargs):
        super().__init__(allow_none=True, **kwargs)
        self.check = check

    def deserialize(self, value, attr=None, data=None, **kwargs):
        if value is missing or value is None:
            return value
        found = self.check(value)
        if found:
            raise ValidationError(found if isinstance(found, dict) else [found])
        return value


class AnswersSchema(Schema):
    """Base of every compiled answers schema: unknown keys are errors, as FORMS.md says."""

    class Meta:
        unknown = RAISE


def _answers_schema(definition: FormDefinition) -> Schema:
    declared = {s.name: CompiledAnswer(_answer_check(s)) for s in definition.fields if s.type != "note"}
    name = f"Answers_{definition.form_id}_{re.sub(r'[^0-9A-Za-z_]', '_', definition.version)}"
    return AnswersSchema.from_dict(declared, name=name)()


# --- pass 2: how answers relate -------------------------------------------------------------


class _Node:
    """A field as the logic pass needs it: rules pre-extracted, children pre-built."""

    __slots__ = ("name", "type", "relevant", "required", "constraint", "message", "expr",
                 "children", "calculated", "check", "plain")

    def __init__(self, spec: FieldSpec):
        self.name, self.type = spec.name, spec.type
        self.relevant = _compiled(spec.get("relevant"))
        self.required = bool(spec.get("required"))
        self.constraint = _compiled(spec.get("constraint"))
        self.message = spec.get("constraint_message")
        self.expr = _compiled(spec.get("expr"))
        self.children = tuple(_Node(c) for c in spec.children if c.type != "note")
        self.calculated = frozenset(c.name for c in self.children if c.type == "calculate")
        self.check = answer_check(spec) if spec.answerable and self.constraint is not None else None
        # Most answers have no logic of their own: only `required` to check, then copy.
        self.plain = spec.answerable and self.relevant is None and self.constraint is None


REQUIRED = Problem("required")


def _compiled(rule):
    return None if rule is None else jsonlogic.compile_rule(rule)


def _is_empty(value) -> bool:
    """No answer: null, blank text, or an empty list or object."""
    if value is None:
        return True
    kind = type(value)
    if kind is str:
        return not value.strip()
    return (kind is list or kind is dict) and not value


def _without(values: dict, names: frozenset) -> dict:
    """A copy of one level of answers without client-sent calculations, which are never trusted."""
    return {k: v for k, v in values.items() if k not in names} if names else dict(values)


class _Logic:
    """Relevance, required, constraints and calculations, walked in document order.

    Rules read `data`: the answers with the server's calculations so far (`here` is the copy
    of the current level inside it, where a new calculation is written), plus `row` inside a
    repeat and `value` in a constraint.
    """

    def __init__(self, definition: FormDefinition):
        self.nodes = tuple(_Node(s) for s in definition.fields if s.type != "note")
        self.calculated = frozenset(n.name for n in self.nodes if n.type == "calculate")

    def run(self, answers: dict, problems: dict) -> dict:
        clean: dict = {}
        data = _without(answers, self.calculated)
        self._walk(self.nodes, answers, clean, data, data, "", problems)
        return clean

    def _walk(self, nodes, given: dict, clean: dict, here: dict, data: dict, prefix: str, problems):
        for node in nodes:
            name = node.name
            value = given.get(name)
            if node.plain:
                if not _is_empty(value):
                    clean[name] = value
                elif node.required:
                    _add(problems, prefix + name, REQUIRED)
                continue
            path = prefix + name
            if node.relevant is not None and not self._truthy(node.relevant, data, path, problems):
                if value is not None:
                    _add(problems, path, Problem("not_applicable"))
                here.pop(name, None)
                continue
            kind = node.type
            if kind == "calculate":
                clean[name] = here[name] = _storable(self._eval(node.expr, data, path, problems))
                continue
            if kind == "group":
                # An absent group still has its own required answers to report.
                if value is None and node.required:
                    _add(problems, path, REQUIRED)
                elif value is None or isinstance(value, dict):
                    value = value or {}
                    inner: dict = {}
                    here[name] = _without(value, node.calculated)
                    self._walk(node.children, value, inner, here[name], data, path + ".", problems)
                    if inner:
                        clean[name] = inner
                continue
            if _is_empty(value):
                if node.required:
                    _add(problems, path, REQUIRED)
                continue
            if kind == "repeat":
                if isinstance(value, list):
                    clean[name] = self._rows(node, value, data, path, problems)
            else:
                if node.constraint is not None and node.check(value) is None:
                    if not self._truthy(node.constraint, {**data, "value": value}, path, problems):
                        _add(problems, path, Problem("constraint", texts=node.message))
                clean[name] = value

    def _rows(self, node: _Node, rows: list, data: dict, path: str, problems) -> list:
        out = []
        for index, row in enumerate(rows):
            if not isinstance(row, dict):
                continue
            clean_row: dict = {}
            here = _without(row, node.calculated)
            self._walk(node.children, row, clean_row, here, {**data, "row": here},
                       f"{path}.{index}.", problems)
            out.append(clean_row)
        return out

    def _eval(self, rule, data, path, problems):
        try:
            return rule(data)
        except (jsonlogic.LogicError, ArithmeticError, TypeError, ValueError) as err:
            _add(problems, path, Problem("logic_failed", (("reason", str(err)),)))
            return None

    def _truthy(self, rule, data, path, problems) -> bool:
        return jsonlogic.truthy(self._eval(rule, data, path, problems))


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
    """A definition compiled once into its answers schema and logic pass."""

    def __init__(self, definition: FormDefinition):
        self.definition = definition
        self.schema = _answers_schema(definition)
        self._logic = _Logic(definition)

    def validate(self, answers: Any) -> Outcome:
        """Check an answers object; `Outcome.answers` holds the clean answers to store."""
        if not isinstance(answers, dict):
            return Outcome({}, {"": [Problem("group")]})
        problems: dict[str, list[Problem]] = {}
        try:
            self.schema.load(answers)
        except ValidationError as err:
            _problems_of(err.messages, problems)
        clean = self._logic.run(answers, problems)
        return Outcome(clean, problems)


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
