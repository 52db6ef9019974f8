"""Lists: published by admins, written by forms (rosters), read by phones and by push.

How a list changes (docs/protocol.md, "Lists"):

- Every change of a list (a publication that changes something, or a stored submission that
  writes a roster) takes the list's row lock, raises its `version` by one and stamps the items
  it changed with that version (`changed_in`). `GET /lists/<id>?since=<version>` returns the
  items changed after `version`: a phone that holds a 5,000-person roster fetches only the
  handful of people changed since. Versions of one list are given out under its row lock, so
  their order is commit order: a reader never sees version 8 before 7.
- `hash` chains the versions: sha256 of the previous hash and the change, so it is the same
  on every server that saw the same changes, and it is the list's ETag.
- Items are retired, never deleted: an item a new publication leaves out, or marks
  `"retired": true`, keeps its row with `retired_at` set.
- Each change is also appended to the change log, so pull tells phones which lists changed.

Roster writes follow the order the server stores submissions in: the last stored revision
that writes an item wins, field by field (a label or column it leaves blank keeps the
earlier one). See docs/forms.md, "Rosters".
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from forms.canonical import canonical_bytes, canonical_text, content_hash
from forms.definition import DefinitionProblem
from forms.lists import ListDocument, ListError, item_json, read_list, read_list_csv
from forms.rosters import RosterWrite
from sync import audit, changes
from sync.clock import now_iso, parse_device_time, to_server_iso
from sync.db import bulk_insert, copy_rows, copy_text, database, is_postgres
from sync.errors import InvalidDefinition, InvalidRequest, NotFound, SyncError
from sync.models import ChoiceList, ListItem, RosterMark, Submission

__all__ = [
    "BatchLinks",
    "ListIsRoster",
    "apply_rosters",
    "ensure_rosters",
    "get_list",
    "labels_of",
    "list_summaries",
    "lists_etag",
    "publish_bundled_lists",
    "publish_list",
    "publish_list_csv",
    "roster_people",
]

CHUNK = 500  # rows per statement when many items change at once


class ListIsRoster(SyncError):
    """Publishing over a roster would throw away what forms wrote to it."""

    code = "list_is_roster"
    status = 409


class InvalidList(InvalidRequest):
    code = "invalid_list"


@dataclass(frozen=True)
class Published:
    """What a publication did: the list's summary after it, and whether anything changed."""

    summary: dict
    changed: bool


# --- publishing ------------------------------------------------------------------------------


def publish_list(document: ListDocument | dict, actor=None) -> Published:
    """Publish a list (a checked ListDocument, or a JSON document as forms.lists reads it).

    The same document again changes nothing; otherwise the list's version goes up by one,
    items that differ are written, items left out are retired. A list a form writes (a
    roster) raises ListIsRoster; a broken document raises InvalidList with every problem.
    """
    if not isinstance(document, ListDocument):
        try:
            document = read_list(document)
        except ListError as err:
            raise InvalidList(details={"problems": list(err.problems)}) from None
    derived = document.derived
    if "source_hash" not in derived:
        derived["source_hash"] = "sha256:" + hashlib.sha256(canonical_bytes({
            "list_id": document.list_id, "title": document.title,
            "columns": list(document.columns), "items": document.items})).hexdigest()
    source_hash = derived["source_hash"]
    with database.atomic():
        head = _locked_head(document.list_id)
        if head is not None and head.kind == "roster":
            raise ListIsRoster(details={"list_id": document.list_id})
        if head is not None and head.source_hash == source_hash:
            return Published(summary_of(head), False)
        now = now_iso()
        version = head.version + 1 if head else 1
        existing = _items_by_value(document.list_id) if head else {}
        fresh = head is None and not any(item["retired"] for item in document.items)
        copied = None
        if fresh and "first" in derived:
            changed, rows, chained = derived["first"]
        else:
            changed = _changed_items(document, existing, version, now)
            rows = _tuples(changed)
            chained = _chained_hash(head.hash if head else None, document.list_id, version,
                                    changed)
            if fresh:
                derived["first"] = (changed, rows, chained)
        if fresh and is_postgres():
            copied = derived.get("copy") or derived.setdefault("copy", copy_text(rows))
        _write_items(document.list_id, changed, existing, rows, copied)
        head = _save_head(head, document.list_id, "published", version, chained,
                          columns=list(document.columns), title=document.title,
                          source_hash=source_hash, now=now, actor=audit.actor_name(actor),
                          count=len(existing.keys() | {item["value"] for item in document.items}))
        audit.record("list.published", actor, f"list:{document.list_id}",
                     {"version": version, "hash": head.hash, "changed": len(changed)})
    return Published(summary_of(head), True)


