"""Merge a batch of submissions pushed by a phone: read -> judge -> write.

Each item is judged (created, duplicate, updated, conflict, rejected; see docs/protocol.md)
and the batch is stored in ONE transaction. Three stages, each handing the next named rows:

1. **read** (outside any transaction): each item once (`Item`): its shape checked, its
   answers encoded canonically and its content hashed; then the current state of every uuid
   of the batch (`Current`) with one SELECT.
2. **judge** (pure, apart from caching validations): every item against that state, in the
   order sent, into a `Plan`: the results, the revisions to write (`Accepted`), the
   conflicting contents to keep (`Conflict`), the items to quarantine (`Rejection`) and how
   each submission ends (`Latest`). Only items that will be stored are validated (a duplicate
   needs no validation).
3. **write** (one transaction; BEGIN IMMEDIATE on SQLite, so the write lock is taken once):
   on PostgreSQL, first lock the batch's uuids in one order (see `_lock_uuids`); then read
   the state again, judge again if it changed meanwhile, and write the plan with a few bulk
   statements. The unique index on `submission.uuid` has the last word: new submissions are
   inserted with ON CONFLICT DO NOTHING and updates carry `WHERE rev = <expected>`; if a
   writer that takes no such lock (a review) won a race, the transaction rolls back and the
   batch is judged again, so no item is ever half-applied or applied twice.

An item the database could not store (a lone surrogate or NUL in any string or key, a
`base_rev` beyond the integer column) is `rejected` `invalid_item` with where and why, and
kept in the quarantine escaped; the rest of its batch is stored as usual.
"""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import NamedTuple

from marshmallow import ValidationError

from forms.canonical import canonical_bytes, canonical_text, escaped_json_text
from forms.jsonlogic import today_is
from forms.messages import in_lang
from forms.messages import text as message_text
from sync import attachments, audit, catalog, lists, tally
from sync.clock import now_iso, parse_device_time, thai_day
from sync.db import bulk_insert, database, is_postgres
from sync.errors import InvalidBatch, PayloadTooLarge, Unavailable
from sync.listing import ListingColumns, listing_columns
from sync.places import place_words
from sync.models import Batch, ConflictRevision, Quarantine, Revision, Submission
from sync.schemas import (
    PushEnvelopeSchema,
    flatten_messages,
    load_push_item,
    normal_uuid,
    unstorable_texts,
)
from sync.search import search_text

__all__ = ["STATUSES", "PushResult", "push_batch"]

STATUSES = ("created", "updated", "duplicate", "conflict", "rejected")
RACE_RETRIES = 3
# The first key of the PostgreSQL advisory locks push takes on uuids (the second is drawn
# from the uuid): two-key locks never collide with single-key ones such as the change log's.
UUID_LOCK_SPACE = 0x70757368  # "push"

_envelope_schema = PushEnvelopeSchema()
_json_str = json.JSONEncoder(ensure_ascii=False).encode


@dataclass
class PushResult:
    """What push returns: one result per item in the order sent, and the counts."""

    batch_id: str
    server_time: str
    results: list[dict]
    summary: dict[str, int]

    def as_dict(self) -> dict:
        return {
            "batch_id": self.batch_id,
            "server_time": self.server_time,
            "results": self.results,
            "summary": self.summary,
        }


class _RaceLost(Exception):
    """Another writer changed a submission of this batch first; judge the batch again."""


