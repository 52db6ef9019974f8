"""Admin pages: forms (people, phones and set-up codes are in server/web/people.py).

An admin uploads an XLSForm or a JSON definition and sees, before anything is stored, what it
becomes: its problems at their sheet, row and column (or JSON path) in the page's language,
and the form itself in a preview pane that is the phone's own renderer (the app's
preview.html, fed the definition by static/web/forms.js). Publishing reads the same upload
again, so what is published is exactly what was previewed. The page also closes and reopens
forms, previews any published version and compares two versions field by field.

Everything goes through the sync layer's own functions (catalog), so the pages make exactly
the changes the CLI and the API make, audited the same way.
"""

import base64
import binascii
import json

from flask import Response, abort, flash, g, redirect, render_template, request, url_for

from forms.authoring import UPLOAD_LIMIT, Draft, read_upload
from forms.canonical import canonical_json
from forms.diff import ASPECTS, compare
from forms.messages import by_path
from server.web.blueprint import bp
from server.web.i18n import translate
from server.web.session import current_user
from sync import catalog
from sync.errors import SyncError


def _problem_text(err: SyncError) -> str:
    """The error in the page's language, then each listed problem with its path."""
    lines = [err.text(g.lang)]
    listed = {key: value for key, value in err.details_in(g.lang).items() if isinstance(value, list)}
    for key, problems in by_path(listed).items():
        lines += [f"{key}: {m}" if key != "problems" else str(m) for m in problems]
    return " ".join(lines)


# --- forms ----------------------------------------------------------------------------------


@bp.get("/admin/forms", endpoint="admin_forms")
def forms_page():
    return _forms_page()


def _forms_page(draft: Draft | None = None, source: str = "", refused: str = "",
                status: int = 200):
    return render_template("web/admin_forms.html", forms=catalog.list_forms(), draft=draft, source=source,
                           refused=refused, versions=catalog.versions_by_form(),
                           upload_limit_mb=UPLOAD_LIMIT // (1024 * 1024)), status


@bp.post("/admin/forms", endpoint="admin_forms_check")
def forms_check():
    """Read an upload and show what it becomes; nothing is stored."""
    upload = request.files.get("upload")
    data = upload.read(UPLOAD_LIMIT + 1) if upload else b""
    draft = read_upload(data, (upload.filename or "") if upload else "")
    status = 200 if draft.definition is not None and not draft.blocking else 422
    return _forms_page(draft, base64.b64encode(data).decode() if draft.definition else "",
                       status=status)


def _draft_again() -> tuple[Draft, str]:
    """The upload a publish or download form sends back, read again as it was checked."""
    source = request.form.get("source", "")
    try:
        data = base64.b64decode(source, validate=True)
    except (binascii.Error, ValueError):
        abort(400)
    return read_upload(data, request.form.get("filename", "")), source


@bp.post("/admin/forms/publish", endpoint="admin_forms_publish")
def forms_publish():
    draft, source = _draft_again()
    accepted = {int(v) for v in request.form.getlist("accept") if v.isdigit() and len(v) < 6}
    if not draft.publishable(accepted):
        return _forms_page(draft, source, refused=translate("publish_blocked", g.lang),
                           status=422)
    try:
        row, created = catalog.publish_form(draft.definition, actor=current_user())
    except SyncError as err:
        return _forms_page(draft, source, refused=_problem_text(err), status=err.status)
    flash(("ok", "published" if created else "already_published",
           {"form": row.form_id, "version": row.version}))
    return redirect(url_for("web.admin_form_version", form_id=row.form_id, version=row.version))


@bp.post("/admin/forms/download", endpoint="admin_forms_download")
def forms_download():
    """The converted definition as a Tambon JSON file, to keep or edit by hand."""
    draft, _ = _draft_again()
    if draft.definition is None:
        abort(400)
    return _json_file(draft.definition, f"{draft.definition.get('form_id') or 'form'}.json")


def _json_file(definition: dict, name: str) -> Response:
    safe = "".join(c for c in name if c.isascii() and (c.isalnum() or c in "._-")) or "form.json"
    response = Response(canonical_json(definition), mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="{safe}"'
    return response


@bp.get("/admin/forms/<form_id>/versions/<version>", endpoint="admin_form_version")
def form_version(form_id, version):
    """One published version, in the preview pane as phones show it."""
    parsed = catalog.definition(form_id, version)
    return render_template("web/admin_form_version.html", form_id=form_id, version=version,
                           definition=parsed.raw,
                           versions=catalog.versions_by_form().get(form_id, []))


@bp.get("/admin/forms/<form_id>/versions/<version>/download", endpoint="admin_form_version_json")
def form_version_json(form_id, version):
    row = catalog.get_version(form_id, version)
    return _json_file(json.loads(row.definition), f"{form_id}-{version}.json")


@bp.get("/admin/forms/<form_id>/compare", endpoint="admin_form_compare")
def form_compare(form_id):
    """Two versions side by side: what changed field by field, and both previews."""
    versions = catalog.versions_by_form().get(form_id)
    if not versions:
        abort(404)
    names = [v["version"] for v in versions]  # newest first
    old = request.args.get("a") or (names[1] if len(names) > 1 else names[0])
    new = request.args.get("b") or names[0]
    before, after = catalog.definition(form_id, old), catalog.definition(form_id, new)
    return render_template("web/admin_form_compare.html", form_id=form_id, versions=versions,
                           old=old, new=new, before=before.raw, after=after.raw,
                           changes=compare(before, after),
                           aspect_codes={f"aspect_{key}" for key in ASPECTS})


@bp.post("/admin/forms/<form_id>/close", endpoint="admin_form_close")
def form_close(form_id):
    catalog.close_form(form_id, actor=current_user())
    flash(("ok", "form_closed", {"form": form_id}))
    return redirect(url_for("web.admin_forms"))


@bp.post("/admin/forms/<form_id>/reopen", endpoint="admin_form_reopen")
def form_reopen(form_id):
    catalog.reopen_form(form_id, actor=current_user())
    flash(("ok", "form_reopened", {"form": form_id}))
    return redirect(url_for("web.admin_forms"))