def _changed_items(document: ListDocument, existing: dict[str, ListItem], version: int,
                   now: str) -> list[dict]:
    """The rows a publication writes: items new or different, and items it leaves out."""
    wanted = {item["value"]: (position, item) for position, item in enumerate(document.items)}
    changed: list[dict] = []
    for value, (position, item) in wanted.items():
        before = existing.get(value)
        retired_at = ((before.retired_at if before and before.retired_at else now)
                      if item["retired"] else None)
        row = _Row(value, item["label"], item["columns"], retired_at, position)
        if before is None or row.differs(before):
            changed.append(row.as_item(document.list_id, version, before))
    for value, before in existing.items():
        if value not in wanted and before.retired_at is None:
            changed.append({**_row_of(before), "retired_at": now, "changed_in": version})
    return changed


def publish_list_csv(text: str, list_id: str, actor=None, title: dict | None = None) -> Published:
    """Publish a CSV list (forms.lists.read_list_csv says what its columns are)."""
    try:
        document = read_list_csv(text, list_id, title)
    except ListError as err:
        raise InvalidList(details={"problems": list(err.problems)}) from None
    return publish_list(document, actor)


def publish_bundled_lists(actor=None) -> list[Published]:
    """Publish the lists Tambon ships with (the Thai places); unchanged ones are left alone."""
    from forms.places import place_lists

    return [publish_list(document, actor) for document in place_lists()]


@dataclass
class _Row:
    value: str
    label: dict
    columns: dict
    retired_at: str | None
    position: int

    def differs(self, before: ListItem) -> bool:
        return (before.label_th != self.label["th"] or before.label_en != self.label.get("en")
                or json.loads(before.columns) != self.columns
                or (before.retired_at is None) != (self.retired_at is None)
                or before.position != self.position)

    def as_item(self, list_id: str, version: int, before: ListItem | None) -> dict:
        return {"list_id": list_id, "value": self.value, "label_th": self.label["th"],
                "label_en": self.label.get("en"), "columns": _json(self.columns),
                "retired_at": self.retired_at, "position": self.position,
                "changed_in": version, "source": before.source if before else None}


_ITEM_COLUMNS = ("list_id", "value", "label_th", "label_en", "columns", "retired_at",
                 "position", "changed_in", "source")


def _row_of(item: ListItem) -> dict:
    return {name: getattr(item, name) for name in _ITEM_COLUMNS}


def _json(value) -> str:
    return canonical_text(value)


def _locked_head(list_id: str) -> ChoiceList | None:
    """The list's row, locked until commit on PostgreSQL (SQLite's writer is already alone),
    so that versions of one list are handed out one at a time, in commit order."""
    query = ChoiceList.select().where(ChoiceList.list_id == list_id)
    if is_postgres():
        query = query.for_update()
    return query.first()


def _items_by_value(list_id: str, values: Iterable[str] | None = None) -> dict[str, ListItem]:
    query = ListItem.select().where(ListItem.list_id == list_id)
    if values is not None:
        values = sorted(set(values))
        if not values:
            return {}
        query = query.where(ListItem.value.in_(values))
    return {item.value: item for item in query}


def _write_items(list_id: str, changed: list[dict], existing: dict[str, ListItem],
                 rows: list[tuple] | None = None, copied: str | None = None) -> None:
    """Replace the changed items' rows (delete, then one bulk insert): a row is an item's
    current state; its history is in the submissions and the audit log. `rows` are the
    changed items as tuples and `copied` as COPY text, when the caller has them already."""
    stale = [existing[row["value"]].id for row in changed if row["value"] in existing]
    for start in range(0, len(stale), CHUNK):
        ListItem.delete().where(ListItem.id.in_(stale[start:start + CHUNK])).execute()
    if rows is None:
        rows = _tuples(changed)
    copy_rows(ListItem, _ITEM_COLUMNS, rows, copied)


def _tuples(changed: list[dict]) -> list[tuple]:
    return [tuple(row[name] for name in _ITEM_COLUMNS) for row in changed]


def _chained_hash(previous: str | None, list_id: str, version: int, changed: list[dict]) -> str:
    digest = hashlib.sha256((previous or "").encode("ascii"))
    digest.update(canonical_bytes({"list_id": list_id, "version": version, "changed": [
        [row["value"], row["label_th"], row["label_en"], row["columns"], row["retired_at"],
         row["position"]] for row in sorted(changed, key=lambda r: r["value"])]}))
    return "sha256:" + digest.hexdigest()