def push_batch(user, envelope, device_label: str | None = None,
               max_items: int | None = None, lang: str = "en") -> PushResult:
    """Store a pushed batch for `user` and return a result per item.

    `envelope` is the parsed request body (`batch_id`, `device_id`, `sent_at`,
    `submissions`); `device_label` names the device token used, if any; more than
    `max_items` submissions raises PayloadTooLarge. A wrong envelope raises InvalidBatch and
    nothing is applied. Answer errors are worded in `lang` ("en" or "th").
    """
    try:
        batch = _envelope_schema.load(envelope)
    except ValidationError as err:
        raise InvalidBatch(details=in_lang(flatten_messages(err.messages), lang)) from None
    raws = batch["submissions"]
    if max_items is not None and len(raws) > max_items:
        raise PayloadTooLarge("batch_too_large", {"max_items": max_items, "items": len(raws)})
    sender = Sender(user.id, user.username, device_label, batch["batch_id"])
    items = [read_item(index, raw, lang) for index, raw in enumerate(raws)]
    uuids = sorted({item.uuid for item in items if item.uuid})
    pairs = {(item.form_id, item.form_version) for item in items if item.problems is None}

    validations: dict[int, Stored | dict] = {}
    state, forms = read_state(uuids), catalog.form_states(pairs)
    plan = judge(items, state, forms, sender, validations, lang)
    for _attempt in range(RACE_RETRIES):
        try:
            with database.atomic():
                _lock_uuids(uuids)
                fresh_state, fresh_forms = read_state(uuids), catalog.form_states(pairs)
                if fresh_state != state or fresh_forms != forms:
                    state, forms = fresh_state, fresh_forms
                    plan = judge(items, state, forms, sender, validations, lang)
                now = now_iso()
                write(plan, state, sender, now)
                _record_batch(batch, sender, len(items), plan.summary, now)
                attachments.note_missing(plan.results)  # the files the server still needs
            break
        except _RaceLost:
            state = None  # force a fresh judgement on the next attempt
    else:
        raise Unavailable("push_kept_racing")
    return PushResult(batch["batch_id"], now, plan.results, plan.summary)


@dataclass(frozen=True, slots=True)
class Sender:
    """Who sent the batch, as every row it writes records it."""

    user_id: int
    username: str
    device: str | None  # the label of the device token used, if any
    batch_id: str


# --- read ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Item:
    """One pushed item, read once: its fields, canonical answers and content hash, or the
    problems that make it `invalid_item` (dotted path -> messages)."""

    index: int
    raw: object
    uuid: str | None = None
    form_id: str = ""
    form_version: str = ""
    base_rev: int = 0
    created_at: str | None = None
    answers: dict | None = None
    canonical_answers: bytes = b""
    content_hash: str = ""
    problems: dict[str, list[str]] | None = None

    @property
    def answers_json(self) -> str:
        """The answers as sent, in canonical JSON text (decoded only for items stored)."""
        return self.canonical_answers.decode("utf-8")


def read_item(index: int, raw, lang: str = "en") -> Item:
    """Read one raw item: its fields, or the problems that make it `invalid_item`. A string
    or key no database could store (anywhere, answers included) is one of those problems."""
    item = Item(index=index, raw=raw)
    try:
        data = load_push_item(raw)
    except ValidationError as err:
        if isinstance(raw, dict):
            item.uuid = normal_uuid(raw.get("uuid"))
        item.problems = _with_unstorable(in_lang(flatten_messages(err.messages), lang), raw, lang)
        return item
    item.uuid, item.form_id, item.form_version = data["uuid"], data["form_id"], data["form_version"]
    item.base_rev, item.created_at, item.answers = data["base_rev"], data["created_at"], data["answers"]
    # The content is (form_id, form_version, answers) in canonical JSON; the answers are
    # encoded once and spliced in, and the same text is stored when validation keeps them.
    try:
        answers = canonical_bytes(item.answers)
    except UnicodeEncodeError:  # a lone surrogate somewhere in the answers
        item.problems = _with_unstorable({}, raw, lang)
        return item
    except ValueError:
        item.problems = {"answers": [message_text("push_not_json_number", lang)]}
        return item
    if b"\\u0000" in answers and (problems := _with_unstorable({}, raw, lang)):
        item.problems = problems  # a NUL (the test above is C-speed; this one is exact)
        return item
    item.canonical_answers = answers
    digest = hashlib.sha256(b'{"answers":')
    digest.update(answers)
    digest.update(_content_tail(item.form_id, item.form_version))
    item.content_hash = "sha256:" + digest.hexdigest()
    return item


@lru_cache(maxsize=256)
def _content_tail(form_id: str, form_version: str) -> bytes:
    """What follows the answers in an item's content: `,"form_id":...,"form_version":...}`."""
    return b"".join((b',"form_id":', _json_str(form_id).encode("utf-8"),
                     b',"form_version":', _json_str(form_version).encode("utf-8"), b"}"))


def _with_unstorable(problems: dict, raw, lang: str) -> dict:
    """`problems` plus a message for every string or key of `raw` a database cannot store."""
    for path, reason in unstorable_texts(raw).items():
        said = problems.setdefault(path, [])
        message = message_text(reason, lang)
        if message_text(reason, "en") not in said and message not in said:
            said.append(message)
    return problems


