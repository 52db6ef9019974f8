"""Device tokens and the caller's own identity."""

from flask import Blueprint, jsonify

from server.api import API_PREFIX
from server.api.body import json_body
from server.api.schemas import DeviceRequestSchema
from server.auth import ADMIN, FIELD, auth, basic, bearer, current_user
from sync import accounts
from sync.errors import Forbidden

bp = Blueprint("accounts_api", __name__, url_prefix=API_PREFIX)

_device_request = DeviceRequestSchema()


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


@bp.get("/me")
@auth.login_required(role=FIELD)
def me():
    user = current_user()
    return jsonify({"username": user.username, "role": user.role,
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
        {"label": d.label, "username": d.user.username, "created_at": d.created_at,
         "last_seen_at": d.last_seen_at, "revoked_at": d.revoked_at}
        for d in accounts.list_devices()
    ]})


@bp.delete("/devices/<label>")
@auth.login_required(role=ADMIN)
def revoke(label: str):
    accounts.revoke_device(label, actor=current_user())
    return "", 204
