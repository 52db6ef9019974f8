"""Admin pages: form definitions (people, phones and set-up codes are in server/web/people.py).

Everything goes through the sync layer's own functions (accounts, catalog), so the web pages
make exactly the changes the CLI and the API make, audited the same way.
"""

import json

from flask import flash, g, redirect, render_template, request, url_for

from forms.messages import by_path, in_lang
from server.web import bp
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


# --- forms -----------------------------------------------------------------------------------


@bp.route("/admin/forms", endpoint="admin_forms", methods=["GET", "POST"])
def forms_page():
    problems, status = [], 200
    if request.method == "POST":
        upload = request.files.get("definition")
        try:
            text = upload.read().decode("utf-8") if upload else ""
            definition = json.loads(text)
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            problems, status = [f"JSON: {err}"], 422
        else:
            try:
                row, created = catalog.publish_form(definition, actor=current_user())
            except SyncError as err:
                problems = in_lang(err.details.get("problems", []), g.lang) or [
                    _problem_text(err)]
                status = err.status
            else:
                flash(("ok", "published" if created else "already_published",
                       {"form": row.form_id, "version": row.version}))
                return redirect(url_for("web.admin_forms"))
    return render_template("web/admin_forms.html", forms=catalog.list_forms(),
                           versions=catalog.versions_by_form(), problems=problems), status


@bp.route("/admin/forms/<form_id>/close", endpoint="admin_form_close", methods=["POST"])
def form_close(form_id):
    catalog.close_form(form_id, actor=current_user())
    flash(("ok", "form_closed", {"form": form_id}))
    return redirect(url_for("web.admin_forms"))
