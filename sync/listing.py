"""Listing submissions for supervisors: filters, keyset pages, capped counts.

Everything here reads the denormalised columns of `submission` (place, record date, review
state, author, search text) so a page never parses answers to decide what to show.

Pages are keyset pages: a cursor names the last row seen by its sort key and id, and the next
page starts strictly after it. Unlike OFFSET, a page 10,000 rows deep costs what the first
does, and rows that arrive while someone pages never make a row repeat or vanish.

Counting every match of a broad filter over a million rows would cost more than the page
itself, so counts stop at a cap and say so ("10,000+").
"""

import base64
import binascii
import json
from dataclasses import dataclass, fields, replace

import peewee as pw

from sync import search
from sync.db import database
from sync.models import REVIEW_STATES, Quarantine, Submission, User

__all__ = [
    "Filters",
    "Page",
    "SORTS",
    "PAGE_SIZE",
    "COUNT_CAP",
    "install_indexes",
    "matching",
    "page",
    "count",
    "iterate",
    "place_choices",
    "rejected_page",
    "encode_cursor",
    "decode_cursor",
    "InvalidCursorText",
    "ListingColumns",
    "listing_columns",
]

PAGE_SIZE = 50
COUNT_CAP = 10_000


def _record_date_key():
    # A missing record date sorts as the oldest. The '' is written into the SQL, not bound:
    # only the very expression of the index below lets the database use that index.
    return pw.fn.COALESCE(Submission.record_date, pw.SQL("''"))


SORTS = {
    "received": lambda: Submission.received_at,
    "record_date": _record_date_key,
}

# Keyset pages by record date need an index on the same expression (peewee cannot declare it
# on the model); received_at already has (received_at, id) and (form_id, received_at, id).
_INDEXES = (
    "CREATE INDEX IF NOT EXISTS submission_record_date_key "
    "ON submission ((COALESCE(record_date, '')), id)",
    "CREATE INDEX IF NOT EXISTS submission_form_record_date_key "
    "ON submission (form_id, (COALESCE(record_date, '')), id)",
    # The overview counts by form and state from this index alone.
    "CREATE INDEX IF NOT EXISTS submission_form_state "
    "ON submission (form_id, review_state)",
)
# Below this many search hits, a page starts from the hits; above, from the sort index.
SELECTIVE_HITS = 5_000
# Other filters that leave fewer rows than this: test those rows' text, no index needed.
NARROW_ROWS = 5_000
# A count of search hits stops here: a search is read, not tallied.
SEARCH_COUNT_CAP = 200


def install_indexes() -> None:
    """Create the listing's expression indexes and the search index (safe on every start;
    sync.db.create_tables calls it with its connection open)."""
    for statement in _INDEXES:
        database.execute_sql(statement)
    search.install()


@dataclass(frozen=True, slots=True)
class ListingColumns:
    """The columns of `submission` that supervisors list and filter by, read from the
    answers when a submission is stored, so that no page parses answers."""

    province: str | None
    district: str | None
    subdistrict: str | None
    village_no: str | None
    record_date: str | None


def listing_columns(answers: dict, summary=None) -> ListingColumns:
    """The listing columns of validated answers: the place and date that the form's
    `summary` (a `forms.summary.Summary`) declares; none without one."""
    declared = summary.place_and_date(answers) if summary else {}
    village = declared.get("village")
    record_date = declared.get("date")
    return ListingColumns(
        province=_text_or_none(declared.get("province")),
        district=_text_or_none(declared.get("district")),
        subdistrict=_text_or_none(declared.get("subdistrict")),
        village_no=None if village is None or isinstance(village, (dict, list, bool))
        else str(village),
        record_date=record_date if isinstance(record_date, str) else None,
    )


def _text_or_none(value):
    return value if isinstance(value, str) else None


class InvalidCursorText(ValueError):
    """A cursor that this module did not make (edited by hand, or from another sort)."""


@dataclass(frozen=True)
class Filters:
    """What a supervisor narrowed the listing to; every field is optional."""

    form_id: str | None = None
    states: tuple[str, ...] = ()
    province: str | None = None
    district: str | None = None
    subdistrict: str | None = None
    village_no: str | None = None
    date_from: str | None = None  # record date, YYYY-MM-DD, inclusive
    date_to: str | None = None
    author: str | None = None  # username
    device: str | None = None
    has_conflicts: bool = False
    text: str | None = None
    sort: str = "received"

    def __post_init__(self):
        if self.sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}")
        unknown = set(self.states) - set(REVIEW_STATES)
        if unknown:
            raise ValueError(f"unknown review states: {', '.join(sorted(unknown))}")

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
        if self.has_conflicts:
            c.append(Submission.has_conflicts == True)  # noqa: E712
        if text and self.text and self.text.strip():
            hits = search.estimate(self.text, SELECTIVE_HITS)
            c.append(search.matches(self.text, selective=hits is None or hits < SELECTIVE_HITS))
        return c

    def is_empty(self) -> bool:
        defaults = Filters()
        return all(getattr(self, f.name) == getattr(defaults, f.name)
                   for f in fields(self) if f.name != "sort")


