"""The phone and the server judge answers alike, and say so in the same words.

The phone's form logic (server/static/app/js/model.js) runs in Chromium on the app's own
files (and the module the server generates from its field-type table and message catalog),
and is compared with the server's checker (forms/compile.py) on the bundled forms and on a
form with a field of every type (forms/fieldtypes.py): valid samples give no message on the
phone and exactly the answers the server keeps; every single-rule violation the sample
generator can stage, and each type's own wrong-type and wrong-format samples, get on the
phone the very messages the server gives, path for path, in Thai and in English; answers
the form does not ask for are left out of what the phone would send rather than reported.
No server process is needed: the files are served by the route.
"""

import pytest

from forms.bundled import bundled
from forms.compile import Outcome, compile_form
from forms.definition import load_definition
from forms.fieldtypes import FIELD_TYPES
from forms.samples import SampleError, invalid_answers, sample_answers, single_rule_violations
from server.client_app import APP_DIR, TYPES, generated_assets
from tests.browser.client import without_calculations

pytestmark = pytest.mark.browser

ORIGIN = "http://localhost:8123"  # never contacted: every request is answered by the route
FORMS = ("forum_minutes", "proposal_scoring", "training_attendance", "km_record")
DROPPED_NOT_REPORTED = {"unknown_key", "irrelevant_present"}
DROPPED_CODES = {"unknown", "not_applicable"}  # what the phone leaves out instead of reporting
LANGS = ("th", "en")


