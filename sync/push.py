"""Merge a batch of submissions pushed by a phone.

The batch is judged item by item (created, duplicate, updated, conflict, rejected; see
docs/protocol.md) and stored in ONE transaction. The work is arranged for throughput:

1. Outside any transaction: check each item's shape, encode its answers canonically once and
   hash its content; read the current state of every uuid of the batch with one SELECT; judge
   every item against that state; validate only the items that will be stored (a duplicate
   needs no validation).
2. Inside the write transaction (BEGIN IMMEDIATE on SQLite, so the write lock is taken once):
   read the state again with one SELECT. If nothing changed meanwhile, the plan stands;
   otherwise the items are judged again against the fresh state. Then everything is written
   with a few bulk statements.
3. The unique index on `submission.uuid` has the last word: new submissions are inserted with
   ON CONFLICT DO NOTHING and updates carry `WHERE rev = <expected>`. If another process won
   a race (possible on PostgreSQL, whose writers run concurrently), the transaction rolls back
   and the batch is judged again, so no item is ever half-applied or applied twice.
"""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

import orjson
from marshmallow import ValidationError

from forms.canonical import any_float, canonical_json
from forms.fieldtypes import FIELD_TYPES
from sync import audit, catalog, tally
from sync.clock import now_iso, parse_device_time
from sync.db import bulk_insert, database
from sync.errors import InvalidBatch, PayloadTooLarge, Unavailable
from sync.models import (
    Batch,
    ConflictRevision,
    Quarantine,
    Revision,
    Submission,
)
from sync.schemas import PushEnvelopeSchema, flatten_messages, load_push_item, normal_uuid

__all__ = [
    "STATUSES",
    "PushResult",
    "canonical_bytes",
    "canonical_text",
    "listing_columns",
    "push_batch",
    "search_text",
]

STATUSES = ("created", "updated", "duplicate", "conflict", "rejected")
RACE_RETRIES = 3

_envelope_schema = PushEnvelopeSchema()
_json_str = json.JSONEncoder(ensure_ascii=False).encode


def canonical_bytes(value) -> bytes:
    """`forms.canonical.canonical_json(value)`, four times faster for usual answers.

    orjson writes the same bytes (sorted keys, compact, UTF-8, the same string escapes, the
    shortest digits of a float) except for floats the reference treats specially: integral
    (30.0 is written 30), written with an exponent by Python (1e+16 where orjson writes
    1e16), NaN and Infinity (refused with ValueError). Integral floats are turned into ints
    here, copying only the containers that hold one; the rest, and values orjson refuses
    (integers beyond 64 bits, lone surrogates), take the reference path. The test suite
    checks the two agree.
    """
    if any_float(value, _written_otherwise):
        try:
            value = _integral_floats_as_ints(value)
        except _NeedsReference:
            return canonical_json(value)
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return canonical_json(value)


def _written_otherwise(number: float) -> bool:
    """True for a float the reference writes differently from orjson: NaN, Infinity,
    integral, or below 1e-4 or from 1e16 in size (where Python writes an exponent)."""
    return not 1e-4 <= abs(number) < 1e16 or number.is_integer()


class _NeedsReference(Exception):
    """A float only the reference encoder writes right (or refuses): NaN, Infinity, or one
    Python writes with an exponent."""


def _integral_floats_as_ints(value):
    """`value` with its integral floats as ints (below 2**53, where the reference stops
    turning them into ints); a container is copied only if it holds one."""
    kind = type(value)
    if kind is float:
        if not _written_otherwise(value):
            return value
        if value.is_integer() and abs(value) < 2**53:
            return int(value)
        raise _NeedsReference
    if kind is dict:
        changed = {key: new for key, item in value.items()
                   if (new := _integral_floats_as_ints(item)) is not item}
        return {**value, **changed} if changed else value
    if kind is list:
        items = [_integral_floats_as_ints(item) for item in value]
        return items if any(new is not old for new, old in zip(items, value)) else value
    return value