def matching(filters: Filters, columns=None, text: bool = True) -> pw.Select:
    """Submissions that pass `filters` (without the free text if `text` is False), unordered."""
    query = Submission.select(*(columns or ()))
    conditions = filters.conditions(text)
    if conditions:
        query = query.where(*conditions)
    return query


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


# --- cursors -------------------------------------------------------------------------------


def encode_cursor(sort: str, key: str, row_id: int) -> str:
    raw = json.dumps([sort, key, row_id], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(sort: str, text: str) -> tuple[str, int]:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        made_for, key, row_id = json.loads(raw)
    except (ValueError, TypeError, binascii.Error):
        raise InvalidCursorText(text) from None
    if made_for != sort or not isinstance(key, str) or not isinstance(row_id, int):
        raise InvalidCursorText(text)
    return key, row_id


@dataclass
class Page:
    rows: list
    next_cursor: str | None  # rows after the last one shown (older)
    prev_cursor: str | None  # rows before the first one shown (newer)
    sort: str = "received"
    # A search's first page also counts its hits, as `count` would (see `page`).
    count: tuple[int, bool] | None = None


def _key_of(row, sort: str) -> str:
    return row.received_at if sort == "received" else (row.record_date or "")


def page(filters: Filters, after: str | None = None, before: str | None = None,
         limit: int = PAGE_SIZE, columns=None) -> Page:
    """One page, newest first, starting after cursor `after` (or ending before `before`).

    Cursors come from a previous Page of the same sort; a foreign one raises
    InvalidCursorText. `columns` limits what is read (id and sort keys are always read).

    Two steps: the ids of the page, found with only the sort key and the filters (an index
    walk, no wide rows), then those rows in full by primary key.

    The first page of a search reads up to SEARCH_COUNT_CAP + 1 ids instead of one page's, so
    `Page.count` can answer what `count` would without a second search: searching the text
    is what costs, and the extra ids come from the same hits.
    """
    sort = filters.sort
    key = SORTS[sort]()
    backwards = before is not None and after is None
    cursor = before if backwards else after
    value, row_id = decode_cursor(sort, cursor) if cursor else (None, None)
    plan = _text_plan(filters)
    counting = plan != "none" and not cursor
    wanted_ids = max(limit, SEARCH_COUNT_CAP) + 1 if counting else limit + 1
    if plan == "walk":
        ids = _walk_ids(filters, wanted_ids, before_id=None if backwards else row_id,
                        after_id=row_id if backwards else None)
    else:
        query = _planned(filters, plan)
        if cursor and backwards:
            query = query.where(pw.Tuple(key, Submission.id) > pw.Tuple(value, row_id))
        elif cursor:
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
    wanted = list(columns or ())
    if wanted:
        wanted += [Submission.id, Submission.received_at, Submission.record_date]
    by_id = {row.id: row for row in Submission.select(*wanted).where(Submission.id.in_(ids))}
    rows = [by_id[row_id] for row_id in ids if row_id in by_id]
    if not rows:
        return Page([], None, None, sort, hits)
    first, last = rows[0], rows[-1]
    older = more if not backwards else True
    newer = bool(cursor) if not backwards else more
    return Page(
        rows,
        encode_cursor(sort, _key_of(last, sort), last.id) if older else None,
        encode_cursor(sort, _key_of(first, sort), first.id) if newer else None,
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


def place_choices(filters: Filters) -> dict[str, list[str]]:
    """Values to offer for each level of the place hierarchy, narrowed by the levels chosen
    above it (province, then district, sub-district, village): the listing's drop-downs."""
    levels = ("province", "district", "subdistrict", "village_no")
    out: dict[str, list[str]] = {}
    where: list[tuple[str, str]] = []
    for level in levels:
        values = _distinct(level, where)
        if level == "village_no":
            values.sort(key=lambda v: (len(v), v))
        out[level] = values
        chosen = getattr(filters, level)
        if not chosen:
            break
        where.append((level, chosen))
    return out


def rejected_page(after: int | None = None, limit: int = PAGE_SIZE) -> tuple[list, int | None]:
    """Quarantined push items, newest first: (rows, id to pass as `after` for the next page)."""
    query = Quarantine.select().order_by(Quarantine.id.desc()).limit(limit + 1)
    if after is not None:
        query = query.where(Quarantine.id < after)
    rows = list(query)
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].id if more else None)
