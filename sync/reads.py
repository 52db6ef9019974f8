"""Reading submissions: the one way the API, the web pages, exports, the overview and the CLI
read them.

- `Filters`: the one vocabulary of what a reader narrowed the submissions to, built once per
  request (`Filters.from_query` for the web pages' query string; the API builds it from its
  validated query).
- `page`, `count`, `iterate`: keyset pages newest first, capped counts, and every match in
  chunks.
- `detail`: one submission with its revisions, conflicts, reviews and batch.
- `quarantine_page`, `quarantine_item`: the rejected push items.

Rows come back as plain result rows (named tuples of the columns asked for) or dicts, never
as models, so nothing above this module reads or writes the tables by itself.

Everything reads the denormalised columns of `submission` (place, record date, review state,
author, search text) so a page never parses answers to decide what to show.

Pages are keyset pages: a cursor names the last row seen by its sort key and id, and the next
page starts strictly after it. Unlike OFFSET, a page 10,000 rows deep costs what the first
does, and rows that arrive while someone pages never make a row repeat or vanish. Cursors are
made and checked by `sync.cursors`: a forged one is `InvalidCursor`, never a database error.

Counting every match of a broad filter over a million rows would cost more than the page
itself, so counts stop at a cap and say so ("10,000+").
"""

import collections
import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

import peewee as pw

from sync import attachments, search
from sync.cursors import MAX_ID, Key, decode_cursor, encode_cursor
from sync.db import database
from sync.errors import Forbidden, InvalidRequest, NotFound
from sync.models import (REVIEW_STATES, Batch, ConflictRevision, Device, Quarantine,
                         ReviewEvent, Revision, Submission, User)
from sync.places import coded_place
from sync.roles import SUPERVISOR, has_role
from sync.schemas import normal_uuid

__all__ = [
    "COUNT_CAP",
    "Detail",
    "Filters",
    "LISTED",
    "PAGE_SIZE",
    "Page",
    "REVIEW_STATES",
    "SORTS",
    "SUMMARY",
    "count",
    "detail",
    "filter_choices",
    "iterate",
    "matching",
    "page",
    "place_choices",
    "quarantine_item",
    "quarantine_page",
    "summary",
    "waiting_among",
]

PAGE_SIZE = 50
COUNT_CAP = 10_000
# Below this many search hits, a page starts from the hits; above, from the sort index.
SELECTIVE_HITS = 5_000
# Other filters that leave fewer rows than this: test those rows' text, no index needed.
NARROW_ROWS = 5_000
# A count of search hits stops here: a search is read, not tallied.
SEARCH_COUNT_CAP = 200
MAX_SEARCH_CHARS = 200
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _record_date_key():
    # A missing record date sorts as the oldest. The '' is written into the SQL, not bound:
    # only the very expression of the index (sync/listing.py) lets the database use it.
    return pw.fn.COALESCE(Submission.record_date, pw.SQL("''"))


SORTS = {
    "received": lambda: Submission.received_at,
    "record_date": _record_date_key,
}
# The kind written into each sort's cursors. A cursor of one sort is refused by another;
# "submissions" is the kind API clients have always been given for the time received.
_CURSOR_KINDS = {"received": "submissions", "record_date": "submissions.record_date"}

# Columns a caller may ask `page` for, by name. SUMMARY is what the API's listing shows;
# LISTED what the web listing shows (add "answers" for a form's own columns).
SUMMARY = ("uuid", "form_id", "form_version", "author_name", "device", "rev", "review_state",
           "created_at", "received_at", "updated_at", "record_date", "province", "district",
           "subdistrict", "village_no", "has_conflicts")
LISTED = ("uuid", "form_id", "form_version", "author_name", "device", "review_state",
          "province", "district", "subdistrict", "village_no", "has_conflicts", "rev")
_ALWAYS = ("id", "received_at", "record_date")  # what the cursors are made of


