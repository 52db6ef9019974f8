"""Photos, signatures and documents for the phone's tests and benchmarks: real JPEGs made by
Chromium's own encoder (with an EXIF orientation written in by hand when a test needs one),
a small real PDF, and a look at what the phone keeps in IndexedDB."""

from __future__ import annotations

import base64
import struct
import uuid

import requests

from tests.cast import PASSWORD
from tests.e2e.harness import add_user

# A gradient with a red block in the top-left quarter (to see which way is up) and a noise
# texture over it, so the file weighs what a camera's photo of that size weighs.
_MAKE_JPEG = """async ([width, height]) => {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    const gradient = context.createLinearGradient(0, 0, width, height);
    gradient.addColorStop(0, '#0f5e4b');
    gradient.addColorStop(1, '#e0a526');
    context.fillStyle = gradient;
    context.fillRect(0, 0, width, height);
    const tile = new OffscreenCanvas(128, 128);
    const noise = tile.getContext('2d').createImageData(128, 128);
    for (let i = 0; i < noise.data.length; i += 4) {
        const v = Math.floor(Math.random() * 256);
        noise.data.set([v, v, v, 60], i);
    }
    tile.getContext('2d').putImageData(noise, 0, 0);
    context.fillStyle = context.createPattern(tile, 'repeat');
    context.fillRect(0, 0, width, height);
    context.fillStyle = '#ff0000';
    context.fillRect(0, 0, width / 4, height / 4);
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 })).arrayBuffer());
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
}"""


def make_jpeg(page, width: int, height: int, orientation: int | None = None) -> bytes:
    """A real JPEG of `width` x `height` pixels as a camera stores it, optionally tagged with an
    EXIF orientation (6: the camera was turned, show it rotated 90 degrees clockwise)."""
    jpeg = base64.b64decode(page.evaluate(_MAKE_JPEG, [width, height]))
    return jpeg if orientation is None else with_orientation(jpeg, orientation)


def with_orientation(jpeg: bytes, orientation: int) -> bytes:
    """`jpeg` with an APP1 EXIF segment holding one tag, Orientation (0x0112), after its SOI."""
    assert jpeg[:2] == b"\xff\xd8", "not a JPEG"
    tiff = (b"MM\x00\x2a" + struct.pack(">I", 8)  # big-endian TIFF header, first IFD at 8
            + struct.pack(">H", 1)  # one entry
            + struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0)  # SHORT, count 1, value
            + struct.pack(">I", 0))  # no next IFD
    payload = b"Exif\x00\x00" + tiff
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


def small_pdf(text: str = "Tambon") -> bytes:
    """A one-page PDF that readers open (cross-reference offsets computed, not guessed)."""
    stream = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def kept_file(page, sha256: str) -> dict | None:
    """What the phone keeps under `sha256`: its record, the hash of its bytes computed again,
    its decoded size for images, and the colour of the pixel near its top-right corner."""
    return page.evaluate("""async (sha256) => {
        const db = await import('./js/db.js');
        const { sha256Hex } = await import('./js/media.js');
        const record = await db.getFile(sha256);
        if (!record) return null;
        const out = { name: record.name, type: record.type, size: record.size, kind: record.kind,
            blob_size: record.blob.size, hash: await sha256Hex(record.blob),
            uploaded: Boolean(record.uploaded_at) };
        if (record.type.startsWith('image/')) {
            const bitmap = await createImageBitmap(record.blob);
            const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
            const context = canvas.getContext('2d');
            context.drawImage(bitmap, 0, 0);
            Object.assign(out, { width: bitmap.width, height: bitmap.height,
                top_right: [...context.getImageData(bitmap.width - 3, 2, 1, 1).data.slice(0, 3)],
                dark_pixels: context.getImageData(0, 0, bitmap.width, bitmap.height).data
                    .filter((v, i) => i % 4 === 0 && v < 128).length });
        }
        return out;
    }""", sha256)


# A form of the three media types, photos in a repeat too (a day's activity photos) and a
# signature per trainee row, published by the tests that need the server to take files.
MEDIA_FORM = {
    "form_id": "media_check", "version": "1", "language": 2,
    "title": {"th": "ภาพกิจกรรมและลายมือชื่อ", "en": "Activity photos and signatures"},
    "fields": [
        {"name": "title", "type": "text", "required": True,
         "label": {"th": "ชื่อกิจกรรม", "en": "Activity"}},
        {"name": "photo", "type": "image", "required": True,
         "label": {"th": "ภาพกิจกรรม", "en": "Activity photo"}},
        {"name": "gallery", "type": "repeat", "label": {"th": "ภาพเพิ่มเติม", "en": "More photos"},
         "fields": [{"name": "picture", "type": "image", "label": {"th": "ภาพ", "en": "Photo"}}]},
        {"name": "trainees", "type": "repeat", "label": {"th": "ผู้เข้าอบรม", "en": "Trainees"},
         "fields": [
             {"name": "full_name", "type": "text", "label": {"th": "ชื่อ-สกุล", "en": "Full name"}},
             {"name": "signature", "type": "signature", "label": {"th": "ลายมือชื่อ", "en": "Signature"}},
         ]},
        {"name": "document", "type": "file", "accept": ["application/pdf"],
         "label": {"th": "เอกสาร", "en": "Document"}},
    ],
}


def publish_media_form(server) -> dict:
    """Publish MEDIA_FORM on `server` as an admin of its own (idempotent: 201, then 200)."""
    admin = f"media_admin_{uuid.uuid4().hex[:6]}"
    add_user(server.env, admin, "admin")
    response = requests.post(f"{server.url}/api/v1/forms", json=MEDIA_FORM, auth=(admin, PASSWORD), timeout=30)
    assert response.status_code in (200, 201), response.text
    return MEDIA_FORM


MEDIA_KINDS = ("image", "signature", "file")


def sign(page, canvas, wiggle: int = 0) -> None:
    """A finger's signature on a pad: down, a zig-zag across it, up (pointer events)."""
    canvas.scroll_into_view_if_needed()
    pad = canvas.bounding_box()
    page.mouse.move(pad["x"] + 15, pad["y"] + pad["height"] / 2)
    page.mouse.down()
    for step in range(1, 16):
        page.mouse.move(pad["x"] + 15 + step * (pad["width"] - 30) / 15,
                        pad["y"] + pad["height"] * (0.3 + 0.4 * ((step + wiggle) % 2)))
    page.mouse.up()


def attach(page, widget, field: dict, path: str) -> dict:
    """Give a media field of the open form its file the way an officer does (a photo picked,
    a signature drawn, a PDF attached); returns the reference the draft then holds."""
    kind = field["type"]
    if kind == "image":
        widget.locator('[data-media="gallery"]').set_input_files(
            {"name": "ภาพกิจกรรม.jpg", "mimeType": "image/jpeg", "buffer": make_jpeg(page, 800, 600)})
    elif kind == "signature":
        sign(page, widget.locator("canvas"), len(path))
    else:
        widget.locator('[data-media="file"]').set_input_files(
            {"name": "เอกสาร.pdf", "mimeType": "application/pdf", "buffer": small_pdf()})
    return eventually_ref(page, path)


def eventually_ref(page, path: str) -> dict:
    """The reference at dotted `path` in the open draft's saved answers, once it is there."""
    from tests.browser.client import eventually

    return eventually(page, """async (path) => {
        const uuid = location.hash.split('/')[2];
        const answers = (await (await import('./js/submissions.js')).get(uuid))?.answers;
        const value = path.split('.').reduce((v, key) => v?.[key], answers);
        return value?.sha256 ? value : null;
    }""", arg=path)
