"""Read a form definition and check it completely against the form language (docs/forms.md).

A definition is refused with *every* problem listed, each with its path
(`fields[3].choices[1].value: The choice value "x" is used twice; ...`), because an admin
fixing a form wants the whole list at once, not one error per publish attempt. The shape of
each part is checked by marshmallow schemas; what a schema cannot see (unique names, bounds in
order, logic that names fields that exist) is checked by a walk over the parsed tree.

Each problem is a `DefinitionProblem`: its path and an entry of the message catalog
(forms/messages/definitions.py), worded in Thai or English for whoever reads it. The schemas'
own complaints are catalog codes too (`worded`), so marshmallow's sentences never reach an
author.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from marshmallow import INCLUDE, missing, ValidationError, fields, validate, validates_schema

from forms import jsonlogic, media
from forms.canonical import content_hash
from forms.fieldtypes import COMMON_KEYS, FIELD_TYPES, answer_check, is_iso_date
from forms.lists import COLUMN_NAME, LIST_ID
from forms.messages import Message, text
from forms.rosters import roster_problems
from forms.schema_parts import (
    DefinitionProblem,
    Label,
    StrictSchema,
    one_of,
    problem_lines,
    worded,
)
from forms.summary import check_summary, parse_summary

__all__ = [
    "DefinitionError",
    "FieldSpec",
    "DefinitionProblem",
    "StrictSchema",
    "FormDefinition",
    "load_definition",
    "problem_lines",
    "TYPES",
    "FIELD_KEY_LANGUAGE",
    "FORM_KEY_LANGUAGE",
    "LANGUAGE_VERSION",
    "LANGUAGE_VERSIONS",
    "definition_language",
    "language_problem",
]

# The form language versions this server reads (a definition's "language", default 1), and
# the newest of them. A definition that uses something of version 2 must say so, so that a
# phone too old to know it refuses the form instead of showing it wrong (docs/forms.md).
LANGUAGE_VERSIONS = (1, 2)
LANGUAGE_VERSION = LANGUAGE_VERSIONS[-1]

# Keys that only a newer form language has, with the version that brought them: on a field
# (`choices_from`, `count`...) and at the top of a definition. Field types carry theirs in the
# registry (`FieldType.language`). Adding a v2 key is one line here; the checker does the rest.
FIELD_KEY_LANGUAGE: dict[str, int] = {
    # lists and rosters (docs/forms.md, "Lists", "Rosters")
    "choices_from": 2, "choice_filter": 2, "count": 2, "roster": 2, "rows_from": 2,
}
FORM_KEY_LANGUAGE: dict[str, int] = {"roster": 2}

FORM_ID = re.compile(r"^[a-z][a-z0-9_]{1,63}\Z")
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")

# What each type is (its keys, its answer, how a var reaches inside it) is in forms/fieldtypes.py.
TYPES = frozenset(FIELD_TYPES)
LEAVES = frozenset(name for name, entry in FIELD_TYPES.items() if entry.answerable)
CONTAINERS = frozenset(name for name, entry in FIELD_TYPES.items() if entry.role == "container")


class DefinitionError(ValueError):
    """A definition that breaks the form language; `.problems` lists every `DefinitionProblem`."""

    def __init__(self, problems: list[DefinitionProblem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the form definition: " + "; ".join(problems[:5]))


# --- marshmallow schemas for the shape of a definition -------------------------------------

class Logic(fields.Raw):
    """A JSON Logic rule; checked for unknown operators and malformed arguments."""

    def _deserialize(self, value, attr, data, **kwargs):
        problems = jsonlogic.check_rule(value)
        if problems:
            raise ValidationError([Message("def_logic", problem=problem) for problem in problems])
        return value


class Bound(fields.Raw):
    """`min`/`max`: a number, or for dates a `YYYY-MM-DD` string; the type is checked later."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise ValidationError(Message("def_bound_value"))
        return value


class StrictBoolean(fields.Field):
    """`true` or `false` only: marshmallow's Boolean would also take "yes" and 1."""

    def _deserialize(self, value, attr, data, **kwargs):
        if value is True or value is False:
            return value
        raise ValidationError(Message("def_true_or_false"))


MAX_FILE_BYTES = 100 * 1024 * 1024  # what a definition may allow one file; the server may cap lower
Count = lambda: fields.Integer(strict=True, validate=validate.Range(min=0, error="def_count"))  # noqa: E731
NonEmpty = lambda: validate.Length(min=1, error="def_list_empty")  # noqa: E731