@dataclass(slots=True)
class Current:
    """What the server holds for one uuid: enough to judge an item without its answers."""

    author_id: int
    rev: int
    content_hash: str
    form_id: str
    form_version: str
    review_state: str
    answers_json: str | None = None  # known only when made in this batch


def read_state(uuids) -> dict[str, Current]:
    """The current state of every uuid that exists; one query, written by hand because the
    ORM's per-parameter SQL generation costs more than the lookup for 500 uuids."""
    if not uuids:
        return {}
    marks = ", ".join([database.param] * len(uuids))
    cursor = database.execute_sql(
        "SELECT uuid, author_id, rev, content_hash, form_id, form_version, review_state "
        f"FROM submission WHERE uuid IN ({marks})", list(uuids))
    return {row[0]: Current(*row[1:]) for row in cursor.fetchall()}


# --- judge -----------------------------------------------------------------------------------


@dataclass(slots=True)
class Stored:
    """A validated item ready to be written: clean answers, listing columns, search text,
    and the files its attachment answers name (sync/attachments.py)."""

    answers_json: str
    columns: ListingColumns
    search_text: str
    references: tuple = ()
    rosters: list = field(default_factory=list)  # forms.rosters.RosterWrite, in row order
    writes_rosters: bool = False  # its form declares rosters (an edit may remove every row)


@dataclass(slots=True)
class Accepted:
    """An item stored as a new revision (`created` or `updated`)."""

    item: Item
    rev: int
    stored: Stored


@dataclass(slots=True)
class Conflict:
    """An item edited from a stale rev: its content is kept beside the current one."""

    item: Item
    current_rev: int


@dataclass(slots=True)
class Rejection:
    """An item refused, kept raw in the quarantine with its code and errors."""

    item: Item
    code: str
    errors: dict[str, list[str]]


@dataclass(slots=True)
class Latest:
    """How the batch leaves one submission: its first and last accepted items (a uuid may
    come several times), the rev and the content the submission row takes."""

    first: Item
    last: Item
    rev: int
    stored: Stored


@dataclass
class Plan:
    """Everything judging decided, ready to write."""

    results: list[dict] = field(default_factory=list)
    accepted: list[Accepted] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    latest: dict[str, Latest] = field(default_factory=dict)
    summary: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))

    def result(self, status: str, uuid: str | None, **body) -> None:
        self.summary[status] += 1
        self.results.append({"uuid": uuid, "status": status, **body})

    def reject(self, item: Item, code: str, errors: dict) -> None:
        self.rejections.append(Rejection(item, code, errors))
        self.result("rejected", item.uuid, code=code, errors=errors)


def judge(items, state, forms, sender: Sender, validations: dict, lang: str) -> Plan:
    """Decide every item's fate against `state`, in order (a later item of the same uuid
    sees what an earlier one did). Pure apart from filling the `validations` cache and
    reading the lists and records that answers name (sync.lists.BatchLinks)."""
    plan = Plan()
    state = dict(state)
    links = lists.BatchLinks(sender.user_id)
    for item in items:
        current = state.get(item.uuid) if item.uuid else None
        form = forms.get((item.form_id, item.form_version))
        if item.problems:
            plan.reject(item, "invalid_item", item.problems)
        elif current is not None and current.author_id != sender.user_id:
            plan.reject(item, "forbidden", {"uuid": [message_text("push_not_yours", lang)]})
        elif current is not None and current.content_hash == item.content_hash:
            plan.result("duplicate", item.uuid, rev=current.rev)
        elif current is not None and current.form_id != item.form_id:
            plan.reject(item, "invalid_item", {"form_id": [
                message_text("push_other_form", lang, form_id=current.form_id)]})
        elif form is None:
            plan.reject(item, "unknown_form", {"form_version": [message_text(
                "push_unknown_version", lang, form_id=item.form_id, version=item.form_version)]})
        elif form.status != "open":
            plan.reject(item, "form_closed", {"form_id": [
                message_text("push_form_closed", lang, form_id=item.form_id)]})
        elif current is not None and item.base_rev != current.rev:
            plan.conflicts.append(Conflict(item, current.rev))
            plan.result("conflict", item.uuid, rev=current.rev,
                        form_version=current.form_version, answers=current.answers_json)
        else:
            stored = _validate(item, form, validations, lang,
                               links.for_item(current is None, item.created_at))
            if isinstance(stored, dict):
                plan.reject(item, "invalid_answers", stored)
                continue
            links.stored(item.uuid, item.form_id, stored.rosters)
            rev = current.rev + 1 if current is not None else 1
            plan.result("updated" if current is not None else "created", item.uuid, rev=rev)
            plan.accepted.append(Accepted(item, rev, stored))
            earlier = plan.latest.get(item.uuid)
            plan.latest[item.uuid] = Latest(earlier.first if earlier else item, item, rev, stored)
            state[item.uuid] = Current(sender.user_id, rev, item.content_hash, item.form_id,
                                       item.form_version, "edited" if current else "received",
                                       stored.answers_json)
    return plan


