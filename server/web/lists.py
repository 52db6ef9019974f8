"""Lists on the supervisor pages: every list, a roster's people with their attendance across
sessions, and (admins) publishing a list file, through the same sync.lists as the CLI and API."""

from pathlib import PurePath

from flask import flash, redirect, render_template, request, url_for

from server.web.blueprint import bp
from server.web.admin import _problem_text
from server.web.session import current_user
from sync import lists
from sync.errors import SyncError

SHOWN_ITEMS = 500  # items of a published list shown on its page; the rest are counted


@bp.route("/lists", endpoint="lists_page")
def lists_page():
    return render_template("web/lists.html", lists=lists.list_summaries())


@bp.route("/lists/<list_id>", endpoint="list_page")
def list_page(list_id):
    head = lists.get_head(list_id)
    if head.kind == "roster":
        people = lists.roster_people(list_id)
        dates = sorted({s["date"] or "" for p in people for s in p["sessions"]})
        return render_template("web/roster.html", head=head, people=people, dates=dates,
                               columns=lists.columns_of(head))
    body = lists.get_list(list_id)
    return render_template("web/list.html", head=head, body=body,
                           items=body["items"][:SHOWN_ITEMS], shown=SHOWN_ITEMS)


@bp.route("/admin/lists", endpoint="admin_lists", methods=["GET", "POST"])
def admin_lists():
    """Publish a list file: `.csv` (its list_id from the form, or the file's name) or JSON."""
    problems, status = [], 200
    if request.method == "POST":
        upload = request.files.get("list")
        name = PurePath(upload.filename or "list").name if upload else "list"
        list_id = (request.form.get("list_id") or "").strip() or None
        try:
            text = upload.read().decode("utf-8") if upload else ""
            if name.lower().endswith(".csv") or (upload and upload.mimetype == "text/csv"):
                published = lists.publish_list_csv(text, list_id or PurePath(name).stem,
                                                   current_user())
            else:
                published = lists.publish_list(lists.parse_json_document(text, list_id),
                                               current_user())
        except UnicodeDecodeError as err:
            problems, status = [f"UTF-8: {err}"], 422
        except SyncError as err:
            problems = [str(p) for p in err.details.get("problems", [])] or [_problem_text(err)]
            status = err.status
        else:
            summary = published.summary
            flash(("ok", "list_published" if published.changed else "list_unchanged",
                   {"list_id": summary["list_id"], "version": summary["version"]}))
            return redirect(url_for("web.admin_lists"))
    return render_template("web/admin_lists.html", lists=lists.list_summaries(),
                           problems=problems), status