# --- filters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What a reader narrowed the submissions to; every field is optional."""

    form_id: str | None = None
    states: tuple[str, ...] = ()
    province: str | None = None
    district: str | None = None
    subdistrict: str | None = None
    village_no: str | None = None
    date_from: str | None = None  # record date, YYYY-MM-DD, inclusive
    date_to: str | None = None
    received_from: str | None = None  # server receipt time, stored UTC text, inclusive
    received_to: str | None = None
    author: str | None = None  # username
    device: str | None = None
    has_conflicts: bool = False
    waiting_for_files: bool = False  # a file its answers name has not arrived
    text: str | None = None
    sort: str = "received"

    def __post_init__(self):
        if self.sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}")
        unknown = set(self.states) - set(REVIEW_STATES)
        if unknown:
            raise ValueError(f"unknown review states: {', '.join(sorted(unknown))}")
        unstorable = {f.name: ["Must not contain NUL or unpaired surrogate characters."]
                      for f in fields(self) if isinstance(getattr(self, f.name), str)
                      and not _storable(getattr(self, f.name))}
        if unstorable:  # no database could compare them: refused, not a server error
            raise InvalidRequest(details=unstorable)

    @classmethod
    def from_query(cls, query: Mapping[str, list[str]]) -> "Filters":
        """Filters from the web pages' query parameters (each name -> its values), as the
        listing, the overview and exports spell them. A value that makes no sense is left
        out, not an error: a bookmarked view keeps working as far as it can."""

        def one(name: str) -> str | None:
            values = query.get(name) or []
            value = values[0] if values else ""
            return value if value and _storable(value) else None

        def day(name: str) -> str | None:
            value = one(name)
            return value if value and _is_iso_date(value) else None

        text = (one("q") or "").strip()[:MAX_SEARCH_CHARS]
        # Places are filtered by code; a name (an old bookmark) means its code (sync.places).
        province, district, subdistrict = coded_place(
            one("province"), one("district"), one("subdistrict"))
        return cls(
            form_id=one("form"),
            states=tuple(s for s in query.get("state") or [] if s in REVIEW_STATES),
            province=province,
            district=district,
            subdistrict=subdistrict,
            village_no=one("village"),
            date_from=day("from"),
            date_to=day("to"),
            author=one("author"),
            device=one("device"),
            has_conflicts=one("conflicts") == "1",
            waiting_for_files=one("waiting") == "1",
            text=text or None,
            sort=one("sort") if one("sort") in SORTS else "received",
        )

    def conditions(self, text: bool = True) -> list:
        """WHERE clauses for these filters; `text=False` leaves out the free-text one."""
        c = []
        equal = {
            "form_id": Submission.form_id, "province": Submission.province,
            "district": Submission.district, "subdistrict": Submission.subdistrict,
            "village_no": Submission.village_no, "device": Submission.device,
        }
        for name, column in equal.items():
            value = getattr(self, name)
            if value:
                c.append(column == value)
        if self.author:
            # By the author's id, which (author_id, received_at) indexes in page order; the
            # name is only a copy for display, and a filter on it walked every row.
            c.append(Submission.author == User.select(User.id).where(
                User.username == self.author))
        if self.states:
            c.append(Submission.review_state.in_(list(self.states)))
        if self.date_from:
            c.append(Submission.record_date >= self.date_from)
        if self.date_to:
            c.append(Submission.record_date <= self.date_to)
        if self.received_from:
            c.append(Submission.received_at >= self.received_from)
        if self.received_to:
            c.append(Submission.received_at <= self.received_to)
        if self.has_conflicts:
            c.append(Submission.has_conflicts == True)  # noqa: E712
        if self.waiting_for_files:
            c.append(attachments.waiting_condition())
        if text and self.text and self.text.strip():
            hits = search.estimate(self.text, SELECTIVE_HITS)
            c.append(search.matches(self.text, selective=hits is None or hits < SELECTIVE_HITS))
        return c

    def is_empty(self) -> bool:
        defaults = Filters()
        return all(getattr(self, f.name) == getattr(defaults, f.name)
                   for f in fields(self) if f.name != "sort")