class LanguageVersion(fields.Field):
    """`language`: one of LANGUAGE_VERSIONS, as a JSON integer (not "2", not 2.0, not true)."""

    def deserialize(self, value, attr=None, data=None, **kwargs):
        if value is missing:  # absent: version 1
            return value
        if type(value) is not int or value not in LANGUAGE_VERSIONS:
            raise ValidationError(Message("language_unknown", versions=_versions_text()))
        return value


def _versions_text() -> str:
    return ", ".join(str(v) for v in LANGUAGE_VERSIONS)


@worded
class ChoiceSchema(StrictSchema):
    """An inline choice: value and label, and any extra keys `choice_filter` reads as
    `item.<key>` (text, numbers, true/false; language 2, like a list's columns)."""

    class Meta:
        unknown = INCLUDE

    value = fields.String(required=True, validate=validate.Regexp(
        r"^[A-Za-z0-9_\-.]{1,64}$", error="def_choice_value"))
    label = Label(required=True)

    @validates_schema
    def extra_keys(self, data, **kwargs):
        problems = {}
        for key, value in data.items():
            if key in ("value", "label"):
                continue
            if not isinstance(key, str) or not COLUMN_NAME.match(key):
                problems[str(key)[:64]] = ["def_choice_extra_key"]
            elif value is not None and not isinstance(value, (str, int, float, bool)):
                problems[key] = ["def_choice_extra_value"]
        if problems:
            raise ValidationError(problems)


@worded
class FieldSchema(StrictSchema):
    name = fields.String(required=True, validate=validate.Regexp(
        FIELD_NAME, error="def_field_name"))
    type = fields.String(required=True, validate=one_of(TYPES, "def_unknown_type", "types"))
    label = Label()
    hint = Label()
    relevant = Logic()
    required = StrictBoolean()
    constraint = Logic()
    constraint_message = Label()
    default = fields.Raw(allow_none=False)
    min = Bound()
    max = Bound()
    min_length = Count()
    max_length = Count()
    pattern = fields.String()
    choices = fields.List(fields.Nested(ChoiceSchema), validate=NonEmpty())
    min_items = Count()
    max_items = Count()
    expr = Logic()
    # media fields (forms/media.py): a file's MIME types, one file's and one photo's bounds
    accept = fields.List(fields.String(validate=one_of(media.MEDIA_TYPES, "def_media_type",
                                                       "types")), validate=NonEmpty())
    max_bytes = fields.Integer(strict=True, validate=validate.Range(
        min=1, max=MAX_FILE_BYTES, error="def_max_bytes"))
    max_pixels = fields.Integer(strict=True, validate=validate.Range(
        min=64, max=8192, error="def_max_pixels"))
    choices_from = fields.String(validate=validate.Regexp(LIST_ID, error="def_list_id"))
    choice_filter = Logic()
    count = Logic()
    form = fields.String(validate=validate.Regexp(FORM_ID, error="def_form_id"))
    roster = fields.Raw()  # checked by forms.rosters.roster_problems, with its own paths
    rows_from = fields.String(validate=validate.Regexp(FIELD_NAME, error="def_field_name"))
    sub_fields = fields.List(fields.Nested(lambda: FieldSchema()), data_key="fields",
                             validate=NonEmpty())

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def keys_fit_the_type(self, data, original, **kwargs):
        kind = data.get("type")
        if kind not in TYPES:
            return
        entry = FIELD_TYPES[kind]
        # A key given with a wrong value is present (its own problem is reported), not missing.
        declared = {declared.data_key or name for name, declared in self.fields.items()}
        present = {"fields" if key == "sub_fields" else key for key in data} | (
            set(original) & declared)
        allowed = COMMON_KEYS | entry.definition_keys
        problems = {key: [Message("def_key_not_used", kind=kind, key=key)]
                    for key in present if key not in allowed}
        for key, _ in entry.needs:
            if key not in present:
                problems[key] = [Message("def_type_needs", kind=kind, key=key)]
        if entry.role != "computed" and "label" not in present:
            problems["label"] = [Message("def_label_needed")]
        if problems:
            raise ValidationError(problems)


