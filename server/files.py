"""A stored file as an HTTP response, for the API and the supervisor pages alike.

The file's name is its content hash (a file has one content and many names in many answers),
its type the one told from its bytes when it was stored. Files are served so that a browser
never runs them: `nosniff`, a sandboxing Content-Security-Policy, and everything but an image
as a download. A file never changes, so its hash is its strong ETag and caches may keep it.
"""

from flask import Response, request

from forms.media import MEDIA_TYPES
from sync.attachments import StoredFile

__all__ = ["INLINE_TYPES", "file_response"]

INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})


def file_response(stored: StoredFile, suffix: str = "") -> Response:
    """`stored` as a response (or 304 when the client already holds it)."""
    etag = f"{stored.sha256}{suffix}"
    if etag in request.if_none_match:
        response = Response(status=304)
    else:
        response = Response(stored.content, mimetype=stored.type)
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    name = f"{stored.sha256}{suffix}.{MEDIA_TYPES.get(stored.type, 'bin')}"
    disposition = "inline" if stored.type in INLINE_TYPES else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response