def _storable(value: str) -> bool:
    """Text a query may carry to the database: no NUL, no lone surrogate."""
    return _UNSTORABLE.search(value) is None


def _is_iso_date(text: str) -> bool:
    return (len(text) == 10 and text[4] == text[7] == "-"
            and (text[:4] + text[5:7] + text[8:]).isdigit() and text.isascii())


def matching(filters: Filters, columns=None, text: bool = True) -> pw.Select:
    """Submissions that pass `filters` (without the free text if `text` is False), unordered.
    For aggregates in the sync layer (the overview); pages go through `page`."""
    query = Submission.select(*(columns or ()))
    conditions = filters.conditions(text)
    if conditions:
        query = query.where(*conditions)
    return query


# --- how a page applies the free text ------------------------------------------------------


def _text_plan(filters: Filters) -> str:
    """How a page applies the free text: "none", "scan" (test the text of the few rows the
    other filters leave), "walk" (follow the trigram index's hits newest first: SQLite, by
    time received) or "condition" (a WHERE clause; PostgreSQL's planner chooses)."""
    text = (filters.text or "").strip()
    if not text:
        return "none"
    if not search.indexed(text):
        return "condition"
    others = replace(filters, text=None)
    if not others.is_empty() and not count(others, cap=NARROW_ROWS)[1]:
        return "scan"
    return "walk" if filters.sort == "received" else "condition"


def _planned(filters: Filters, plan: str) -> pw.Select:
    """The ids that pass `filters`, the text applied as `plan` says (not "walk")."""
    if plan == "scan":
        return matching(filters, [Submission.id], text=False).where(
            search.contains(filters.text))
    return matching(filters, [Submission.id])


def _walk_ids(filters: Filters, limit: int, before_id=None, after_id=None) -> list[int]:
    """Ids of a "walk" page: the rows not yet indexed (the newest) by LIKE, then the index.

    On SQLite writers take turns and `received_at` is stamped inside the write transaction,
    so id order is arrival order: walking ids newest first is the listing's received order.
    """
    base = matching(filters, [Submission.id], text=False)
    recent = search.unindexed(base, filters.text)
    indexed = search.walk(base, filters.text, before_id=before_id, after_id=after_id,
                          newest_first=after_id is None)
    if before_id is not None:
        recent = recent.where(Submission.id < before_id)
    if after_id is not None:
        recent = recent.where(Submission.id > after_id)
    if after_id is None:  # newest first: unindexed rows are all newer than indexed ones
        sources = (recent.order_by(Submission.id.desc()), indexed)
    else:
        sources = (indexed, recent.order_by(Submission.id.asc()))
    ids: list[int] = []
    for source in sources:
        if len(ids) < limit:
            ids += [i for (i,) in source.limit(limit - len(ids)).tuples()]
    return list(dict.fromkeys(ids))  # the watermark may move between the two reads


# --- pages, counts, every match --------------------------------------------------------------


@dataclass
class Page:
    rows: list  # named tuples of the columns asked for (and id, received_at, record_date)
    next_cursor: str | None  # rows after the last one shown (older)
    prev_cursor: str | None  # rows before the first one shown (newer)
    sort: str = "received"
    # A search's first page also counts its hits, as `count` would (see `page`).
    count: tuple[int, bool] | None = None


def _key_of(row, sort: str) -> str:
    return row.received_at if sort == "received" else (row.record_date or "")


def _cursor(sort: str, row) -> str:
    return encode_cursor(_CURSOR_KINDS[sort], [_key_of(row, sort), row.id])


def _position(sort: str, cursor: str) -> tuple[str, int]:
    """The sort key and id a cursor of `sort` names; InvalidCursor for anything else."""
    key, row_id = decode_cursor(_CURSOR_KINDS[sort], cursor, (Key, int))
    return key, row_id


def _columns(names) -> list:
    """Submission fields by name (fields themselves pass through, for the sync layer),
    each once, with the columns cursors are made of."""
    chosen = {}
    for c in (*names, *_ALWAYS):
        column = getattr(Submission, c) if isinstance(c, str) else c
        chosen.setdefault(column.name, column)
    return list(chosen.values())


