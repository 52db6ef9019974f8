"""A 30-row record as a supervisor reads, reviews and prints it, in Chromium against a real
`tambon serve`: the review buttons stay in reach while scrolling, a choice survives a refused
decision, device times read in Thai with the Buddhist Era, the latest changes come first,
repeat tables scroll inside the page on a phone, and the record prints as a clean A4 document
(checked page by page with poppler's pdftoppm and pdftotext)."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from forms.bundled import bundled_version
from forms.samples import sample_answers
from tests.browser.client import sign_in_on_the_web
from tests.cast import SUPERVISOR
from tests.conftest import needs
from tests.e2e.conftest import prepare_site, start_servers, stop_servers
from tests.e2e.harness import submission

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VIEWPORTS = {"phone": {"width": 360, "height": 740}, "laptop": {"width": 1366, "height": 768}}
SHOTS = Path(os.environ.get("TAMBON_SHOTS", "test-artifacts/record"))
ROWS = 30
VILLAGE = {"province": "ฉะเชิงเทรา", "district": "เมืองฉะเชิงเทรา", "subdistrict": "โสธร",
           "village_no": 3, "village_name": "บ้านโสธร"}
NEW_VENUE = "ศาลาการเปรียญวัดโสธรวรารามวรวิหาร"


def big_training(seed: int) -> dict:
    """A training session with ROWS participants, as an officer fills it in."""
    answers = sample_answers(bundled_version("training_attendance", "1").raw, seed)
    answers["place"] = {**answers["place"], **VILLAGE}
    people = answers["participants"]
    answers["participants"] = [
        {**people[n % len(people)], "full_name": f"{people[n % len(people)]['full_name']} {n + 1}"}
        for n in range(ROWS)]
    answers["present_count"] = sum(1 for p in answers["participants"] if p.get("present"))
    answers["course_title"] = "หลักสูตรการทำขนมไทยเพื่อสร้างอาชีพในชุมชนบ้านโสธร รุ่นที่ 2"
    return answers


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A served site with one 30-row session pushed twice: revision 2 moves the venue and
    renames a participant."""
    site = start_servers(prepare_site(tmp_path_factory.mktemp("record"), phones=1))
    phone = site.phone("phone-1")
    first = big_training(3)
    item = submission(first)
    assert phone.push([item]).json()["results"][0]["status"] == "created"
    second = {**first, "venue": NEW_VENUE,
              "participants": [{**first["participants"][0], "full_name": "นางสาวแก้วตา ใจดี"},
                               *first["participants"][1:]]}
    edited = submission(second, uuid_=item["uuid"], base_rev=1)
    edited["created_at"] = "2026-11-21T16:45:00+07:00"
    assert phone.push([edited]).json()["results"][0]["status"] == "updated"
    site.record = item["uuid"]
    others = [submission(sample_answers(bundled_version(form_id, "1").raw, seed), form_id=form_id)
              for form_id, seeds in (("proposal_scoring", range(6)), ("forum_minutes", range(3)),
                                     ("training_attendance", range(20, 32)))
              for seed in seeds]
    others[0]["answers"]["proposal_title"] = (
        "โครงการส่งเสริมการแปรรูปผลผลิตทางการเกษตรและพัฒนาบรรจุภัณฑ์ขนมไทยของกลุ่มแม่บ้าน"
        "บ้านโสธรเพื่อจำหน่ายในตลาดออนไลน์")
    assert {r["status"] for r in phone.push(others).json()["results"]} == {"created"}
    yield site
    stop_servers(site)


@pytest.fixture(params=list(VIEWPORTS))
def page(request, browser, site):
    context = browser.new_context(viewport=VIEWPORTS[request.param], locale="th-TH",
                                  timezone_id="Asia/Bangkok")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.viewport_name = request.param
    sign_in_on_the_web(page, site.url, SUPERVISOR)
    yield page
    context.close()


def shot(page, name: str, full_page: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}-{page.viewport_name}.png", full_page=full_page)


def open_record(page, site, lang: str = "th") -> None:
    page.goto(f"{site.url}/submissions/{site.record}?lang={lang}")
    expect(page.locator("#answers")).to_be_visible()


def in_view(page, selector: str) -> bool:
    """Whether all of `selector`'s box lies inside the window as it is scrolled now."""
    box = page.locator(selector).bounding_box()
    size = page.viewport_size
    return (box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]
            and box["x"] >= 0 and box["x"] + box["width"] <= size["width"])


def test_the_review_buttons_stay_in_reach_while_scrolling_thirty_rows(page, site):
    open_record(page, site)
    expect(page.locator("#answers .repeat tbody tr")).to_have_count(ROWS)
    for row in (1, 15, ROWS):
        page.locator(f"#answers .repeat tbody tr >> nth={row - 1}").scroll_into_view_if_needed()
        assert in_view(page, "#review button[type=submit]"), row
        assert in_view(page, "#review input[value=has_issues]"), row
    shot(page, "record-scrolled", full_page=False)


def test_a_choice_made_before_a_refused_decision_is_kept(page, site):
    open_record(page, site)
    current = page.locator(".page-head .badge").first.inner_text()
    state = "rejected" if current == "มีประเด็นต้องแก้" else "has_issues"
    page.check(f"#review input[value={state}]")
    page.click("#review button[type=submit]")  # no comment: refused
    expect(page.locator("#review .problem")).to_contain_text("ต้องใส่ความเห็น")
    expect(page.locator(f"#review input[value={state}]")).to_be_checked()
    expect(page.locator(".page-head .badge").first).to_have_text(current)  # nothing changed
    shot(page, "record-refused", full_page=False)
    page.fill("#review textarea[name=comment]", "กรุณาแนบรายชื่อผู้เข้าอบรมที่ลงลายมือชื่อ")
    page.click("#review button[type=submit]")
    expect(page.locator(".flash.ok")).to_be_visible()
    expect(page.locator(f"#review input[value={state}]")).to_be_checked()
    expect(page.locator("#reviews")).to_contain_text("กรุณาแนบรายชื่อผู้เข้าอบรมที่ลงลายมือชื่อ")


