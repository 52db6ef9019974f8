"""Two versions of a form compared field by field, by answer path."""

import copy

from forms.definition import load_definition
from forms.diff import compare
from tests.forms.test_definition import base


def changed(mutate) -> list:
    newer = copy.deepcopy(base())
    newer["version"] = "2"
    mutate(newer)
    return compare(load_definition(base()), load_definition(newer))


def test_the_same_form_has_no_changes():
    assert changed(lambda d: None) == []


def test_a_field_added_and_one_removed_are_named_by_their_paths():
    def mutate(d):
        d["fields"].pop(1)  # village_no
        d["fields"][3]["fields"].append({"name": "phone_no", "type": "phone",
                                         "label": {"th": "โทรศัพท์"}})
    found = {(c.path, c.kind) for c in changed(mutate)}
    assert found == {("people.phone_no", "added"), ("village_no", "removed")}


def test_a_changed_field_says_which_aspects_changed_from_what_to_what():
    def mutate(d):
        topic = d["fields"][2]
        topic["label"] = {"th": "หัวข้อ", "en": "Subject"}
        topic["required"] = True
        topic["choices"][0]["label"] = {"th": "โอท็อป"}
        topic["choices"].pop(1)
        topic["choices"].append({"value": "road", "label": {"th": "ถนน"}})
        d["fields"][3]["relevant"] = {"==": [{"var": "topic"}, "road"]}
    [topic, fund_name] = changed(mutate)
    assert (topic.path, topic.kind) == ("topic", "changed")
    assert [k.key for k in topic.keys] == ["label", "required", "choices"]
    assert topic.keys[1].old is None and topic.keys[1].new is True
    choices = topic.keys[2].choices
    assert (choices.added, choices.removed, choices.relabelled) == (("road",), ("fund",), ("otop",))
    assert fund_name.path == "fund_name" and fund_name.keys[0].key == "relevant"
    assert fund_name.keys[0].logic


def test_a_type_change_inside_a_repeat_is_found_at_the_row_path():
    def mutate(d):
        d["fields"][4]["fields"][1]["type"] = "decimal"
    [age] = changed(mutate)
    assert age.path == "people.age" and [(k.key, k.old, k.new) for k in age.keys] == [
        ("type", "integer", "decimal")]
