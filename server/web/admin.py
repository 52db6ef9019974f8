"""Admin pages: people and their roles, device tokens, and form definitions.

Everything goes through the sync layer's own functions (accounts, catalog), so the web pages
make exactly the changes the CLI and the API make, audited the same way.
"""

import json

from flask import flash, g, redirect, render_template, request, url_for

from forms.messages import by_path
from server.web import bp
from server.web.session import current_user
from sync import accounts, catalog
from sync.errors import SyncError
from sync.roles import ROLES


def _problem_text(err: SyncError) -> str:
    """The error in the page's language, then each listed problem with its path."""
    lines = [err.text(g.lang)]
    listed = {key: value for key, value in err.details_in(g.lang).items() if isinstance(value, list)}
    for key, problems in by_path(listed).items():
        lines += [f"{key}: {m}" if key != "problems" else str(m) for m in problems]
    return " ".join(lines)


# --- users -----------------------------------------------------------------------------------


@bp.route("/admin/users", endpoint="admin_users", methods=["GET", "POST"])
def users_page():
    if request.method == "POST":
        username = request.form.get("username", "").strip()
        try:
            accounts.create_user(username, request.form.get("role", ""),
                                 request.form.get("password", ""), actor=current_user())
        except SyncError as err:
            flash(("error", None, {"text": _problem_text(err)}))
        else:
            flash(("ok", "user_added", {"name": username}))
        return redirect(url_for("web.admin_users"))
    return render_template("web/admin_users.html", users=accounts.list_users(), roles=ROLES)


@bp.route("/admin/users/<username>/role", endpoint="admin_user_role", methods=["POST"])
def user_role(username):
    try:
        accounts.set_role(username, request.form.get("role", ""), actor=current_user())
    except SyncError as err:
        flash(("error", None, {"text": _problem_text(err)}))
    else:
        flash(("ok", "role_changed", {"name": username}))
    return redirect(url_for("web.admin_users"))


# --- devices ---------------------------------------------------------------------------------


def _devices_page(token=None, issued_label=None):
    users = [u["username"] for u in accounts.list_users()]
    return render_template("web/admin_devices.html", devices=accounts.list_devices(),
                           users=users, token=token, issued_label=issued_label)


@bp.route("/admin/devices", endpoint="admin_devices", methods=["GET", "POST"])
def devices_page():
    if request.method == "POST":
        label = request.form.get("label", "")
        try:
            device, token = accounts.issue_device_token(
                request.form.get("username", ""), label, actor=current_user())
        except SyncError as err:
            flash(("error", None, {"text": _problem_text(err)}))
            return redirect(url_for("web.admin_devices"))
        # Shown in this response only: never stored, never put in the session cookie.
        return _devices_page(token, device.label), 200, {"Cache-Control": "no-store"}
    return _devices_page()


@bp.route("/admin/devices/revoke", endpoint="admin_device_revoke", methods=["POST"])
def device_revoke():
    label = request.form.get("label", "")
    try:
        accounts.revoke_device(label, actor=current_user())
    except SyncError as err:
        flash(("error", None, {"text": _problem_text(err)}))
    else:
        flash(("ok", "token_revoked", {"label": label}))
    return redirect(url_for("web.admin_devices"))


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
                problems = [str(p) for p in err.details.get("problems", [])] or [
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
