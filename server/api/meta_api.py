"""Health (for load balancers) and the OpenAPI description; no sign-in needed."""

import peewee
from flask import Blueprint, jsonify

from server.api import API_PREFIX
from sync.db import database
from sync.errors import Unavailable

bp = Blueprint("meta_api", __name__, url_prefix=API_PREFIX)


@bp.get("/health")
def health():
    """200 when the database answers a query; a failure becomes 503 `unavailable`."""
    try:
        database.execute_sql("SELECT 1").fetchone()
    except peewee.PeeweeException:
        raise Unavailable("database_down") from None
    return jsonify({"status": "ok", "database": "ok"})


@bp.get("/openapi.json")
def openapi():
    from server.openapi import openapi_document

    return jsonify(openapi_document())
