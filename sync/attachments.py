"""Files of attachment answers: stored in the database, once per content, verified.

A submission's `image`, `signature` and `file` answers are references named by the sha256 of
their bytes (forms/media.py); the bytes arrive apart (docs/protocol.md, Attachments):

- Push keeps, per submission, the references of its current revision (`keep_references`)
  and tells the phone which files the server still lacks (`note_missing`). A submission is
  "waiting for files" while one of them is missing (`waiting_condition`, `waiting_among`).
- `upload` takes a whole file or one chunk of a resumable upload. Nothing is accepted that no
  submission of the uploader names (NotReferenced); the size is bounded by the fields that
  name it; the type is told from the bytes (sync/blobs.py), never from a header or a name;
  the bytes must hash to the name (HashMismatch). A chunk is its own row, so appending one
  never rewrites the prefix before it; the last chunk joins them, checks the whole and stores
  it. Two uploads of one file at once both end well: the first stored wins, the other is 200.
- `open_file` and `preview` read a stored file for whoever may read a submission naming it.

Nothing a failed upload sends touches a stored file: files are only ever inserted, never
updated, and only after their hash is verified.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NamedTuple

import peewee as pw

from forms import media
from forms.messages import Message
from sync import blobs
from sync.clock import now_iso
from sync.db import database
from sync.errors import (Forbidden, HashMismatch, InvalidRange, InvalidRequest, NotFound,
                         NotReferenced, OffsetMismatch, PayloadTooLarge, UnsupportedType)
from sync.models import (Attachment, AttachmentChunk, AttachmentPreview, AttachmentRef,
                         AttachmentUpload, Submission)
from sync.roles import SUPERVISOR, has_role

__all__ = [
    "PREVIEW_PIXELS", "Reference", "Status", "checked_sha256", "keep_references", "missing_for",
    "note_missing", "open_file", "parse_content_range", "preview", "references_of", "status",
    "stored_among", "stored_content", "upload", "waiting_among", "waiting_condition",
]

PREVIEW_PIXELS = 320  # the long edge of a preview
_PREVIEWABLE = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})
_RANGE = re.compile(r"bytes (\d{1,15})-(\d{1,15})/(\d{1,15})")
_WITH_RESULTS = ("created", "updated", "duplicate")


def checked_sha256(value: str) -> str:
    """`value` if it names a file (64 lowercase hex digits), else InvalidRequest."""
    if not isinstance(value, str) or media.SHA256.fullmatch(value) is None:
        raise InvalidRequest("invalid_sha256", {"sha256": [Message("invalid_sha256")]})
    return value


# --- references, kept by push ----------------------------------------------------------------


class Reference(NamedTuple):
    """One attachment answer as `attachment_ref` keeps it."""

    path: str
    sha256: str
    name: str
    type: str
    accept: str  # the MIME types its field takes, space-separated
    max_bytes: int


_media_forms: dict[str, bool] = {}  # definition hash -> whether it has a media field


def _has_media(definition) -> bool:
    found = _media_forms.get(definition.hash)
    if found is None:
        found = _media_forms[definition.hash] = any(
            spec.type in media.MEDIA_KINDS for spec in definition.walk())
    return found


def references_of(definition, answers: dict) -> tuple:
    """The attachment answers of validated `answers`: (path, sha256, name, type, accept,
    max_bytes) each; () at once for a form without media fields."""
    if not _has_media(definition):
        return ()
    return tuple(
        Reference(path, ref["sha256"], ref["name"], ref["type"],
                  " ".join(media.accepted_types(spec)), media.max_bytes(spec))
        for path, spec, ref in media.references(definition.fields, answers))


def keep_references(current: dict[str, tuple], replaced: list[str]) -> None:
    """Inside push's transaction: the references of each submission's new current revision
    (`current`: uuid -> references_of), after dropping those of the revisions `replaced`
    (updated uuids)."""
    if replaced:
        AttachmentRef.delete().where(AttachmentRef.submission.in_(sorted(replaced))).execute()
    rows = [{"submission": uuid, "path": path, "sha256": sha256, "name": name, "type": kind,
             "accept": accept, "max_bytes": max_bytes}
            for uuid, refs in sorted(current.items())
            for path, sha256, name, kind, accept, max_bytes in refs]
    for start in range(0, len(rows), 500):
        AttachmentRef.insert_many(rows[start:start + 500]).execute()


def _missing_refs():
    """attachment_ref rows whose file is not stored (yet)."""
    return (AttachmentRef.select(AttachmentRef.submission, AttachmentRef.sha256)
            .join(Attachment, pw.JOIN.LEFT_OUTER, on=(Attachment.sha256 == AttachmentRef.sha256))
            .where(Attachment.sha256.is_null()))


def missing_for(uuids) -> dict[str, list[str]]:
    """uuid -> the files its current revision names that are not stored, in answer order,
    each once; uuids missing nothing are left out."""
    out: dict[str, list[str]] = {}
    uuids = sorted(set(uuids))
    for start in range(0, len(uuids), 500):
        query = (_missing_refs().where(AttachmentRef.submission.in_(uuids[start:start + 500]))
                 .order_by(AttachmentRef.id).tuples())
        for uuid, sha256 in query:
            wanted = out.setdefault(uuid, [])
            if sha256 not in wanted:
                wanted.append(sha256)
    return out


def note_missing(results: list[dict]) -> None:
    """Give every `created`, `updated` and `duplicate` push result its
    `missing_attachments` (an empty list when none)."""
    stored = [r for r in results if r["status"] in _WITH_RESULTS]
    missing = missing_for(r["uuid"] for r in stored) if stored else {}
    for result in stored:
        result["missing_attachments"] = list(missing.get(result["uuid"], ()))


def waiting_condition():
    """WHERE clause: submissions still waiting for one of their files."""
    return Submission.uuid.in_(_missing_refs().select(AttachmentRef.submission))


def waiting_among(uuids) -> set[str]:
    """Which of `uuids` still wait for a file (for a page's badges)."""
    return set(missing_for(uuids))


# --- uploads ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    """How far a file has come: what `GET .../status` answers."""

    sha256: str
    received: int
    size: int | None
    complete: bool

    def as_dict(self) -> dict:
        return {"sha256": self.sha256, "received": self.received, "size": self.size,
                "complete": self.complete}


@dataclass(frozen=True)
class _Terms:
    """What the fields naming a file (in the uploader's submissions) let it be."""

    accepted: frozenset[str]
    max_bytes: int


def parse_content_range(header: str | None, length: int | None) -> tuple[int, int] | None:
    """`Content-Range: bytes <first>-<last>/<total>` for a body of `length` bytes ->
    (first, total); None without the header. InvalidRange when it does not fit the body
    (`length` None: a body cut short, whose length is what arrived)."""
    if header is None:
        return None
    found = _RANGE.fullmatch(header.strip())
    if found is None:
        raise InvalidRange(details={"reason": "expected bytes <first>-<last>/<total>"})
    first, last, total = map(int, found.groups())
    if not first <= last < total:
        raise InvalidRange(details={"reason": "needs first <= last < total"})
    if length is not None and last - first + 1 != length:
        raise InvalidRange(details={"reason": f"the range is {last - first + 1} bytes, "
                                              f"the body {length}"})
    return first, total


def _terms(user, sha256: str, server_max: int) -> tuple[_Terms, int | None]:
    """What the uploader's submissions let the file be, and its size if already stored (one
    query: an upload is a handful of them, and each costs a round trip)."""
    stored = Attachment.select(Attachment.size).where(Attachment.sha256 == sha256)
    rows = (AttachmentRef.select(AttachmentRef.accept, AttachmentRef.max_bytes, stored)
            .join(Submission, on=(Submission.uuid == AttachmentRef.submission))
            .where((AttachmentRef.sha256 == sha256) & (Submission.author == user.id))
            .tuples())
    accepted, largest, size = set(), 0, None
    for accept, max_bytes, size in rows:
        accepted.update(accept.split())
        largest = max(largest, max_bytes)
    if not largest:
        raise NotReferenced(details={"sha256": sha256})
    return _Terms(frozenset(accepted), min(largest, server_max)), size


def _refuse_type(kind: str | None, terms: _Terms) -> None:
    """UnsupportedType unless `kind` (None: not a type we can tell) is one the fields take."""
    if kind is None or kind not in terms.accepted:
        raise UnsupportedType(details={"type": kind, "accepted": " ".join(sorted(terms.accepted))})


def _refuse_start(head: bytes, total: int, terms: _Terms) -> None:
    """Refuse a file of the wrong kind from its first bytes, before anything is kept. A ZIP
    is only judged whole (which office document it is lies inside)."""
    if len(head) < blobs.MIN_SNIFF_BYTES and len(head) < total:
        return  # too little to tell yet: judged when the file is whole
    kind = blobs.sniff_start(head[:blobs.MIN_SNIFF_BYTES])
    if kind == "application/zip" and any(t in terms.accepted for t in _ZIPPED):
        return
    _refuse_type(kind, terms)


# The types whose files start as a ZIP does.
_ZIPPED = frozenset(t for t in media.MEDIA_TYPES
                    if t == "application/zip" or t.startswith("application/vnd."))


def upload(user, sha256: str, body: bytes, content_range: tuple[int, int] | None,
           server_max: int) -> tuple[bool, Status]:
    """Take a whole file (`content_range` None) or one chunk (`(first, total)`) of the file
    named `sha256` from `user`. Returns (whether the file was stored by this call, status).

    Raises NotReferenced, PayloadTooLarge, UnsupportedType, OffsetMismatch, HashMismatch
    (see the module's docstring); none of them changes a stored file.
    """
    sha256 = checked_sha256(sha256)
    terms, size = _terms(user, sha256, server_max)
    if size is not None:
        if content_range is not None:
            _forget_upload(user, sha256)  # another upload stored it while this one ran
        return False, Status(sha256, size, size, True)
    first, total = content_range if content_range else (0, len(body))
    if total > terms.max_bytes:
        raise PayloadTooLarge("file_too_large_upload",
                              {"max_bytes": terms.max_bytes, "size": total})
    if first == 0:
        _refuse_start(body, total, terms)
    if first == 0 and len(body) == total:
        kind = _verified_kind(sha256, body, terms)
        with _queued_writer(), database.atomic():  # one commit: the file, and any upload left
            created = _insert(user, sha256, kind, body)
            _forget_upload(user, sha256)
        return created, Status(sha256, total, total, True)
    return _append(user, sha256, first, total, body, terms)


def _verified_kind(sha256: str, content: bytes, terms: _Terms) -> str:
    if hashlib.sha256(content).hexdigest() != sha256:
        raise HashMismatch(details={"sha256": sha256, "received": 0})
    kind = blobs.sniff(content)
    _refuse_type(kind, terms)
    return kind


@contextmanager
def _queued_writer():
    """On SQLite, wait for the write lock in an OS queue rather than in SQLite's busy
    handler, which sleeps 1, 2, 5, 10... ms between tries and so leaves the lock idle while
    uploads, whose writes are large, wait for it. Files are written one at a time anyway."""
    db = database.obj
    if not isinstance(db, pw.SqliteDatabase) or db.database == ":memory:":
        yield
        return
    handle = os.open(f"{db.database}-writer.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # releases the lock


def _insert(user, sha256: str, kind: str, content: bytes) -> bool:
    """Insert a verified file; False when another upload stored it first."""
    return (Attachment.insert(sha256=sha256, type=kind, size=len(content), content=content,
                              uploaded_by=user.id, created_at=now_iso())
            .on_conflict_ignore().as_rowcount().execute()) == 1


def _forget_upload(user, sha256: str) -> None:
    """Drop the uploader's upload of this file, if any (its chunks go with it: ON DELETE
    CASCADE)."""
    AttachmentUpload.delete().where(
        (AttachmentUpload.sha256 == sha256) & (AttachmentUpload.user == user.id)).execute()


def _append(user, sha256: str, first: int, total: int, chunk: bytes, terms: _Terms
            ) -> tuple[bool, Status]:
    """Add one chunk to the uploader's prefix of this file; the last one stores the file.

    The prefix grows only by `UPDATE ... WHERE received = first`, so of two chunks sent at
    once for the same offset one is added and the other is told OffsetMismatch.
    """
    refused = None
    with _queued_writer(), database.atomic():
        upload = _open_upload(user, sha256, first, total)
        now = now_iso()
        grown = (AttachmentUpload.update(received=AttachmentUpload.received + len(chunk),
                                         updated_at=now)
                 .where((AttachmentUpload.id == upload.id)
                        & (AttachmentUpload.received == first)).execute())
        if grown != 1:
            raise OffsetMismatch(details={"received": _received(upload.id), "size": total})
        AttachmentChunk.insert(upload=upload.id, offset=first, content=chunk).execute()
        received = first + len(chunk)
        if received < total:
            return False, Status(sha256, received, total, False)
        content = b"".join(bytes(part) for (part,) in AttachmentChunk.select(
            AttachmentChunk.content).where(AttachmentChunk.upload == upload.id)
            .order_by(AttachmentChunk.offset).tuples())
        AttachmentUpload.delete().where(AttachmentUpload.id == upload.id).execute()
        try:
            created = _insert(user, sha256, _verified_kind(sha256, content, terms), content)
        except (HashMismatch, UnsupportedType) as error:
            refused = error  # the prefix is wrong somewhere: dropped, so the upload restarts
    if refused is not None:
        raise refused
    return created, Status(sha256, total, total, True)


def _open_upload(user, sha256: str, first: int, total: int) -> AttachmentUpload:
    """The uploader's upload of this file, begun by a chunk at 0 when there is none.
    A chunk at 0 with another total starts it again (the phone re-encoded the file)."""
    found = AttachmentUpload.get_or_none(
        (AttachmentUpload.sha256 == sha256) & (AttachmentUpload.user == user.id))
    if found is not None and found.total != total:
        if first != 0:
            raise InvalidRange(details={
                "reason": f"the upload under way is of {found.total} bytes, not {total}"})
        AttachmentUpload.delete().where(AttachmentUpload.id == found.id).execute()
        found = None
    if found is not None:
        return found
    if first != 0:
        raise OffsetMismatch(details={"received": 0, "size": total})
    now = now_iso()
    AttachmentUpload.insert(sha256=sha256, user=user.id, total=total, received=0,
                            started_at=now, updated_at=now).on_conflict_ignore().execute()
    return AttachmentUpload.get(
        (AttachmentUpload.sha256 == sha256) & (AttachmentUpload.user == user.id))


def _received(upload_id: int) -> int:
    return (AttachmentUpload.select(AttachmentUpload.received)
            .where(AttachmentUpload.id == upload_id).scalar()) or 0


def status(user, sha256: str, server_max: int) -> Status:
    """How much of the file the server holds for `user`: stored whole, a prefix, or nothing."""
    sha256 = checked_sha256(sha256)
    size = _terms(user, sha256, server_max)[1]
    if size is not None:
        return Status(sha256, size, size, True)
    upload = (AttachmentUpload.select(AttachmentUpload.received, AttachmentUpload.total)
              .where((AttachmentUpload.sha256 == sha256) & (AttachmentUpload.user == user.id))
              .tuples().first())
    if upload is None:
        return Status(sha256, 0, None, False)
    return Status(sha256, upload[0], upload[1], False)


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    type: str
    content: bytes


def _readable(viewer, sha256: str) -> None:
    """Supervisors and admins read every file; others those their own submissions name."""
    if has_role(viewer, SUPERVISOR):
        return
    own = (AttachmentRef.select(AttachmentRef.id)
           .join(Submission, on=(Submission.uuid == AttachmentRef.submission))
           .where((AttachmentRef.sha256 == sha256) & (Submission.author == viewer.id))
           .exists())
    if not own:
        raise Forbidden("attachment_not_yours", {"sha256": sha256})


def open_file(viewer, sha256: str) -> StoredFile:
    """A stored file for someone allowed to read it (Forbidden, NotFound otherwise)."""
    sha256 = checked_sha256(sha256)
    _readable(viewer, sha256)
    row = (Attachment.select(Attachment.type, Attachment.content)
           .where(Attachment.sha256 == sha256).tuples().first())
    if row is None:
        raise NotFound("no_such_attachment", {"sha256": sha256})
    return StoredFile(sha256, row[0], bytes(row[1]))


def stored_content(sha256: str) -> bytes | None:
    """A stored file's bytes, for readers that already checked who may read it (exports)."""
    content = Attachment.select(Attachment.content).where(Attachment.sha256 == sha256).scalar()
    return None if content is None else bytes(content)


def stored_among(shas) -> set[str]:
    """Which of these files are stored."""
    shas = sorted(set(shas))
    return {sha for (sha,) in Attachment.select(Attachment.sha256)
            .where(Attachment.sha256.in_(shas)).tuples()} if shas else set()


def preview(viewer, sha256: str) -> StoredFile:
    """A small JPEG of a stored image (long edge PREVIEW_PIXELS), made on first request and
    kept. NotFound("no_preview") for a file that is no image Pillow can read."""
    sha256 = checked_sha256(sha256)
    _readable(viewer, sha256)
    row = (AttachmentPreview.select(AttachmentPreview.type, AttachmentPreview.content)
           .where(AttachmentPreview.sha256 == sha256).tuples().first())
    if row is not None:
        return StoredFile(sha256, row[0], bytes(row[1]))
    original = open_file(viewer, sha256)
    if original.type not in _PREVIEWABLE:
        raise NotFound("no_preview", {"sha256": sha256})
    content = _thumbnail(original.content)
    if content is None:
        raise NotFound("no_preview", {"sha256": sha256})
    AttachmentPreview.insert(sha256=sha256, type="image/jpeg", content=content
                             ).on_conflict_ignore().execute()
    return StoredFile(sha256, "image/jpeg", content)


def _thumbnail(content: bytes) -> bytes | None:
    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.width * image.height > 100_000_000:
                return None  # a decompression bomb, or a photo no phone sends
            image.draft("RGB", (PREVIEW_PIXELS * 2, PREVIEW_PIXELS * 2))  # JPEG: decode small
            image = ImageOps.exif_transpose(image)
            image.thumbnail((PREVIEW_PIXELS, PREVIEW_PIXELS))
            if image.mode in ("RGBA", "LA", "P"):  # a signature's transparent ink on white
                image = image.convert("RGBA")
                flat = Image.new("RGB", image.size, "white")
                flat.paste(image, mask=image.getchannel("A"))
                image = flat
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=80)
            return out.getvalue()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
