"""Admin pages: users, device tokens, forms."""

from flask import render_template

from server.web import bp
from server.web.session import require_role


@bp.route("/admin/users", endpoint="admin_users")
def admin_users():
    require_role("admin")
    return render_template("web/error.html", status=200, title_key="nav_users", text_key="nav_users")
