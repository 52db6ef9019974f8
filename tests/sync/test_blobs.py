"""A file's type is told from its bytes alone; what cannot be told is nothing we store."""

import io
import zipfile

import pytest

from sync.blobs import sniff, sniff_start
from tests.media import HTML, PDF, photo, signature


def zipped(*members, first=None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        if first:
            archive.writestr(*first)
        for name in members:
            archive.writestr(name, "<x/>")
    return out.getvalue()


def webp() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "WEBP")
    return out.getvalue()


@pytest.mark.parametrize("content, kind", [
    (photo(), "image/jpeg"),
    (signature(), "image/png"),
    (PDF, "application/pdf"),
    (b"GIF89a" + b"\0" * 20, "image/gif"),
    (zipped("[Content_Types].xml", "word/document.xml"),
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (zipped("[Content_Types].xml", "xl/workbook.xml"),
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (zipped("content.xml", first=("mimetype", "application/vnd.oasis.opendocument.text")),
     "application/vnd.oasis.opendocument.text"),
    (zipped("notes.txt"), "application/zip"),
])
def test_each_type_is_told_by_its_magic(content, kind):
    assert sniff(content) == kind


def test_webp_is_told_by_its_riff_header():
    assert sniff(webp()) == "image/webp"


@pytest.mark.parametrize("content", [
    HTML, b"", b"\xff\xd8", b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"MZ\x90\x00",
    b"\x89PNG\r\n\x1a\n" + b"\0" * 20,  # a PNG signature with no header after it
    PDF[:40],  # a PDF cut short: no end
    b"PK\x03\x04" + b"\0" * 40,  # a ZIP that cannot be read
    b"%PDF-" + HTML,
])
def test_what_cannot_be_told_is_none_whatever_it_is_named(content):
    assert sniff(content) is None


def test_the_start_of_a_file_is_enough_to_refuse_an_html_page():
    assert sniff_start(HTML[:16]) is None and sniff_start(photo()[:16]) == "image/jpeg"
