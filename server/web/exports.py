"""Export what the listing's filters show, as CSV (ZIP with repeats) or XLSX, streamed."""

from flask import abort

from server.web import bp


@bp.route("/export.<fmt>", endpoint="export")
def export(fmt):
    abort(404)
