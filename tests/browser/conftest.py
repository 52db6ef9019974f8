"""A real Chromium for browser tests (Debian's package, driven by Playwright)."""

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import needs

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
