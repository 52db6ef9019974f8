"""Export what the listing's filters show, as CSV (a ZIP with repeats) or XLSX, streamed.

Headers are the form's labels in the page's language; `headers=names` gives field names.
The file is named by the form and Thailand's time of the export (`form-20120625-1405`).

The response starts as soon as the first rows are read; the database is read in keyset
chunks inside the response generator, so the connection is opened there and closed at the
end (the request's own connection is gone by the time the body is sent).
"""

from datetime import datetime

from flask import Response, abort, current_app, g, request, stream_with_context

from server.web.blueprint import bp
from server.web.views import filters_from
from sync import catalog, db, export
from sync.clock import THAILAND

# /export.csv, /export.xlsx, and /export.media.zip: the files the rows name (docs/supervisor.md)
FORMATS = {"csv": export.csv_export, "xlsx": export.xlsx_export, "media.zip": export.media_export}


@bp.route("/export.<fmt>", endpoint="export")
def export_view(fmt):
    make = FORMATS.get(fmt)
    filters = filters_from(request.args)
    if make is None or not filters.form_id:
        abort(404)
    if filters.form_id not in {form["form_id"] for form in catalog.list_forms()}:
        abort(404)
    stamp = datetime.now(THAILAND).strftime("%Y%m%d-%H%M")  # the office's clock, not UTC
    headers = "names" if request.args.get("headers") == "names" else "labels"
    result = make(filters, g.lang, stem=f"{filters.form_id}-{stamp}", headers=headers)
    database = current_app.extensions["tambon_db"]

    def body():
        # The body outlives the request: bind and connect for the length of the stream.
        if db.database.obj is not database:
            db.bind(database)
        with db.database.connection_context():
            yield from result.chunks

    response = Response(stream_with_context(body()), mimetype=result.mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
