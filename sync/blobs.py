"""What a file is, told from its bytes alone: never from its name or a Content-Type header.

`sniff` reads the magic numbers of the types forms/media.py lists (JPEG, PNG, WebP, GIF,
PDF, and ZIP with the office documents inside it). Anything else, an HTML page named .jpg
included, is None: the server stores nothing it cannot name. `sniff_start` looks at the first
bytes only, so a resumable upload of the wrong kind is refused at its first chunk.
"""

from __future__ import annotations

import io
import zipfile

__all__ = ["MIN_SNIFF_BYTES", "sniff", "sniff_start"]

MIN_SNIFF_BYTES = 16  # enough of a file's start to tell every type below

_ZIP = "application/zip"
_OOXML = {  # the part a Word, Excel or PowerPoint file cannot do without
    "word/document.xml":
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/presentation.xml":
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
_ODF = {  # OpenDocument files name their type in their first, stored, member "mimetype"
    b"application/vnd.oasis.opendocument.text": "application/vnd.oasis.opendocument.text",
    b"application/vnd.oasis.opendocument.spreadsheet":
        "application/vnd.oasis.opendocument.spreadsheet",
}


def sniff_start(head: bytes) -> str | None:
    """The type family the first bytes announce (ZIP for every zipped office document), or
    None when they announce none we take."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        return _ZIP
    return None


def sniff(content: bytes) -> str | None:
    """The MIME type of a whole file, or None. A ZIP is looked into: an office document is
    named as one; a ZIP that cannot be read is None."""
    kind = sniff_start(content[:MIN_SNIFF_BYTES])
    if kind == "image/png" and b"IHDR" not in content[8:16]:
        return None
    if kind == "application/pdf" and b"%%EOF" not in content[-1024:]:
        return None  # cut short, or not a PDF at all
    if kind != _ZIP:
        return kind
    return _zipped(content)


def _zipped(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            if names and names[0] == "mimetype" and archive.getinfo("mimetype").file_size < 100:
                declared = archive.read("mimetype").strip()
                return _ODF.get(declared, _ZIP)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError, EOFError):
        return None
    present = set(names)
    for part, kind in _OOXML.items():
        if part in present and "[Content_Types].xml" in present:
            return kind
    return _ZIP
