"""A supervisor sees an attendance sheet's photo and signatures in Chromium, under the pages'
Content-Security-Policy, and a tap opens the full photo."""

import hashlib

import pytest

from tests.browser.client import sign_in_on_the_web
from tests.cast import SUPERVISOR
from tests.e2e.conftest import prepare_site, start_servers, stop_servers
from tests.e2e.harness import submission
from tests.media import photo, signature, training_item

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A served site with one attendance sheet: a photo and two signatures, all uploaded."""
    site = start_servers(prepare_site(tmp_path_factory.mktemp("media"), phones=1))
    shot, drawn = photo(31, (1200, 900)), [signature(31), signature(32)]
    item = submission(training_item(photos=[shot], signatures=drawn)["answers"],
                      form_version="4")
    phone = site.phone("phone-1")
    assert phone.push([item]).json()["results"][0]["status"] == "created"
    for content, kind in ((shot, "image/jpeg"), *((d, "image/png") for d in drawn)):
        response = phone.session.put(
            f"{phone.url}/api/v1/attachments/{hashlib.sha256(content).hexdigest()}",
            data=content, headers={"Content-Type": kind}, timeout=60)
        assert response.status_code == 201, response.text
    yield site, item["uuid"], shot
    stop_servers(site)


def test_the_photo_and_signatures_show_and_a_tap_opens_the_full_photo(browser, site):
    site, uuid, shot = site
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="th-TH")
    page = context.new_page()
    page.set_default_timeout(15_000)
    blocked = []
    page.on("console", lambda message: blocked.append(message.text)
            if "Content Security Policy" in message.text else None)
    sign_in_on_the_web(page, site.url, SUPERVISOR)
    page.goto(f"{site.url}/submissions/{uuid}")
    thumbs = page.locator("img.thumb")
    assert thumbs.count() == 3  # the photo and two signatures in the attendance table
    assert page.locator(".repeat img.thumb").count() == 3
    for index in range(3):
        thumbs.nth(index).scroll_into_view_if_needed()
        page.wait_for_function("(img) => img.complete && img.naturalWidth > 0",
                               arg=thumbs.nth(index).element_handle())
        assert 0 < thumbs.nth(index).evaluate("(img) => img.naturalWidth") <= 320
    full_size = f"/files/{hashlib.sha256(shot).hexdigest()}"
    with context.expect_page() as opened:
        page.locator(f'a.media[href="{full_size}"]').click()
    full = opened.value
    full.wait_for_load_state()
    assert full.url.endswith(full_size)
    assert full.evaluate("() => document.images[0].naturalWidth") == 1200
    assert blocked == []
    context.close()