@worded
class FormSchema(StrictSchema):
    form_id = fields.String(required=True, validate=validate.Regexp(FORM_ID, error="def_form_id"))
    # A version is a path segment that phones download (/forms/<id>/versions/<version>), so
    # only letters and digits in parts joined by single . - _ (docs/forms.md, "Versions").
    version = fields.String(required=True, validate=validate.Regexp(
        r"(?=.{1,64}\Z)[0-9A-Za-z]+(?:[._-][0-9A-Za-z]+)*\Z",
        error="form_version_syntax"))
    title = Label(required=True)
    language = LanguageVersion()
    form_fields = fields.List(fields.Nested(FieldSchema), data_key="fields", required=True,
                              validate=NonEmpty())
    summary = fields.Raw()  # checked by forms.summary.check_summary, with its own paths
    roster = fields.Raw()  # the submission itself writes a roster item: forms.rosters


# --- the parsed tree ------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    """One field of a definition, as parsed; `path` is its dotted answer path."""

    name: str
    type: str
    path: str
    spec: dict[str, Any]
    children: tuple["FieldSpec", ...] = ()

    def get(self, key: str, default: Any = None) -> Any:
        return self.spec.get(key, default)

    @property
    def answerable(self) -> bool:
        return self.type in LEAVES


@dataclass(frozen=True)
class FormDefinition:
    """A checked definition: the raw dict as published, its hash, and the parsed field tree."""

    raw: dict[str, Any]
    hash: str
    fields: tuple[FieldSpec, ...] = field(repr=False)

    @property
    def form_id(self) -> str:
        return self.raw["form_id"]

    @property
    def version(self) -> str:
        return self.raw["version"]

    @property
    def title(self) -> dict[str, str]:
        return self.raw["title"]

    @property
    def language(self) -> int:
        return definition_language(self.raw)

    def walk(self):
        """Every field, depth first, in document order."""
        stack = list(reversed(self.fields))
        while stack:
            spec = stack.pop()
            yield spec
            stack.extend(reversed(spec.children))

    @cached_property
    def by_path(self) -> dict[str, FieldSpec]:
        """Every field by its dotted answer path (`place.village_no`)."""
        return {spec.path: spec for spec in self.walk()}

    @cached_property
    def summary(self):
        """What the supervisors' pages show of a record (docs/forms.md): a
        `forms.summary.Summary`, or None when the definition declares none."""
        return parse_summary(self.raw)


def load_definition(source: dict | str | Path) -> FormDefinition:
    """Parse and check a definition (a dict, JSON text, or a path to a JSON file).

    Raises DefinitionError listing every problem found.
    """
    raw = _read(source)
    try:
        FormSchema().load(raw)
    except ValidationError as err:
        problems = problem_lines(err.messages)
    else:
        problems = []
    language = definition_language(raw)
    for key, needed in FORM_KEY_LANGUAGE.items():
        if key in raw and (problem := language_problem(language, needed, key, key)):
            problems.append(problem)
    if isinstance(raw.get("fields"), list):
        checker = _Checker(raw["fields"], language)
        if "roster" in raw:  # the submission itself: `row` is the whole answers
            checker.roster(raw["roster"], "roster", {"name": "(form)", "fields": raw["fields"]})
        problems += checker.problems
    problems += check_summary(raw)
    if problems:
        raise DefinitionError(sorted(set(problems), key=lambda p: _path_order(p.path)))
    return FormDefinition(raw=raw, hash=content_hash(raw), fields=_parse(raw["fields"], ""))


def definition_language(raw: dict) -> int:
    """The form language a definition is written in: its `language`, 1 when absent. A value
    the schema refuses counts as the newest, so that it is reported once, not at every use."""
    value = raw.get("language", 1)
    return value if type(value) is int and value in LANGUAGE_VERSIONS else LANGUAGE_VERSION


def language_problem(language: int, needed: int, path: str, name: str) -> DefinitionProblem | None:
    """The problem of using `name` (a type, key or operator) at `path`, which belongs
    to form language `needed`, in a definition written in `language`; None when it may.

    The problem is a catalog message: its English text is the usual `path: message` line, and
    the API words it in Thai for a Thai reader.
    """
    if language >= needed:
        return None
    return DefinitionProblem(path, "language_needed", name=name, needed=needed)


def _read(source) -> dict:
    if isinstance(source, dict):
        return source
    try:
        if isinstance(source, Path) or (isinstance(source, str) and not source.lstrip().startswith("{")):
            text = Path(source).read_text(encoding="utf-8")
        else:
            text = source
        raw = json.loads(text)
    except json.JSONDecodeError as err:
        raise DefinitionError([DefinitionProblem("", "def_not_json", line=err.lineno, column=err.colno)]
                              ) from None
    except (OSError, ValueError):
        raise DefinitionError([DefinitionProblem("", "def_not_readable")]) from None
    if not isinstance(raw, dict):
        raise DefinitionError([DefinitionProblem("", "def_not_form_object")])
    return raw


