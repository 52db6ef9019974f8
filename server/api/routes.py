"""Every area of the JSON API, registered on an app."""

from flask import Flask

from server.api import (accounts_api, attachments_api, forms_api, lists_api, meta_api,
                        submissions_api, sync_api)

__all__ = ["register_api"]


def register_api(app: Flask) -> None:
    for module in (meta_api, forms_api, lists_api, sync_api, submissions_api, accounts_api,
                   attachments_api):
        app.register_blueprint(module.bp)
