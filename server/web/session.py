"""Sign-in sessions, CSRF tokens, idle expiry, roles and language for the supervisor pages.

The session is Flask's signed cookie: HttpOnly, SameSite=Lax, and Secure whenever the request
came over https (directly, or through a proxy that sets X-Forwarded-Proto). It holds the
user id, a mark of the password it was opened with, when the session was last used, and a
random CSRF token. The user and role are read from the database on every request, so a
changed role or a deleted account takes effect at once, and a changed password signs out
every session opened with the old one; a session unused for longer than the idle limit is
dropped and the person is told why.

CSRF: every form that changes something carries the session's token in `csrf_token`; any POST
without it, or with another, is refused with a 400 page before the view runs.
"""

import hmac
import os
import secrets
import time

from flask import abort, current_app, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface

from server.web.i18n import DEFAULT_LANG, LANGS
from sync.accounts import has_role
from sync.models import User

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
        int(os.environ.get("TAMBON_WEB_IDLE_MINUTES", IDLE_SECONDS_DEFAULT // 60)) * 60,
    )


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
    user_id = session.get("uid")
    if user_id is not None:
        idle = current_app.config["TAMBON_WEB_IDLE_SECONDS"]
        if time.time() - session.get("seen", 0) > idle:
            _forget()
            return redirect(url_for("web.sign_in", expired=1, next=_here()))
        g.web_user = User.get_or_none(User.id == user_id)
        if g.web_user is not None and not hmac.compare_digest(
                session.get("pw", ""), _password_mark(g.web_user)):
            g.web_user = None
            _forget()
            return redirect(url_for("web.sign_in", expired="password", next=_here()))
        if g.web_user is None:
            _forget()
        else:
            session["seen"] = int(time.time())
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if g.web_user is None:
        return redirect(url_for("web.sign_in", next=_here()))
    if not has_role(g.web_user, "supervisor"):
        abort(403, description="field")
    if (request.endpoint or "").startswith(ADMIN_ENDPOINTS) and not has_role(g.web_user, "admin"):
        abort(403, description="admin")
    return None


def _here() -> str:
    return request.full_path.rstrip("?") if request.method == "GET" else url_for("web.listing")


def _forget() -> None:
    csrf = session.get("csrf")
    session.clear()
    if csrf:
        session["csrf"] = csrf  # a sign-in form already on screen still works


def _password_mark(user: User) -> str:
    """Names the password a session was opened with; the cookie is signed, not encrypted, so
    this is a keyed hash of the stored hash, which tells its reader nothing."""
    key = current_app.secret_key
    key = key.encode("utf-8") if isinstance(key, str) else key
    return hmac.new(key, user.password_hash.encode("utf-8"), "sha256").hexdigest()[:32]


def sign_in(user: User) -> None:
    """Start a fresh session for `user` (a new CSRF token: nothing from before carries over)."""
    session.clear()
    session["uid"] = user.id
    session["pw"] = _password_mark(user)
    session["seen"] = int(time.time())
    session["csrf"] = secrets.token_urlsafe(32)
    g.web_user = user


def sign_out() -> None:
    session.clear()
    g.web_user = None


def current_user() -> User | None:
    return g.get("web_user")


def safe_next(target: str | None) -> str:
    """A local path to go to after signing in; anything else goes to the listing."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("web.listing")
