"""The forms Tambon ships with: forum minutes, proposal scoring, training attendance and the
officers' knowledge record, as published on first run."""

from pathlib import Path

from forms.definition import FormDefinition, load_definition

DEFINITIONS_DIR = Path(__file__).parent / "definitions"


def bundled_paths() -> list[Path]:
    return sorted(DEFINITIONS_DIR.glob("*.json"))


def load_bundled() -> list[FormDefinition]:
    """Every bundled definition, checked; a broken one raises DefinitionError."""
    return [load_definition(path) for path in bundled_paths()]


def bundled(form_id: str) -> FormDefinition:
    return load_definition(DEFINITIONS_DIR / f"{form_id}.json")
