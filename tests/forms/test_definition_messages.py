"""An author reads what is wrong with a definition in Thai or English, at its path, in words
they can act on: never a library's sentence."""

import copy
import pickle

import pytest
from marshmallow import Schema, fields

from forms import definition as definition_module
from forms import summary as summary_module
from forms.definition import DefinitionError, DefinitionProblem, load_definition
from forms.messages import CATALOG, in_lang
from tests.forms.test_definition import base

# Every sentence marshmallow writes by itself (its fields', validators' and schemas' defaults).
MARSHMALLOW_PHRASES = [
    "Missing data for required field", "Field may not be null", "Invalid value",
    "Not a valid", "Unknown field", "Invalid input type", "Invalid type", "Must be one of",
    "Must be greater than", "Must be less than", "Shorter than minimum length",
    "Longer than maximum length", "Length must be", "String does not match expected pattern",
    "Number too large", "mapping type", "utf-8",
]


def _mutate(path, value):
    def change(d):
        target = d
        for key in path[:-1]:
            target = target[key]
        if value is DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        return d

    return change


DELETE = object()

# (what is wrong, the change, path, the Thai sentence, the English sentence)
BAD = [
    ("a label as a list", _mutate(["fields", 0, "label"], ["วันที่"]), "fields[0].label",
     'ข้อความต้องแยกตามภาษา เช่น {"th": "ชื่อ", "en": "Name"}',
     'Texts are given by language, like {"th": "ชื่อ", "en": "Name"}.'),
    ("a label without Thai", _mutate(["fields", 0, "label"], {"en": "Date"}), "fields[0].label",
     'ต้องมีข้อความภาษาไทยในคีย์ "th"', 'Needs a Thai text under "th".'),
    ("a label in an unknown language", _mutate(["title"], {"th": "ก", "Thai": "ก"}), "title",
     '"Thai" ไม่ใช่รหัสภาษา ใช้ th, en หรือรหัสภาษาสองหรือสามตัวอักษร',
     '"Thai" is not a language code; use th, en or another two- or three-letter code.'),
    ("an empty text", _mutate(["title"], {"th": ""}), "title",
     'ข้อความภาษา "th" ต้องเป็นข้อความที่ไม่ว่าง', 'The "th" text must be non-empty text.'),
    ("no form_id", _mutate(["form_id"], DELETE), "form_id",
     "ต้องมีค่านี้ แต่ยังไม่ได้ใส่", "This is required and missing."),
    ("a form_id with capitals", _mutate(["form_id"], "Village Visit"), "form_id",
     "รหัสแบบฟอร์มใช้ตัวอักษรอังกฤษพิมพ์เล็ก ตัวเลข หรือ _ ได้ 2 ถึง 64 ตัว "
     "และขึ้นต้นด้วยตัวอักษร (เช่น village_visit)",
     "A form id is 2 to 64 lowercase letters, digits or _, starting with a letter "
     "(like village_visit)."),
    ("a number as a version", _mutate(["version"], 3), "version",
     "ต้องเป็นข้อความในเครื่องหมายคำพูด", "This must be text in quotes."),
    ("fields as an object", _mutate(["fields"], {"a": 1}), "fields",
     "ต้องเป็นรายการ ([…])", "This must be a list ([…])."),
    ("no fields at all", _mutate(["fields"], []), "fields",
     "รายการนี้ต้องมีอย่างน้อยหนึ่งรายการ", "This list needs at least one entry."),
    ("a field that is a string", _mutate(["fields", 0], "visit_date"), "fields[0]",
     "ต้องเป็นออบเจกต์ ({…}) ของคีย์และค่า", "This must be an object ({…}) of keys and values."),
    ("a misspelt key", _mutate(["fields", 1, "requird"], True), "fields[1].requird",
     "คีย์นี้ไม่มีในภาษาแบบฟอร์ม ตรวจการสะกด หรือลบออก",
     "This key is not part of the form language; check its spelling, or remove it."),
    ("an unknown type", _mutate(["fields", 1, "type"], "colour"), "fields[1].type",
     '"colour" ไม่ใช่ชนิดของช่อง ใช้ชนิดใดชนิดหนึ่งต่อไปนี้: ',
     '"colour" is not a field type; use one of: '),
    ("a field name with a space", _mutate(["fields", 1, "name"], "village no"), "fields[1].name",
     "ชื่อช่องใช้ตัวอักษรอังกฤษพิมพ์เล็ก", "A field name is 1 to 64 lowercase letters"),
    ("required as a string", _mutate(["fields", 0, "required"], "yes"), "fields[0].required",
     "ต้องเป็น true หรือ false (ไม่มีเครื่องหมายคำพูด)", "This must be true or false (without quotes)."),
    ("a negative length", _mutate(["fields", 3, "max_length"], -1), "fields[3].max_length",
     "ต้องเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป", "This must be a whole number, 0 or more."),
    ("a key of another type", _mutate(["fields", 1, "max_length"], 3), "fields[1].max_length",
     'ช่องชนิด integer ไม่ใช้ "max_length" กรุณาลบออก',
     'A field of type integer does not use "max_length"; remove it.'),
    ("a select without choices", _mutate(["fields", 2, "choices"], DELETE), "fields[2].choices",
     'ช่องชนิด select_one ต้องมี "choices"', 'A field of type select_one needs "choices".'),
    ("a field without a label", _mutate(["fields", 1, "label"], DELETE), "fields[1].label",
     "ช่องนี้ต้องมีชื่อ (label) ที่ผู้กรอกอ่านเข้าใจ", "This field needs a label people can read."),
    ("a duplicate name", _mutate(["fields", 1, "name"], "visit_date"), "fields[1].name",
     'ชื่อ "visit_date" ซ้ำกัน (ใช้แล้วที่ fields[0]) ชื่อในระดับเดียวกันต้องไม่ซ้ำ',
     'The name "visit_date" is used twice here (also fields[0]); names must differ.'),
    ("a choice value with a space", _mutate(["fields", 2, "choices", 0, "value"], "o top"),
     "fields[2].choices[0].value", "ค่าของตัวเลือกใช้ตัวอักษรอังกฤษ",
     "A choice value is 1 to 64 letters"),
    ("bounds the wrong way round", _mutate(["fields", 1, "min"], 60), "fields[1].min",
     "min (60) มากกว่า max (50) จึงไม่มีคำตอบใดผ่านได้ทั้งสองข้อ",
     "min (60) is greater than max (50); no answer could meet both."),
    ("a date bound that is no date", _mutate(["fields", 0, "min"], "1/1/2563"), "fields[0].min",
     "ขอบเขตของช่องวันที่ต้องเป็นวันที่ เช่น 2026-01-31",
     "A date field's bound is a date like 2026-01-31"),
    ("a number bound as text", _mutate(["fields", 1, "max"], "50"), "fields[1].max",
     "ขอบเขตของช่องชนิด integer ต้องเป็นตัวเลข ไม่ใช่ข้อความ",
     "A bound of a field of type integer is a number, not text."),
    ("a broken pattern", _mutate(["fields", 3, "pattern"], "([a-z]"), "fields[3].pattern",
     "รูปแบบ (regular expression) นี้ไม่ถูกต้อง",
     "This is not a valid regular expression (the problem is near character 1)."),
    ("a message without a constraint", _mutate(["fields", 3, "constraint_message"], {"th": "ผิด"}),
     "fields[3].constraint_message", "มีข้อความเงื่อนไข แต่ไม่มีเงื่อนไข (constraint) ให้อธิบาย",
     "There is a constraint message but no constraint for it to explain."),
    ("a default that is no answer", _mutate(["fields", 1, "default"], 99), "fields[1].default",
     "ค่าเริ่มต้นไม่ใช่คำตอบที่ถูกต้องของช่องนี้: ",
     "The default is not a valid answer of this field: "),
    ("logic naming no field", _mutate(["fields", 3, "relevant"], {"==": [{"var": "topik"}, 1]}),
     "fields[3].relevant", '"topik" ไม่ตรงกับช่องใดในแบบฟอร์มนี้',
     '"topik" names no field of this form; check the name and the group it is in.'),
    ("row outside a repeat", _mutate(["fields", 3, "relevant"], {"var": "row.age"}),
     "fields[3].relevant", '"row.age": row ใช้ได้เฉพาะภายในกลุ่มซ้ำ (repeat)',
     '"row.age": row is only defined inside a repeat.'),
    ("an unknown operator", _mutate(["fields", 3, "relevant"], {"like": [1, 2]}),
     "fields[3].relevant", 'กฎนี้ใช้งานไม่ได้: ไม่รู้จักตัวดำเนินการ "like"',
     'This rule cannot work: Unknown operator "like".'),
    ("a comparison short of an argument",
     _mutate(["fields", 3, "relevant"], {"and": [{"==": [{"var": "topic"}]}]}),
     "fields[3].relevant", 'กฎนี้ใช้งานไม่ได้: "==" รับ 2 ค่า แต่ได้ 1 ค่า (ที่ and[0])',
     'This rule cannot work: "==" takes 2 arguments but has 1 (at and[0]).'),
    ("a null hint", _mutate(["fields", 3, "hint"], None), "fields[3].hint",
     "ใส่ค่าที่นี่ หรือไม่ต้องใส่คีย์นี้เลย null ไม่ใช่ค่า",
     "Give a value here, or leave the key out; null is not a value."),
    ("a summary that is a list", _mutate(["summary"], ["visit_date"]), "summary",
     "ต้องเป็นออบเจกต์ ({…}) ของคีย์และค่า", "This must be an object ({…}) of keys and values."),
    ("a summary naming no field", _mutate(["summary"], {"date": "when"}), "summary.date",
     '"when" ไม่ตรงกับช่องใดในแบบฟอร์มนี้', '"when" names no field of this form'),
    ("a summary date that is text", _mutate(["summary"], {"date": "fund_name"}), "summary.date",
     '"fund_name" เป็นช่องชนิด text: วันที่ของรายการต้องเป็นช่องวันที่',
     '"fund_name" is a text field; the record\'s date is a date field.'),
    ("a chart of no kind", _mutate(["summary"], {"charts": [{"kind": "pie", "title": {"th": "ก"}}]}),
     "summary.charts[0].kind", '"pie" ไม่ใช่ชนิดของแผนภูมิ',
     '"pie" is not a kind of chart; use one of: per_record, ranked, tally, totals.'),
]


