"""The JSON API under /api/v1: one blueprint per area, registered by `register_api`."""

from flask import Flask

__all__ = ["API_PREFIX", "register_api"]

API_PREFIX = "/api/v1"


def register_api(app: Flask) -> None:
    from server.api import accounts_api, forms_api, meta_api, submissions_api, sync_api

    for module in (meta_api, forms_api, sync_api, submissions_api, accounts_api):
        app.register_blueprint(module.bp)
