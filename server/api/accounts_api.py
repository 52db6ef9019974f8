"""Device tokens and the caller's own identity."""

from flask import Blueprint, jsonify

from server.api import API_PREFIX
from server.api.body import json_body
from server.api.schemas import DeviceRequestSchema, EnrolRequestSchema
from server.auth import (ADMIN, FIELD, auth, basic, bearer, client_address, current_user,
                         too_many_attempts)
from sync import accounts, fleet, throttle
from sync.errors import Forbidden

bp = Blueprint("accounts_api", __name__, url_prefix=API_PREFIX)

_device_request = DeviceRequestSchema()
_enrol_request = EnrolRequestSchema()


@bp.post("/devices")
@basic.login_required(role=FIELD)
def issue_device():
    """A token for a device, with the person's own password (admins may name another user)."""
    user = basic.current_user()
    data = _device_request.load(json_body())
    owner = data["username"] or user.username
    if owner != user.username and not accounts.has_role(user, ADMIN):
        raise Forbidden("tokens_for_others_admins_only")
    device, token = accounts.issue_device_token(owner, data["label"], actor=user)
    response = jsonify({"token": token, "label": device.label, "username": owner,
                        "role": device.user.role})
    response.status_code = 201
    return response


@bp.post("/enrol")
def enrol():
    """Exchange a one-time set-up code (from a QR code or typed) for this phone's token.

    No credentials: the code is the credential. It works once, until it expires; wrong codes
    from one address are slowed down like wrong passwords (429 too_many_code_tries)."""
    data = _enrol_request.load(json_body())
    try:
        device, token = throttle.redeem_code(data["code"], data["label"], client_address())
    except throttle.TooManyAttempts as error:
        raise too_many_attempts(error) from None
    user = device.user
    response = jsonify({"token": token, "label": device.label, "username": user.username,
                        "role": user.role, "full_name": user.full_name})
    response.status_code = 201
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/me")
@auth.login_required(role=FIELD)
def me():
    user = current_user()
    return jsonify({"username": user.username, "role": user.role, "full_name": user.full_name,
                    "device": user.device.label if user.device else None})


@bp.delete("/devices/current")
@bearer.login_required(role=FIELD)
def revoke_current():
    """Revoke the token this request was made with (signing a phone out)."""
    user = bearer.current_user()
    accounts.revoke_device(user.device.label, actor=user)
    return "", 204


@bp.get("/devices")
@auth.login_required(role=ADMIN)
def list_devices():
    return jsonify({"devices": [
        {"label": d.label, "username": d.user.username, "full_name": d.user.full_name,
         "created_at": d.created_at, "last_seen_at": d.last_seen_at, "revoked_at": d.revoked_at,
         "app_version": d.app_version, "unsent": d.unsent, "unsent_since": d.unsent_since,
         "clock_skew_seconds": d.clock_skew_seconds}
        for d in (row.device for row in fleet.fleet())
    ]})


@bp.delete("/devices/<label>")
@auth.login_required(role=ADMIN)
def revoke(label: str):
    accounts.revoke_device(label, actor=current_user())
    return "", 204