def canonical_text(value) -> str:
    """`canonical_bytes` as text, as the database stores it."""
    return canonical_bytes(value).decode("utf-8")


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


@dataclass(slots=True)
class _Item:
    """One pushed item, read once: its fields, canonical answers and content hash."""

    index: int
    raw: object
    uuid: str | None = None
    form_id: str = ""
    form_version: str = ""
    base_rev: int = 0
    created_at: str | None = None
    answers: dict | None = None
    answers_json: str = ""
    content_hash: str = ""
    shape_errors: dict | None = None


@dataclass(slots=True)
class _Current:
    """What the server holds for one uuid: enough to judge an item without its answers."""

    author_id: int
    rev: int
    content_hash: str
    form_id: str
    form_version: str
    review_state: str
    answers_json: str | None = None  # known only when made in this batch


@dataclass(slots=True)
class _Stored:
    """A validated item ready to be written: clean answers and the listing columns."""

    answers_json: str
    columns: dict


@dataclass
class _Plan:
    results: list = field(default_factory=list)
    revisions: list = field(default_factory=list)  # (item, rev, stored)
    conflicts: list = field(default_factory=list)  # (item, current rev)
    rejects: list = field(default_factory=list)  # (item, code, errors)
    final: dict = field(default_factory=dict)  # uuid -> (first item, last item, rev, stored)
    summary: dict = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))


class _RaceLost(Exception):
    """Another process changed a submission of this batch first; judge the batch again."""


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
        raise InvalidBatch(details=flatten_messages(err.messages)) from None
    raws = batch["submissions"]
    if max_items is not None and len(raws) > max_items:
        raise PayloadTooLarge(
            f"A batch may hold at most {max_items} submissions; this one has {len(raws)}. "
            "Send it in smaller batches.",
            {"max_items": max_items, "items": len(raws)},
        )
    items = [_read_item(index, raw) for index, raw in enumerate(raws)]
    uuids = {item.uuid for item in items if item.uuid}
    pairs = {(item.form_id, item.form_version) for item in items if not item.shape_errors}

    validated: dict[int, _Stored | dict] = {}
    state = _load_state(uuids)
    forms = catalog.form_states(pairs)
    plan = _judge(items, state, forms, user, validated, lang)

    for _attempt in range(RACE_RETRIES):
        try:
            with database.atomic():
                fresh_state, fresh_forms = _load_state(uuids), catalog.form_states(pairs)
                if fresh_state != state or fresh_forms != forms:
                    state, forms = fresh_state, fresh_forms
                    plan = _judge(items, state, forms, user, validated, lang)
                now = now_iso()
                _apply(plan, state, user, device_label, batch["batch_id"], now)
                _record_batch(batch, user, device_label, len(items), plan.summary, now)
            break
        except _RaceLost:
            state = None  # force a fresh judgement on the next attempt
    else:
        raise Unavailable("Other pushes kept changing the same submissions; send the batch again.")
    return PushResult(batch["batch_id"], now, plan.results, plan.summary)


# --- reading ---------------------------------------------------------------------------------


def _read_item(index: int, raw) -> _Item:
    item = _Item(index=index, raw=raw)
    try:
        data = load_push_item(raw)
    except ValidationError as err:
        if isinstance(raw, dict):
            item.uuid = normal_uuid(raw.get("uuid"))
        item.shape_errors = flatten_messages(err.messages)
        return item
    item.uuid, item.form_id, item.form_version = data["uuid"], data["form_id"], data["form_version"]
    item.base_rev, item.created_at, item.answers = data["base_rev"], data["created_at"], data["answers"]
    # The content is (form_id, form_version, answers) in canonical JSON; the answers are
    # encoded once and spliced in, and the same text is stored when validation keeps them.
    try:
        answers = canonical_bytes(item.answers)
    except ValueError:
        item.shape_errors = {"answers": ["NaN and Infinity are not JSON numbers."]}
        return item
    item.answers_json = answers.decode("utf-8")
    content = b"".join((
        b'{"answers":', answers, b',"form_id":', _json_str(item.form_id).encode("utf-8"),
        b',"form_version":', _json_str(item.form_version).encode("utf-8"), b"}",
    ))
    item.content_hash = "sha256:" + hashlib.sha256(content).hexdigest()
    return item


