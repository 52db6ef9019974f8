"""What changed between two versions of a form, field by field.

An admin about to publish, or asking why last month's records look different, wants to see
which questions were added or removed and, for the others, what changed in their label,
type, required flag, choices or logic. Fields are matched by their answer path
(`place.village_no`), which is what a record's answers are keyed by: a field renamed is a
field removed and another added, as it is for the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from forms.definition import FormDefinition

__all__ = ["ASPECTS", "ChoiceChange", "FieldChange", "KeyChange", "compare"]

# The keys shown first, in this order; any other key that changed follows, by name.
ASPECTS = ("type", "label", "required", "choices", "relevant", "constraint",
           "constraint_message", "expr", "hint", "default")
_NOT_COMPARED = {"name", "fields"}  # the path is the name; sub-fields are fields of their own


@dataclass(frozen=True)
class ChoiceChange:
    """The choices of a select field: values added, removed, and relabelled."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    relabelled: tuple[str, ...]


@dataclass(frozen=True)
class KeyChange:
    key: str
    old: Any  # None when the key was absent
    new: Any
    choices: ChoiceChange | None = None  # for "choices" only

    @property
    def logic(self) -> bool:
        return self.key in ("relevant", "constraint", "expr")


@dataclass(frozen=True)
class FieldChange:
    path: str
    kind: str  # "added", "removed" or "changed"
    field: dict  # the field as the newer version has it (the older one's when removed)
    keys: tuple[KeyChange, ...] = ()


def compare(old: FormDefinition, new: FormDefinition) -> list[FieldChange]:
    """Every field added, removed or changed from `old` to `new`, in the newer version's
    order with removed fields after."""
    before = {spec.path: spec.spec for spec in old.walk()}
    after = {spec.path: spec.spec for spec in new.walk()}
    found = []
    for path, field in after.items():
        if path not in before:
            found.append(FieldChange(path, "added", field))
        else:
            keys = _key_changes(before[path], field)
            if keys:
                found.append(FieldChange(path, "changed", field, keys))
    found += [FieldChange(path, "removed", field) for path, field in before.items()
              if path not in after]
    return found


def _key_changes(old: dict, new: dict) -> tuple[KeyChange, ...]:
    keys = (set(old) | set(new)) - _NOT_COMPARED
    ordered = [k for k in ASPECTS if k in keys] + sorted(keys - set(ASPECTS))
    return tuple(
        KeyChange(key, old.get(key), new.get(key),
                  _choice_change(old.get(key), new.get(key)) if key == "choices" else None)
        for key in ordered if old.get(key) != new.get(key))


def _choice_change(old, new) -> ChoiceChange:
    before = {c["value"]: c.get("label") for c in old or ()}
    after = {c["value"]: c.get("label") for c in new or ()}
    return ChoiceChange(
        added=tuple(v for v in after if v not in before),
        removed=tuple(v for v in before if v not in after),
        relabelled=tuple(v for v in after if v in before and before[v] != after[v]))