def _validate(item: Item, version: catalog.VersionState, validations: dict, lang: str,
              links: "lists.BatchLinks") -> "Stored | dict":
    """What to store of a valid item, or its errors by dotted path; cached per item."""
    if item.index not in validations:
        form = catalog.compiled(version.hash)
        with today_is(thai_day(item.created_at)):  # the form's `today` is the day it was filled
            outcome = form.validate(item.answers, links, item.uuid)
        if not outcome.ok:
            validations[item.index] = outcome.errors_in(lang)
        else:
            clean = outcome.answers
            text = item.answers_json if clean == item.answers else canonical_text(clean)
            columns = listing_columns(clean, catalog.summary_of(version))
            searched = search_text(clean, form.definition.fields) + place_words(
                columns.province, columns.district, columns.subdistrict)
            validations[item.index] = Stored(
                text, columns, searched, attachments.references_of(form.definition, clean),
                outcome.rosters, bool(form.links.rosters))
    return validations[item.index]


# --- write -----------------------------------------------------------------------------------
# The rows below are the tables' rows, built by keyword: their fields are the column names,
# and, being tuples, they go to the driver's bulk insert as they are.


class SubmissionRow(NamedTuple):
    uuid: str
    form_id: str
    form_version: str
    author: int
    author_name: str
    device: str | None
    batch_id: str
    review_state: str
    created_at: str | None
    received_at: str
    updated_at: str
    rev: int
    content_hash: str
    answers: str
    province: str | None
    district: str | None
    subdistrict: str | None
    village_no: str | None
    record_date: str | None
    has_conflicts: bool
    search_text: str


class RevisionRow(NamedTuple):
    submission: str
    rev: int
    base_rev: int
    form_version: str
    content_hash: str
    answers: str
    author: int
    device: str | None
    batch_id: str
    created_at: str | None
    received_at: str


class ConflictRow(NamedTuple):
    submission: str
    base_rev: int
    current_rev: int
    form_version: str
    content_hash: str
    answers: str
    author: int
    device: str | None
    batch_id: str
    created_at: str | None
    received_at: str


class QuarantineRow(NamedTuple):
    user: int
    username: str
    device: str | None
    batch_id: str
    uuid: str | None
    code: str
    errors: str
    payload: str
    payload_hash: str
    received_at: str


# What an update of an existing submission leaves alone: who made it, when it arrived, and
# its conflict flag (which only `_keep_conflicts` sets).
_KEPT_ON_UPDATE = frozenset({"uuid", "form_id", "author", "author_name", "received_at",
                             "has_conflicts"})


def _lock_uuids(uuids: list[str]) -> None:
    """On PostgreSQL, lock the batch's uuids until commit, in one order for every push.

    Writers there run at once, and a push both updates existing rows and inserts new ones;
    two pushes sharing uuids that took those row and index locks in different orders
    deadlocked (one of them answered 503). Taking a transaction-scoped advisory lock per uuid,
    all at the start and in sorted order, makes them queue instead, and then the state each
    reads is final: no other push can change those uuids before it commits. SQLite needs
    none: BEGIN IMMEDIATE already lets one writer in at a time.
    """
    if uuids and is_postgres():
        keys = sorted({int(uuid[:8], 16) - 2**31 for uuid in uuids})  # fits a 32-bit key
        database.execute_sql(
            "SELECT pg_advisory_xact_lock(%s, key) FROM unnest(%s::integer[]) AS key",
            (UUID_LOCK_SPACE, keys))


