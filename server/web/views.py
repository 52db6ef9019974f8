"""Sign in and out, the listing, one submission, review decisions, rejected items."""

import json
from datetime import UTC, datetime

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for

from forms import messages
from forms.canonical import escaped_json_text
from server.auth import client_address
from server.web import i18n, present
from server.web.blueprint import bp
from server.web.session import current_user, safe_next, sign_in, sign_out
from sync import accounts, catalog, export, reads, throttle
from sync.db import database
from sync.places import place_label
from sync.errors import InvalidRequest, NotFound, StaleRevision
from sync.review import COMMENT_REQUIRED, review_submission, shows_nothing
from sync.roles import SUPERVISOR, has_role
from sync.schemas import normal_uuid

MAX_BULK = 500


# --- signing in ------------------------------------------------------------------------------


@bp.route("/signin", endpoint="sign_in", methods=["GET", "POST"])
def sign_in_page():
    failed, wait = False, 0
    if request.method == "POST":
        try:
            user = throttle.check_password(request.form.get("username", "").strip(),
                                           request.form.get("password", ""), client_address())
        except throttle.TooManyAttempts as error:
            user, wait = None, error.retry_after
        if user is not None:
            if not has_role(user, SUPERVISOR):
                abort(403, description="field")  # field accounts use the phone app
            sign_in(user)
            return redirect(safe_next(request.form.get("next")))
        failed = not wait
    elif current_user() is not None and has_role(current_user(), SUPERVISOR):
        return redirect(safe_next(request.args.get("next")))
    expired = request.args.get("expired")
    notice = (messages.text("too_many_attempts", g.lang, seconds=wait) if wait
              else messages.text("session_ended", g.lang) if expired == "ended" else None)
    return render_template(
        "web/sign_in.html", failed=failed, expired=expired == "1", notice=notice,
        password_changed=expired == "password",
        signed_out=request.args.get("out") == "1", next=request.values.get("next", ""),
        username=request.form.get("username", ""),
    ), (429 if wait else 401 if failed else 200), ({"Retry-After": str(wait)} if wait else {})


@bp.route("/signout", endpoint="sign_out", methods=["POST"])
def sign_out_page():
    sign_out()
    return redirect(url_for("web.sign_in", out=1))


# --- the listing -----------------------------------------------------------------------------


def filters_from(args) -> reads.Filters:
    """Filters from the page's query parameters (see `reads.Filters.from_query`)."""
    return reads.Filters.from_query(args.to_dict(flat=False))


def form_titles() -> dict[str, dict]:
    return {f["form_id"]: f for f in catalog.list_forms()}


@bp.route("/", endpoint="listing")
def listing_page():
    filters = filters_from(request.args)
    page = reads.page(filters, after=request.args.get("after"),
                      before=request.args.get("before"),
                      # titles, a form's own columns and search hits come from the answers
                      columns=reads.LISTED + ("answers",),
                      limit=current_app.config.get("TAMBON_WEB_PAGE_SIZE", reads.PAGE_SIZE))
    total, capped = page.count or reads.count(filters)
    waiting = reads.waiting_among(page.rows)
    rows = [{**_listed_row(row, filters, g.lang), "waiting": row.uuid in waiting}
            for row in page.rows]
    forms = form_titles()
    plan = export.plan_for(filters.form_id) if filters.form_id else None
    return render_template(
        "web/listing.html", filters=filters, page=page, rows=rows, total=total, capped=capped,
        forms=forms, options=_filter_options(filters, forms),
        headers=present.list_headers(filters.form_id, g.lang) if filters.form_id else [],
        title_header=present.title_header(filters.form_id, g.lang) if filters.form_id else None,
        first_page=bool(request.args.get("after") or request.args.get("before")),
        export_args=_without_cursor(request.args),
        export_zips=bool(plan and plan.repeats),
        export_media=bool(plan and plan.names_files),
    )


def _listed_row(row, filters: reads.Filters, lang: str) -> dict:
    """What one listing row shows of its answers: title, the form's columns, a search hit."""
    answers = json.loads(row.answers) if row.answers else {}
    title = present.record_title(row, answers, lang)
    hit = present.search_hit(row, answers, filters.text, lang, title)
    return {"row": row, "title": title, "title_marked": present.marked(title, filters.text),
            "cells": present.list_columns(row, answers, lang) if filters.form_id else [],
            "hit": hit}


def _filter_options(filters: reads.Filters, forms: dict) -> dict[str, list[tuple]]:
    """(value, text) pairs for each filter's drop-down."""
    options = {level: [(v, place_label(level, v)) for v in values]  # codes shown as names
               for level, values in reads.filter_choices(filters).items()}
    options["form"] = [(f, i18n.pick(info["title"], g.lang)) for f, info in forms.items()]
    names = accounts.full_names()
    options["author"] = [(v, i18n.person_label(v, names)) for v, _ in options.get("author", [])]
    return options