def test_device_times_read_in_thai_with_the_buddhist_era(page, site):
    open_record(page, site)
    expect(page.locator("#device-time")).to_have_text("21 พ.ย. 2569 16:45")
    expect(page.locator("#sent-at")).to_contain_text("2569")
    expect(page.locator("#history")).to_contain_text("20 พ.ย. 2569 09:15")
    open_record(page, site, "en")
    expect(page.locator("#device-time")).to_have_text("21 Nov 2026 16:45")
    expect(page.locator("#sent-at")).to_contain_text("2026")


def test_the_latest_changes_come_before_the_answers(page, site):
    open_record(page, site)
    latest = page.locator("#latest")
    expect(latest).to_contain_text("ฉบับที่ 2")
    expect(latest).to_contain_text(NEW_VENUE)
    expect(latest).to_contain_text("นางสาวแก้วตา ใจดี")
    top = page.evaluate("s => document.querySelector(s).getBoundingClientRect().top", "#latest")
    answers = page.evaluate("s => document.querySelector(s).getBoundingClientRect().top",
                            "#answers")
    assert top < answers


def test_a_wide_repeat_table_scrolls_inside_the_page_on_a_phone(page, site):
    open_record(page, site)
    widths = page.evaluate("""() => ({
        page: document.scrollingElement.scrollWidth, window: window.innerWidth,
        table: document.querySelector('#answers .repeat table').scrollWidth,
        box: document.querySelector('#answers .repeat .scroll').clientWidth})""")
    assert widths["page"] <= widths["window"], widths  # the page itself never scrolls sideways
    if page.viewport_name == "phone":
        assert widths["table"] > widths["box"], widths  # the table does, inside its box


def test_screens(page, site):
    for name, path in (("record", f"/submissions/{site.record}"),
                       ("listing", "/?form=training_attendance"),
                       ("listing-search", "/?q=ขนม"),
                       ("overview", "/overview")):
        page.goto(site.url + path)
        shot(page, name)


def ink_rows(pgm: bytes) -> tuple[int, int, list[int]]:
    """Width, height and the row numbers with any dark pixel of a binary PGM (P5) image."""
    magic, width, height, depth, pixels = pgm.split(maxsplit=4)
    assert magic == b"P5" and depth == b"255"
    width, height = int(width), int(height)
    rows = [y for y in range(height) if min(pixels[y * width:(y + 1) * width]) < 160]
    return width, height, rows


def test_the_record_prints_as_a_clean_a4_document(browser, site, tmp_path):
    needs(shutil.which("pdftoppm") and shutil.which("pdftotext") and shutil.which("pdfinfo"),
          "poppler-utils (pdftoppm, pdftotext, pdfinfo) is not installed")
    context = browser.new_context(viewport=VIEWPORTS["laptop"], locale="th-TH",
                                  timezone_id="Asia/Bangkok")
    page = context.new_page()
    page.viewport_name = "print"
    sign_in_on_the_web(page, site.url, SUPERVISOR)
    open_record(page, site)
    page.check("#review input[value=approved]")
    page.fill("#review textarea[name=comment]", "ตรวจแล้ว ข้อมูลครบถ้วน")
    page.click("#review button[type=submit]")
    expect(page.locator(".flash.ok")).to_be_visible()
    page.emulate_media(media="print")
    shot(page, "record-print-media")
    pdf = tmp_path / "record.pdf"
    page.pdf(path=str(pdf), format="A4")
    context.close()

    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 2 <= pages <= 4, info  # 30 rows and the trail: a few pages, not one per card
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert abs(width - 595.28) < 2 and abs(height - 841.89) < 2, info  # A4, upright

    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    # pdftotext may put a space after a Thai vowel or tone mark: compare without spaces.
    text = re.sub(r"\s+", "", text)
    for wanted in ("แบบบันทึกการเข้าร่วมฝึกอบรม", "ชื่อหลักสูตร/โครงการ", "ชื่อ - สกุล",
                   "นางสาวแก้วตา ใจดี", f"{ROWS}", NEW_VENUE, "ประวัติการตรวจ",
                   "ตรวจแล้ว ข้อมูลครบถ้วน", "อนุมัติแล้ว"):
        assert re.sub(r"\s+", "", wanted) in text, wanted
    for chrome in ("ออกจากระบบ", "ภาพรวม", "บันทึกผลการตรวจ", "กลับไปที่รายการ"):
        assert chrome not in text, chrome  # no navigation, no review form

    subprocess.run(["pdftoppm", "-r", "40", "-gray", str(pdf), str(tmp_path / "page")],
                   check=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(SHOTS / "printed")],
                   check=True)
    images = sorted(tmp_path.glob("page-*.pgm"))
    assert len(images) == pages
    for n, image in enumerate(images, 1):
        width, height, rows = ink_rows(image.read_bytes())
        assert abs(height / width - 297 / 210) < 0.01  # A4 upright
        assert rows, f"page {n} is blank"
        if n < pages:  # every page but the last is filled, not cut short by a bad break
            assert rows[-1] > height * 0.7, f"page {n} is mostly empty"
