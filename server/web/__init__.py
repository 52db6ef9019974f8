"""The supervisor web pages: server-rendered HTML (Flask + Jinja), Thai first.

`/` is the listing of submissions; `/submissions/<uuid>` one submission; review, export,
overview, rejected items and the admin pages hang off the same blueprint. Pages work without
JavaScript; a little vanilla JS only adds conveniences (select-all, confirm dialogs).
"""

from urllib.parse import urlencode

from flask import g, request

from server.web import admin, exports, i18n, lists, media, overview, people, session, views  # noqa: F401
from server.web.blueprint import bp
from sync.accounts import full_names
from sync.places import place_label

__all__ = ["init_app"]


def init_app(app) -> None:
    """Register the pages on `app` (their indexes come with sync.tables.create_tables)."""
    session.configure(app)
    app.jinja_env.globals.update(_context_globals())
    app.register_blueprint(bp)


def _context_globals() -> dict:
    def _(key, **values):
        return i18n.translate(key, g.get("lang", i18n.DEFAULT_LANG), **values)

    def lang():
        return g.get("lang", i18n.DEFAULT_LANG)

    def state_label(state):
        return i18n.state_label(state, lang())

    def url_with(**changes):
        """This page's URL with some query parameters changed (None removes one)."""
        args = request.args.to_dict(flat=False)
        for key, value in changes.items():
            if value is None:
                args.pop(key, None)
            else:
                args[key] = value if isinstance(value, list) else [value]
        query = urlencode([(k, v) for k, vs in args.items() for v in vs])
        return request.path + ("?" + query if query else "")

    def person(username):
        """A username with the person's full name beside it, when one is recorded."""
        if "full_names" not in g:
            g.full_names = full_names()
        return i18n.person_label(username, g.full_names)

    return {
        "_": _,
        "person": person,
        "lang": lang,
        "state_label": state_label,
        "review_states": ("received", "edited", "has_issues", "approved", "rejected"),
        "csrf_token": session.csrf_token,
        "current_user": session.current_user,
        "url_with": url_with,
        "date_long": lambda v: i18n.format_date(v, lang()),
        "date_short": lambda v: i18n.format_date(v, lang(), short=True),
        "when": lambda v: i18n.format_datetime(v, lang()),
        "skew": lambda v: i18n.format_skew(v, lang()),
        "pick": lambda label: i18n.pick(label, lang()),
        "place_label": place_label,
    }
