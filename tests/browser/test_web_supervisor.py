"""A supervisor's session in Chromium against a real `tambon serve`, on a phone and a laptop:
sign in, narrow to one village, find a Thai word inside a sentence, review a submission with
a comment, approve several at once, export CSV and XLSX and read them back, sign out."""

import csv
import io
import re
import zipfile

import openpyxl
import pytest
from playwright.sync_api import expect

from forms.bundled import bundled_version
from forms.samples import sample_answers
from tests.browser.client import sign_in_on_the_web
from tests.cast import SUPERVISOR
from tests.e2e.conftest import prepare_site, start_servers, stop_servers
from tests.e2e.harness import submission

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VIEWPORTS = {"phone": {"width": 360, "height": 740}, "laptop": {"width": 1366, "height": 768}}
VILLAGE = {"province": "ฉะเชิงเทรา", "district": "เมืองฉะเชิงเทรา", "subdistrict": "โสธร",
           "village_no": 3, "village_name": "บ้านโสธร"}
SENTENCE = "ช่วงบ่ายมีการสาธิตการทำขนมเปียกปูนใบเตยให้เยาวชนได้ลงมือทำเอง"
IN_VILLAGE = 4


def training(seed: int, place: dict, notes: str | None = None) -> dict:
    answers = sample_answers(bundled_version("training_attendance", "1").raw, seed)
    answers["place"] = {**answers["place"], **place}
    if notes:
        answers["notes"] = notes
    return answers


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A served site: IN_VILLAGE sessions in Sothon village 3 (one mentioning the dessert)
    and a few elsewhere, pushed by a phone over HTTP."""
    site = start_servers(prepare_site(tmp_path_factory.mktemp("web"), phones=1))
    items = [submission(training(n, VILLAGE, SENTENCE if n == 0 else None))
             for n in range(IN_VILLAGE)]
    items += [submission(training(100 + n, {**VILLAGE, "subdistrict": "บางพระ"}))
              for n in range(3)]
    response = site.phone("phone-1").push(items)
    assert response.status_code == 200
    assert {r["status"] for r in response.json()["results"]} == {"created"}
    yield site
    stop_servers(site)


@pytest.fixture(params=list(VIEWPORTS))
def page(request, browser, site):
    context = browser.new_context(viewport=VIEWPORTS[request.param], locale="th-TH",
                                  timezone_id="Asia/Bangkok", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def shot(page, folder, name):
    page.screenshot(path=folder / f"{name}.png", full_page=True)


def rows(page) -> int:
    return page.locator("table.list tbody tr").count()


def read_csv(data: bytes) -> list[dict]:
    assert data.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_a_supervisor_filters_searches_reviews_approves_exports_and_signs_out(
        page, site, artifacts_dir):
    page.goto(site.url + "/")
    expect(page).to_have_url(re.compile(r"/signin\?next="))
    shot(page, artifacts_dir, "01-sign-in")
    sign_in_on_the_web(page, site.url, SUPERVISOR)
    expect(page.locator("h1")).to_have_text("รายการแบบบันทึก")
    shot(page, artifacts_dir, "02-listing")

    # Narrow to one village: each level of the place reloads the choices of the next.
    page.select_option("select[name=form]", "training_attendance")
    page.click("#filters button[type=submit]:not(.primary)")
    page.click("details.more summary")
    for name, value in (("province", VILLAGE["province"]), ("district", VILLAGE["district"]),
                        ("subdistrict", VILLAGE["subdistrict"])):
        with page.expect_navigation():
            page.select_option(f"select[name={name}]", value)
    page.select_option("select[name=village]", "3")
    page.click("#filters button[type=submit]:not(.primary)")
    expect(page.locator("table.list tbody tr")).to_have_count(IN_VILLAGE)
    expect(page.locator("#count")).to_contain_text(str(IN_VILLAGE))
    shot(page, artifacts_dir, "03-one-village")

    # A word from the middle of a Thai sentence.
    page.fill("input[name=q]", "เปียกปูน")
    page.click(".search-row button")
    expect(page.locator("table.list tbody tr")).to_have_count(1)
    shot(page, artifacts_dir, "04-search")

    # Open it, and send it back with a comment.
    page.click("table.list tbody tr a >> nth=0")
    expect(page.locator(".answer[data-path=notes] .a")).to_have_text(SENTENCE)
    shot(page, artifacts_dir, "05-submission")
    page.check("input[name=review_state][value=has_issues]")
    page.fill("textarea[name=comment]", "กรุณาเพิ่มเบอร์โทรศัพท์ของผู้เข้าอบรม")
    page.click(".review-form button[type=submit]")
    expect(page.locator(".page-head .badge").first).to_have_text("มีประเด็นต้องแก้")
    expect(page.locator("#reviews")).to_contain_text("กรุณาเพิ่มเบอร์โทรศัพท์ของผู้เข้าอบรม")
    shot(page, artifacts_dir, "06-reviewed")

    # Back to the village, approve every row on the page at once.
    page.click(".crumbs a")
    page.fill("input[name=q]", "")
    page.click(".search-row button")
    expect(page.locator("table.list tbody tr")).to_have_count(IN_VILLAGE)
    page.check("input[data-select-all]")
    page.select_option("select[name=review_state]", "approved")
    page.click("#bulk .bulk-bar button")
    expect(page.locator(".flash.ok")).to_contain_text(str(IN_VILLAGE))
    expect(page.locator("table.list .badge.state-approved")).to_have_count(IN_VILLAGE)
    shot(page, artifacts_dir, "07-approved")

    # Export what is shown, both ways, and read the files back (field names as headers).
    expect(page.locator("#export-csv")).to_contain_text("ZIP")
    with page.expect_download() as download:
        page.click("#export-csv-names")
    assert download.value.suggested_filename.endswith(".zip")
    archive = zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read()))
    names = sorted(archive.namelist(), key=len)  # the records first, then one file a repeat
    main, roster = names[0], next(n for n in names if n.endswith(".participants.csv"))
    exported = read_csv(archive.read(main))
    assert len(exported) == IN_VILLAGE
    assert {r["review_state"] for r in exported} == {"approved"}
    assert {r["place.subdistrict"] for r in exported} == {"โสธร"}
    assert SENTENCE in {r["notes"] for r in exported}
    assert {r["submission_uuid"] for r in read_csv(archive.read(roster))} == {
        r["uuid"] for r in exported}
    with page.expect_download() as download:
        page.click("#export-xlsx-names")
    assert download.value.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read()),
                                  read_only=True)
    values = list(book["training_attendance"].values)
    assert len(values) == IN_VILLAGE + 1
    assert SENTENCE in {row[values[0].index("notes")] for row in values[1:]}

    page.click(".signout button")
    expect(page).to_have_url(re.compile(r"/signin\?out=1"))
    shot(page, artifacts_dir, "08-signed-out")
    page.goto(site.url + "/overview")
    expect(page).to_have_url(re.compile(r"/signin"))