def _save_head(head: ChoiceList | None, list_id: str, kind: str, version: int,
               chained: str, *, columns: list[str], title: dict | None,
               source_hash: str | None, now: str, actor: str | None, count: int) -> ChoiceList:
    values = {
        "kind": kind, "version": version, "hash": chained,
        "source_hash": source_hash, "columns": _json(columns), "count": count,
        "title_th": (title or {}).get("th"), "title_en": (title or {}).get("en"),
        "updated_at": now, "updated_by": actor,
    }
    if head is None:
        ChoiceList.insert(list_id=list_id, **values).execute()
    else:
        ChoiceList.update(**values).where(ChoiceList.list_id == list_id).execute()
    head = ChoiceList.get(ChoiceList.list_id == list_id)
    changes.append("list", summary_of(head))
    return head


# --- reading ---------------------------------------------------------------------------------


def summary_of(head: ChoiceList) -> dict:
    """A list as `GET /lists` and pull name it."""
    return {"list_id": head.list_id, "kind": head.kind, "version": head.version,
            "hash": head.hash, "count": head.count}


def list_summaries() -> list[dict]:
    """Every list, by list_id."""
    return [summary_of(head) for head in ChoiceList.select().order_by(ChoiceList.list_id)]


def lists_etag(summaries: list[dict]) -> str:
    """A strong validator for the lists' list: changes exactly when one list does."""
    return content_hash(summaries).split(":", 1)[1]


def exists(list_id: str) -> bool:
    return ChoiceList.select().where(ChoiceList.list_id == list_id).exists()


def get_head(list_id: str) -> ChoiceList:
    head = ChoiceList.get_or_none(ChoiceList.list_id == list_id)
    if head is None:
        raise NotFound("no_such_list", {"list_id": list_id})
    return head


def get_list(list_id: str, since: int | None = None) -> dict:
    """The list with all its items, or with only those changed after version `since`
    (then `"since"` says so). Items in list order; a retired item says `"retired": true`."""
    head = get_head(list_id)
    query = (ListItem.select(ListItem.value, ListItem.label_th, ListItem.label_en,
                             ListItem.columns, ListItem.retired_at)
             .where(ListItem.list_id == list_id).order_by(ListItem.position, ListItem.id))
    if since is not None:
        query = query.where(ListItem.changed_in > since)
    body = {"list_id": head.list_id, "kind": head.kind, "version": head.version,
            "hash": head.hash}
    if head.title_th:
        body["title"] = {"th": head.title_th, **({"en": head.title_en} if head.title_en else {})}
    body["columns"] = json.loads(head.columns)
    if since is not None:
        body["since"] = since
    body["items"] = [
        item_json(value, {"th": th, **({"en": en} if en else {})}, json.loads(columns),
                  retired_at is not None)
        for value, th, en, columns, retired_at in query.tuples().iterator()]
    return body


def labels_of(list_id: str, values) -> dict[str, dict]:
    """value -> label of the items among `values` that the list has (for pages)."""
    wanted = sorted({v for v in values if isinstance(v, str)})
    if not wanted:
        return {}
    return {value: {"th": th, **({"en": en} if en else {})}
            for value, th, en in ListItem.select(ListItem.value, ListItem.label_th,
                                                 ListItem.label_en)
            .where((ListItem.list_id == list_id) & ListItem.value.in_(wanted)).tuples()}


# --- rosters -----------------------------------------------------------------------------------


def ensure_rosters(rosters: dict[str, tuple[str, ...]], form_id: str, actor=None) -> None:
    """Make the roster lists a form declares (list_id -> columns), when publishing it: an
    empty roster is at version 0, so that phones can list and fetch it before anyone writes
    it. A published list of the same name is refused: forms write only rosters."""
    for list_id, columns in sorted(rosters.items()):
        head = _locked_head(list_id)
        if head is not None and head.kind != "roster":
            raise InvalidDefinition(details={"problems": [
                DefinitionProblem("roster.list", "def_roster_over_list", list_id=list_id)]})
        known = json.loads(head.columns) if head else []
        merged = list(dict.fromkeys(known + list(columns)))
        if head is None:
            now = now_iso()
            ChoiceList.insert(list_id=list_id, kind="roster", version=0,
                              hash=_chained_hash(None, list_id, 0, []), columns=_json(merged),
                              count=0, updated_at=now, updated_by=audit.actor_name(actor)).execute()
            audit.record("list.roster_created", actor, f"list:{list_id}", {"form_id": form_id})
        elif merged != known:
            ChoiceList.update(columns=_json(merged)).where(ChoiceList.list_id == list_id).execute()


