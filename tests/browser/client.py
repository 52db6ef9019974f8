"""Driving the offline client in Chromium, and asking the server what it holds.

`connect_phone` signs a page in through the app's own sign-in screen; `fill_form` types a whole
answers object into the rendered form, widget by widget, the way an officer would; the
`wait_*` helpers poll the phone's own modules. The fixtures (`tambon`, `officer`, `phone`) are
in tests/browser/conftest.py.
"""

from __future__ import annotations

import time

import requests

from tests.browser.media import MEDIA_KINDS, attach
from tests.cast import PASSWORD, SUPERVISOR

PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "th-TH",
    "timezone_id": "Asia/Bangkok",
    "service_workers": "allow",
}
def connect_phone(page, server_url: str, username: str) -> None:
    """First visit, at the office: sign in and wait until the forms are on the phone."""
    page.goto(f"{server_url}/app/")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.fill("#device-label", f"{username}-phone")
    page.click("#sign-in button[type=submit]")
    page.wait_for_selector(".form-card >> nth=3")
    page.wait_for_function("document.querySelector('#last-sync').textContent.length > 0")
    # The shell is offline-ready once the worker is active (it caches everything on install).
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")


def sign_in_on_the_web(page, server_url: str, username: str, password: str = PASSWORD) -> None:
    """Sign `page` in on the supervisor pages through the sign-in form, as a person does."""
    if "/signin" not in page.url:
        page.goto(f"{server_url}/signin")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")


def as_supervisor(server, method: str, path: str, **kwargs) -> requests.Response:
    return requests.request(method, f"{server.url}/api/v1{path}", auth=(SUPERVISOR, PASSWORD),
                            timeout=30, **kwargs)


def server_copy(server, submission_uuid: str) -> dict:
    response = as_supervisor(server, "GET", f"/submissions/{submission_uuid}")
    assert response.status_code == 200, response.text
    return response.json()


