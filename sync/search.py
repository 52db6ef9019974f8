"""Substring search over `submission.search_text`, fast on both backends.

Thai is written without spaces between words, so a word-based full-text index cannot find
"ขนม" inside "การสาธิตการทำขนมไทย". Trigram indexes can: they index every run of three
characters, and any substring of three or more characters is found through them.

- SQLite: an FTS5 table with the `trigram` tokenizer, external-content over `submission`
  (the text is stored once), kept in step by triggers on insert, update and delete.
- PostgreSQL: a `pg_trgm` GIN index on `search_text`, which `ILIKE '%...%'` uses.

A query shorter than three characters has no trigram, so it falls back to a plain
case-insensitive LIKE scan (correct, slower; a one- or two-letter search is rare).
"""

import peewee as pw

from sync.db import database, is_postgres
from sync.models import Submission

__all__ = ["install", "uninstall", "matches", "estimate", "MIN_INDEXED_LENGTH"]

MIN_INDEXED_LENGTH = 3
FTS_TABLE = "submission_search"

_SQLITE_DDL = (
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        search_text, content='submission', content_rowid='id', tokenize='trigram')""",
    f"""CREATE TRIGGER IF NOT EXISTS submission_search_ai AFTER INSERT ON submission BEGIN
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS submission_search_ad AFTER DELETE ON submission BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    # Only when the text changes: a review decision must not rewrite the index.
    f"""CREATE TRIGGER IF NOT EXISTS submission_search_au
        AFTER UPDATE OF search_text ON submission
        WHEN old.search_text IS NOT new.search_text BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
)

_POSTGRES_DDL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS submission_search_trgm "
    "ON submission USING gin (search_text gin_trgm_ops)",
)


def install() -> None:
    """Create the search index for the bound database (safe to call on every start).

    On SQLite, an index created over existing rows is filled from them once.
    """
    if is_postgres():
        for statement in _POSTGRES_DDL:
            database.execute_sql(statement)
        return
    existed = database.execute_sql(
        "SELECT 1 FROM sqlite_master WHERE name = ?", (FTS_TABLE,)
    ).fetchone()
    with database.atomic():
        for statement in _SQLITE_DDL:
            database.execute_sql(statement)
        if not existed:
            database.execute_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def uninstall() -> None:
    """Drop what `install` made outside the submission table (with drop_tables)."""
    if not is_postgres():
        database.execute_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def _like_pattern(text: str) -> str:
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


def matches(text: str, selective: bool = True) -> pw.Node:
    """A WHERE clause for submissions whose answers contain `text` (any case, any place).

    On SQLite, `selective` says how to use the trigram index: True for a rare text (start
    from the index's few hits and sort them), False for a common one (walk the listing's
    sort index and keep rows that are among the hits, stopping once a page is full).
    """
    text = text.strip()
    if is_postgres():
        return Submission.search_text.ilike(_like_pattern(text))  # backslash escapes by default
    if len(text) < MIN_INDEXED_LENGTH:
        return pw.NodeList((Submission.search_text, pw.SQL("LIKE"), pw.Value(_like_pattern(text)),
                            pw.SQL("ESCAPE '\\'")))
    hits = pw.SQL(f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?)",
                  (_fts_phrase(text),))
    # A unary + keeps SQLite from driving the query by the IN list (it cannot index "+id").
    subject = Submission.id if selective else pw.NodeList((pw.SQL("+"), Submission.id), glue="")
    return subject.in_(hits)