@dataclass
class RosterChange:
    """What one stored revision writes: its submission, and its rows in order."""

    uuid: str
    form_id: str
    writes: list[RosterWrite]
    record_date: str | None
    author_name: str


def apply_rosters(stored: list[RosterChange], now: str) -> None:
    """Apply the roster rows of the revisions a push stores, in the order stored (the caller's
    transaction): the last write of an item wins, field by field. Each roster changed takes
    one new version; the submissions' marks (who was registered, ticked present or absent)
    are rewritten."""
    by_list: dict[str, list[tuple[RosterChange, RosterWrite]]] = {}
    for change in stored:
        for write in change.writes:
            by_list.setdefault(write.list_id, []).append((change, write))
    # Every roster's row lock before any change-log row: the change log's lock comes last in
    # every writer (publish, review, push), so two pushes writing rosters never deadlock.
    heads = {list_id: _locked_head(list_id) for list_id in sorted(by_list)}
    for list_id in sorted(by_list):
        _apply_one(heads[list_id], by_list[list_id], now)
    uuids = sorted({change.uuid for change in stored})
    if uuids:
        RosterMark.delete().where(RosterMark.uuid.in_(uuids)).execute()
    latest = {change.uuid: change for change in stored}  # a uuid twice: its last revision
    marks = [(w.list_id, w.value, change.uuid, change.form_id, w.present, change.record_date,
              change.author_name)
             for uuid, change in sorted(latest.items()) for w in change.writes]
    bulk_insert(RosterMark, ("list_id", "value", "uuid", "form_id", "present", "record_date",
                             "author_name"), marks)


def _apply_one(head: ChoiceList | None, writes: list[tuple[RosterChange, RosterWrite]],
               now: str) -> None:
    if head is None or head.kind != "roster":
        return  # the form's publication made it; a list replaced since is not written
    list_id = head.list_id
    existing = _items_by_value(list_id, (w.value for _c, w in writes))
    position = ListItem.select(ListItem.position).where(ListItem.list_id == list_id).order_by(
        ListItem.position.desc()).scalar() or 0
    version = head.version + 1
    state: dict[str, dict] = {}
    for change, write in writes:
        before = state.get(write.value)
        if before is None and write.value in existing:
            before = _row_of(existing[write.value])
        if before is None:
            if write.label is None:
                continue  # checked at push: only reachable if the item vanished meanwhile
            position += 1
            before = {"list_id": list_id, "value": write.value, "label_th": write.label,
                      "label_en": None, "columns": "{}", "retired_at": None,
                      "position": position, "changed_in": version, "source": None}
        columns = {**json.loads(before["columns"]), **write.columns}
        state[write.value] = {**before, "label_th": write.label or before["label_th"],
                              "columns": _json(columns), "changed_in": version,
                              "source": change.uuid}
    changed = [row for value, row in state.items()
               if value not in existing or _differs(row, _row_of(existing[value]))]
    if not changed:
        return
    _write_items(list_id, changed, existing)
    count = ListItem.select().where(ListItem.list_id == list_id).count()
    chained = _chained_hash(head.hash, list_id, version, changed)
    _save_head(head, list_id, "roster", version, chained, columns=json.loads(head.columns),
               title=None, source_hash=None, now=now, actor=None, count=count)


def _differs(row: dict, before: dict) -> bool:
    keys = ("label_th", "label_en", "columns", "retired_at")
    return any(row[key] != before[key] for key in keys)


def roster_people(list_id: str) -> list[dict]:
    """A roster's people with every session that names them (supervisors' roster page):
    `{"value", "label", "columns", "retired", "sessions": [{"uuid", "form_id", "date",
    "present", "author"}], "attended"}` in roster order."""
    head = get_head(list_id)
    marks: dict[str, list[dict]] = {}
    for value, uuid, form_id, present, record_date, author in (
            RosterMark.select(RosterMark.value, RosterMark.uuid, RosterMark.form_id,
                              RosterMark.present, RosterMark.record_date, RosterMark.author_name)
            .where(RosterMark.list_id == list_id)
            .order_by(RosterMark.record_date, RosterMark.uuid).tuples()):
        marks.setdefault(value, []).append({"uuid": uuid, "form_id": form_id, "date": record_date,
                                            "present": bool(present), "author": author})
    people = []
    for item in get_list(head.list_id)["items"]:
        sessions = marks.get(item["value"], [])
        people.append({"value": item["value"], "label": item["label"],
                       "columns": {c: item.get(c) for c in json.loads(head.columns)},
                       "retired": item.get("retired", False), "sessions": sessions,
                       "attended": sum(1 for s in sessions if s["present"])})
    return people


# --- what push reads -------------------------------------------------------------------------


