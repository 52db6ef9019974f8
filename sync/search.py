"""Substring search over `submission.search_text`, fast on both backends.

Thai is written without spaces between words, so a word-based full-text index cannot find
"ขนม" inside "การสาธิตการทำขนมไทย". Trigram indexes can: they index every run of three
characters, and any substring of three or more characters is found through them.

- SQLite: an FTS5 table with the `trigram` tokenizer, external-content over `submission`
  (the text is stored once). Indexing costs about half a millisecond per submission, more
  than validating and storing it, so pushes do not pay it: the index catches up afterwards
  (`catch_up`, run by `tambon serve`'s indexer process and by `tambon index`), up to a
  watermark, the highest submission id indexed. The indexer stays out of a sync burst's way
  (`indexing_due`): it works once pushes pause, or when a row has waited too long. Rows above the watermark are searched with
  LIKE, so a search is always complete; it is only slower while a backlog waits. SQLite has
  one writer at a time and ids only grow, so no row can appear below the watermark later.
  Edits of indexed rows are kept in step by triggers.
- PostgreSQL: a `pg_trgm` GIN index on `search_text`, which `LIKE '%...%'` uses. Keeping
  it up to date costs about 470 µs per inserted submission, more than the rest of the insert,
  so it too is deferred: the index is partial, over rows whose `search_indexed` flag is set,
  and the same indexer sets the flag afterwards. Rows still waiting are found through a small
  partial index on the flag and searched without the index, so a search is always complete.
  The flag lives in the row, so nothing can be lost between a push and the indexer: an edit
  of a waiting row leaves it waiting, an edit of an indexed row is indexed as it is written,
  and several indexers (one per server sharing the database) claim rows with SKIP LOCKED.

The search text is stored lower-cased (see `search_text`) and queries are
lower-cased the same way, so a plain LIKE ignores case: checking the index's candidates is
what a search costs, and ILIKE, which lower-cases every candidate's text as it reads it, took
over twice as long on PostgreSQL (measured on 1,000,000 rows).

A query shorter than three characters has no trigram, so it falls back to a plain
case-insensitive LIKE scan (correct, slower; a one- or two-letter search is rare).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import peewee as pw

from forms.fieldtypes import FIELD_TYPES
from sync.clock import to_server_iso
from sync.db import database, is_postgres
from sync.models import Submission

__all__ = ["install", "uninstall", "matches", "estimate", "contains", "indexed", "walk",
           "unindexed", "catch_up", "backlog", "indexing_due", "search_text", "is_searched",
           "MIN_INDEXED_LENGTH"]

MIN_INDEXED_LENGTH = 3
FTS_TABLE = "submission_search"

STATE_TABLE = "submission_search_state"
_WATERMARK = f"(SELECT indexed_up_to FROM {STATE_TABLE})"

_SQLITE_DDL = (
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        search_text, content='submission', content_rowid='id', tokenize='trigram')""",
    f"""CREATE TABLE IF NOT EXISTS {STATE_TABLE} (
        id INTEGER PRIMARY KEY CHECK (id = 1), indexed_up_to INTEGER NOT NULL)""",
    f"INSERT OR IGNORE INTO {STATE_TABLE} (id, indexed_up_to) VALUES (1, 0)",
    "DROP TRIGGER IF EXISTS submission_search_ai",  # indexed on insert before the watermark
    f"""CREATE TRIGGER IF NOT EXISTS submission_search_ad AFTER DELETE ON submission
        WHEN old.id <= {_WATERMARK} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    # Only when the text changes: a review decision must not rewrite the index.
    f"""CREATE TRIGGER IF NOT EXISTS submission_search_au
        AFTER UPDATE OF search_text ON submission
        WHEN old.search_text IS NOT new.search_text AND old.id <= {_WATERMARK} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
)

