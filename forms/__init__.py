"""The form engine: definitions, canonical JSON, JSON Logic, compiled answer validation.

Pure Python (stdlib + marshmallow): no Flask, no database. The pieces, by module:

- `forms.definition`: `load_definition(dict | JSON text | path) -> FormDefinition`, raising
  `DefinitionError` with every problem and its path.
- `forms.canonical`: `canonical_json`, `content_hash` (`sha256:<hex>`).
- `forms.jsonlogic`: `apply(rule, data)`, the evaluator for relevant/constraint/calculate.
- `forms.compile`: `compile_form(definition).validate(answers) -> Outcome`.
- `forms.samples`: realistic answers for tests, benchmarks and demos.
- `forms.bundled`: the four forms Tambon ships with.
"""
