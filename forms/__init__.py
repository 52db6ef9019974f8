"""The form engine: definitions, canonical JSON, JSON Logic, compiled answer validation.

Pure Python (stdlib + marshmallow; pyxform for reading XLSForms): no Flask, no database. The
pieces, by module:

- `forms.fieldtypes`: what each field type is (keys, answer check, messages, samples, search,
  export, display), one entry per type; everything else reads it.
- `forms.definition`: `load_definition(dict | JSON text | path) -> FormDefinition`, raising
  `DefinitionError` with every problem and its path.
- `forms.canonical`: `canonical_json`, `content_hash` (`sha256:<hex>`).
- `forms.jsonlogic`: `apply(rule, data, today=...)`, the evaluator for relevant/constraint/
  calculate; `forms.patterns` the safe regular expressions of its `regex_match`.
- `forms.xpath`: XLSForm's XPath expressions translated to JSON Logic.
- `forms.xlsform`: `convert(bytes, filename) -> Conversion`, an XLSForm as a definition plus
  every problem with its sheet, row and column.
- `forms.compile`: `compile_form(definition).validate(answers) -> Outcome`.
- `forms.samples`: realistic answers for tests, benchmarks and demos.
- `forms.bundled`: the four forms Tambon ships with.
"""
