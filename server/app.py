"""The application factory.

`create_app(config)` binds the sync layer's database, creates missing tables, registers the
JSON API, the error translation, CORS for /api/v1, and response compression. Tests build a
fresh app per test with its own data directory.
"""

import gzip
import importlib.util
import logging

from flask import Flask, current_app, g, request
from flask.json.provider import DefaultJSONProvider

from forms.canonical import escape_lone_surrogates
from server import edge
from server.api.routes import register_api
from server.config import Config
from server.errors import register_error_handlers
from sync import db, tables

__all__ = ["create_app"]

log = logging.getLogger(__name__)

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization, Content-Type, Content-Encoding, "
                                    "If-None-Match, Tambon-App-Version, Tambon-Unsent, "
                                    "Tambon-Clock",
    "Access-Control-Expose-Headers": "ETag, Retry-After, WWW-Authenticate",
    "Access-Control-Max-Age": "86400",
}


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, with Thai sent as UTF-8 (3 bytes a letter, not 6 as \\u escapes), in
    the order built, compact. A lone surrogate, which UTF-8 cannot carry (one reaches a
    response only from a rejected item kept as sent), is written as its JSON escape."""

    ensure_ascii = False
    sort_keys = False
    compact = True

    def dumps(self, obj, **kwargs) -> str:
        return escape_lone_surrogates(super().dumps(obj, **kwargs))


def create_app(config: Config | dict | None = None) -> Flask:
    """A configured Flask app; `config` is a Config, a dict of Config fields, or None (env)."""
    if isinstance(config, dict):
        config = Config(**config)
    config = config or Config()

    app = Flask(__name__)
    app.config["TAMBON"] = config
    app.config["SECRET_KEY"] = config.secret_key
    app.config["MAX_CONTENT_LENGTH"] = config.max_body_bytes
    app.config["TESTING"] = config.testing
    app.json = JSONProvider(app)

    database = db.init_database(config.database_url)
    tables.create_tables()
    app.extensions["tambon_db"] = database

    _connect_per_request(app)
    register_error_handlers(app)
    edge.install(app)  # before every other hook: refuse text no database can store

    register_api(app)
    if importlib.util.find_spec("server.client_app") is not None:
        from server.client_app import bp as client_bp

        app.register_blueprint(client_bp)
    from server.web import init_app as init_web

    init_web(app)  # the supervisor pages, at the site root

    app.after_request(_cors)
    app.after_request(_compress)
    return app


def _connect_per_request(app: Flask) -> None:
    """One connection per request, returned (or closed) when the request ends."""

    @app.before_request
    def _open():
        # Re-bind in case another app in this process (tests) bound the proxy elsewhere.
        if db.database.obj is not app.extensions["tambon_db"]:
            db.bind(app.extensions["tambon_db"])
        db.database.connect(reuse_if_open=True)
        g.tambon_connected = True

    @app.teardown_request
    def _close(_exc):
        if g.pop("tambon_connected", False) and not db.database.is_closed():
            db.database.close()


def _cors(response):
    """Let a client served from another origin call the API with a token (no cookies)."""
    if request.path.startswith("/api/v1"):
        response.headers.update(CORS_HEADERS)
    return response


def _compress(response):
    """gzip JSON responses for clients that accept it, unless small or tagged with an ETag
    (a strong ETag names exact bytes, so those are served as they are)."""
    minimum = current_app.config["TAMBON"].gzip_min_bytes
    if (
        response.direct_passthrough
        or response.status_code < 200
        or response.status_code in (204, 304)
        or "Content-Encoding" in response.headers
        or "ETag" in response.headers
        or response.mimetype != "application/json"
        or request.accept_encodings["gzip"] <= 0
    ):
        return response
    data = response.get_data()
    if len(data) < minimum:
        return response
    response.set_data(gzip.compress(data, compresslevel=5))
    response.headers["Content-Encoding"] = "gzip"
    response.headers.add("Vary", "Accept-Encoding")
    return response