def _load_state(uuids) -> dict[str, _Current]:
    """The current state of every uuid that exists; one query, written by hand because the
    ORM's per-parameter SQL generation costs more than the lookup for 500 uuids."""
    if not uuids:
        return {}
    marks = ", ".join([database.param] * len(uuids))
    cursor = database.execute_sql(
        "SELECT uuid, author_id, rev, content_hash, form_id, form_version, review_state "
        "FROM submission "
        f"WHERE uuid IN ({marks})", list(uuids))
    return {row[0]: _Current(*row[1:]) for row in cursor.fetchall()}


# --- judging ---------------------------------------------------------------------------------


def _judge(items, state, forms, user, validated, lang) -> _Plan:
    """Decide every item's fate against `state`, in order (a later item of the same uuid
    sees what an earlier one did). Pure apart from filling the `validated` cache."""
    plan = _Plan()
    state = dict(state)
    for item in items:
        current = state.get(item.uuid) if item.uuid else None
        if item.shape_errors:
            _reject(plan, item, "invalid_item", item.shape_errors)
        elif current is not None and current.author_id != user.id:
            _reject(plan, item, "forbidden", {"uuid": [
                "This submission belongs to another user; make a new one with its own uuid."]})
        elif current is not None and current.content_hash == item.content_hash:
            _result(plan, "duplicate", {"uuid": item.uuid, "rev": current.rev})
        elif current is not None and current.form_id != item.form_id:
            _reject(plan, item, "invalid_item", {"form_id": [(
                f"This submission was made with form {current.form_id!r}; it cannot move to "
                "another form.")]})
        elif (item.form_id, item.form_version) not in forms:
            _reject(plan, item, "unknown_form", {"form_version": [(
                f"Form {item.form_id!r} has no published version {item.form_version!r}; "
                "refresh the forms on the phone.")]})
        elif forms[(item.form_id, item.form_version)][0] != "open":
            _reject(plan, item, "form_closed", {"form_id": [(
                f"Form {item.form_id!r} is closed and takes no more submissions; the record "
                "was kept for an administrator.")]})
        elif current is not None and item.base_rev != current.rev:
            plan.conflicts.append((item, current.rev))
            _result(plan, "conflict", {"uuid": item.uuid, "rev": current.rev,
                                       "form_version": current.form_version,
                                       "answers": current.answers_json})
        else:
            stored = _validate(item, forms[(item.form_id, item.form_version)][1], validated, lang)
            if isinstance(stored, dict):
                _reject(plan, item, "invalid_answers", stored)
                continue
            rev = current.rev + 1 if current is not None else 1
            status = "updated" if current is not None else "created"
            _result(plan, status, {"uuid": item.uuid, "rev": rev})
            plan.revisions.append((item, rev, stored))
            first = plan.final[item.uuid][0] if item.uuid in plan.final else item
            plan.final[item.uuid] = (first, item, rev, stored)
            state[item.uuid] = _Current(user.id, rev, item.content_hash, item.form_id,
                                        item.form_version, "edited" if current else "received",
                                        stored.answers_json)
    return plan


def _result(plan: _Plan, status: str, body: dict) -> None:
    plan.summary[status] += 1
    plan.results.append({"uuid": body.pop("uuid"), "status": status, **body})


def _reject(plan: _Plan, item: _Item, code: str, errors: dict) -> None:
    plan.rejects.append((item, code, errors))
    _result(plan, "rejected", {"uuid": item.uuid, "code": code, "errors": errors})


