"""The sample generator gives realistic, deterministic answers that the compiled forms accept,
and single-rule violations that they refuse at exactly the path named."""

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms.bundled import bundled_paths, earlier_paths
from forms.compile import compile_form
from forms.definition import load_definition
from forms.places import place_names
from forms.samples import SampleError, Violation, invalid_answers, sample_answers, single_rule_violations

DEFINITIONS = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in bundled_paths()}
TRAINING = DEFINITIONS["training_attendance"]
EARLIER = [json.loads(path.read_text(encoding="utf-8")) for path in earlier_paths()]
THAI = re.compile(r"[\u0e00-\u0e7f]")

by_form = pytest.mark.parametrize("form_id", sorted(DEFINITIONS))


def free_text(fields, answers):
    """The answers to text and textarea fields without a pattern, through groups and repeats."""
    for field in fields:
        value = answers.get(field["name"])
        if value is None:
            continue
        if field["type"] == "group":
            yield from free_text(field["fields"], value)
        elif field["type"] == "repeat":
            for row in value:
                yield from free_text(field["fields"], row)
        elif field["type"] in ("text", "textarea") and "pattern" not in field:
            yield value


def one_field_form(**field):
    field = {"name": "code", "type": "text", "label": {"th": "รหัส", "en": "Code"}, "required": True, **field}
    return {"form_id": "probe", "version": "1", "title": {"th": "ทดลอง", "en": "Probe"}, "fields": [field]}


# --- valid answers --------------------------------------------------------------------------


@by_form
def test_the_same_seed_gives_the_same_answers(form_id):
    assert sample_answers(DEFINITIONS[form_id], 42) == sample_answers(DEFINITIONS[form_id], 42)


@by_form
def test_different_seeds_give_different_answers(form_id):
    samples = [json.dumps(sample_answers(DEFINITIONS[form_id], seed), sort_keys=True) for seed in range(20)]
    assert len(set(samples)) == 20


@by_form
def test_text_answers_are_written_in_thai(form_id):
    definition = DEFINITIONS[form_id]
    texts = list(free_text(definition["fields"], sample_answers(definition, 3)))
    assert texts and all(THAI.search(text) for text in texts), texts


def test_people_and_places_have_thai_names_from_around_chachoengsao():
    answers = sample_answers(TRAINING, 5, repeat_counts={"participants": 30})
    names = [row["full_name"] for row in answers["participants"]]
    assert all(re.fullmatch(r"(นาย|นางสาว|นาง)\S+ \S+", name) for name in names), names
    province = place_names()["th_provinces"][answers["place"]["province"]]  # a code
    assert province in {"ฉะเชิงเทรา", "ปราจีนบุรี", "ชลบุรี", "นครนายก", "สมุทรปราการ"}
    district = place_names()["th_districts"][answers["place"]["district"]]
    assert answers["place"]["district"].startswith(answers["place"]["province"]), district
    assert answers["place"]["subdistrict"].startswith(answers["place"]["district"])


def test_a_participant_s_gender_agrees_with_the_title_of_their_name():
    answers = sample_answers(TRAINING, 8, repeat_counts={"participants": 50})
    for row in answers["participants"]:
        assert row["full_name"].startswith("นาย") == (row["gender"] == "male"), row


def test_repeat_counts_fix_the_number_of_rows():
    for count in (1, 30, 200):
        answers = sample_answers(TRAINING, 1, repeat_counts={"participants": count})
        assert len(answers["participants"]) == count


def test_a_definition_object_with_a_raw_dict_gives_the_same_answers_as_the_dict():
    assert sample_answers(load_definition(TRAINING), 9) == sample_answers(TRAINING, 9)


def test_a_field_that_does_not_apply_is_left_out():
    for seed in range(40):
        answers = sample_answers(TRAINING, seed)
        assert ("desserts" in answers) == (answers["activity"] == "thai_desserts")
        rows = answers.get("participants", [])  # a day-2 sheet may register nobody new
        assert not any(row["present"] and "absence_reason" in row for row in rows)


def test_optional_fields_are_sometimes_answered_and_sometimes_not():
    answered = [("notes" in sample_answers(TRAINING, seed)) for seed in range(40)]
    assert any(answered) and not all(answered)


def test_calculated_values_follow_their_expressions():
    answers = sample_answers(TRAINING, 11, repeat_counts={"participants": 30})
    assert answers["present_count"] == sum(row["present"] for row in answers["participants"])


def test_an_end_time_comes_after_its_start_time():
    for seed in range(40):
        answers = sample_answers(DEFINITIONS["forum_minutes"], seed)
        assert answers["start_time"] < answers["end_time"]


def test_text_is_generated_to_match_a_uuid_pattern():
    for seed in range(20):
        forum = sample_answers(DEFINITIONS["proposal_scoring"], seed).get("forum_uuid")
        assert forum is None or re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", forum)


@pytest.mark.parametrize("kind", ["integer", "decimal"])
@pytest.mark.parametrize("bounds", [{"min": 5000}, {"max": -5}, {"min": 3, "max": 3}])
def test_numbers_keep_within_bounds_given_on_one_side_or_both(kind, bounds):
    definition = one_field_form(type=kind, **bounds)
    for seed in range(30):
        value = sample_answers(definition, seed)["code"]
        assert bounds.get("min", value) <= value <= bounds.get("max", value)