def _problems(change) -> list[DefinitionProblem]:
    with pytest.raises(DefinitionError) as raised:
        load_definition(change(copy.deepcopy(base())))
    return raised.value.problems


@pytest.mark.parametrize("what, change, path, thai, english", BAD, ids=[b[0] for b in BAD])
def test_each_problem_is_at_its_path_in_thai_and_english(what, change, path, thai, english):
    found = {p.path: p for p in _problems(change)}
    assert path in found, found
    problem = found[path]
    assert problem.sentence("th").startswith(thai), problem.sentence("th")
    assert problem.sentence("en").startswith(english), problem.sentence("en")
    assert problem.in_lang("th") == f"{path}: {problem.sentence('th')}"
    assert str(problem) == f"{path}: {problem.sentence('en')}"


def test_no_problem_ever_reads_in_marshmallow_s_words():
    for _, change, *_ in BAD:
        for problem in _problems(change):
            for lang in ("th", "en"):
                worded = problem.in_lang(lang)
                assert not [p for p in MARSHMALLOW_PHRASES if p in worded], worded


def _schemas():
    for module in (definition_module, summary_module):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Schema) and value._declared_fields:
                yield value


@pytest.mark.parametrize("schema", list(_schemas()), ids=lambda s: s.__name__)
def test_every_complaint_the_schemas_can_make_is_a_catalog_entry(schema):
    """Not only the mistakes above: any key of any schema says a catalog entry, whatever
    marshmallow finds wrong with it."""
    instance = schema()
    assert set(instance.error_messages.values()) <= set(CATALOG)

    def entries(field):
        yield from field.error_messages.values()
        if isinstance(field, fields.List):
            yield from entries(field.inner)

    for name, field in instance.fields.items():
        assert set(entries(field)) <= set(CATALOG), (schema.__name__, name)
        for validator in field.validators:
            error = getattr(validator, "error", None)
            assert error is None or error in CATALOG, (schema.__name__, name, error)


def test_a_document_that_is_not_a_form_is_worded_in_both_languages(tmp_path):
    path = tmp_path / "list.json"
    path.write_text('["fields"]')
    with pytest.raises(DefinitionError) as raised:
        load_definition(path)
    [problem] = raised.value.problems
    assert problem.in_lang("th").startswith("(ทั้งแบบฟอร์ม): แบบฟอร์มต้องเป็นออบเจกต์ JSON")
    assert problem.in_lang("en").startswith("(the whole form): A form definition is one JSON")


def test_problems_travel_as_text_and_keep_their_words():
    problem = _problems(_mutate(["form_id"], DELETE))[0]
    again = pickle.loads(pickle.dumps(problem))
    assert (again, again.path, again.code) == (problem, "form_id", "def_required")
    assert in_lang({"problems": [problem]}, "th") == {
        "problems": ["form_id: ต้องมีค่านี้ แต่ยังไม่ได้ใส่"]}