def _parse(items: list[dict], prefix: str) -> tuple[FieldSpec, ...]:
    parsed = []
    for item in items:
        path = f"{prefix}{item['name']}"
        children = _parse(item["fields"], path + ".") if item["type"] in CONTAINERS else ()
        parsed.append(FieldSpec(item["name"], item["type"], path, item, children))
    return tuple(parsed)


def _path_order(path: str):
    return [int(p) if p.isdigit() else p for p in re.split(r"[\[\].]+", path) if p]


class _Checker:
    """The rules a per-field schema cannot see: they need siblings, bounds or the whole tree."""

    def __init__(self, items: list, language: int = 1):
        self.problems: list[DefinitionProblem] = []
        self.language = language
        self.tree = _PathTree(items)
        self._fields(items, "fields", repeat=None)

    def problem(self, path: str, code: str, **params) -> None:
        self.problems.append(DefinitionProblem(path, code, **params))

    def require_language(self, path: str, name: str, needed: int) -> None:
        """Report `name` at `path` when it needs a newer form language than the definition's."""
        if problem := language_problem(self.language, needed, path, name):
            self.problems.append(problem)

    def _fields(self, items, where: str, repeat):
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            path = f"{where}[{index}]"
            name = item.get("name")
            if isinstance(name, str):
                if name in seen:
                    self.problem(f"{path}.name", "def_duplicate_name", name=name,
                             other=f"{where}[{seen[name]}]")
                else:
                    seen[name] = index
            self._field(item, path, repeat)

    def _field(self, item: dict, path: str, repeat):
        kind = item.get("type")
        if isinstance(kind, str) and kind in FIELD_TYPES:
            self.require_language(f"{path}.type", kind, FIELD_TYPES[kind].language)
        for key in item.keys() & FIELD_KEY_LANGUAGE.keys():
            self.require_language(f"{path}.{key}", key, FIELD_KEY_LANGUAGE[key])
        for key in ("min", "max"):
            if key in item:
                self._bound(item, key, path)
        for low, high in (("min", "max"), ("min_length", "max_length"), ("min_items", "max_items")):
            lo, hi = item.get(low), item.get(high)
            if _comparable(lo, hi) and lo > hi:
                self.problem(f"{path}.{low}", "def_bounds_order", low=low, high=high, lo=lo, hi=hi)
        if isinstance(item.get("pattern"), str):
            try:
                re.compile(item["pattern"])
            except re.error as err:
                self.problem(f"{path}.pattern", "def_pattern_invalid", pos=(err.pos or 0) + 1)
        if isinstance(item.get("choices"), list):
            values: set = set()
            for i, choice in enumerate(item["choices"]):
                value = choice.get("value") if isinstance(choice, dict) else None
                if value in values:
                    self.problem(f"{path}.choices[{i}].value", "def_duplicate_choice", value=value)
                values.add(value)
        if "constraint_message" in item and "constraint" not in item:
            self.problem(f"{path}.constraint_message", "def_message_without_constraint")
        if "default" in item and kind in LEAVES:
            self._default(item, f"{path}.default")
        inner_repeat = item if kind == "repeat" else repeat
        for key in ("relevant", "constraint", "expr", "count"):
            if key in item:
                self._logic(item[key], f"{path}.{key}", repeat, own_value=key == "constraint",
                            in_row=repeat is not None or (kind == "repeat" and key != "relevant"))
        self._outside(item, kind, path, repeat)
        if kind in CONTAINERS and isinstance(item.get("fields"), list):
            self._fields(item["fields"], f"{path}.fields", inner_repeat)

    def _default(self, item, path):
        """The type's answer check is the one judge of a default, as of any answer."""
        try:
            found = answer_check(item)(item["default"])
        except (TypeError, KeyError, AttributeError, re.error):
            self.problem(path, "def_default_unchecked")
            return
        if found:
            problem = (Message("def_invalid_value") if found.texts
                       else Message(found.code, **dict(found.params)))
            self.problem(path, "def_default_invalid", problem=problem)

    def _outside(self, item: dict, kind, path: str, repeat) -> None:
        """What names lists and rosters: choices_from, choice_filter, roster, rows_from."""
        for index, choice in enumerate(item.get("choices") or ()):
            if isinstance(choice, dict) and choice.keys() - {"value", "label"}:
                self.require_language(f"{path}.choices[{index}]", "extra keys of a choice", 2)
                break
        if kind in ("select_one", "select_multiple") and ("choices" in item) == (
                "choices_from" in item):
            if "choices" in item:
                self.problem(f"{path}.choices_from", "def_choices_and_list", kind=kind)
            else:
                self.problem(f"{path}.choices", "def_choices_or_list", kind=kind)
        if "choice_filter" in item:
            self._logic(item["choice_filter"], f"{path}.choice_filter", repeat, own_value=False,
                        in_row=repeat is not None, roots=frozenset({"item"}))
        if "roster" in item and kind == "repeat":
            if repeat is not None:
                self.problem(f"{path}.roster", "def_roster_nested")
            self.roster(item["roster"], f"{path}.roster", item)
        if "rows_from" in item and kind == "repeat" and isinstance(item.get("fields"), list):
            child = next((f for f in item["fields"] if isinstance(f, dict)
                          and f.get("name") == item["rows_from"]), None)
            if child is None or child.get("type") != "select_one" or not child.get("choices_from"):
                self.problem(f"{path}.rows_from", "def_rows_from")

    def roster(self, decl, path: str, repeat) -> None:
        """A roster declaration: its own rules, then the fields its logic names."""
        problems = roster_problems(decl, path)
        for where, code, params in problems:
            self.problem(where, code, **params)
        if problems:
            return
        rules = [(key, decl[key]) for key in ("value", "label", "tick") if key in decl]
        rules += [(f"columns.{name}", rule) for name, rule in decl.get("columns", {}).items()]
        for key, rule in rules:
            self._logic(rule, f"{path}.{key}", repeat, own_value=False, in_row=True,
                        roots=frozenset({"record"}))

    def _bound(self, item, key, path):
        value, kind = item[key], item.get("type")
        if kind == "date":
            if not is_iso_date(value):
                self.problem(f"{path}.{key}", "def_date_bound")
        elif isinstance(value, str):
            self.problem(f"{path}.{key}", "def_number_bound", kind=kind)
        elif kind == "integer" and isinstance(value, float) and not value.is_integer():
            self.problem(f"{path}.{key}", "def_integer_bound")

    def _logic(self, rule, path, repeat, own_value, in_row, roots=frozenset()):
        if jsonlogic.check_rule(rule):
            return  # already reported by the schema
        for operator in sorted(jsonlogic.operators_in(rule) & jsonlogic.LANGUAGE_2_OPERATORS):
            self.require_language(path, operator, 2)
        for var in sorted(jsonlogic.rule_vars(rule)):
            if var == "" or (own_value and var.split(".")[0] == "value"):
                continue
            if var.split(".")[0] in roots:  # `item` of a choice_filter, `record` of a roster
                continue
            if var.split(".")[0] == "row":
                if repeat is None:
                    self.problem(path, "def_row_outside_repeat", var=var)
                elif not self.tree.resolves(var.split(".")[1:], repeat.get("fields", [])):
                    self.problem(path, "def_not_in_repeat", var=var, repeat=repeat.get("name"))
            elif not self.tree.resolves(var.split("."), None):
                self.problem(path, "def_unknown_field_ref", var=var)


