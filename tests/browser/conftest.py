"""What browser tests add to the chain: a real Chromium (Debian's package, driven by
Playwright), and for the offline client a real `tambon serve` process on a loopback port (one
for the session), a field officer of its own for each test (so "exactly one copy on the
server" counts only that test's work), and a `phone`: Chromium at 360x740 in Thai and Bangkok
time, connected through the app's own sign-in screen."""

import itertools
import os
import shutil
import uuid
from pathlib import Path

import pytest

from tests.browser.client import PHONE, connect_phone
from tests.cast import SUPERVISOR
from tests.conftest import needs
from tests.e2e.harness import TambonServer, add_user

CHROMIUM = os.environ.get("TAMBON_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
ARTIFACTS = Path(os.environ.get("TAMBON_TEST_ARTIFACTS", "test-artifacts"))


@pytest.fixture(scope="session")
def browser():
    needs(Path(CHROMIUM).exists() or shutil.which("chromium") is not None,
          f"Chromium is not installed at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        needs(False, "the playwright package is not installed")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def artifacts_dir(request) -> Path:
    """Where a browser test saves its screenshots, one folder per test."""
    path = ARTIFACTS / request.node.name.replace("/", "_").replace("[", "-").replace("]", "")
    path.mkdir(parents=True, exist_ok=True)
    return path


_officers = itertools.count(1)


@pytest.fixture(scope="session")
def tambon(tmp_path_factory):
    """A running server with the bundled forms published and a supervisor, shared by the
    client's browser tests (each has its own officer, so none sees another's work)."""
    server = TambonServer(tmp_path_factory.mktemp("tambon"), workers=2)
    server.start()
    add_user(server.env, SUPERVISOR, "supervisor")
    yield server
    server.stop()


@pytest.fixture
def officer(tambon) -> str:
    """A field officer of this test's own."""
    name = f"officer{next(_officers)}_{uuid.uuid4().hex[:6]}"
    add_user(tambon.env, name, "field")
    return name


@pytest.fixture
def phone(browser, tambon, officer):
    """A connected phone's page; JavaScript errors on the page fail the test."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("dialog", lambda dialog: dialog.accept())
    connect_phone(page, tambon.url, officer)
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
