"""Sign-in sessions, CSRF tokens, idle expiry, roles, language and security headers for the
supervisor pages.

The session is Flask's signed cookie: HttpOnly, SameSite=Lax, and Secure whenever the request
came over https (directly, or through a proxy that sets X-Forwarded-Proto). It holds a random
session key, when the session was last used, and a random CSRF token. The key names a row of
the database (sync/sessions.py) that every request reads with its user: signing out or a
changed password ends the row, so a copied cookie stops working at once on every process and
host. The user and role are read on every request too, so a changed role or a deleted account
takes effect at once; a session unused for longer than the idle limit is dropped, and the
person is told why.

CSRF: every form that changes something carries the session's token in `csrf_token`; any POST
without it, or with another, is refused with a 400 page before the view runs.

Every page outside the API and the phone app carries a Content-Security-Policy (scripts and
styles only from this site's files, never framed), nosniff and a same-origin Referrer-Policy.
"""

import hmac
import secrets
import time

from flask import abort, current_app, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from werkzeug.urls import iri_to_uri

from server.web.i18n import DEFAULT_LANG, LANGS
from sync import sessions
from sync.roles import ADMIN, SUPERVISOR, has_role

__all__ = ["SessionInterface", "attach", "configure", "sign_in", "sign_out", "current_user",
           "csrf_token", "safe_next", "IDLE_SECONDS_DEFAULT"]

IDLE_SECONDS_DEFAULT = 30 * 60
LANG_COOKIE = "lang"
# Endpoints a visitor who is not signed in may reach.
PUBLIC_ENDPOINTS = {"web.sign_in", "web.static"}
ADMIN_ENDPOINTS = "web.admin_"  # the admin pages: administrators only


def came_over_https() -> bool:
    """True for https, directly or through a proxy that says so in X-Forwarded-Proto.

    Trusting the header is safe here because it can only add the Secure flag: a client that
    claims https over plain http merely stops its own browser sending the cookie back.
    """
    return request.is_secure or request.headers.get("X-Forwarded-Proto", "") == "https"


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, with Secure set per request when it came over https."""

    def get_cookie_secure(self, app) -> bool:
        return bool(app.config.get("SESSION_COOKIE_SECURE")) or came_over_https()


def attach(bp) -> None:
    """Check session, role and CSRF token before every view of `bp` (once, at import)."""
    bp.before_request(_before)
    bp.after_request(_remember_lang)


def configure(app) -> None:
    """Cookie flags and the idle limit, per app."""
    app.session_interface = SessionInterface()
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config.setdefault(
        "TAMBON_WEB_IDLE_SECONDS",
        app.config["TAMBON"].web_idle_minutes * 60,
    )
    app.after_request(_security_headers)


# No inline script or style anywhere in the pages (web.js and web.css do it all), so the
# policy can refuse both: injected markup could neither run nor restyle a page.
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
NOT_PAGES = ("/api/", "/app/", "/app")


def _security_headers(response):
    """nosniff everywhere; on the supervisor pages also the CSP, no framing, and no URL
    (which can carry a search) leaking to other sites in Referer."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if not request.path.startswith(NOT_PAGES):
        response.headers.setdefault("Content-Security-Policy", PAGE_POLICY)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def _lang() -> str:
    asked = request.args.get("lang")
    if asked in LANGS:
        return asked
    kept = request.cookies.get(LANG_COOKIE)
    return kept if kept in LANGS else DEFAULT_LANG


def _remember_lang(response):
    if request.args.get("lang") in LANGS:
        response.set_cookie(LANG_COOKIE, g.lang, max_age=365 * 24 * 3600, samesite="Lax",
                            httponly=True, secure=came_over_https())
    return response


def csrf_token() -> str:
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def _check_csrf() -> None:
    sent = request.form.get("csrf_token", "")
    kept = session.get("csrf", "")
    if not kept or not sent or not hmac.compare_digest(sent.encode(), kept.encode()):
        abort(400, description="csrf")


def _before():
    g.lang = _lang()
    g.web_user = None
    if request.endpoint == "web.static":
        return None
    if request.method == "POST":
        _check_csrf()
    ended = _check_session(session.get("sid"))
    if ended and request.endpoint not in PUBLIC_ENDPOINTS:
        return redirect(url_for("web.sign_in", expired=ended, next=_here()))
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if g.web_user is None:
        return redirect(url_for("web.sign_in", next=_here()))
    if not has_role(g.web_user, SUPERVISOR):
        abort(403, description="field")
    if (request.endpoint or "").startswith(ADMIN_ENDPOINTS) and not has_role(g.web_user, ADMIN):
        abort(403, description="admin")
    return None


def _check_session(key) -> str | None:
    """Set g.web_user from the session `key` names; when the session has ended, forget it
    and say why (for the sign-in page): "1" idle, "password" changed, "ended" signed out."""
    if key is None:
        return None
    row = sessions.find(key)
    if row is None:
        _forget()
        return None
    if row.ended_at is not None:
        _forget()
        return "password" if row.end_reason == sessions.PASSWORD_CHANGED else "ended"
    if row.user.disabled_at is not None:  # disabling ends sessions too; this is the backstop
        _forget()
        return "ended"
    if time.time() - session.get("seen", 0) > current_app.config["TAMBON_WEB_IDLE_SECONDS"]:
        sessions.end_session(key, sessions.IDLE)
        _forget()
        return "1"
    g.web_user = row.user
    session["seen"] = int(time.time())
    return None


def _here() -> str:
    return request.full_path.rstrip("?") if request.method == "GET" else url_for("web.listing")


def _forget() -> None:
    csrf = session.get("csrf")
    session.clear()
    if csrf:
        session["csrf"] = csrf  # a sign-in form already on screen still works


def sign_in(user) -> None:
    """Start a fresh session for `user` (a new key and CSRF token: nothing from before
    carries over)."""
    session.clear()
    session["sid"] = sessions.open_session(user)
    session["seen"] = int(time.time())
    session["csrf"] = secrets.token_urlsafe(32)
    g.web_user = user


def sign_out() -> None:
    """End this session in the database too, so a copy of the cookie is worth nothing."""
    sessions.end_session(session.get("sid"), sessions.SIGNED_OUT)
    session.clear()
    g.web_user = None


def current_user():
    return g.get("web_user")


# What a browser removes from a URL before it reads it (WHATWG URL standard): C0 controls
# and spaces at either end, and every tab and newline anywhere.
_ENDS = "".join(map(chr, range(0x21)))
_TAB_AND_NEWLINES = str.maketrans("", "", "\t\n\r")


def safe_next(target) -> str:
    """A path on this site to go to (after signing in, or back from a page), read the way a
    browser reads it; anything that could leave the site goes to the listing instead.

    `/%09/evil.example` arrives as `/<tab>/evil.example`, which a browser reads as
    `//evil.example`, another site: so tabs and newlines are removed first, as the browser
    does, and what remains must be a plain path: one `/`, then no `/` or `\\` (a browser
    treats `\\` as `/`), and no control character. The result is percent-encoded ASCII,
    so it is always a valid Location header.
    """
    if isinstance(target, str):
        path = target.strip(_ENDS).translate(_TAB_AND_NEWLINES)
        if (path.startswith("/") and not path.startswith(("//", "/\\"))
                and "\\" not in path
                and not any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in path)):
            try:
                return iri_to_uri(path)
            except UnicodeError:  # a lone surrogate: no browser sent that
                pass
    return url_for("web.listing")