@functools.lru_cache(maxsize=64)
def _row_type(names: tuple[str, ...]) -> type:
    """The named tuple of these columns, made once: a class per page read cost an export of
    100,000 rows 8 MB of classes waiting for the garbage collector."""
    return collections.namedtuple("SubmissionRow", names)


def page(filters: Filters, after: str | None = None, before: str | None = None,
         limit: int = PAGE_SIZE, columns=None) -> Page:
    """One page, newest first, starting after cursor `after` (or ending before `before`).

    Cursors come from a previous Page of the same sort; any other text raises
    InvalidCursor. `columns` names what is read (id and sort keys are always read); without
    it, every column.

    Two steps: the ids of the page, found with only the sort key and the filters (an index
    walk, no wide rows), then those rows in full by primary key.

    The first page of a search reads up to SEARCH_COUNT_CAP + 1 ids instead of one page's, so
    `Page.count` can answer what `count` would without a second search: searching the text
    is what costs, and the extra ids come from the same hits.
    """
    sort = filters.sort
    key = SORTS[sort]()
    after, before = after or None, before or None  # an empty cursor is the first page
    backwards = before is not None and after is None
    cursor = before if backwards else after
    value, row_id = _position(sort, cursor) if cursor is not None else (None, None)
    plan = _text_plan(filters)
    counting = plan != "none" and cursor is None
    wanted_ids = max(limit, SEARCH_COUNT_CAP) + 1 if counting else limit + 1
    if plan == "walk":
        ids = _walk_ids(filters, wanted_ids, before_id=None if backwards else row_id,
                        after_id=row_id if backwards else None)
    else:
        query = _planned(filters, plan)
        if cursor is not None and backwards:
            query = query.where(pw.Tuple(key, Submission.id) > pw.Tuple(value, row_id))
        elif cursor is not None:
            query = query.where(pw.Tuple(key, Submission.id) < pw.Tuple(value, row_id))
        order = ((key.asc(), Submission.id.asc()) if backwards
                 else (key.desc(), Submission.id.desc()))
        ids = [i for (i,) in query.order_by(*order).limit(wanted_ids).tuples()]
    hits = ((SEARCH_COUNT_CAP, True) if len(ids) > SEARCH_COUNT_CAP else (len(ids), False)
            ) if counting else None
    more = len(ids) > limit
    ids = ids[:limit]
    if backwards:
        ids.reverse()
    if not ids:
        return Page([], None, None, sort, hits)
    wanted = _columns(columns) if columns else list(Submission._meta.sorted_fields)
    row_type = _row_type(tuple(column.name for column in wanted))
    by_id = {row.id: row for row in map(row_type._make, Submission.select(*wanted)
                                         .where(Submission.id.in_(ids)).tuples())}
    rows = [by_id[row_id] for row_id in ids if row_id in by_id]
    if not rows:
        return Page([], None, None, sort, hits)
    older = more if not backwards else True
    newer = cursor is not None if not backwards else more
    return Page(
        rows,
        _cursor(sort, rows[-1]) if older else None,
        _cursor(sort, rows[0]) if newer else None,
        sort,
        hits,
    )


def iterate(filters: Filters, chunk: int = 1000, columns=None):
    """Every matching submission, newest first, read in keyset chunks of `chunk` rows.

    For exports: memory stays at one chunk however many rows match, and no read transaction
    is held open for the whole export.
    """
    after = None
    while True:
        current = page(filters, after=after, limit=chunk, columns=columns)
        yield from current.rows
        if current.next_cursor is None:
            return
        after = current.next_cursor