def write(plan: Plan, state: dict, sender: Sender, now: str) -> None:
    """Write the plan inside the caller's transaction: submissions in uuid order, then
    revisions, conflicts, quarantine, audit and tally."""
    new_rows, audit_rows, counted = [], [], Counter()
    for uuid, latest in sorted(plan.latest.items()):
        before = state.get(uuid)
        row = _submission_row(latest, sender, now, before)
        if before is not None:
            counted[(before.form_id, before.review_state)] -= 1
            counted[(before.form_id, "edited")] += 1
            _update_submission(row, before)
        else:
            counted[(row.form_id, "received")] += 1
            new_rows.append(row)
    # The unique index on uuid has the last word: a row another writer stored first is
    # skipped here, and the batch is judged again against it.
    if bulk_insert(Submission, SubmissionRow._fields, new_rows, ignore_conflicts=True) != len(
            new_rows):
        raise _RaceLost()

    bulk_insert(Revision, RevisionRow._fields, [
        RevisionRow(submission=a.item.uuid, rev=a.rev, base_rev=a.item.base_rev,
                    form_version=a.item.form_version, content_hash=a.item.content_hash,
                    answers=a.stored.answers_json, author=sender.user_id,
                    device=sender.device, batch_id=sender.batch_id,
                    created_at=a.item.created_at, received_at=now)
        for a in plan.accepted
    ])
    attachments.keep_references({uuid: latest.stored.references
                                 for uuid, latest in plan.latest.items()},
                                [uuid for uuid in plan.latest if uuid in state])
    for accepted in plan.accepted:
        action = "submission.updated" if accepted.rev > 1 else "submission.created"
        audit_rows.append(audit.Entry(action, sender.username, f"submission:{accepted.item.uuid}",
                                      {"rev": accepted.rev, "batch_id": sender.batch_id}))
    if plan.conflicts:
        _keep_conflicts(plan, sender, now, audit_rows)
    if plan.rejections:
        _quarantine(plan.rejections, sender, now, audit_rows)
    roster_changes = [
        lists.RosterChange(a.item.uuid, a.item.form_id, a.stored.rosters,
                           a.stored.columns.record_date, sender.username)
        for a in plan.accepted if a.stored.writes_rosters]
    if roster_changes:
        lists.apply_rosters(roster_changes, now)
    audit.record_many(audit_rows, at=now)
    tally.record(counted)


def _submission_row(latest: Latest, sender: Sender, now: str,
                    before: Current | None) -> SubmissionRow:
    first, last, stored, columns = latest.first, latest.last, latest.stored, latest.stored.columns
    return SubmissionRow(
        uuid=last.uuid, form_id=last.form_id, form_version=last.form_version,
        author=sender.user_id, author_name=sender.username, device=sender.device,
        batch_id=sender.batch_id, review_state="edited" if before else "received",
        # The device's time the record was made: the first item's when this batch made it.
        created_at=last.created_at if before else first.created_at,
        received_at=now, updated_at=now, rev=latest.rev, content_hash=last.content_hash,
        answers=stored.answers_json, province=columns.province, district=columns.district,
        subdistrict=columns.subdistrict, village_no=columns.village_no,
        record_date=columns.record_date, has_conflicts=False, search_text=stored.search_text,
    )


def _update_submission(row: SubmissionRow, before: Current) -> None:
    """Only if nothing changed the row since it was read: its rev, and its review state,
    which the tally was just told about."""
    values = {name: value for name, value in row._asdict().items()
              if name not in _KEPT_ON_UPDATE}
    changed = (
        Submission.update(**values)
        .where((Submission.uuid == row.uuid) & (Submission.rev == before.rev)
               & (Submission.review_state == before.review_state))
        .execute()
    )
    if changed != 1:
        raise _RaceLost()


