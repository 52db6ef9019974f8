"""Definitions are checked completely: every mistake is refused, with its path."""

import copy
import json

import pytest

from forms.canonical import content_hash
from forms.definition import DefinitionError, load_definition


def base():
    """A small valid definition that the mistakes below break one at a time."""
    return {
        "form_id": "village_visit",
        "version": "1",
        "title": {"th": "บันทึกการเยี่ยมหมู่บ้าน", "en": "Village visit"},
        "fields": [
            {"name": "visit_date", "type": "date", "label": {"th": "วันที่", "en": "Date"},
             "required": True, "min": "2020-01-01"},
            {"name": "village_no", "type": "integer", "label": {"th": "หมู่ที่", "en": "Village no."},
             "min": 1, "max": 50},
            {"name": "topic", "type": "select_one", "label": {"th": "เรื่อง", "en": "Topic"},
             "choices": [{"value": "otop", "label": {"th": "โอทอป", "en": "OTOP"}},
                         {"value": "fund", "label": {"th": "กองทุน", "en": "Fund"}}]},
            {"name": "fund_name", "type": "text", "label": {"th": "ชื่อกองทุน", "en": "Fund name"},
             "relevant": {"==": [{"var": "topic"}, "fund"]}, "max_length": 200},
            {"name": "people", "type": "repeat", "label": {"th": "ผู้เข้าร่วม", "en": "People"},
             "min_items": 1, "max_items": 100,
             "fields": [
                 {"name": "full_name", "type": "text", "label": {"th": "ชื่อ", "en": "Name"}, "required": True},
                 {"name": "age", "type": "integer", "label": {"th": "อายุ", "en": "Age"},
                  "constraint": {">=": [{"var": "value"}, 7]},
                  "constraint_message": {"th": "อายุต้องไม่น้อยกว่า 7 ปี", "en": "Age must be 7 or more."}},
                 {"name": "present", "type": "boolean", "label": {"th": "มา", "en": "Present"}},
                 {"name": "adult", "type": "calculate", "expr": {">=": [{"var": "row.age"}, 18]}},
             ]},
            {"name": "present_count", "type": "calculate",
             "expr": {"reduce": [{"var": "people"},
                                 {"+": [{"var": "accumulator"}, {"if": [{"var": "current.present"}, 1, 0]}]}, 0]}},
            {"name": "note_end", "type": "note", "label": {"th": "จบแบบฟอร์ม", "en": "End of form"}},
        ],
    }


def test_a_valid_definition_loads_with_its_fields_and_hash():
    definition = load_definition(base())
    assert definition.form_id == "village_visit"
    assert [f.name for f in definition.fields][:3] == ["visit_date", "village_no", "topic"]
    assert definition.hash == content_hash(base())
    assert [f.path for f in definition.walk()][4:6] == ["people", "people.full_name"]


def _field(d, index):
    return d["fields"][index]


def _set(path, value):
    def mutate(d):
        target = d
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return mutate


def _delete(path):
    def mutate(d):
        target = d
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return mutate


def _append_field(item, where=("fields",)):
    def mutate(d):
        target = d
        for key in where:
            target = target[key]
        target.append(item)
    return mutate


