"""The pieces every part of the definition check shares (the fields in forms.definition,
the summary in forms.summary): the problem type, marshmallow schemas whose complaints are
catalog codes, a text in several languages, and marshmallow's nested errors turned into
problems with their paths."""

from __future__ import annotations

import re

from marshmallow import RAISE, Schema, ValidationError, fields

from forms.messages import CATALOG, Message, text

__all__ = ["DefinitionProblem", "Label", "StrictSchema", "one_of", "problem_lines", "worded"]


class DefinitionProblem(Message):
    """One problem of a definition: where (`fields[3].choices[1].value`; "" for the whole
    document) and what (a catalog entry with its parameters).

    It is the line `path: sentence` in English wherever text is expected (logs, the CLI, an
    error's details); `in_lang` words it for another reader, as the API does by
    Accept-Language and the pages by their language; `sentence(lang)` is the sentence alone,
    for a page that shows the place in its own column.
    """

    def __new__(cls, path: str, code: str, /, **params):
        problem = str.__new__(cls, _line(path, code, params, "en"))
        problem.path, problem.code, problem.params = path, code, params
        return problem

    def in_lang(self, lang: str) -> str:
        return _line(self.path, self.code, self.params, lang)

    def sentence(self, lang: str) -> str:
        return text(self.code, lang, **self.params)

    def __reduce__(self):
        return _problem, (self.path, self.code, self.params)


def _line(path: str, code: str, params: dict, lang: str) -> str:
    return f"{path or text('def_whole_document', lang)}: {text(code, lang, **params)}"


def _problem(path: str, code: str, params: dict) -> DefinitionProblem:
    return DefinitionProblem(path, code, **params)


# What marshmallow itself complains about, by its key, named by catalog codes instead.
_INVALID = ((fields.String, "def_not_text"), (fields.List, "def_not_list"),
            (fields.Integer, "def_count"), (fields.Nested, "def_not_object"))


def _word(field: fields.Field) -> None:
    invalid = next((code for kind, code in _INVALID if isinstance(field, kind)),
                   "def_invalid_value")
    field.error_messages = {**{key: "def_invalid_value" for key in field.error_messages},
                            "required": "def_required", "null": "def_null", "invalid": invalid,
                            "invalid_utf8": "def_not_text", "too_large": invalid,
                            "type": "def_not_object"}
    if isinstance(field, fields.List):
        _word(field.inner)


def worded(schema: type[Schema]) -> type[Schema]:
    """Class decorator: every complaint marshmallow makes about `schema` and its keys is a
    catalog code (a missing key, an unknown key, a value of the wrong kind), which
    `problem_lines` turns into a `DefinitionProblem`; never one of marshmallow's own sentences."""
    schema.error_messages = {"unknown": "def_unknown_key", "type": "def_not_object"}
    for declared in schema._declared_fields.values():
        _word(declared)
    return schema


class StrictSchema(Schema):
    """A part of a definition: unknown keys are refused, every complaint is worded."""

    class Meta:
        unknown = RAISE


def one_of(values, code: str, listed: str):
    """A validator: the value is one of `values`; else `code` with the value and the list."""
    allowed = sorted(values)

    def check(value):
        if value not in values:
            raise ValidationError(Message(code, value=str(value)[:64],
                                          **{listed: ", ".join(allowed)}))

    return check


LANGUAGE_KEY = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)?\Z")


class Label(fields.Field):
    """Text in several languages: `{"th": ..., "en": ...}`; Thai is required."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, dict):
            raise ValidationError(Message("def_label_not_object"))
        problems = []
        for key, words in value.items():
            if not isinstance(key, str) or not LANGUAGE_KEY.match(key):
                problems.append(Message("def_label_language", key=str(key)[:40]))
            elif not isinstance(words, str) or not words:
                problems.append(Message("def_label_text", key=key))
        if not problems and "th" not in value:
            problems.append(Message("def_label_needs_thai"))
        if problems:
            raise ValidationError(problems)
        return value


def problem_lines(messages, prefix: str = "") -> list[DefinitionProblem]:
    """marshmallow's nested error dict -> a `DefinitionProblem` per message, with its path
    (`fields[3].choices[1].value`). A message is a catalog `Message` or a catalog code (what
    `worded` schemas say); anything else is only "not valid here", never library words."""
    out = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            if isinstance(key, int):
                path = f"{prefix}[{key}]"
            elif key == "_schema":
                path = prefix
            else:
                path = f"{prefix}.{key}" if prefix else key
            out += problem_lines(value, path)
    elif isinstance(messages, list):
        for message in messages:
            out += problem_lines(message, prefix)
    elif isinstance(messages, Message):
        out.append(DefinitionProblem(prefix, messages.code, **messages.params))
    else:
        out.append(DefinitionProblem(prefix, messages if messages in CATALOG else "def_invalid_value"))
    return out
