"""People and their phones: accounts, device tokens, set-up codes, the fleet, rescue files.

Every change goes through the sync layer (accounts, enrolment, rescue), so these pages make
exactly the changes the CLI makes, audited the same way. Pages under /admin/ are for
administrators; the fleet (`/devices`) is for supervisors too, read only.
"""

import segno
from flask import current_app, flash, redirect, render_template, request, url_for
from markupsafe import Markup

from server.web.blueprint import bp
from server.web.admin import _problem_text
from server.web.session import current_user
from sync import accounts, enrolment, fleet, rescue
from sync.errors import PayloadTooLarge, SyncError
from sync.roles import ROLES


def _refused(err: SyncError):
    flash(("error", None, {"text": _problem_text(err)}))


# --- users -----------------------------------------------------------------------------------


@bp.route("/admin/users", endpoint="admin_users", methods=["GET", "POST"])
def users_page():
    if request.method == "POST":
        username = request.form.get("username", "").strip()
        try:
            accounts.create_user(username, request.form.get("role", ""),
                                 request.form.get("password", ""), actor=current_user(),
                                 full_name=request.form.get("full_name", ""))
        except SyncError as err:
            _refused(err)
        else:
            flash(("ok", "user_added", {"name": username}))
        return redirect(url_for("web.admin_users"))
    return render_template("web/admin_users.html", users=accounts.list_users(), roles=ROLES)


def _user_action(change, done_key: str, username: str, *args):
    try:
        change(username, *args, actor=current_user())
    except SyncError as err:
        _refused(err)
    else:
        flash(("ok", done_key, {"name": username}))
    return redirect(url_for("web.admin_users"))


@bp.route("/admin/users/<username>/role", endpoint="admin_user_role", methods=["POST"])
def user_role(username):
    return _user_action(accounts.set_role, "role_changed", username,
                        request.form.get("role", ""))


@bp.route("/admin/users/<username>/name", endpoint="admin_user_name", methods=["POST"])
def user_name(username):
    return _user_action(accounts.set_full_name, "people_name_saved", username,
                        request.form.get("full_name", ""))


@bp.route("/admin/users/<username>/password", endpoint="admin_user_password", methods=["POST"])
def user_password(username):
    return _user_action(accounts.set_password, "people_password_done", username,
                        request.form.get("password", ""))


@bp.route("/admin/users/<username>/disable", endpoint="admin_user_disable", methods=["POST"])
def user_disable(username):
    return _user_action(accounts.disable_user, "people_disabled_done", username)


@bp.route("/admin/users/<username>/enable", endpoint="admin_user_enable", methods=["POST"])
def user_enable(username):
    return _user_action(accounts.enable_user, "people_enabled_done", username)


# --- devices and the fleet -------------------------------------------------------------------


def _fleet_page(admin: bool, token=None, issued_label=None):
    users = [u for u in accounts.list_users() if u["disabled_at"] is None] if admin else []
    return render_template("web/admin_devices.html", rows=fleet.fleet(), users=users,
                           token=token, issued_label=issued_label, admin=admin,
                           stale_days=fleet.STALE_UNSENT_DAYS)


@bp.route("/devices", endpoint="fleet")
def fleet_page():
    """The fleet for supervisors: what each phone last reported."""
    return _fleet_page(admin=False)


@bp.route("/admin/devices", endpoint="admin_devices", methods=["GET", "POST"])
def devices_page():
    if request.method == "POST":
        label = request.form.get("label", "")
        try:
            device, token = accounts.issue_device_token(
                request.form.get("username", ""), label, actor=current_user())
        except SyncError as err:
            _refused(err)
            return redirect(url_for("web.admin_devices"))
        # Shown in this response only: never stored, never put in the session cookie.
        return _fleet_page(True, token, device.label), 200, {"Cache-Control": "no-store"}
    return _fleet_page(admin=True)


@bp.route("/admin/devices/revoke", endpoint="admin_device_revoke", methods=["POST"])
def device_revoke():
    label = request.form.get("label", "")
    try:
        accounts.revoke_device(label, actor=current_user())
    except SyncError as err:
        _refused(err)
    else:
        flash(("ok", "token_revoked", {"label": label}))
    return redirect(url_for("web.admin_devices"))


# --- set-up codes ----------------------------------------------------------------------------


def _qr_svg(link: str) -> Markup:
    """The link as an inline SVG QR code (medium error correction, survives a smudge)."""
    return Markup(segno.make(link, error="m").svg_inline(scale=4, border=2, omitsize=True))


def _base_url() -> str:
    return request.url_root.rstrip("/")


@bp.route("/admin/enrol", endpoint="admin_enrol", methods=["GET", "POST"])
def enrol_page():
    # Phones are for field officers; `tambon enrol create` makes codes for anyone.
    field_users = [u for u in accounts.list_users()
                   if u["disabled_at"] is None and u["role"] == "field"]
    if request.method == "POST":
        try:
            hours = float(request.form.get("hours", enrolment.DEFAULT_HOURS))
        except ValueError:
            hours = -1
        try:
            issued = enrolment.create_codes(request.form.getlist("username"), hours,
                                            actor=current_user())
        except SyncError as err:
            _refused(err)
            return redirect(url_for("web.admin_enrol"))
        base = _base_url()
        cards = [{"code": c, "link": enrolment.app_link(base, c.code),
                  "qr": _qr_svg(enrolment.app_link(base, c.code))} for c in issued]
        # The codes exist only in this response: never stored in clear, never cached.
        return (render_template("web/admin_enrol_sheet.html", cards=cards,
                                app_url=f"{base}/app/"),
                200, {"Cache-Control": "no-store"})
    return render_template("web/admin_enrol.html", users=field_users,
                           codes=enrolment.list_codes(), hours=enrolment.DEFAULT_HOURS,
                           max_hours=enrolment.MAX_HOURS)


@bp.route("/admin/enrol/revoke", endpoint="admin_enrol_revoke", methods=["POST"])
def enrol_revoke():
    try:
        enrolment.revoke_code(request.form.get("code_id"), actor=current_user())
    except SyncError as err:
        _refused(err)
    else:
        flash(("ok", "enrol_revoked_done", {}))
    return redirect(url_for("web.admin_enrol"))


# --- rescue files ----------------------------------------------------------------------------


@bp.route("/admin/rescue", endpoint="admin_rescue", methods=["GET", "POST"])
def rescue_page():
    outcome = None
    if request.method == "POST":
        upload = request.files.get("file")
        limit = current_app.config["TAMBON"].max_body_bytes
        raw = upload.read(limit + 1) if upload else b""
        try:
            if len(raw) > limit:
                raise PayloadTooLarge()
            outcome = rescue.load_rescue(
                raw, actor=current_user(),
                max_items=current_app.config["TAMBON"].max_batch_items)
        except SyncError as err:
            _refused(err)
            return redirect(url_for("web.admin_rescue"))
        flash(("ok", "rescue_done", {"name": outcome.username, **outcome.summary}))
    return render_template("web/admin_rescue.html", outcome=outcome)
