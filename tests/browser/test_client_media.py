"""Photos, signatures and documents on the phone: shrunk and kept in IndexedDB before the form
names them, drawn with a finger, refused when the form does not take them, and a form written
in a newer form language refused with a message instead of shown wrong."""

import pytest
from playwright.sync_api import expect

from tests.browser.client import eventually
from tests.browser.media import kept_file, make_jpeg, small_pdf

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def mount(page, field: dict) -> None:
    """The field's widget alone on the screen; every answer it gives is noted in order."""
    page.evaluate("""async (field) => {
        const { mediaWidget } = await import('./js/media.js');
        window.answers = [];
        const host = document.createElement('fieldset');
        host.id = 'media-host';
        host.append(mediaWidget(field, undefined, (v) => window.answers.push(v ?? null), 'media-1'));
        document.getElementById('view').replaceChildren(host);
    }""", field)


def last_answer(page):
    return eventually(page, "() => window.answers.length && { value: window.answers.at(-1) }")["value"]


def test_a_camera_photo_is_shrunk_to_max_pixels_as_jpeg_kept_in_indexeddb_and_shown(phone):
    page = phone
    mount(page, {"name": "photo", "type": "image", "max_pixels": 1200})
    photo = make_jpeg(page, 4000, 3000)
    page.locator('[data-media="camera"]').set_input_files(
        {"name": "IMG_2033.JPG", "mimeType": "image/jpeg", "buffer": photo})

    answer = last_answer(page)
    assert set(answer) == {"sha256", "name", "type", "size"}
    assert (answer["name"], answer["type"]) == ("IMG_2033.jpg", "image/jpeg")
    kept = kept_file(page, answer["sha256"])
    assert (kept["width"], kept["height"]) == (1200, 900)
    assert kept["hash"] == answer["sha256"] and kept["blob_size"] == answer["size"] < len(photo) / 4
    assert kept["kind"] == "image"
    expect(page.locator("#media-host img.thumb")).to_have_js_property("complete", True)
    assert page.locator("#media-host img.thumb").evaluate("img => img.naturalWidth") == 1200
    # Nothing of it is in the service worker's cache: that holds the app's own files only.
    cached = page.evaluate("""async () => {
        const urls = [];
        for (const name of await caches.keys()) {
            for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
        }
        return urls;
    }""")
    assert cached and not [url for url in cached if "/api/" in url or url.startswith("blob:")]


def test_a_photo_taken_with_the_phone_turned_is_kept_upright(phone):
    page = phone
    mount(page, {"name": "photo", "type": "image"})
    # Stored landscape with the red block top-left; EXIF 6 says: turn it 90 degrees clockwise.
    page.locator('[data-media="gallery"]').set_input_files(
        {"name": "turned.jpg", "mimeType": "image/jpeg", "buffer": make_jpeg(page, 400, 200, orientation=6)})
    kept = kept_file(page, last_answer(page)["sha256"])
    assert (kept["width"], kept["height"]) == (200, 400)
    red, green, blue = kept["top_right"]
    assert red > 200 and green < 80 and blue < 80, kept["top_right"]


def test_a_picture_that_is_not_an_image_is_refused_with_a_message(phone):
    page = phone
    mount(page, {"name": "photo", "type": "image"})
    page.locator('[data-media="camera"]').set_input_files(
        {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": b"<html>not a photo</html>"})
    expect(page.locator("#media-host [role=status]")).to_have_text("อ่านรูปนี้ไม่ได้ ลองถ่ายใหม่หรือเลือกรูปอื่น")
    assert page.evaluate("window.answers") == []


def test_a_signature_drawn_with_a_finger_is_kept_as_png_and_cleared_for_a_new_one(phone):
    page = phone
    mount(page, {"name": "signature", "type": "signature"})
    pad = page.locator('canvas[data-media="signature"]').bounding_box()
    page.mouse.move(pad["x"] + 20, pad["y"] + pad["height"] * 0.7)
    page.mouse.down()
    for step in range(1, 21):
        page.mouse.move(pad["x"] + 20 + step * (pad["width"] - 40) / 20,
                        pad["y"] + pad["height"] * (0.7 - 0.4 * (step % 2)))
    page.mouse.up()

    answer = last_answer(page)
    assert (answer["name"], answer["type"]) == ("signature.png", "image/png")
    kept = kept_file(page, answer["sha256"])
    assert (kept["type"], kept["kind"], kept["width"], kept["height"]) == ("image/png", "signature", 600, 220)
    assert kept["hash"] == answer["sha256"] and kept["dark_pixels"] > 500

    page.locator('[data-media="clear"]').click()
    assert eventually(page, "() => window.answers.at(-1) === null")


def test_a_pdf_is_attached_and_a_file_of_another_type_or_too_big_is_refused(phone):
    page = phone
    mount(page, {"name": "document", "type": "file", "accept": ["application/pdf"], "max_bytes": 100_000})
    status = page.locator("#media-host [role=status]")
    page.locator('[data-media="file"]').set_input_files(
        {"name": "notes.html", "mimeType": "text/html", "buffer": b"<p>hello</p>"})
    expect(status).to_contain_text("ไฟล์นี้ไม่ใช่ชนิดที่แบบฟอร์มรับ")
    page.locator('[data-media="file"]').set_input_files(
        {"name": "big.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n" + b"0" * 200_000})
    expect(status).to_contain_text("ไฟล์ใหญ่เกินไป")
    assert page.evaluate("window.answers") == []

    pdf = small_pdf()
    page.locator('[data-media="file"]').set_input_files(
        {"name": "รายงาน.pdf", "mimeType": "application/pdf", "buffer": pdf})
    answer = last_answer(page)
    assert answer["name"] == "รายงาน.pdf" and answer["type"] == "application/pdf" and answer["size"] == len(pdf)
    assert kept_file(page, answer["sha256"])["hash"] == answer["sha256"]
    expect(page.locator("#media-host .file-name")).to_contain_text("รายงาน.pdf")


def test_a_form_in_a_newer_form_language_is_refused_with_a_message_to_update(phone):
    page = phone
    page.evaluate("""async () => {
        const db = await import('./js/db.js');
        await db.putForm({ form_id: 'from_the_future', version: '1', hash: 'x', current: true,
            title: { th: 'แบบฟอร์มรุ่นใหม่', en: 'A newer form' },
            definition: { form_id: 'from_the_future', version: '1', language: 3,
                title: { th: 'แบบฟอร์มรุ่นใหม่', en: 'A newer form' }, fields: [] } });
    }""")
    page.reload()
    card = page.locator('[data-form="from_the_future"]')
    expect(card).to_contain_text("ต้องอัปเดตแอป")
    card.click()
    expect(page.locator("#banner")).to_have_text(
        "แบบฟอร์มนี้ต้องใช้แอปรุ่นใหม่กว่านี้ เชื่อมต่ออินเทอร์เน็ตแล้วปิดเปิดแอปเพื่ออัปเดต")
    assert "/fill/" not in page.url
    assert page.evaluate("""async () => {
        const { needsNewerApp } = await import('./js/model.js');
        return [needsNewerApp({ language: 2, fields: [{ name: 'a', type: 'text' }] }),
                needsNewerApp({ fields: [{ name: 'a', type: 'hologram' }] }),
                needsNewerApp({ language: '2', fields: [] })];
    }""") == [False, True, True]