_POSTGRES_FLAG = "search_indexed"
_POSTGRES_DDL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS submission_search_trgm_indexed "
    f"ON submission USING gin (search_text gin_trgm_ops) WHERE {_POSTGRES_FLAG}",
    f"CREATE INDEX IF NOT EXISTS submission_search_waiting "
    f"ON submission (id) WHERE NOT {_POSTGRES_FLAG}",
    # The index every insert paid for, before the indexer kept it.
    "DROP INDEX IF EXISTS submission_search_trgm",
)


# --- what is searched ------------------------------------------------------------------------

# The types whose strings a search finds (texts, choices, phone numbers): forms/fieldtypes.py.
SEARCHED_TYPES = frozenset(name for name, entry in FIELD_TYPES.items() if entry.searched)


def is_searched(field_type: str) -> bool:
    """Whether answers of `field_type` go into the search text: words people look for
    (names, places, choices, phone numbers), not dates, times or numbers."""
    return field_type in SEARCHED_TYPES


def search_text(answers: dict, fields=None) -> str:
    """Each distinct text and choice answer once, one per line, for substring search (Thai
    has no word breaks). Guided by the definition's `fields`, so dates, times and numbers
    stay out; without them, every string in the answers. Repeats (a gender per participant,
    the same village) are kept once: the search index pays for every character. Lower-cased,
    as searches are, so that a plain LIKE ignores case."""
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
        _search_plan(fields).collect(answers, found)
    return "\n".join(found).lower()


@dataclass(frozen=True, slots=True)
class _SearchPlan:
    """Which answers of one level are searched, decided once per definition: a repeat of 30
    rows then reads just its text fields, instead of asking every field of every row for its
    type."""

    texts: tuple[str, ...]
    groups: tuple[tuple[str, "_SearchPlan"], ...]
    repeats: tuple[tuple[str, "_SearchPlan"], ...]

    def collect(self, values: dict, found: dict) -> None:
        """Add the searched strings of `values` (one level and what nests in it) to `found`."""
        for name in self.texts:
            value = values.get(name)
            if type(value) is str:
                found[value] = None
            elif type(value) is list:
                for text in value:
                    if type(text) is str:
                        found[text] = None
        for name, inner in self.groups:
            value = values.get(name)
            if type(value) is dict:
                inner.collect(value, found)
        for name, inner in self.repeats:
            rows = values.get(name)
            if type(rows) is not list:
                continue
            if inner.groups or inner.repeats:
                for row in rows:
                    if type(row) is dict:
                        inner.collect(row, found)
                continue
            texts = inner.texts  # the usual repeat: a flat row, read here without a call a row
            for row in rows:
                if type(row) is not dict:
                    continue
                for name in texts:
                    value = row.get(name)
                    if type(value) is str:
                        found[value] = None
                    elif type(value) is list:
                        for text in value:
                            if type(text) is str:
                                found[text] = None


_search_plans: dict[int, tuple[object, _SearchPlan]] = {}  # id(fields) -> (fields, plan)


def _search_plan(fields) -> _SearchPlan:
    """The plan for a definition's field tree, made once and kept while the tree lives."""
    cached = _search_plans.get(id(fields))
    if cached is None or cached[0] is not fields:
        plan = _SearchPlan(
            tuple(spec.name for spec in fields if is_searched(spec.type)),
            tuple((spec.name, _search_plan(spec.children)) for spec in fields
                  if spec.type == "group"),
            tuple((spec.name, _search_plan(spec.children)) for spec in fields
                  if spec.type == "repeat"),
        )
        cached = _search_plans[id(fields)] = (fields, plan)  # holding `fields` pins its id
    return cached[1]


# --- the index --------------------------------------------------------------------------------


