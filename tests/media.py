"""Real files and the submissions that name them, for the attachment tests and benchmarks.

Photos are real JPEGs and signatures real PNGs (made with Pillow), so what the server sniffs
and previews is what phones send; `reference` is the answer a phone puts in the batch.
"""

import hashlib
import io
import random
import uuid as uuidlib

from tests.factories import CREATED_AT, answers

PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
       b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
       b"trailer << /Root 1 0 R >>\n%%EOF\n")
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def photo(seed: int = 0, size: tuple[int, int] = (640, 480), noise: int = 0) -> bytes:
    """A JPEG of `size` pixels; `noise` adds random pixels, which makes the file larger
    (about 300 KB at 800x600 with noise 1)."""
    from PIL import Image

    rng = random.Random(seed)
    image = Image.new("RGB", size, (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    if noise:
        image.frombytes(rng.randbytes(size[0] * size[1] * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def signature(seed: int = 0) -> bytes:
    """A PNG of ink strokes on a transparent background, as the phone's signature pad draws."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGBA", (400, 150), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    points = [(rng.randrange(400), rng.randrange(150)) for _ in range(12)]
    draw.line(points, fill=(10, 10, 60, 255), width=3)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def reference(content: bytes, name: str = "ภาพเวที.jpg", kind: str = "image/jpeg") -> dict:
    return {"sha256": sha(content), "name": name, "type": kind, "size": len(content)}


def training_item(photos=(), signatures=(), seed: int = 0, uuid: str | None = None,
                  base_rev: int = 0) -> dict:
    """A training-attendance item of version 3 whose photos and first participants'
    signatures are these files."""
    filled = answers("training_attendance", seed, version="4")
    filled["photos"] = [{"photo": reference(p, f"ภาพกิจกรรม-{n}.jpg")}
                        for n, p in enumerate(photos, 1)]
    if not filled["photos"]:
        del filled["photos"]
    rows = filled["participants"]
    for row in rows:
        row.pop("signature", None)
    for row, drawn in zip(rows, signatures):
        row["present"] = True
        row.pop("absence_reason", None)
        row["signature"] = reference(drawn, "ลายมือชื่อ.png", "image/png")
    return {"uuid": uuid or str(uuidlib.uuid4()), "form_id": "training_attendance",
            "form_version": "4", "base_rev": base_rev, "created_at": CREATED_AT,
            "answers": filled}


def km_item(document: bytes, kind: str = "application/pdf", name: str = "รายงาน.pdf",
            seed: int = 0) -> dict:
    """A knowledge record of version 3 with this document."""
    filled = answers("km_record", seed, version="4")
    filled.pop("photos", None)
    filled["document"] = {"sha256": sha(document), "name": name, "type": kind,
                          "size": len(document)}
    return {"uuid": str(uuidlib.uuid4()), "form_id": "km_record", "form_version": "4",
            "base_rev": 0, "created_at": CREATED_AT, "answers": filled}
