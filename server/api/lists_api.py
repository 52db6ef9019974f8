"""Lists: what phones fetch (and fetch again only when changed), and what admins publish."""

import gzip
import threading
from collections import OrderedDict

from flask import Blueprint, Response, jsonify, request, url_for
from marshmallow import ValidationError

from forms.messages import text

from server.api import API_PREFIX
from server.api.body import csv_body, json_body
from server.api.forms_api import index_response, not_modified
from server.api.schemas import ListPublishQuerySchema, ListQuerySchema
from server.auth import ADMIN, FIELD, auth, current_user
from sync import lists

bp = Blueprint("lists_api", __name__, url_prefix=API_PREFIX)

_list_query = ListQuerySchema()
_publish_query = ListPublishQuerySchema()
KEEP_BODIES = 16  # whole lists kept encoded, per process: the place lists and a few rosters
_bodies: OrderedDict = OrderedDict()
_bodies_lock = threading.Lock()


def _with_url(summary: dict) -> dict:
    return {**summary, "url": url_for("lists_api.get_list", list_id=summary["list_id"])}


@bp.get("/lists")
@auth.login_required(role=FIELD)
def list_lists():
    """Every list with its version and hash; a strong ETag over them all."""
    summaries = [_with_url(summary) for summary in lists.list_summaries()]
    return index_response("lists", summaries, lists.lists_etag(summaries))


@bp.get("/lists/<list_id>")
@auth.login_required(role=FIELD)
def get_list(list_id: str):
    """A whole list (its hash is the ETag, gzip when the phone takes it), or with `?since=`
    only the items changed after that version (docs/protocol.md, "Lists")."""
    query = _list_query.load(request.args.to_dict())
    head = lists.get_head(list_id)
    since = query["since"]
    if since is not None and since <= head.version:
        response = jsonify(lists.get_list(list_id, since))
        response.headers["Cache-Control"] = "no-cache"
        return response
    gzipped = request.accept_encodings["gzip"] > 0
    etag = head.hash + ("-gzip" if gzipped else "")
    response = not_modified(etag) or not_modified(head.hash)
    if response is None:
        response = Response(_encoded(list_id, head.hash, gzipped), mimetype="application/json")
        if gzipped:
            response.headers["Content-Encoding"] = "gzip"
    response.set_etag(etag)
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = "no-cache"
    return response


def _encoded(list_id: str, list_hash: str, gzipped: bool) -> bytes:
    """The whole list as JSON bytes (gzip-compressed or not), built once per hash."""
    key = (list_id, list_hash)
    with _bodies_lock:
        bodies = _bodies.get(key)
    if bodies is None:
        plain = jsonify(lists.get_list(list_id)).get_data()
        if lists.get_head(list_id).hash != list_hash:  # changed while being read: serve it, keep nothing
            return gzip.compress(plain, 6) if gzipped else plain
        bodies = (plain, gzip.compress(plain, 6))
        with _bodies_lock:
            _bodies[key] = bodies
            while len(_bodies) > KEEP_BODIES:
                _bodies.popitem(last=False)
    return bodies[1] if gzipped else bodies[0]


@bp.post("/lists")
@auth.login_required(role=ADMIN)
def publish():
    """Publish a list: a JSON document, or CSV (`Content-Type: text/csv`, `?list_id=`).
    201 when something changed, 200 when it was already published as it is."""
    if request.mimetype == "text/csv":
        query = _publish_query.load(request.args.to_dict())
        if query["list_id"] is None:
            raise ValidationError({"list_id": [text("list_id_needed", "en")]})
        published = lists.publish_list_csv(csv_body(), query["list_id"], current_user())
    else:
        published = lists.publish_list(json_body(), current_user())
    response = jsonify(_with_url(published.summary))
    response.status_code = 201 if published.changed else 200
    response.headers["Location"] = response.json["url"]
    return response