def _validate(item: _Item, form_hash: str, validated: dict, lang: str) -> "_Stored | dict":
    """Clean answers and listing columns, or the errors by dotted path; cached per item."""
    if item.index not in validated:
        form = catalog.compiled(form_hash)
        outcome = form.validate(item.answers)
        if not outcome.ok:
            validated[item.index] = outcome.errors_in(lang)
        else:
            clean = outcome.answers
            text = item.answers_json if clean == item.answers else canonical_text(clean)
            validated[item.index] = _Stored(text, listing_columns(clean,
                                                                  form.definition.fields))
    return validated[item.index]


def listing_columns(answers: dict, fields=None) -> dict:
    """The columns supervisors list and filter by, taken from conventional answer names:
    `place.{province,district,subdistrict,village_no}`, `date`, and the search text (see
    `search_text`; `fields` is the definition's field tree)."""
    place = answers.get("place") if isinstance(answers.get("place"), dict) else {}
    village = place.get("village_no")
    record_date = answers.get("date")
    return {
        "province": _text_or_none(place.get("province")),
        "district": _text_or_none(place.get("district")),
        "subdistrict": _text_or_none(place.get("subdistrict")),
        "village_no": None if village is None or isinstance(village, (dict, list))
        else str(village),
        "record_date": record_date if isinstance(record_date, str) else None,
        "search_text": search_text(answers, fields),
    }


def _text_or_none(value):
    return value if isinstance(value, str) else None


# The types whose strings a search finds (texts, choices, phone numbers): forms/fieldtypes.py.
SEARCHED_TYPES = frozenset(name for name, entry in FIELD_TYPES.items() if entry.searched)


def search_text(answers: dict, fields=None) -> str:
    """Each distinct text and choice answer once, one per line, for substring search (Thai
    has no word breaks). Guided by the definition's `fields`, so dates, times and numbers
    stay out; without them, every string in the answers. Repeats (a gender per participant,
    the same village) are kept once: the search index pays for every character. Lower-cased,
    as searches are, so that a plain LIKE ignores case (see sync.search)."""
    found: dict[str, None] = {}
    if fields is None:
        stack = [answers]
        while stack:
            value = stack.pop()
            if isinstance(value, str):
                found[value] = None
            elif isinstance(value, dict):
                stack.extend(reversed(list(value.values())))
            elif isinstance(value, list):
                stack.extend(reversed(value))
    else:
        _collect_texts(answers, _search_plan(fields), found)
    return "\n".join(found).lower()


@dataclass(frozen=True, slots=True)
class _SearchPlan:
    """Which answers of one level are searched: a repeat of 30 rows then looks up just its
    text fields, instead of asking every field of every row for its type."""

    texts: tuple[str, ...]
    groups: tuple[tuple[str, "_SearchPlan"], ...]
    repeats: tuple[tuple[str, "_SearchPlan"], ...]


_search_plans: dict[int, tuple[object, _SearchPlan]] = {}  # id(fields) -> (fields, plan)


def _search_plan(fields) -> _SearchPlan:
    cached = _search_plans.get(id(fields))
    if cached is None or cached[0] is not fields:
        plan = _SearchPlan(
            tuple(spec.name for spec in fields if spec.type in SEARCHED_TYPES),
            tuple((spec.name, _search_plan(spec.children)) for spec in fields
                  if spec.type == "group"),
            tuple((spec.name, _search_plan(spec.children)) for spec in fields
                  if spec.type == "repeat"),
        )
        cached = _search_plans[id(fields)] = (fields, plan)  # holding `fields` pins its id
    return cached[1]