def _without_cursor(args) -> dict:
    return {k: v for k, v in args.to_dict(flat=False).items()
            if k not in ("after", "before", "headers")}


# --- one submission --------------------------------------------------------------------------


@bp.route("/submissions/<uuid>", endpoint="submission")
def submission_page(uuid):
    return _submission(uuid, request.args.get("back"))


def _submission(uuid, back: str | None, chosen: str | None = None, comment: str | None = None,
                review_problem: str | None = None, status: int = 200):
    """The submission page; after a refused decision, with the reviewer's choice and comment
    kept and the reason beside them."""
    found = reads.detail(uuid, current_user())
    s = found.submission
    lang = g.lang
    definition = present.definition_for(s["form_id"], s["form_version"])
    answers = s["answers"]
    history, previous = [], None
    for revision in s["revisions"]:
        rev_definition = present.definition_for(s["form_id"], revision["form_version"])
        history.append({
            "revision": revision,
            "changes": present.field_diff(rev_definition, previous, revision["answers"], lang)
            if previous is not None else None,
        })
        previous = revision["answers"]
    conflicts = []
    for conflict in s["conflicts"]:
        try:
            their_definition = present.definition_for(s["form_id"], conflict["form_version"])
        except NotFound:
            their_definition = definition
        conflicts.append({
            "conflict": conflict,
            "changes": present.field_diff(their_definition, answers, conflict["answers"], lang),
        })
    return render_template(
        "web/submission.html", s=s, definition=definition, title=definition.title,
        record_title=present.summary_title(s["form_id"], definition, answers, lang),
        sections=present.answer_sections(definition, answers, lang), history=history,
        latest=history[-1] if len(history) > 1 else None, now=datetime.now(UTC),
        conflicts=conflicts, reviews=s["reviews"][::-1], batch=found.batch,
        comment_required=COMMENT_REQUIRED, back=safe_next(back), chosen=chosen, comment=comment, review_problem=review_problem,
    ), status


def _uuid_or_404(uuid: str) -> str:
    normal = normal_uuid(uuid)
    if normal is None:
        raise NotFound("no_such_submission")
    return normal


@bp.route("/submissions/<uuid>/review", methods=["POST"])
def review_one(uuid):
    uuid = _uuid_or_404(uuid)
    rev = request.form.get("rev", type=int)
    state, comment = request.form.get("review_state", ""), request.form.get("comment")
    try:
        review_submission(uuid, current_user(), state, comment, rev=rev)
    except StaleRevision:
        flash(("error", "stale_revision", {}))
    except InvalidRequest as err:  # nothing changed: show the page again, the choice kept
        return _submission(uuid, request.form.get("back"), chosen=state, comment=comment,
                           review_problem=_problem_text(err), status=400)
    else:
        flash(("ok", "review_saved", {}))
    return redirect(url_for("web.submission", uuid=uuid, back=request.form.get("back")))


def _problem_text(err: InvalidRequest) -> str:
    """Why a decision was refused, in the page's language: the catalog's words when we
    have them."""
    if "comment" in err.details:
        return i18n.translate("comment_required", g.lang)
    return next(iter(err.details_in(g.lang).values()), [err.text(g.lang)])[0]


@bp.route("/review", methods=["POST"])
def review_many():
    """The same decision on every selected row; all or nothing, in one transaction each."""
    uuids = [u for u in (normal_uuid(x) for x in request.form.getlist("uuid")) if u]
    back = safe_next(request.form.get("back"))
    state = request.form.get("review_state", "")
    comment = request.form.get("comment")
    if not uuids:
        flash(("error", "nothing_selected", {}))
        return redirect(back)
    if state in COMMENT_REQUIRED and shows_nothing(comment or ""):
        flash(("error", "comment_required", {}))
        return redirect(back)
    with database.atomic():
        for uuid in uuids[:MAX_BULK]:
            review_submission(uuid, current_user(), state, comment)
    flash(("ok", "reviewed_n", {"n": len(uuids[:MAX_BULK])}))
    return redirect(back)


# --- rejected items --------------------------------------------------------------------------


@bp.route("/rejected")
def rejected_page():
    found = reads.quarantine_page(request.args.get("after"))
    return render_template("web/rejected.html", rows=found["items"], next_after=found["cursor"])


@bp.route("/rejected/<int:item_id>")
def rejected_item(item_id):
    item = reads.quarantine_item(item_id)
    payload = escaped_json_text(item["payload"], indent=2)  # as sent, escapes kept
    return render_template("web/rejected_item.html", item=item, payload=payload,
                           errors=item["errors"])
