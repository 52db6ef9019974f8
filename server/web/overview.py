"""The overview page: charts drawn as SVG on the server."""

from flask import render_template

from server.web import bp


@bp.route("/overview", endpoint="overview")
def overview_page():
    return render_template("web/overview.html")