def _collect_texts(values: dict, plan: _SearchPlan, found: dict) -> None:
    for name in plan.texts:
        value = values.get(name)
        if type(value) is str:
            found[value] = None
        elif type(value) is list:
            for text in value:
                if type(text) is str:
                    found[text] = None
    for name, inner in plan.groups:
        value = values.get(name)
        if type(value) is dict:
            _collect_texts(value, inner, found)
    for name, inner in plan.repeats:
        rows = values.get(name)
        if type(rows) is list:
            for row in rows:
                if type(row) is dict:
                    _collect_texts(row, inner, found)


# --- writing ---------------------------------------------------------------------------------


_SUBMISSION_COLUMNS = (
    "uuid", "form_id", "form_version", "author", "author_name", "device", "batch_id",
    "review_state", "created_at", "received_at", "updated_at", "rev", "content_hash",
    "answers", "province", "district", "subdistrict", "village_no", "record_date",
    "has_conflicts", "search_text",
)
_REVISION_COLUMNS = (
    "submission", "rev", "base_rev", "form_version", "content_hash", "answers", "author",
    "device", "batch_id", "created_at", "received_at",
)
_CONFLICT_COLUMNS = (
    "submission", "base_rev", "current_rev", "form_version", "content_hash", "answers",
    "author", "device", "batch_id", "created_at", "received_at",
)
_QUARANTINE_COLUMNS = (
    "user", "username", "device", "batch_id", "uuid", "code", "errors", "payload",
    "payload_hash", "received_at",
)


def _apply(plan: _Plan, state: dict, user, device, batch_id: str, now: str) -> None:
    new_rows, audit_rows, counted = [], [], Counter()
    # In uuid order, so two batches sharing uuids lock index entries in the same order and
    # wait for each other instead of deadlocking (PostgreSQL).
    for uuid, (first, last, rev, stored) in sorted(plan.final.items()):
        columns = stored.columns
        if uuid in state:
            before = state[uuid]
            counted[(before.form_id, before.review_state)] -= 1
            counted[(before.form_id, "edited")] += 1
            _update_current(uuid, before, {
                "form_version": last.form_version, "device": device, "batch_id": batch_id,
                "created_at": last.created_at, "updated_at": now, "rev": rev,
                "content_hash": last.content_hash, "answers": stored.answers_json,
                **columns,
            })
        else:
            counted[(last.form_id, "received")] += 1
            new_rows.append((
                uuid, last.form_id, last.form_version, user.id, user.username, device,
                batch_id, "received", first.created_at, now, now, rev, last.content_hash,
                stored.answers_json, columns["province"], columns["district"],
                columns["subdistrict"], columns["village_no"], columns["record_date"], False,
                columns["search_text"],
            ))
    # The unique index on uuid has the last word: a row another writer stored first is
    # skipped here, and the batch is judged again against it.
    if bulk_insert(Submission, _SUBMISSION_COLUMNS, new_rows, ignore_conflicts=True) != len(
            new_rows):
        raise _RaceLost()

    bulk_insert(Revision, _REVISION_COLUMNS, [
        (item.uuid, rev, item.base_rev, item.form_version, item.content_hash,
         stored.answers_json, user.id, device, batch_id, item.created_at, now)
        for item, rev, stored in plan.revisions
    ])
    for item, rev, _stored in plan.revisions:
        action = "submission.updated" if rev > 1 else "submission.created"
        audit_rows.append((action, user.username, f"submission:{item.uuid}",
                           {"rev": rev, "batch_id": batch_id}))

    if plan.conflicts:
        _keep_conflicts(plan, user, device, batch_id, now, audit_rows)
    if plan.rejects:
        _quarantine(plan, user, device, batch_id, now, audit_rows)
    audit.record_many(audit_rows, at=now)
    tally.record(counted)


