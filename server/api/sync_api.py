"""Push and pull: the two calls a phone makes when it syncs."""

from flask import Blueprint, current_app, jsonify, request

from server.api import API_PREFIX
from server.api.body import json_body
from server.api.schemas import PullQuerySchema
from server.auth import FIELD, auth, current_user
from server.errors import api_lang
from sync import fleet
from sync import pull as pull_changes
from sync import push as push_items

bp = Blueprint("sync_api", __name__, url_prefix=API_PREFIX)

_pull_query = PullQuerySchema()


@bp.post("/sync/push")
@auth.login_required(role=FIELD)
def push():
    """Merge a batch; one result per item, in the order sent."""
    user = current_user()
    _record_report(user)
    result = push_items.push_batch(
        user,
        json_body(storable_text=False),  # items are judged (and quarantined) one by one
        device_label=user.device.label if user.device else None,
        max_items=current_app.config["TAMBON"].max_batch_items,
        lang=api_lang(),
    )
    return jsonify(result.as_dict())


@bp.get("/sync/pull")
@auth.login_required(role=FIELD)
def pull():
    """Changes since the cursor: form publications/closings, reviews of own submissions."""
    _record_report(current_user())
    query = _pull_query.load(request.args.to_dict())
    limit = min(query["limit"], current_app.config["TAMBON"].pull_limit)
    return jsonify(pull_changes.pull(current_user(), query["since"], limit))


def _record_report(user) -> None:
    """Keep what a phone says about itself (app version, unsent count, clock): sync/fleet.py."""
    if user.device is not None:
        fleet.record(user.device, fleet.read_report(request.headers))
