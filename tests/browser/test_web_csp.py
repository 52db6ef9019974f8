"""The supervisor pages keep working in Chromium under their Content-Security-Policy: no
script or style is refused on any page, and the little JavaScript they have still runs."""

import pytest

from tests.browser.client import sign_in_on_the_web
from tests.e2e.conftest import prepare_site, start_servers, stop_servers

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = ["/", "/overview", "/rejected", "/admin/users", "/admin/devices", "/admin/forms",
         "/admin/forms/km_record/versions/1", "/admin/forms/km_record/compare",
         "/?form=training_attendance"]
WATCH_REFUSALS = """
window.__refused = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__refused.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = start_servers(prepare_site(tmp_path_factory.mktemp("csp"), phones=1))
    yield site
    stop_servers(site)


@pytest.fixture
def page(browser, site):
    context = browser.new_context(locale="th-TH")
    context.add_init_script(WATCH_REFUSALS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in_on_the_web(page, site.url, "admin", site.admin_password)
    page.wait_for_url(f"{site.url}/")
    yield page
    context.close()


def test_no_page_has_a_script_or_style_refused_by_its_policy(page, site):
    for path in PAGES:
        response = page.goto(f"{site.url}{path}")
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert page.evaluate("window.__refused") == [], path
        assert page.evaluate("getComputedStyle(document.body).fontFamily") != ""


def test_choosing_a_form_on_the_overview_still_reloads_the_page(page, site):
    page.goto(f"{site.url}/overview")
    options = page.locator("select[name=form] option")
    chosen = options.nth(options.count() - 1).get_attribute("value")
    with page.expect_navigation():
        page.select_option("select[name=form]", chosen)
    assert f"form={chosen}" in page.url
    assert page.evaluate("window.__refused") == []
