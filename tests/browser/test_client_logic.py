"""The phone and the server judge answers alike.

The phone's form logic (server/static/app/js/model.js) runs in Chromium on the app's own
files, and is compared with the server's checker (forms/compile.py) on the bundled forms:
valid samples give no message on the phone and exactly the answers the server keeps; every
single-rule violation the sample generator can stage is caught on the phone at the path
where the server reports it, or, for answers that the form does not ask for, left out of
what the phone would send. No server process is needed: the files are served by the route.
"""

import pytest

from forms.bundled import bundled
from forms.compile import compile_form
from forms.samples import SampleError, invalid_answers, sample_answers, single_rule_violations
from server.client_app import APP_DIR, TYPES
from tests.browser.conftest_client import without_calculations

pytestmark = pytest.mark.browser

ORIGIN = "http://localhost:8123"  # never contacted: every request is answered by the route
FORMS = ("forum_minutes", "proposal_scoring", "training_attendance", "km_record")
DROPPED_NOT_REPORTED = {"unknown_key", "irrelevant_present"}


@pytest.fixture(scope="module")
def judge(browser):
    """evaluate(definition, answers) -> {"answers", "errors"} as the phone computes them."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()

    def serve(route):
        rel = route.request.url.removeprefix(f"{ORIGIN}/app/")
        if rel == "":
            route.fulfill(body="<!doctype html><title>logic</title>", content_type=TYPES[".html"])
        else:
            path = APP_DIR / rel
            route.fulfill(path=path, content_type=TYPES.get(path.suffix, "application/octet-stream"))

    page.route(f"{ORIGIN}/app/**", serve)
    page.goto(f"{ORIGIN}/app/")

    def evaluate(definition: dict, answers: dict) -> dict:
        return page.evaluate("""async ([definition, answers]) => {
            const { evaluate } = await import('./js/model.js');
            const result = evaluate(definition, answers);
            return { answers: result.answers, errors: result.errors };
        }""", [definition, answers])

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


@pytest.mark.parametrize("form_id", FORMS)
def test_every_rule_the_server_enforces_is_caught_on_the_phone_at_the_same_path(judge, form_id):
    definition = bundled(form_id)
    missed = []
    for violation in single_rule_violations(definition.raw):
        try:
            answers, path = invalid_answers(definition.raw, 1, violation)
        except SampleError:
            continue
        assert path in compile_form(definition).validate(answers).errors, violation
        phone = judge(definition.raw, answers)
        if violation.kind in DROPPED_NOT_REPORTED:
            if holds(phone["answers"], path):
                missed.append(f"{violation}: would be sent")
        elif path not in phone["errors"]:
            missed.append(f"{violation}: phone reports {sorted(phone['errors'])}")
    assert missed == [], "\n".join(missed)
