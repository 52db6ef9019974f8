"""The forms Tambon ships with: forum minutes, proposal scoring, training attendance and the
officers' knowledge record, as published on first run.

`definitions/<form_id>.json` is each form's current version; `definitions/earlier/` keeps the
versions it replaced (`<form_id>.v<version>.json`), still published so that records made with
them keep their labels, and so that a server that published them once publishes nothing
different under the same version.
"""

import json
from pathlib import Path

from forms.definition import FormDefinition, load_definition

DEFINITIONS_DIR = Path(__file__).parent / "definitions"
EARLIER_DIR = DEFINITIONS_DIR / "earlier"


def bundled_paths() -> list[Path]:
    """The current version of each bundled form, one file per form named after it."""
    return sorted(DEFINITIONS_DIR.glob("*.json"))


def earlier_paths() -> list[Path]:
    """The versions the current ones replaced, oldest first within each form."""
    return sorted(EARLIER_DIR.glob("*.json"), key=lambda path: path.stem.split(".v"))


def bundled_documents() -> list[dict]:
    """Every bundled definition as its JSON object, unchecked, in the order to publish them
    (the publisher checks them, once per process: see sync.catalog.publish_form)."""
    return [json.loads(path.read_text(encoding="utf-8"))
            for path in [*earlier_paths(), *bundled_paths()]]


def load_bundled() -> list[FormDefinition]:
    """Every bundled definition, checked, in the order to publish them: earlier versions
    first, so each form's current version is its newest. A broken one raises DefinitionError."""
    return [load_definition(path) for path in [*earlier_paths(), *bundled_paths()]]


def bundled(form_id: str) -> FormDefinition:
    """The current version of one bundled form."""
    return load_definition(DEFINITIONS_DIR / f"{form_id}.json")


def bundled_version(form_id: str, version: str) -> FormDefinition:
    """One bundled form at one of its versions, the current one or an earlier one."""
    earlier = EARLIER_DIR / f"{form_id}.v{version}.json"
    return load_definition(earlier) if earlier.exists() else bundled(form_id)
