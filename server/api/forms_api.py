"""Forms: the list phones poll, exact definitions, publish and close (admins)."""

from flask import Blueprint, Response, jsonify, request, url_for

from server.api import API_PREFIX
from server.api.body import json_body
from server.auth import ADMIN, FIELD, auth, current_user
from sync import catalog

bp = Blueprint("forms_api", __name__, url_prefix=API_PREFIX)


def _with_url(form: dict) -> dict:
    return {**form, "url": url_for("forms_api.get_version", form_id=form["form_id"],
                                   version=form["version"])}


def not_modified(etag: str) -> Response | None:
    """A 304 when the request's If-None-Match names `etag` (or *), else None."""
    if request.if_none_match.contains_weak(etag) or request.if_none_match.star_tag:
        response = Response(status=304)
        response.set_etag(etag)
        return response
    return None


def index_response(key: str, entries: list, etag: str) -> Response:
    """An index a phone polls (forms, lists): 304 when unchanged, never cached unchecked."""
    response = not_modified(etag) or jsonify({key: entries})
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/forms")
@auth.login_required(role=FIELD)
def list_forms():
    """The newest version of every open form, with a strong ETag."""
    forms = [_with_url(form) for form in catalog.open_forms()]
    return index_response("forms", forms, catalog.forms_etag(forms))


@bp.get("/forms/<form_id>/versions/<version>")
@auth.login_required(role=FIELD)
def get_version(form_id: str, version: str):
    """The definition as published (canonical JSON); its ETag is its hash."""
    row = catalog.get_version(form_id, version)
    response = not_modified(row.hash) or Response(
        row.definition, mimetype="application/json")
    response.set_etag(row.hash)
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    return response


@bp.post("/forms")
@auth.login_required(role=ADMIN)
def publish():
    """Publish a definition: 201 when new, 200 when already published with this content."""
    row, created = catalog.publish_form(json_body(), current_user())
    form = _with_url({
        "form_id": row.form_id, "version": row.version,
        "title": {"th": row.title_th, "en": row.title_en}, "hash": row.hash, "status": "open",
    })
    response = jsonify(form)
    response.status_code = 201 if created else 200
    response.headers["Location"] = form["url"]
    return response


@bp.post("/forms/<form_id>/close")
@auth.login_required(role=ADMIN)
def close(form_id: str):
    """Close a form: it leaves the list and pushes to it are rejected (and kept)."""
    form = catalog.close_form(form_id, current_user())
    return jsonify({"form_id": form.form_id, "status": form.status})