_published_items: dict[tuple[str, str], dict[str, tuple[dict, str | None]]] = {}


class BatchLinks:
    """The server's lists and records as one push's link checks read them (forms.links.Links).

    Published lists are read whole once per version and kept (a place list is read once per
    process); roster items and records are read one by one and kept for the batch. What the
    batch itself adds (roster items, records) counts as known to the items after it.
    """

    def __init__(self, sender_id: int):
        self.sender_id = sender_id
        self._heads: dict[str, ChoiceList | None] = {}
        self._roster_items: dict[tuple[str, str], tuple[dict, str | None] | None] = {}
        self._records: dict[str, str | None] = {}
        self.new_record = True
        self.created_at: str | None = None

    def for_item(self, new_record: bool, created_at: str | None) -> "BatchLinks":
        """Judge the next item: whether it makes a new record, and its device time."""
        self.new_record, self.created_at = new_record, created_at
        return self

    def _head(self, list_id: str) -> ChoiceList | None:
        if list_id not in self._heads:
            self._heads[list_id] = ChoiceList.get_or_none(ChoiceList.list_id == list_id)
        return self._heads[list_id]

    def list_item(self, list_id: str, value: str):
        head = self._head(list_id)
        if head is None:
            return None
        if head.kind == "published":
            return _published(head).get(value)
        key = (list_id, value)
        if key not in self._roster_items:
            item = ListItem.get_or_none((ListItem.list_id == list_id) & (ListItem.value == value))
            self._roster_items[key] = None if item is None else (
                item_json(item.value, {"th": item.label_th}, json.loads(item.columns),
                          item.retired_at is not None), item.retired_at)
        return self._roster_items[key]

    def keeps_retired(self, retired_at: str) -> bool:
        """docs/forms.md, "Retired items": an edit keeps it; a new record keeps it only when
        the phone made it (its created_at) before the item was retired."""
        if not self.new_record:
            return True
        return self.created_at is not None and _utc(self.created_at) < retired_at

    def record_form(self, uuid: str) -> str | None:
        if uuid not in self._records:
            row = (Submission.select(Submission.form_id, Submission.author)
                   .where(Submission.uuid == uuid).tuples().first())
            self._records[uuid] = row[0] if row and row[1] == self.sender_id else None
        return self._records[uuid]

    def stored(self, uuid: str, form_id: str, writes: list[RosterWrite]) -> None:
        """An item of this batch was accepted: later items may name it and its roster rows."""
        self._records[uuid] = form_id
        for write in writes:
            key = (write.list_id, write.value)
            if self._roster_items.get(key) is None:
                self._roster_items[key] = (item_json(write.value, {"th": write.label or ""},
                                                     write.columns, False), None)


def _published(head: ChoiceList) -> dict[str, tuple[dict, str | None]]:
    key = (head.list_id, head.hash)
    items = _published_items.get(key)
    if items is None:
        items = {}
        for value, th, en, columns, retired_at in (
                ListItem.select(ListItem.value, ListItem.label_th, ListItem.label_en,
                                ListItem.columns, ListItem.retired_at)
                .where(ListItem.list_id == head.list_id).tuples().iterator()):
            items[value] = (item_json(value, {"th": th, **({"en": en} if en else {})},
                                      json.loads(columns), retired_at is not None), retired_at)
        if len(_published_items) > 32:
            _published_items.clear()
        _published_items[key] = items
    return items


def _utc(device_time: str) -> str:
    """A device time in the server's format, to compare with `retired_at`; an unreadable
    one sorts last (as if made now)."""
    parsed = parse_device_time(device_time)
    return "9999" if parsed is None else to_server_iso(parsed)


def parse_json_document(text: str, list_id: str | None = None) -> ListDocument:
    """A JSON list document given as text (a file, an upload). Raises InvalidList."""
    try:
        try:
            raw = json.loads(text)
        except ValueError as err:
            raise ListError([f"(document): not readable JSON: {err}"]) from None
        return read_list(raw, list_id)
    except ListError as err:
        raise InvalidList(details={"problems": list(err.problems)}) from None


def read_document_file(path: Path, list_id: str | None = None) -> ListDocument:
    """A list file for the CLI: `.csv` read as CSV (its list_id from `list_id` or the file's
    name), anything else as JSON. Raises InvalidList."""
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() != ".csv":
        return parse_json_document(text, list_id)
    try:
        return read_list_csv(text, list_id or path.stem)
    except ListError as err:
        raise InvalidList(details={"problems": list(err.problems)}) from None


def columns_of(head: ChoiceList) -> list[str]:
    return json.loads(head.columns)