def test_a_pattern_no_generator_can_satisfy_is_refused_with_the_field_named():
    with pytest.raises(SampleError, match=r"code: cannot generate text matching the pattern"):
        sample_answers(one_field_form(pattern=r"[A-Z]{2}-\d{3}"), 1)


def test_a_constraint_no_value_can_meet_is_refused_with_the_field_named():
    with pytest.raises(SampleError, match=r"code: no value met the constraint"):
        sample_answers(one_field_form(constraint=False, constraint_message={"th": "ไม่ผ่าน", "en": "Never."}), 1)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_generated_answers_pass_validation_for_every_bundled_form(seed):
    for form_id, definition in DEFINITIONS.items():
        outcome = compile_form(definition).validate(sample_answers(definition, seed))
        assert outcome.ok, (form_id, outcome.errors)


def test_thirty_participant_rosters_pass_validation():
    form = compile_form(TRAINING)
    for seed in range(10):
        outcome = form.validate(sample_answers(TRAINING, seed, repeat_counts={"participants": 30}))
        assert outcome.ok, outcome.errors


# --- answers broken on purpose --------------------------------------------------------------


def test_violations_name_their_rule_and_the_dotted_path_it_is_reported_at():
    violations = set(single_rule_violations(TRAINING))
    assert {
        Violation("below_min", "participants.1.age"),
        Violation("above_max", "participants.1.age"),
        Violation("missing_required", "place.province"),
        Violation("wrong_type", "place.village_no"),
        Violation("unknown_key", "not_in_form"),
        Violation("unknown_key", "participants.1.not_in_form"),
        Violation("irrelevant_present", "desserts"),
        Violation("irrelevant_present", "participants.1.absence_reason"),
        Violation("too_many_items", "participants"),
        Violation("missing_required", "attendance.1.trainee"),
        Violation("id_with_dashes", "participants.1.national_id"),
        Violation("bad_datetime", "attendance_taken_at"),
        Violation("bad_phone", "participants.1.phone"),
        Violation("bad_geopoint", "location"),
    } <= violations


def test_calculated_and_note_fields_have_no_violations():
    paths = {violation.path for violation in single_rule_violations(TRAINING)}
    assert not paths & {"present_count", "intro"}


def test_the_bundled_forms_together_can_break_every_kind_of_rule():
    kinds = {v.kind for definition in [*DEFINITIONS.values(), *EARLIER]
             for v in single_rule_violations(definition)}
    assert kinds == {
        "missing_required", "wrong_type", "below_min", "above_max", "too_short", "too_long",
        "pattern_mismatch", "not_a_choice", "too_few_items", "too_many_items", "unknown_key",
        "irrelevant_present", "constraint_failed", "bad_date", "bad_time", "bad_datetime",
        "bad_attachment",
        "bad_phone", "bad_geopoint", "id_with_dashes", "bad_uuid",
    }


def test_a_violation_is_staged_the_same_way_for_the_same_seed():
    violation = Violation("constraint_failed", "end_time")
    definition = DEFINITIONS["forum_minutes"]
    assert invalid_answers(definition, 4, violation) == invalid_answers(definition, 4, violation)


def rule_readers(definition) -> dict[str, set[str]]:
    """For each answer path (row numbers left out), the fields whose rules read it."""
    readers: dict[str, set[str]] = {}

    def read_vars(rule):
        if isinstance(rule, dict):
            for operator, args in rule.items():
                if operator == "var":
                    name = args[0] if isinstance(args, list) else args
                    if isinstance(name, str) and name:
                        yield name
                else:
                    yield from read_vars(args)
        elif isinstance(rule, list):
            for item in rule:
                yield from read_vars(item)

    def visit(fields, prefix, repeat):
        for field in fields:
            path = prefix + field["name"]
            for key in ("relevant", "constraint", "expr"):
                for name in read_vars(field.get(key)):
                    if name.startswith("row.") and repeat:
                        name = f"{repeat}.{name[4:]}"
                    readers.setdefault(name, set()).add(path)
            inner = path if field["type"] == "repeat" else repeat
            visit(field.get("fields", []), path + ".", inner)

    visit(definition["fields"], "", None)
    return readers


def affected_by(definition, path: str) -> set[str]:
    """The path, and every field whose rules read it, directly or through calculations."""
    readers, found = rule_readers(definition), set()
    todo = [re.sub(r"\.\d+(?=\.|$)", "", path)]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.add(current)
        for name, fields in readers.items():
            if name == current or name.startswith(current + ".") or current.startswith(name + "."):
                todo.extend(fields)
    return found


VIOLATIONS = [(form_id, v) for form_id, definition in DEFINITIONS.items() for v in single_rule_violations(definition)]


@pytest.mark.parametrize("form_id, violation", VIOLATIONS, ids=[f"{f}:{v}" for f, v in VIOLATIONS])
def test_every_single_rule_violation_is_refused_at_its_path(form_id, violation):
    """Besides the broken answer, only answers whose rules read it may be reported."""
    definition = DEFINITIONS[form_id]
    answers, path = invalid_answers(definition, 7, violation)
    errors = compile_form(definition).validate(answers).errors
    assert path == violation.path
    assert path in errors, errors
    allowed = affected_by(definition, path)
    assert all(re.sub(r"\.\d+(?=\.|$)", "", other) in allowed for other in errors), errors