def authored_by(server, username: str) -> list[dict]:
    """Every submission on the server by one officer."""
    items, cursor = [], None
    while True:
        params = {"author": username, "limit": 500, **({"cursor": cursor} if cursor else {})}
        response = as_supervisor(server, "GET", "/submissions", params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["submissions"]
        cursor = page["cursor"]
        if not page["more"]:
            return items


# --- driving the app ------------------------------------------------------------------------


def box(page, path: str):
    return page.locator(f'[data-path="{path}"]')


MEDIA_TYPES = ("image", "signature", "file")


def without_media(fields: list[dict], answers: dict) -> dict:
    """`answers` without photos, signatures and files, and without the repeats that need one
    in each row: what `fill_form` can type (media widgets have tests of their own)."""
    kept = dict(answers)
    for field in fields:
        name, kind = field["name"], field["type"]
        if name not in kept:
            continue
        if kind in MEDIA_TYPES:
            del kept[name]
        elif kind == "repeat" and any(f["type"] in MEDIA_TYPES and f.get("required")
                                      for f in field["fields"]):
            del kept[name]
        elif kind == "repeat":
            kept[name] = [without_media(field["fields"], row) for row in kept[name]]
        elif kind == "group":
            kept[name] = without_media(field["fields"], kept[name])
    return kept


def open_row(row) -> None:
    """Show the whole of a repeat row (rows are one closed line until tapped)."""
    if row.locator(":scope > .row-more").is_hidden():
        row.locator(":scope > .row-line > .row-toggle").click()


def fill_form(page, fields: list[dict], answers: dict, prefix: str = "") -> None:
    """Type `answers` into the open form through its widgets, in document order. A photo,
    signature or document is made for real, and its answer in `answers` becomes the
    reference the phone made."""
    for field in fields:
        name, kind = field["name"], field["type"]
        path = prefix + name
        value = answers.get(name)
        if kind in ("note", "calculate"):
            continue
        if kind == "group":
            fill_form(page, field["fields"], value or {}, f"{path}.")
            continue
        if value is None:
            continue
        here = box(page, path)
        if kind == "repeat":
            rows = here.locator(":scope > .rows > .row")
            while rows.count() < len(value):
                here.locator(":scope > .row-adders > .add-row").click()
            while rows.count() > len(value):
                open_row(rows.last)
                rows.last.locator('[data-action="remove-row"]').click()
            for index, row in enumerate(value):
                open_row(box(page, f"{path}.{index}"))
                fill_form(page, field["fields"], row, f"{path}.{index}.")
        elif kind == "textarea":
            here.locator("textarea").fill(value)
        elif kind == "datetime":
            here.locator("input").fill(value[:16])
        elif kind in ("text", "phone", "integer", "decimal", "date", "time", "thai_id"):
            here.locator("input").fill(str(value))
        elif kind == "boolean":
            tick = here.locator("input[type=checkbox]")
            if tick.count():  # a yes/no on a repeat row's own line
                tick.set_checked(value)
            else:
                here.locator(f'input[value="{str(value).lower()}"]').check()
        elif kind == "select_one":
            if here.locator("input[type=search]").count():  # a list's picker finds an item by its code too
                here.locator("input[type=search]").fill(value)
                here.locator(f'.pick[data-value="{value}"]').click()
            elif here.locator("select").count():
                here.locator("select").select_option(value)
            else:
                here.locator(f'input[value="{value}"]').check()
        elif kind == "select_multiple":
            for choice in field["choices"]:
                here.locator(f'input[value="{choice["value"]}"]').set_checked(choice["value"] in value)
        elif kind == "ref":  # a picker of the officer's own records, filled as it finds them
            here.locator("select").select_option(value)
        elif kind == "geopoint":
            here.locator("input").nth(0).fill(str(value["lat"]))
            here.locator("input").nth(1).fill(str(value["lon"]))
        elif kind in MEDIA_KINDS:
            answers[name] = attach(page, here, field, path)  # the phone's own file, not the sample's
        else:
            raise AssertionError(f"no way to fill a {kind} field")


def map_answers(fields: list[dict], answers: dict, leaf=lambda field, value: value) -> dict:
    """`answers` less what the server computes itself (calculate fields), with `leaf` applied
    to every other answer that is not a group or a repeat."""
    out = {}
    for field in fields:
        name, kind = field["name"], field["type"]
        if name not in answers or kind == "calculate":
            continue
        value = answers[name]
        if kind == "group":
            out[name] = map_answers(field["fields"], value, leaf)
        elif kind == "repeat":
            out[name] = [map_answers(field["fields"], row, leaf) for row in value]
        else:
            out[name] = leaf(field, value)
    return out


def without_calculations(fields: list[dict], answers: dict) -> dict:
    return map_answers(fields, answers)


def _typed(field: dict, value):
    if field["type"] == "datetime":
        return f"{value[:16]}:00+07:00"
    if field["type"] == "geopoint":
        return {"lat": value["lat"], "lon": value["lon"]}
    return value


def as_typed(fields: list[dict], answers: dict) -> dict:
    """The answers the server should hold after `fill_form(answers)`, leaving out what it
    computes itself: datetimes to the minute in the phone's offset (Bangkok), and no geopoint
    accuracy, which only GPS gives."""
    return map_answers(fields, answers, _typed)


def unsynced_count(page) -> int:
    return page.evaluate("""async () => {
        const c = await (await import('./js/submissions.js')).counts();
        return c.draft + c.outbox + c.returned;
    }""")


def eventually(page, script: str, timeout: float = 60, arg=None):
    """Poll an async page script until it returns something truthy; returns that."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(script, arg)
        if value:
            return value
        assert time.monotonic() < deadline, f"still false after {timeout}s: {script}"
        time.sleep(0.2)


def wait_until_synced(page, timeout: float = 60) -> None:
    """Until a sync has run to its end and left nothing in the outbox."""
    eventually(page, """async () => {
        const c = await (await import('./js/submissions.js')).counts();
        return !(await import('./js/sync.js')).isSyncing() && c.outbox === 0;
    }""", timeout)


def wait_for_state(page, submission_uuid: str, state: str, timeout: float = 60) -> dict:
    """Until the phone holds the submission in `state` with no sync running; returns it."""
    return eventually(page, """async ([uuid, state]) => {
        const record = await (await import('./js/submissions.js')).get(uuid);
        const idle = !(await import('./js/sync.js')).isSyncing();
        return idle && record && record.state === state ? record : null;
    }""", timeout, [submission_uuid, state])


def queue_submissions(page, form_id: str, answers_list: list[dict]) -> list[str]:
    """Finalised submissions put straight in the outbox by the app's own module functions."""
    return page.evaluate("""async ([formId, answersList]) => {
        const db = await import('./js/db.js');
        const subs = await import('./js/submissions.js');
        const model = await import('./js/model.js');
        const form = (await db.listForms()).find((f) => f.form_id === formId && f.current);
        const uuids = [];
        for (const answers of answersList) {
            const record = await subs.createDraft(form, answers);
            const { answers: payload, errors } = model.evaluate(form.definition, answers);
            if (Object.keys(errors).length) throw new Error(JSON.stringify(errors));
            await subs.finalise(record.uuid, answers, payload);
            uuids.push(record.uuid);
        }
        return uuids;
    }""", [form_id, answers_list])


def put_on_phone(page, lists: dict, definition: dict) -> None:
    """The lists as a sync would have kept them, and a form that reads them."""
    page.evaluate("""async ([lists, definition]) => {
        const kept = await import('./js/lists.js');
        for (const [id, items] of Object.entries(lists)) {
            await kept.putStored({ list_id: id, version: 1, hash: id, columns: [], items });
            kept.forget(id);
        }
        const db = await import('./js/db.js');
        await db.putForm({ form_id: definition.form_id, version: definition.version, hash: 'x',
                           title: definition.title, current: true, definition });
    }""", [lists, definition])
    page.reload()
    page.wait_for_selector(f'[data-form="{definition["form_id"]}"]')