def _keep_conflicts(plan: _Plan, user, device, batch_id: str, now: str, audit_rows) -> None:
    """Keep each conflicting content once per submission, flag the submissions, and put the
    current answers into the results. A re-sent conflict adds nothing, not even audit."""
    kept = set(
        ConflictRevision.select(ConflictRevision.submission, ConflictRevision.content_hash)
        .where(ConflictRevision.submission.in_({item.uuid for item, _ in plan.conflicts}))
        .tuples()
    )
    new = []
    for item, current_rev in plan.conflicts:
        if (item.uuid, item.content_hash) not in kept:
            kept.add((item.uuid, item.content_hash))
            new.append((item, current_rev))
    bulk_insert(ConflictRevision, _CONFLICT_COLUMNS, [
        (item.uuid, item.base_rev, current_rev, item.form_version, item.content_hash,
         item.answers_json, user.id, device, batch_id, item.created_at, now)
        for item, current_rev in new
    ], ignore_conflicts=True)
    if new:
        Submission.update(has_conflicts=True).where(
            Submission.uuid.in_(list({item.uuid for item, _ in new}))
            & (Submission.has_conflicts == False)
        ).execute()
    for item, current_rev in new:
        audit_rows.append(("submission.conflict", user.username, f"submission:{item.uuid}",
                           {"base_rev": item.base_rev, "rev": current_rev,
                            "batch_id": batch_id}))
    _fill_conflict_answers(plan)


def _quarantine(plan: _Plan, user, device, batch_id: str, now: str, audit_rows) -> None:
    """Keep every rejected item raw, once per user and content; audit only what is new."""
    fresh = {}
    for item, code, errors in plan.rejects:
        payload = _raw_text(item.raw)
        digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()
        fresh.setdefault(digest, (item, code, errors, payload))
    kept = {digest for (digest,) in Quarantine.select(Quarantine.payload_hash).where(
        (Quarantine.user == user.id) & Quarantine.payload_hash.in_(list(fresh))).tuples()}
    new = {digest: entry for digest, entry in fresh.items() if digest not in kept}
    bulk_insert(Quarantine, _QUARANTINE_COLUMNS, [
        (user.id, user.username, device, batch_id, item.uuid, code,
         json.dumps(errors, ensure_ascii=False, sort_keys=True), payload, digest, now)
        for digest, (item, code, errors, payload) in new.items()
    ], ignore_conflicts=True)
    for item, code, _errors, _payload in new.values():
        audit_rows.append(("submission.rejected", user.username,
                           f"submission:{item.uuid}" if item.uuid else None,
                           {"code": code, "batch_id": batch_id, "index": item.index}))


def _raw_text(raw) -> str:
    """The item as sent, as JSON text; NaN (possible only from in-process callers) kept as
    JSON's non-standard token rather than losing the item."""
    try:
        return canonical_text(raw)
    except ValueError:
        return json.dumps(raw, ensure_ascii=False, sort_keys=True, default=str)


def _update_current(uuid: str, before: _Current, values: dict) -> None:
    """Only if nothing changed the row since it was read: its rev, and its review state,
    which the tally was just told about."""
    changed = (
        Submission.update(review_state="edited", **values)
        .where((Submission.uuid == uuid) & (Submission.rev == before.rev)
               & (Submission.review_state == before.review_state))
        .execute()
    )
    if changed != 1:
        raise _RaceLost()


def _fill_conflict_answers(plan: _Plan) -> None:
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


def _record_batch(batch: dict, user, device, items: int, summary: dict, now: str) -> None:
    sent = parse_device_time(batch["sent_at"])
    skew = (sent - datetime.now(UTC)).total_seconds() if sent else None
    (
        Batch.insert(
            batch_id=batch["batch_id"], user=user.id, device=device,
            device_id=batch["device_id"], sent_at=batch["sent_at"], received_at=now,
            last_received_at=now, receipts=1, clock_skew_seconds=skew, items=items, **summary,
        )
        .on_conflict(
            conflict_target=[Batch.user, Batch.batch_id],
            update={Batch.receipts: Batch.receipts + 1, Batch.last_received_at: now},
        )
        .execute()
    )