class _PathTree:
    """Answers "does this dotted path name a field?" for `var` checks."""

    def __init__(self, items):
        self.items = items

    def resolves(self, parts: list[str], items) -> bool:
        items = self.items if items is None else items
        if not parts:
            return True
        by_name = {i.get("name"): i for i in items if isinstance(i, dict)}
        item = by_name.get(parts[0])
        if item is None:
            return False
        entry = FIELD_TYPES.get(item.get("type"))
        if entry is None:
            return not parts[1:]  # a field of no known type: reported by the schema
        if entry.inside is None:
            return False
        rest = parts[1:]
        if entry.inside == "rows" and rest:
            if not rest[0].isdigit():
                return False
            rest = rest[1:]
        if entry.inside == "parts":
            return len(rest) <= 1 and (not rest or rest[0] in {p.name for p in entry.parts})
        if entry.inside == "item":
            return len(rest) <= 1 and (not rest or rest[0].isdigit())
        if entry.inside in ("fields", "rows"):
            return self.resolves(rest, item.get("fields", []))
        return not rest


def _comparable(lo, hi) -> bool:
    if isinstance(lo, bool) or isinstance(hi, bool):
        return False
    numbers = isinstance(lo, (int, float)) and isinstance(hi, (int, float))
    return numbers or (isinstance(lo, str) and isinstance(hi, str))
