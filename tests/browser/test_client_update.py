"""A new version of the app reaches a phone that is already using it: the new shell installs
beside the old, takes over when the officer agrees, and the draft they were typing is there.

The server runs in this process (the real app factory, on a copy of the app's files that the
test can change); the CLI prepares its data directory as an operator would."""

import shutil
import threading

import pytest
from werkzeug.serving import make_server

from server import client_app
from server.app import create_app
from tests.browser.client import PHONE, box, connect_phone
from tests.e2e.harness import add_user, run_cli, tambon_env

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def site(tmp_path, monkeypatch):
    app_files = tmp_path / "app"
    shutil.copytree(client_app.APP_DIR, app_files)
    monkeypatch.setattr(client_app, "APP_DIR", app_files)
    client_app.shell.cache_clear()
    data = tmp_path / "data"
    env = tambon_env(data)
    run_cli(env, "init")
    add_user(env, "somchai", "field")
    server = make_server("127.0.0.1", 0, create_app({"data_dir": str(data)}), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", app_files
    server.shutdown()
    thread.join()
    client_app.shell.cache_clear()


def shell_caches(page) -> list[str]:
    return page.evaluate("caches.keys().then((keys) => keys.filter((k) => k.startsWith('tambon-shell-')))")


def test_a_new_version_takes_over_when_the_officer_agrees_and_the_draft_being_typed_survives(
        browser, site, artifacts_dir):
    url, app_files = site
    context = browser.new_context(**PHONE)
    page = context.new_page()
    connect_phone(page, url, "somchai")
    old_caches = shell_caches(page)
    assert old_caches == [f"tambon-shell-{client_app.shell()['version']}"]

    page.click('[data-form="training_attendance"]')
    box(page, "venue").locator("input").fill("ศาลาประชาคมหมู่ที่ 3")

    with (app_files / "css" / "app.css").open("a") as css:
        css.write("\n.note { font-style: italic; }\n")
    client_app.shell.cache_clear()
    new_cache = f"tambon-shell-{client_app.shell()['version']}"
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    page.wait_for_selector("#banner.toast-sticky")
    page.screenshot(path=artifacts_dir / "update-offered.png")
    assert set(shell_caches(page)) == {*old_caches, new_cache}, "the running shell stays until the switch"

    with page.expect_event("load"):
        page.click("#banner")
    page.wait_for_selector("form.form")
    assert box(page, "venue").locator("input").input_value() == "ศาลาประชาคมหมู่ที่ 3"
    assert shell_caches(page) == [new_cache]
    assert "italic" in page.evaluate("fetch('css/app.css').then((r) => r.text())")
    context.close()