MISTAKES = [
    ("form_id with capitals", _set(["form_id"], "VillageVisit"), "form_id"),
    ("form_id missing", _delete(["form_id"]), "form_id"),
    ("version empty", _set(["version"], ""), "version"),
    ("version not a string", _set(["version"], 1), "version"),
    ("title without Thai", _set(["title"], {"en": "Village visit"}), "title"),
    ("title as plain string", _set(["title"], "Village visit"), "title"),
    ("no fields", _set(["fields"], []), "fields"),
    ("unknown top-level key", _set(["colour"], "red"), "colour"),
    ("field name with capitals", _set(["fields", 1, "name"], "VillageNo"), "fields[1].name"),
    ("field name starting with a digit", _set(["fields", 1, "name"], "1village"), "fields[1].name"),
    ("duplicate field name", _set(["fields", 1, "name"], "visit_date"), "fields[1].name"),
    ("duplicate name inside a repeat", _set(["fields", 4, "fields", 1, "name"], "full_name"),
     "fields[4].fields[1].name"),
    ("unknown field type", _set(["fields", 1, "type"], "number"), "fields[1].type"),
    ("label missing on an answerable field", _delete(["fields", 1, "label"]), "fields[1].label"),
    ("label without Thai", _set(["fields", 1, "label"], {"en": "Village"}), "fields[1].label"),
    ("min greater than max", _set(["fields", 1, "min"], 60), "fields[1].min"),
    ("date bound not a date", _set(["fields", 0, "min"], "01/01/2020"), "fields[0].min"),
    ("integer bound with a fraction", _set(["fields", 1, "max"], 50.5), "fields[1].max"),
    ("min_length on an integer", _set(["fields", 1, "min_length"], 2), "fields[1].min_length"),
    ("choices on a text field", _set(["fields", 3, "choices"], []), "fields[3].choices"),
    ("select without choices", _delete(["fields", 2, "choices"]), "fields[2].choices"),
    ("duplicate choice value", _set(["fields", 2, "choices", 1, "value"], "otop"),
     "fields[2].choices[1].value"),
    ("choice without a label", _delete(["fields", 2, "choices", 0, "label"]), "fields[2].choices[0].label"),
    ("pattern that does not compile", _set(["fields", 3, "pattern"], "([a-z"), "fields[3].pattern"),
    ("negative max_length", _set(["fields", 3, "max_length"], -1), "fields[3].max_length"),
    ("min_length above max_length", _set(["fields", 3, "min_length"], 300), "fields[3].min_length"),
    ("required not a boolean", _set(["fields", 0, "required"], "yes"), "fields[0].required"),
    ("repeat without sub-fields", _delete(["fields", 4, "fields"]), "fields[4].fields"),
    ("min_items above max_items", _set(["fields", 4, "min_items"], 500), "fields[4].min_items"),
    ("calculate without expr", _delete(["fields", 5, "expr"]), "fields[5].expr"),
    ("unknown JSON Logic operator", _set(["fields", 3, "relevant"], {"equals": [{"var": "topic"}, "fund"]}),
     "fields[3].relevant"),
    ("var naming a field that does not exist", _set(["fields", 3, "relevant"], {"==": [{"var": "subject"}, "x"]}),
     "fields[3].relevant"),
    ("var naming a sub-field that does not exist", _set(["fields", 4, "fields", 3, "expr"],
                                                        {">=": [{"var": "row.birth_year"}, 18]}),
     "fields[4].fields[3].expr"),
    ("row used outside a repeat", _set(["fields", 3, "relevant"], {"var": "row.present"}), "fields[3].relevant"),
    ("var naming a note", _set(["fields", 3, "relevant"], {"var": "note_end"}), "fields[3].relevant"),
    ("constraint_message without a constraint", _set(["fields", 1, "constraint_message"], {"th": "ผิด"}),
     "fields[1].constraint_message"),
    ("default of the wrong type", _set(["fields", 1, "default"], "three"), "fields[1].default"),
    ("default outside the bounds", _set(["fields", 1, "default"], 99), "fields[1].default"),
    ("default not among the choices", _set(["fields", 2, "default"], "road"), "fields[2].default"),
    ("a key no field type uses", _set(["fields", 0, "colour"], "red"), "fields[0].colour"),
    ("field that is not an object", _append_field("visit_date"), "fields[7]"),
    ("constraint on a note", _set(["fields", 6, "constraint"], {"var": "topic"}), "fields[6].constraint"),
]


@pytest.mark.parametrize("mutate,path", [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_each_mistake_is_refused_at_its_path(mutate, path):
    broken = copy.deepcopy(base())
    mutate(broken)
    with pytest.raises(DefinitionError) as caught:
        load_definition(broken)
    paths = [p.split(": ", 1)[0] for p in caught.value.problems]
    assert path in paths, caught.value.problems


def test_every_problem_is_listed_not_just_the_first():
    broken = copy.deepcopy(base())
    broken["form_id"] = "Bad Id"
    broken["fields"][1]["min"] = 60
    broken["fields"][2]["choices"][1]["value"] = "otop"
    broken["fields"][3]["relevant"] = {"var": "nowhere"}
    with pytest.raises(DefinitionError) as caught:
        load_definition(broken)
    paths = {p.split(": ", 1)[0] for p in caught.value.problems}
    assert {"form_id", "fields[1].min", "fields[2].choices[1].value", "fields[3].relevant"} <= paths


def test_problems_name_the_duplicate_value():
    broken = copy.deepcopy(base())
    broken["fields"][2]["choices"][1]["value"] = "otop"
    with pytest.raises(DefinitionError) as caught:
        load_definition(broken)
    assert ('fields[2].choices[1].value: The choice value "otop" is used twice; each choice '
            "needs its own value.") in caught.value.problems


def test_definitions_load_from_json_text_and_files(tmp_path):
    text = json.dumps(base(), ensure_ascii=False)
    path = tmp_path / "visit.json"
    path.write_text(text, encoding="utf-8")
    assert load_definition(text).hash == load_definition(path).hash == load_definition(base()).hash


def test_unreadable_json_is_a_definition_error():
    with pytest.raises(DefinitionError) as caught:
        load_definition("{not json")
    [problem] = caught.value.problems
    assert (problem.path, problem.code, problem.params) == ("", "def_not_json",
                                                            {"line": 1, "column": 2})


def test_the_corpus_covers_at_least_thirty_mistakes():
    assert len(MISTAKES) >= 30