def _keep_conflicts(plan: Plan, sender: Sender, now: str, audit_rows: list) -> None:
    """Keep each conflicting content once per submission, flag the submissions, and put the
    current answers into the results. A re-sent conflict adds nothing, not even audit."""
    kept = set(
        ConflictRevision.select(ConflictRevision.submission, ConflictRevision.content_hash)
        .where(ConflictRevision.submission.in_({c.item.uuid for c in plan.conflicts}))
        .tuples()
    )
    new = []
    for conflict in plan.conflicts:
        key = (conflict.item.uuid, conflict.item.content_hash)
        if key not in kept:
            kept.add(key)
            new.append(conflict)
    new.sort(key=lambda c: (c.item.uuid, c.item.content_hash))
    bulk_insert(ConflictRevision, ConflictRow._fields, [
        ConflictRow(submission=c.item.uuid, base_rev=c.item.base_rev, current_rev=c.current_rev,
                    form_version=c.item.form_version, content_hash=c.item.content_hash,
                    answers=c.item.answers_json, author=sender.user_id, device=sender.device,
                    batch_id=sender.batch_id, created_at=c.item.created_at, received_at=now)
        for c in new
    ], ignore_conflicts=True)
    if new:
        Submission.update(has_conflicts=True).where(
            Submission.uuid.in_(sorted({c.item.uuid for c in new}))
            & (Submission.has_conflicts == False)  # noqa: E712
        ).execute()
    for conflict in sorted(new, key=lambda c: c.item.index):
        audit_rows.append(audit.Entry(
            "submission.conflict", sender.username, f"submission:{conflict.item.uuid}",
            {"base_rev": conflict.item.base_rev, "rev": conflict.current_rev,
             "batch_id": sender.batch_id}))
    _fill_conflict_answers(plan)


def _quarantine(rejections: list[Rejection], sender: Sender, now: str, audit_rows: list) -> None:
    """Keep every rejected item as it came (escaped where the database needs it), once per
    user and content; audit only what is new. Inserted in hash order, so that two pushes
    quarantining the same items wait for each other rather than deadlock."""
    fresh: dict[str, tuple[Rejection, str]] = {}
    for rejection in rejections:
        payload = escaped_json_text(rejection.item.raw)
        digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()
        fresh.setdefault(digest, (rejection, payload))
    kept = {digest for (digest,) in Quarantine.select(Quarantine.payload_hash).where(
        (Quarantine.user == sender.user_id) & Quarantine.payload_hash.in_(list(fresh))).tuples()}
    new = {digest: entry for digest, entry in sorted(fresh.items()) if digest not in kept}
    bulk_insert(Quarantine, QuarantineRow._fields, [
        QuarantineRow(user=sender.user_id, username=sender.username, device=sender.device,
                      batch_id=sender.batch_id, uuid=rejection.item.uuid, code=rejection.code,
                      errors=escaped_json_text(rejection.errors), payload=payload,
                      payload_hash=digest, received_at=now)
        for digest, (rejection, payload) in new.items()
    ], ignore_conflicts=True)
    for rejection, _payload in sorted(new.values(), key=lambda entry: entry[0].item.index):
        item = rejection.item
        audit_rows.append(audit.Entry(
            "submission.rejected", sender.username,
            f"submission:{item.uuid}" if item.uuid else None,
            {"code": rejection.code, "batch_id": sender.batch_id, "index": item.index}))


def _fill_conflict_answers(plan: Plan) -> None:
    """Put the current answers into conflict results (read only for those uuids)."""
    pending = [r for r in plan.results if r["status"] == "conflict" and r["answers"] is None]
    if pending:
        current = dict(
            Submission.select(Submission.uuid, Submission.answers)
            .where(Submission.uuid.in_({r["uuid"] for r in pending}))
            .tuples()
        )
        for result in pending:
            result["answers"] = current[result["uuid"]]
    for result in plan.results:
        if result["status"] == "conflict" and isinstance(result["answers"], str):
            result["answers"] = json.loads(result["answers"])


def _record_batch(batch: dict, sender: Sender, items: int, summary: dict, now: str) -> None:
    sent = parse_device_time(batch["sent_at"])
    skew = (sent - datetime.now(UTC)).total_seconds() if sent else None
    (
        Batch.insert(
            batch_id=batch["batch_id"], user=sender.user_id, device=sender.device,
            device_id=batch["device_id"], sent_at=batch["sent_at"], received_at=now,
            last_received_at=now, receipts=1, clock_skew_seconds=skew, items=items, **summary,
        )
        .on_conflict(
            conflict_target=[Batch.user, Batch.batch_id],
            update={Batch.receipts: Batch.receipts + 1, Batch.last_received_at: now},
        )
        .execute()
    )