def install() -> None:
    """Create the search index for the bound database (safe to call on every start)."""
    if is_postgres():
        _install_postgres()
        return

    def exists(name):
        return database.execute_sql("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone()

    indexed_on_insert = exists(FTS_TABLE) and not exists(STATE_TABLE)
    with database.atomic():
        for statement in _SQLITE_DDL:
            database.execute_sql(statement)
        if indexed_on_insert:  # made when an insert trigger indexed every row: all are in
            database.execute_sql(f"UPDATE {STATE_TABLE} SET indexed_up_to = "
                                 "(SELECT coalesce(max(id), 0) FROM submission)")


def _install_postgres() -> None:
    # The flag is added here rather than declared on the model: only PostgreSQL needs it.
    # Looked up first, because ALTER TABLE locks the table even when it changes nothing.
    has_flag = database.execute_sql(
        "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = 'submission' AND column_name = %s", (_POSTGRES_FLAG,)).fetchone()
    with database.atomic():
        if not has_flag:
            database.execute_sql(f"ALTER TABLE submission ADD COLUMN IF NOT EXISTS "
                                 f"{_POSTGRES_FLAG} boolean NOT NULL DEFAULT false")
        for statement in _POSTGRES_DDL:
            database.execute_sql(statement)


def uninstall() -> None:
    """Drop what `install` made outside the submission table (with drop_tables)."""
    if not is_postgres():
        database.execute_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        database.execute_sql(f"DROP TABLE IF EXISTS {STATE_TABLE}")


def catch_up(limit: int = 200) -> int:
    """Index up to `limit` submissions above the watermark; returns how many (0: none waits).

    One short write transaction per call, so pushes wait at most for `limit` rows of
    indexing. On PostgreSQL "above the watermark" is "flag not set"; rows another indexer
    holds are skipped, not waited for.
    """
    if is_postgres():
        with database.atomic():
            return database.execute_sql(
                f"UPDATE submission SET {_POSTGRES_FLAG} = true WHERE id IN ("
                f"SELECT id FROM submission WHERE NOT {_POSTGRES_FLAG} ORDER BY id LIMIT %s "
                "FOR UPDATE SKIP LOCKED)", (limit,)).rowcount
    with database.atomic():
        start = database.execute_sql(f"SELECT indexed_up_to FROM {STATE_TABLE}").fetchone()[0]
        last, count = database.execute_sql(
            "SELECT max(id), count(*) FROM (SELECT id FROM submission WHERE id > ? ORDER BY id LIMIT ?)",
            (start, limit)).fetchone()
        if not count:
            return 0
        database.execute_sql(
            f"INSERT INTO {FTS_TABLE}(rowid, search_text) "
            "SELECT id, search_text FROM submission WHERE id > ? AND id <= ?", (start, last))
        database.execute_sql(f"UPDATE {STATE_TABLE} SET indexed_up_to = ?", (last,))
    return count


def backlog() -> int:
    """How many submissions wait to be indexed."""
    return database.execute_sql(
        f"SELECT count(*) FROM submission WHERE {_waiting()}").fetchone()[0]


def _waiting() -> str:
    """SQL true for the submissions not yet in the trigram index."""
    return f"NOT {_POSTGRES_FLAG}" if is_postgres() else f"id > {_WATERMARK}"


def indexing_due(quiet_seconds: float, max_wait_seconds: float,
                 now: datetime | None = None) -> bool:
    """Whether a following indexer should work now: something waits, and either no new
    submission arrived in the last `quiet_seconds` (the sync burst is over: indexing then
    takes neither CPU nor the write lock from it) or the oldest waiting one has waited
    `max_wait_seconds` (a steady trickle of pushes must not postpone the index forever)."""
    oldest, newest = database.execute_sql(
        f"SELECT (SELECT received_at FROM submission WHERE {_waiting()} ORDER BY id LIMIT 1), "
        "(SELECT max(received_at) FROM submission)").fetchone()
    if oldest is None:
        return False
    now = now or datetime.now(UTC)
    return (newest <= to_server_iso(now - timedelta(seconds=quiet_seconds))
            or oldest <= to_server_iso(now - timedelta(seconds=max_wait_seconds)))


def _like_pattern(text: str) -> str:
    """`text` lower-cased as the stored text is, its LIKE wildcards escaped."""
    text = text.lower()
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fts_phrase(text: str) -> str:
    """`text` as one FTS5 phrase: the trigram tokenizer then matches it as a substring."""
    return '"' + text.replace('"', '""') + '"'


def estimate(text: str, cap: int) -> int | None:
    """How many submissions contain `text`, counted up to `cap` from the index alone.

    None when the index cannot say cheaply (PostgreSQL, whose planner keeps its own
    statistics, and queries too short for trigrams).
    """
    text = text.strip()
    if is_postgres() or len(text) < MIN_INDEXED_LENGTH:
        return None
    return database.execute_sql(
        f"SELECT count(*) FROM (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? "
        "LIMIT ?)", (_fts_phrase(text), cap)).fetchone()[0]


def contains(text: str) -> pw.Node:
    """A plain substring test on the row's own text (no index): for few candidate rows.
    `search_text LIKE '%text%'` ignores case, the stored text being lower-case already."""
    return pw.NodeList((Submission.search_text, pw.SQL("LIKE"),
                        pw.Value(_like_pattern(text.strip())),
                        pw.SQL("ESCAPE '\\'")))


def indexed(text: str) -> bool:
    """True when the trigram index can answer `text` by itself (SQLite, 3+ characters)."""
    return not is_postgres() and len(text.strip()) >= MIN_INDEXED_LENGTH


def walk(query: pw.Select, text: str, before_id: int | None = None,
         after_id: int | None = None, newest_first: bool = True) -> pw.Select:
    """`query` (over Submission) driven by the trigram index's hits in id order (SQLite).

    The index hands out its hits in rowid order at almost no cost, so a page of a common word
    reads only the rows it shows instead of every hit. It covers the rows up to the
    watermark; `unindexed` gives the rest.
    """
    fts = pw.Table(FTS_TABLE, ("rowid",))
    query = query.join(fts, on=(fts.rowid == Submission.id)).where(
        pw.SQL(f"{FTS_TABLE} MATCH ?", (_fts_phrase(text.strip()),)))
    if before_id is not None:
        query = query.where(fts.rowid < before_id)
    if after_id is not None:
        query = query.where(fts.rowid > after_id)
    return query.order_by(fts.rowid.desc() if newest_first else fts.rowid.asc())


def unindexed(query: pw.Select, text: str) -> pw.Select:
    """`query` narrowed to the rows above the watermark that contain `text` (SQLite)."""
    return query.where(Submission.id > pw.SQL(_WATERMARK), contains(text))


def matches(text: str, selective: bool = True) -> pw.Node:
    """A WHERE clause for submissions whose answers contain `text` (any case, any place).

    On SQLite, `selective` says how to use the trigram index: True for a rare text (start
    from the index's few hits and sort them), False for a common one (walk the listing's
    sort index and keep rows that are among the hits, stopping once a page is full).
    """
    text = text.strip()
    if is_postgres():
        # The same LIKE twice: under the flag for the partial trigram index, and under its
        # negation for the few rows waiting (found through their own partial index).
        like = contains(text)
        return (pw.SQL(_POSTGRES_FLAG) & like) | (pw.SQL(f"NOT {_POSTGRES_FLAG}") & like)
    if len(text) < MIN_INDEXED_LENGTH:
        return contains(text)
    # Indexed rows through the index, the backlog above the watermark by LIKE.
    hits = pw.SQL(f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? UNION ALL "
                  f"SELECT id FROM submission WHERE id > {_WATERMARK} "
                  "AND search_text LIKE ? ESCAPE '\\')",
                  (_fts_phrase(text), _like_pattern(text)))
    # A unary + keeps SQLite from driving the query by the IN list (it cannot index "+id").
    subject = Submission.id if selective else pw.NodeList((pw.SQL("+"), Submission.id), glue="")
    return subject.in_(hits)
