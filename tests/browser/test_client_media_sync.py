"""Photos, signatures and a document from the phone to the supervisor's page: taken offline,
kept through reloads, synced with the connection cut in the middle of a photo, synced again;
the server ends with every file once and its bytes match its name."""

import hashlib

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.client import (
    PHONE, box, eventually, open_row, server_copy, sign_in_on_the_web, wait_until_synced,
)
from tests.browser.media import eventually_ref, kept_file, make_jpeg, publish_media_form, sign, small_pdf
from tests.cast import PASSWORD, SUPERVISOR

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHUNK = 256 * 1024
FILES = "**/api/v1/attachments/*"  # the PUTs of bytes (not .../status)


@pytest.fixture(scope="module")
def media_form(tambon):
    return publish_media_form(tambon)


@pytest.fixture
def media_phone(media_form, phone):
    """A connected phone that has fetched the media form."""
    phone.click("#sync-button")
    phone.wait_for_selector('[data-form="media_check"]')
    wait_until_synced(phone)
    return phone


def saved_answers(page, submission_uuid: str, ready: str) -> dict:
    """The draft's answers in IndexedDB once `ready` (a JS test of `a`, the answers) holds."""
    return eventually(page, f"""async (uuid) => {{
        const a = (await (await import('./js/submissions.js')).get(uuid)).answers;
        return ({ready}) && a;
    }}""", arg=submission_uuid)


def add_row(page, path: str, index: int) -> None:
    """Add row `index` to a repeat and open it whole."""
    box(page, path).locator(":scope > .row-adders > .add-row").click()
    open_row(box(page, f"{path}.{index}"))


def open_new(page, form_id: str) -> str:
    page.click('.tabs a[href="#/forms"]')
    page.click(f'[data-form="{form_id}"]')
    page.wait_for_selector("form.form")
    return page.url.rsplit("/", 1)[-1]