@pytest.fixture(scope="module")
def judge(browser):
    """evaluate(definition, answers) -> {"answers", "errors"} as the phone computes them."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()

    def serve(route):
        rel = route.request.url.removeprefix(f"{ORIGIN}/app/")
        if rel == "":
            route.fulfill(body="<!doctype html><title>logic</title>", content_type=TYPES[".html"])
        elif rel in generated_assets():
            route.fulfill(body=generated_assets()[rel], content_type=TYPES[".js"])
        else:
            path = APP_DIR / rel
            route.fulfill(path=path, content_type=TYPES.get(path.suffix, "application/octet-stream"))

    page.route(f"{ORIGIN}/app/**", serve)
    page.goto(f"{ORIGIN}/app/")

    def evaluate(definition: dict, answers: dict, lang: str = "en") -> dict:
        return page.evaluate("""async ([definition, answers, lang]) => {
            const { setLang } = await import('./js/i18n.js');
            const { evaluate } = await import('./js/model.js');
            setLang(lang);
            const result = evaluate(definition, answers);
            return { answers: result.answers, errors: result.errors };
        }""", [definition, answers, lang])

    yield evaluate
    context.close()


def holds(answers, path: str) -> bool:
    here = answers
    for part in path.split("."):
        if isinstance(here, list) and part.isdigit() and int(part) < len(here):
            here = here[int(part)]
        elif isinstance(here, dict) and part in here:
            here = here[part]
        else:
            return False
    return True


@pytest.mark.parametrize("form_id", FORMS)
def test_valid_samples_pass_on_the_phone_and_it_sends_exactly_what_the_server_keeps(judge, form_id):
    definition = bundled(form_id)
    for seed in range(6):
        answers = sample_answers(definition.raw, seed, repeat_counts={"participants": 12})
        phone = judge(definition.raw, answers)
        server = compile_form(definition).validate(answers)
        assert server.ok, server.errors
        assert phone["errors"] == {}, f"seed {seed}"
        assert phone["answers"] == without_calculations(definition.raw["fields"], server.answers)
        assert compile_form(definition).validate(phone["answers"]).ok


def phone_messages(outcome: Outcome, lang: str) -> dict[str, list[str]]:
    """The server's messages that the phone must show too: all but those about answers it
    would drop (an unknown key, an answer to a question that does not apply) and below them."""
    dropped = [path for path, problems in outcome.problems.items()
               if any(problem.code in DROPPED_CODES for problem in problems)]
    return {path: [problem.render(lang) for problem in problems]
            for path, problems in outcome.problems.items()
            if not any(path == gone or path.startswith(f"{gone}.") for gone in dropped)}


def differences(judge, definition, answers: dict, label: str) -> list[str]:
    """How the phone's messages differ from the server's for one answers object, per language.

    The phone shows the server's messages for what was typed, then the server's messages for
    what it would send (an answer of the wrong type is not sent, so a required field inside it
    is then missing), as model.js `evaluate` explains.
    """
    found = []
    compiled = compile_form(definition)
    typed = compiled.validate(answers)
    for lang in LANGS:
        phone = judge(definition.raw, answers, lang)
        server = phone_messages(typed, lang)
        for path, messages in phone_messages(compiled.validate(phone["answers"]), lang).items():
            server.setdefault(path, messages)
        if phone["errors"] != server:
            found.append(f"{label} [{lang}]: phone {phone['errors']} != server {server}")
    return found


def staged_violations(definition):
    """(violation, answers, path) for every single-rule violation the generator can stage."""
    for violation in single_rule_violations(definition.raw):
        try:
            answers, path = invalid_answers(definition.raw, 1, violation)
        except SampleError:
            continue
        yield violation, answers, path


@pytest.mark.parametrize("form_id", FORMS)
def test_every_rule_the_server_enforces_gets_the_same_messages_on_the_phone(judge, form_id):
    definition = bundled(form_id)
    missed = []
    for violation, answers, path in staged_violations(definition):
        assert path in compile_form(definition).validate(answers).errors, violation
        if violation.kind in DROPPED_NOT_REPORTED and holds(judge(definition.raw, answers)["answers"], path):
            missed.append(f"{violation}: would be sent")
        missed += differences(judge, definition, answers, str(violation))
    assert missed == [], "\n".join(missed)


CHOICES = [{"value": v, "label": {"th": v, "en": v}} for v in ("yes", "no", "maybe")]
LABEL = {"th": "คำถาม", "en": "Question"}

# A form with a field of every type, most with every rule their type allows.
EVERY_TYPE = load_definition({
    "form_id": "every_type", "version": "1", "title": {"th": "ทุกชนิด", "en": "Every type"},
    "language": 2,
    "fields": [
        {"name": "intro", "type": "note", "label": LABEL},
        {"name": "national_id", "type": "thai_id", "label": LABEL},
        {"name": "earlier", "type": "ref", "form": "every_type", "label": LABEL},
        {"name": "full_name", "type": "text", "label": LABEL, "required": True,
         "min_length": 3, "max_length": 60},
        {"name": "code", "type": "text", "label": LABEL, "pattern": "[0-9]{5}"},
        {"name": "story", "type": "textarea", "label": LABEL, "max_length": 400},
        {"name": "age", "type": "integer", "label": LABEL, "required": True, "min": 15, "max": 99},
        {"name": "budget", "type": "decimal", "label": LABEL, "min": 0, "max": 500000.5},
        {"name": "consent", "type": "boolean", "label": LABEL, "required": True},
        {"name": "date", "type": "date", "label": LABEL, "required": True,
         "min": "2011-10-01", "max": "2026-09-30"},
        {"name": "start", "type": "time", "label": LABEL},
        {"name": "taken_at", "type": "datetime", "label": LABEL},
        {"name": "phone", "type": "phone", "label": LABEL, "required": True},
        {"name": "location", "type": "geopoint", "label": LABEL},
        {"name": "answer", "type": "select_one", "label": LABEL, "choices": CHOICES, "required": True},
        {"name": "answers", "type": "select_multiple", "label": LABEL, "choices": CHOICES,
         "min_items": 1, "max_items": 2},
        {"name": "place", "type": "group", "label": LABEL, "fields": [
            {"name": "village", "type": "text", "label": LABEL, "required": True},
            {"name": "village_no", "type": "integer", "label": LABEL, "min": 1, "max": 30},
        ]},
        {"name": "people", "type": "repeat", "label": LABEL, "required": True,
         "min_items": 1, "max_items": 3, "fields": [
             {"name": "full_name", "type": "text", "label": LABEL, "required": True},
             {"name": "age", "type": "integer", "label": LABEL, "min": 0,
              "constraint": {">=": [{"var": "value"}, {"var": "age"}]} and {"<=": [{"var": "value"}, 120]},
              "constraint_message": {"th": "อายุไม่เกิน 120 ปี", "en": "At most 120 years."}},
             {"name": "phone", "type": "phone", "label": LABEL},
             {"name": "adult", "type": "calculate", "expr": {">=": [{"var": "row.age"}, 18]}},
             {"name": "signed", "type": "signature", "label": LABEL},
         ]},
        {"name": "photo", "type": "image", "label": LABEL, "max_bytes": 300000},
        {"name": "report", "type": "file", "label": LABEL, "required": True,
         "accept": ["application/pdf",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]},
        {"name": "why_no", "type": "text", "label": LABEL, "required": True,
         "relevant": {"==": [{"var": "consent"}, False]}},
        {"name": "score", "type": "integer", "label": LABEL,
         "constraint": {"<": [{"var": "value"}, {"var": "age"}]}},
        {"name": "total", "type": "calculate", "expr": {"+": [{"var": "age"}, 1]}},
    ],
})


def test_the_every_type_form_has_a_field_of_every_type():
    assert {spec.type for spec in EVERY_TYPE.walk()} == set(FIELD_TYPES)


def test_valid_answers_of_every_type_get_no_message_on_the_phone(judge):
    for seed in range(8):
        answers = sample_answers(EVERY_TYPE.raw, seed)
        assert compile_form(EVERY_TYPE).validate(answers).ok
        assert judge(EVERY_TYPE.raw, answers)["errors"] == {}, f"seed {seed}"


def test_every_rule_of_every_type_gets_the_same_messages_on_the_phone_in_thai_and_english(judge):
    missed, staged = [], set()
    for violation, answers, _path in staged_violations(EVERY_TYPE):
        staged.add(violation.kind)
        missed += differences(judge, EVERY_TYPE, answers, str(violation))
    assert missed == [], "\n".join(missed)
    assert {"wrong_type", "bad_date", "bad_time", "bad_datetime", "bad_phone", "bad_geopoint",
            "below_min", "above_max", "too_short", "too_long", "pattern_mismatch", "not_a_choice",
            "too_few_items", "too_many_items", "constraint_failed", "missing_required",
            "bad_attachment"} <= staged


@pytest.mark.parametrize("kind", sorted(t for t, entry in FIELD_TYPES.items() if entry.answerable))
def test_each_type_s_own_samples_get_the_same_messages_on_the_phone(judge, kind):
    entry = FIELD_TYPES[kind]
    field = {"name": "x", "type": kind, "label": LABEL, "required": True}
    if "choices" in entry.definition_keys:
        field["choices"] = CHOICES
    if "accept" in entry.definition_keys:
        field["accept"] = ["application/pdf"]
    if "form" in entry.definition_keys:  # a ref names the form it points to
        field["form"] = "one_type"
    definition = load_definition({"form_id": "one_type", "version": kind, "title": LABEL,
                                  "language": entry.language, "fields": [field]})
    example = "yes" if entry.shape == "choice" else entry.example
    tried = {"example": example, "wrong type": entry.wrong_type, "blank": "  ", "empty list": [],
             "nothing": None, "object": {"x": 1}}
    if entry.bad_format:
        tried[entry.bad_format[0]] = entry.bad_format[1]
    missed = []
    for name, value in tried.items():
        missed += differences(judge, definition, {"x": value}, f"{kind} {name} {value!r}")
    assert compile_form(definition).validate({"x": example}).ok
    assert missed == [], "\n".join(missed)


@pytest.mark.parametrize("value", ["0898-984-499", "089-8984499", "038 511 234", "0898984499"])
def test_the_phone_accepts_the_phone_numbers_the_server_accepts(judge, value):
    definition = load_definition({"form_id": "one_phone", "version": "1", "title": LABEL,
                                  "fields": [{"name": "x", "type": "phone", "label": LABEL}]})
    assert compile_form(definition).validate({"x": value}).ok
    assert judge(definition.raw, {"x": value})["errors"] == {}
