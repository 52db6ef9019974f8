"""The offline client, served at /app/: static files plus a service worker that knows them.

There is no build step, so the app's version is computed here: a hash over every file of
server/static/app. It is written into sw.js as it is served, with the list of files to cache.
Any change to any file therefore changes sw.js byte for byte, which is what makes a browser
install the new worker; the new worker caches the new shell under a new name and deletes the
old one. Nothing here is cached by HTTP for long: the service worker is the cache.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Response, abort, redirect, request, url_for

__all__ = ["bp", "APP_DIR", "shell"]

APP_DIR = Path(__file__).parent / "static" / "app"
SW_PLACEHOLDER = "/*SHELL*/null"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
    ".json": "application/json",
}
# The app talks to whatever server the officer names (CORS), so connect-src stays open.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self' http: https:; manifest-src 'self'; worker-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")

bp = Blueprint("client_app", __name__, url_prefix="/app")


@lru_cache(maxsize=1)
def shell() -> dict:
    """The app's version and the URLs of every file the service worker precaches."""
    digest = hashlib.sha256()
    files = []
    for path in sorted(p for p in APP_DIR.rglob("*") if p.is_file()):
        rel = path.relative_to(APP_DIR).as_posix()
        if rel.startswith(".") or "/." in rel:
            continue
        digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
        if rel != "sw.js":
            files.append("./" if rel == "index.html" else f"./{rel}")
    return {"version": digest.hexdigest()[:16], "files": files}


def _send(rel: str, body: bytes | None = None) -> Response:
    path = (APP_DIR / rel).resolve()
    if body is None:
        if APP_DIR.resolve() not in path.parents or not path.is_file():
            abort(404)
        body = path.read_bytes()
    kind = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    response = Response(body, content_type=kind)
    # Revalidate every time: offline and speed are the service worker's job, not HTTP's.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.add_etag()
    return response.make_conditional(request)


@bp.get("")
def root():
    return redirect(url_for("client_app.index"), code=308)


@bp.get("/")
def index():
    response = _send("index.html")
    response.headers["Content-Security-Policy"] = CSP
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/sw.js")
def service_worker():
    source = (APP_DIR / "sw.js").read_text(encoding="utf-8")
    body = source.replace(SW_PLACEHOLDER, json.dumps(shell()), 1).encode()
    response = _send("sw.js", body)
    response.headers["Service-Worker-Allowed"] = "/app/"
    return response


@bp.get("/<path:rel>")
def asset(rel: str):
    return _send(rel)