def count(filters: Filters, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """(number of matches, True when there are more than `cap` and the number is `cap`).

    A free-text search counts to SEARCH_COUNT_CAP at most: each hit counted is a row whose
    text is checked, where a page checks only the rows it shows.
    """
    plan = _text_plan(filters)
    if plan != "none":
        cap = min(cap, SEARCH_COUNT_CAP)
    if plan == "walk":
        n = len(_walk_ids(filters, cap + 1))
    else:
        inner = _planned(filters, plan).limit(cap + 1)
        if plan != "none" and replace(filters, text=None).is_empty():
            # A search alone is counted in page order, so the database walks the sort index
            # and stops after `cap` hits of a common word instead of building a bitmap of all
            # of them. With other filters its own plan was faster in every case measured.
            key = SORTS[filters.sort]()
            inner = inner.order_by(key.desc(), Submission.id.desc())
        n = Submission.select(pw.fn.COUNT(pw.SQL("*"))).from_(inner.alias("capped")).scalar()
    return (cap, True) if n > cap else (n, False)


def waiting_among(rows) -> set[str]:
    """The uuids of `rows` (a page's) still waiting for a file, for their badges."""
    return attachments.waiting_among([row.uuid for row in rows])


def summary(row, waiting: set[str] = frozenset()) -> dict:
    """A listed submission as the API shows it (no answers); `row` has SUMMARY's columns,
    `waiting` the uuids of its page that wait for a file (`waiting_among`)."""
    return {
        "uuid": row.uuid,
        "form_id": row.form_id,
        "form_version": row.form_version,
        "author": row.author_name,
        "device": row.device,
        "rev": row.rev,
        "review_state": row.review_state,
        "created_at": row.created_at,
        "received_at": row.received_at,
        "updated_at": row.updated_at,
        "record_date": row.record_date,
        "place": {
            "province": row.province, "district": row.district,
            "subdistrict": row.subdistrict, "village_no": row.village_no,
        },
        "has_conflicts": bool(row.has_conflicts),
        "waiting_for_files": row.uuid in waiting,
    }


# --- what the filters offer ------------------------------------------------------------------


def _distinct(column: str, where: list[tuple[str, str]], limit: int = 500) -> list[str]:
    """The distinct values of `column` under the fixed `where` columns, by index skips.

    A recursive query that jumps from one value to the next through the place index
    ("loose index scan"): it reads one index entry per distinct value, where a plain
    SELECT DISTINCT would read every row (PostgreSQL has no skip scan of its own).
    """
    mark = "%s" if database.obj.param == "%s" else "?"
    fixed = "".join(f" AND {name} = {mark}" for name, _ in where)
    values = [value for _, value in where]
    sql = (
        f"WITH RECURSIVE v(x, n) AS ("
        f" SELECT (SELECT min({column}) FROM submission WHERE {column} IS NOT NULL{fixed}), 1"
        f" UNION ALL"
        f" SELECT (SELECT min({column}) FROM submission WHERE {column} > v.x{fixed}), n + 1"
        f" FROM v WHERE v.x IS NOT NULL AND n < {int(limit)})"
        f" SELECT x FROM v WHERE x IS NOT NULL")
    return [x for (x,) in database.execute_sql(sql, values * 2).fetchall()]


PLACE_LEVELS = ("province", "district", "subdistrict", "village_no")


def place_choices(filters: Filters) -> dict[str, list[str]]:
    """Values to offer for each level of the place hierarchy, narrowed by the levels chosen
    above it (province, then district, sub-district, village): the listing's drop-downs."""
    out: dict[str, list[str]] = {}
    where: list[tuple[str, str]] = []
    for level in PLACE_LEVELS:
        values = _distinct(level, where)
        if level == "village_no":
            values.sort(key=lambda v: (len(v), v))
        out[level] = values
        chosen = getattr(filters, level)
        if not chosen:
            break
        where.append((level, chosen))
    return out


def filter_choices(filters: Filters) -> dict[str, list[str]]:
    """What each drop-down of the listing offers: senders, device labels, and the place
    levels (`place_choices`)."""
    return {
        "author": [u for (u,) in User.select(User.username).order_by(User.username).tuples()],
        "device": [d for (d,) in Device.select(Device.label).distinct()
                   .order_by(Device.label).tuples()],
        **place_choices(filters),
    }


# --- one submission --------------------------------------------------------------------------


@dataclass
class Detail:
    """One submission in full. `submission` is exactly what GET /api/v1/submissions/<uuid>
    answers; `batch` is the batch it last came in (device id, clock skew), for the page."""

    submission: dict
    batch: dict | None


def detail(uuid: str, viewer) -> Detail:
    """Everything about one submission: answers, every revision (oldest first), conflicting
    revisions, reviews (oldest first). A field user may read only their own (Forbidden)."""
    key = normal_uuid(uuid) if isinstance(uuid, str) else None
    row = Submission.get_or_none(Submission.uuid == key) if key else None
    if row is None:
        raise NotFound("no_such_submission", {"uuid": uuid})
    if row.author_id != viewer.id and not has_role(viewer, SUPERVISOR):
        raise Forbidden("not_your_submission")
    revisions = Revision.select().where(Revision.submission == key).order_by(Revision.rev)
    conflicts = (ConflictRevision.select().where(ConflictRevision.submission == key)
                 .order_by(ConflictRevision.id))
    reviews = ReviewEvent.select().where(ReviewEvent.submission == key).order_by(ReviewEvent.id)
    batch = (Batch.select(Batch.batch_id, Batch.device_id, Batch.sent_at,
                          Batch.clock_skew_seconds)
             .where((Batch.batch_id == row.batch_id) & (Batch.user == row.author_id))
             .dicts().first())
    missing = attachments.missing_for([key]).get(key, [])
    return Detail({
        **summary(row, {key} if missing else set()),
        "batch_id": row.batch_id,
        "content_hash": row.content_hash,
        "answers": json.loads(row.answers),
        "missing_attachments": missing,
        "revisions": [
            {"rev": r.rev, "base_rev": r.base_rev, "form_version": r.form_version,
             "content_hash": r.content_hash, "answers": json.loads(r.answers),
             "device": r.device, "batch_id": r.batch_id, "created_at": r.created_at,
             "received_at": r.received_at}
            for r in revisions
        ],
        "conflicts": [
            {"base_rev": c.base_rev, "current_rev": c.current_rev,
             "form_version": c.form_version, "content_hash": c.content_hash,
             "answers": json.loads(c.answers), "device": c.device, "batch_id": c.batch_id,
             "created_at": c.created_at, "received_at": c.received_at}
            for c in conflicts
        ],
        "reviews": [
            {"rev": e.rev, "review_state": e.review_state, "comment": e.comment,
             "reviewer": e.reviewer_name, "reviewed_at": e.reviewed_at}
            for e in reviews
        ],
    }, batch)


# --- the quarantine --------------------------------------------------------------------------

_QUARANTINE_CURSOR = "quarantine"


def _quarantined(q: Quarantine) -> dict:
    return {"id": q.id, "username": q.username, "device": q.device, "batch_id": q.batch_id,
            "uuid": q.uuid, "code": q.code, "errors": json.loads(q.errors),
            "payload": json.loads(q.payload), "received_at": q.received_at}


def quarantine_page(cursor: str | None = None, limit: int = PAGE_SIZE) -> dict:
    """Rejected push items, newest first, with their raw payload and errors:
    `{"items", "cursor", "more"}`; pass `cursor` back for the next page."""
    query = Quarantine.select()
    if cursor:
        (before,) = decode_cursor(_QUARANTINE_CURSOR, cursor, (int,))
        query = query.where(Quarantine.id < before)
    rows = list(query.order_by(Quarantine.id.desc()).limit(limit + 1))
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [_quarantined(q) for q in rows],
        "cursor": encode_cursor(_QUARANTINE_CURSOR, [rows[-1].id]) if more and rows else None,
        "more": more,
    }


def quarantine_item(item_id: int) -> dict:
    """One rejected item by its id; NotFound for any id that names none."""
    row = (Quarantine.get_or_none(Quarantine.id == item_id)
           if type(item_id) is int and 0 < item_id <= MAX_ID else None)
    if row is None:
        raise NotFound("no_such_rejected_item", {"id": item_id})
    return _quarantined(row)