def test_a_photo_signatures_and_a_pdf_taken_offline_reach_the_server_once_through_a_cut_upload(
        media_phone, tambon, officer, browser, artifacts_dir):
    page = media_phone
    page.context.set_offline(True)
    page.reload()
    submission_uuid = open_new(page, "media_check")
    box(page, "title").locator("input").fill("เวทีประชาคมหมู่ 3")
    box(page, "photo").locator('[data-media="camera"]').set_input_files(
        {"name": "IMG_0420.jpg", "mimeType": "image/jpeg", "buffer": make_jpeg(page, 4000, 3000)})
    expect(box(page, "photo").locator("img.thumb")).to_have_js_property("naturalWidth", 1600)
    for index, name in enumerate(["นางสาวมาลี ใจดี", "นายสมชาย รักถิ่น"]):
        add_row(page, "trainees", index)
        box(page, f"trainees.{index}.full_name").locator("input").fill(name)
        sign(page, box(page, f"trainees.{index}.signature").locator("canvas"), index)
        eventually_ref(page, f"trainees.{index}.signature")
    pdf = small_pdf("minutes")
    box(page, "document").locator('[data-media="file"]').set_input_files(
        {"name": "บันทึกการประชุม.pdf", "mimeType": "application/pdf", "buffer": pdf})
    answers = saved_answers(page, submission_uuid,
                            "a.photo && a.document && a.trainees?.every((t) => t.signature)")
    photo = answers["photo"]
    assert photo["size"] > CHUNK, "the photo is big enough to travel in several chunks"
    refs = [photo, answers["document"], *(t["signature"] for t in answers["trainees"])]
    page.screenshot(path=artifacts_dir / "01-filled-offline.png", full_page=True)

    page.reload()  # the battery dies; the draft and its files are still there
    page.wait_for_selector("form.form")
    expect(box(page, "photo").locator("img.thumb")).to_have_js_property("naturalWidth", 1600)
    expect(box(page, "document").locator(".file-name")).to_contain_text("บันทึกการประชุม.pdf")
    expect(page.locator("#storage")).to_contain_text("ไฟล์ในเครื่อง 4 ไฟล์")
    page.click('[data-action="finalise"]')
    page.wait_for_url("**/#/outbox")

    # Back in signal, the connection drops as the photo's second chunk goes up.
    sent = []  # (sha256, first, last) of every PUT that reached the server
    page.on("requestfinished", lambda request: sent.append(chunk_of(request)) if is_put(request) else None)
    cut = []

    def drop_second_chunk(route):
        if route.request.method == "PUT" and not cut and chunk_of(route.request)[1] == CHUNK:
            cut.append(route.request.url)
            page.context.set_offline(True)
            return route.abort("internetdisconnected")
        return route.continue_()

    page.route(FILES, drop_second_chunk)
    page.context.set_offline(False)
    eventually(page, "async () => !navigator.onLine && !(await import('./js/sync.js')).isSyncing()")
    assert cut, "the upload was cut"
    page.goto(page.url.split("#")[0] + "#/outbox")
    card = page.locator(f'.card[data-uuid="{submission_uuid}"]')
    expect(card.locator(".pill.files")).to_contain_text("ส่งแล้ว รอส่ง")
    expect(card.locator(".pill.files")).to_contain_text("รูป 1 รูป")
    page.screenshot(path=artifacts_dir / "02-sent-photo-waiting.png")
    status = requests.get(f"{tambon.url}/api/v1/attachments/{photo['sha256']}/status",
                          auth=(officer, PASSWORD), timeout=30)
    assert status.status_code == 200 and status.json()["received"] == CHUNK, status.text

    page.unroute(FILES)
    page.context.set_offline(False)  # the next sync resumes where the server's copy ends
    eventually(page, """async () => !(await import('./js/sync.js')).isSyncing()
        && !(await (await import('./js/db.js')).listSubs()).some((r) => r.files_waiting?.length)""")
    photo_chunks = sorted((first, last) for sha, first, last in sent if sha == photo["sha256"])
    assert photo_chunks[0] == (0, CHUNK - 1) and photo_chunks[1][0] == CHUNK
    for ref in refs:  # every byte of every file went up once (the cut chunk never arrived)
        assert sum(last - first + 1 for sha, first, last in sent if sha == ref["sha256"]) == ref["size"]
    expect(card).to_have_count(0)

    stored = server_copy(tambon, submission_uuid)
    assert stored["answers"]["photo"] == photo and stored["answers"]["document"] == answers["document"]
    for ref in refs:
        body = requests.get(f"{tambon.url}/api/v1/attachments/{ref['sha256']}",
                            auth=(SUPERVISOR, PASSWORD), timeout=30)
        assert body.status_code == 200, body.text
        assert hashlib.sha256(body.content).hexdigest() == ref["sha256"] and len(body.content) == ref["size"]
    assert kept_file(page, photo["sha256"]) is None, "the phone lets go of what the server has"
    page.goto(page.url.split("#")[0] + f"#/fill/{submission_uuid}")  # shown from the server now
    expect(box(page, "photo").locator("img.thumb")).to_have_js_property("naturalWidth", 320)

    supervisor = browser.new_context(**PHONE).new_page()
    sign_in_on_the_web(supervisor, tambon.url, SUPERVISOR)
    supervisor.goto(f"{tambon.url}/submissions/{submission_uuid}")
    shown = supervisor.locator(f'img[src*="{photo["sha256"]}"]').first
    shown.scroll_into_view_if_needed()
    supervisor.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=shown.element_handle())
    supervisor.screenshot(path=artifacts_dir / "03-supervisor-page.png", full_page=True)
    supervisor.context.close()


def is_put(request) -> bool:
    return request.method == "PUT" and "/api/v1/attachments/" in request.url


def chunk_of(request) -> tuple[str, int, int]:
    sha256 = request.url.rsplit("/", 1)[1]
    first, last = request.headers["content-range"].split()[1].split("/")[0].split("-")
    return sha256, int(first), int(last)


def test_a_draft_with_ten_photos_survives_a_reload_and_a_closed_tab(media_phone, tambon, browser):
    page = media_phone
    page.context.set_offline(True)
    submission_uuid = open_new(page, "media_check")
    for index in range(10):
        add_row(page, "gallery", index)
        box(page, f"gallery.{index}.picture").locator('[data-media="gallery"]').set_input_files(
            {"name": f"ภาพ{index}.jpg", "mimeType": "image/jpeg", "buffer": make_jpeg(page, 2000, 1500)})
        expect(box(page, f"gallery.{index}.picture").locator("img.thumb")).to_have_count(1)
    answers = saved_answers(page, submission_uuid, "a.gallery?.length === 10 && a.gallery.every((r) => r.picture)")
    hashes = [row["picture"]["sha256"] for row in answers["gallery"]]
    assert len(set(hashes)) == 10

    address = page.url
    page.close()  # the tab is closed
    page = page.context.new_page()
    page.goto(address)
    page.wait_for_selector("form.form")
    thumbs = page.locator('[data-path^="gallery."] img.thumb')
    expect(thumbs).to_have_count(10)
    for index in range(10):
        expect(thumbs.nth(index)).to_have_js_property("naturalWidth", 1600)
    for sha256 in hashes:
        assert kept_file(page, sha256)["hash"] == sha256
    expect(page.locator("#storage")).to_contain_text("ไฟล์ในเครื่อง 10 ไฟล์")
