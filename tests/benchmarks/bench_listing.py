"""How fast the supervisor pages answer on a big database, and what a big export costs.

Run on purpose:

    python -m tests.benchmarks.bench_listing --db sqlite --rows 1000000
    python -m tests.benchmarks.bench_listing --db postgres --rows 1000000

It loads N submissions into a fresh database (a SQLite file, or a scratch PostgreSQL database
that is dropped afterwards), then times real requests through the Flask app (the test client:
server-side time, no network) as a signed-in supervisor, median of several runs: the first
page, a page 10,000 rows deep via its keyset cursor, a filter by village and review state,
Thai substring searches (a common word and a rare one), the overview, and a 100,000-row CSV
export with its peak memory (measured in a child process of its own).

The data: a few thousand distinct answer sets from the sample-answer generator, validated
by the server's compiled forms (so computed values and listing columns are the server's),
reused across N rows that differ in uuid, author, device, review state and time received.
Loading takes the bulk-load shape (rows first, then the search index built once); the
timings are of the indexes exactly as `create_tables` makes them.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

TARGET_PAGE_MS = 100
TARGET_EXPORT_S = 60
TARGET_EXPORT_MB = 200
EXPORT_ROWS = 100_000
DISTINCT = 4000
RUNS = 7
FORM_WEIGHTS = {"training_attendance": 4, "forum_minutes": 2, "proposal_scoring": 3,
                "km_record": 1}
STATES = (("received", 40), ("edited", 5), ("has_issues", 10), ("approved", 40),
          ("rejected", 5))
EXPORT_AUTHOR = "export-officer"
PASSWORD = "benchmark-password"


# --- the data --------------------------------------------------------------------------------


def distinct_sets(count: int, seed: int = 1):
    """(form_id, version, answers_json, columns, content_hash) for `count` sample answer sets."""
    from forms.bundled import bundled
    from forms.canonical import canonical_json, content_hash
    from forms.samples import sample_answers
    from sync import catalog
    from sync.listing import listing_columns
    from sync.search import search_text

    rng = random.Random(seed)
    forms = list(FORM_WEIGHTS)
    weights = list(FORM_WEIGHTS.values())
    out = {form: [] for form in forms}
    hashes = {form: bundled(form).hash for form in forms}
    for n in range(count):
        form = rng.choices(forms, weights)[0] if n >= len(forms) else forms[n]
        raw = sample_answers(bundled(form).raw, seed * 1_000_000 + n)
        outcome = catalog.compiled(hashes[form]).validate(raw)
        if not outcome.ok:
            continue
        clean = outcome.answers
        text = canonical_json(clean).decode("utf-8")
        version = bundled(form).version  # the current bundled version, whose hash is used
        columns = {**dataclasses.asdict(listing_columns(clean, bundled(form).summary)),
                   "search_text": search_text(clean)}
        out[form].append((form, version, text, columns,
                          content_hash({"answers": clean, "form_id": form,
                                        "form_version": version})))
    return out


def rows(n: int, sets: dict, users: list[tuple[int, str]], seed: int = 2):
    """N submission rows as tuples in COLUMNS order, oldest first."""
    rng = random.Random(seed)
    forms = list(FORM_WEIGHTS)
    weights = list(FORM_WEIGHTS.values())
    states = [s for s, _ in STATES]
    state_weights = [w for _, w in STATES]
    export_every = max(n // EXPORT_ROWS, 1) if n >= EXPORT_ROWS else 0
    export_user = next(u for u in users if u[1] == EXPORT_AUTHOR)
    field_users = [u for u in users if u[1] != EXPORT_AUTHOR]
    start = datetime(2021, 10, 1, tzinfo=timezone.utc)
    step = timedelta(seconds=(5 * 365 * 86400) / max(n, 1))
    for i in range(n):
        if export_every and i % export_every == 0 and i // export_every < EXPORT_ROWS:
            form, (user_id, username) = "training_attendance", export_user
        else:
            form, (user_id, username) = rng.choices(forms, weights)[0], rng.choice(field_users)
        form_id, version, answers, columns, chash = rng.choice(sets[form])
        received = (start + step * i).isoformat(timespec="microseconds")
        yield (
            str(uuid.UUID(int=rng.getrandbits(128), version=4)), form_id, version, user_id,
            username, f"phone-{user_id}", str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            rng.choices(states, state_weights)[0], received, received, received, 1, chash,
            answers, columns["province"], columns["district"], columns["subdistrict"],
            columns["village_no"], columns["record_date"], rng.random() < 0.01,
            columns["search_text"],
        )


COLUMNS = ("uuid", "form_id", "form_version", "author_id", "author_name", "device", "batch_id",
           "review_state", "created_at", "received_at", "updated_at", "rev", "content_hash",
           "answers", "province", "district", "subdistrict", "village_no", "record_date",
           "has_conflicts", "search_text")


def load(n: int, chunk: int = 20_000) -> float:
    """Fill the bound database with the forms, users and N submissions; returns seconds."""
    from sync import accounts, catalog, listing, tally
    from sync.db import database, is_postgres
    from sync.models import MODELS

    began = time.perf_counter()
    database.create_tables(MODELS, safe=True)  # the search index and tally come after the rows
    accounts.SCRYPT_N = 2**8
    catalog.publish_bundled()
    accounts.create_user("malee", "supervisor", PASSWORD)
    users = [(accounts.create_user(name, "field", PASSWORD).id, name)
             for name in [EXPORT_AUTHOR] + [f"officer{k:02d}" for k in range(1, 50)]]
    print(f"  generating {DISTINCT} distinct answer sets ...", flush=True)
    sets = distinct_sets(DISTINCT)
    if is_postgres():  # loaded as indexed: the partial trigram index is built once, below
        database.execute_sql("ALTER TABLE submission ADD COLUMN search_indexed boolean "
                             "NOT NULL DEFAULT true")
    placeholders = ", ".join(["%s" if is_postgres() else "?"] * len(COLUMNS))
    sql = f"INSERT INTO submission ({', '.join(COLUMNS)}) VALUES ({placeholders})"
    batch, done = [], 0
    connection = database.connection()
    for row in rows(n, sets, users):
        batch.append(row)
        if len(batch) >= chunk:
            _insert(connection, sql, batch, is_postgres())
            done += len(batch)
            batch = []
            if done % 200_000 == 0:
                print(f"  {done:,} rows in {time.perf_counter() - began:.0f} s", flush=True)
    if batch:
        _insert(connection, sql, batch, is_postgres())
    print("  building indexes ...", flush=True)
    listing.install_indexes()
    if is_postgres():
        database.execute_sql("ALTER TABLE submission ALTER COLUMN search_indexed "
                             "SET DEFAULT false")
    else:  # every row into the trigram index at once, as the indexer would one by one
        database.execute_sql("INSERT INTO submission_search(submission_search) "
                             "VALUES ('rebuild')")
        database.execute_sql("UPDATE submission_search_state SET indexed_up_to = "
                             "(SELECT max(id) FROM submission)")
        connection.commit()
    tally.rebuild()  # the rows went in around push, which keeps the tally
    if is_postgres():
        # What autovacuum would soon do: statistics, and the visibility map that lets
        # index-only scans skip the table.
        import psycopg2

        raw = psycopg2.connect(_pg_url)
        raw.autocommit = True
        raw.cursor().execute("VACUUM ANALYZE submission")
        raw.close()
    else:
        database.execute_sql("ANALYZE")
    return time.perf_counter() - began


def _insert(connection, sql, batch, postgres: bool) -> None:
    cursor = connection.cursor()
    if postgres:
        from psycopg2.extras import execute_values

        execute_values(cursor, sql.split("VALUES")[0] + "VALUES %s", batch, page_size=2000)
    else:
        cursor.execute("BEGIN")
        cursor.executemany(sql, batch)
    connection.commit()


# --- timing ----------------------------------------------------------------------------------


_pg_url = None


@contextmanager
def database_for(kind: str, path: str | None):
    """A SQLite file (kept in `path` when given), or a PostgreSQL database: a scratch one
    dropped afterwards, or the one named by `path` (made if missing, kept, reused)."""
    global _pg_url
    if kind == "sqlite":
        directory = Path(path or tempfile.mkdtemp(prefix="tambon-bench-"))
        directory.mkdir(parents=True, exist_ok=True)
        yield str(directory / "bench.db"), directory
        return
    from tests.e2e.harness import PG_ADMIN_URL, scratch_postgres_database

    directory = Path(tempfile.mkdtemp(prefix="tambon-bench-"))
    if path:
        import psycopg2

        admin = psycopg2.connect(PG_ADMIN_URL)
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (path,))
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{path}"')
        admin.close()
        _pg_url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + path
        yield _pg_url, directory
        return
    with scratch_postgres_database("tambon_bench") as url:
        _pg_url = url
        yield url, directory


def app_for(url: str, directory: Path):
    from server.app import create_app
    from server.config import Config

    return create_app(Config(data_dir=str(directory), database_url=url,
                             secret_key="benchmark"))


def signed_in(app):
    client = app.test_client()
    form = client.get("/signin").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    response = client.post("/signin", data={"username": "malee", "password": PASSWORD,
                                            "csrf_token": token})
    assert response.status_code == 302, response.status_code
    return client


def median_ms(client, path: str, runs: int = RUNS) -> tuple[float, int]:
    times, rows_shown = [], 0
    client.get(path)  # warm the caches a running server would have warm
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        rows_shown = response.get_data(as_text=True).count('name="uuid"')
    return statistics.median(times), rows_shown


def busiest_village():
    from peewee import fn

    from sync.models import Submission

    return (Submission.select(Submission.province, Submission.district, Submission.subdistrict,
                              Submission.village_no, fn.COUNT(Submission.id).alias("n"))
            .group_by(Submission.province, Submission.district, Submission.subdistrict,
                      Submission.village_no)
            .order_by(fn.COUNT(Submission.id).desc()).limit(1).tuples().first())


def run(kind: str, n: int, path: str | None, keep: bool) -> None:
    from urllib.parse import urlencode

    from sync import db, reads

    print(f"== {kind}, {n:,} submissions")
    with database_for(kind, path) as (url, directory):
        db.init_database(url)
        with db.database.connection_context():
            fresh = not db.database.table_exists("submission")
            if fresh:
                print(f"  loaded in {load(n):.0f} s", flush=True)
        app = app_for(url, directory)
        client = signed_in(app)
        with app.app_context(), db.database.connection_context():
            deep = reads.page(reads.Filters(), limit=10_000, columns=["id"]).next_cursor
            province, district, subdistrict, village, in_village = busiest_village()
        village_query = urlencode({"province": province, "district": district,
                                   "subdistrict": subdistrict, "village": village,
                                   "state": "approved"})
        cases = [
            ("first page", "/"),
            ("first page, one form", "/?form=training_attendance"),
            ("page 10,000 rows deep (keyset)", f"/?after={deep}"),
            (f"village + state ({in_village:,} in the village)", f"/?{village_query}"),
            ("search ขนม (common word)", "/?q=" + "ขนม"),
            ("search ทองหยิบ (a dessert)", "/?q=" + "ทองหยิบ"),
            ("search โสธร in one form", "/?form=km_record&q=" + "โสธร"),
            ("sorted by record date", "/?sort=record_date"),
            ("overview", "/overview"),
        ]
        print(f"  {'request':<44} {'median ms':>10} {'rows':>6}")
        for name, target in cases:
            ms, shown = median_ms(client, target)
            flag = "" if ms < TARGET_PAGE_MS else f"  (over {TARGET_PAGE_MS} ms)"
            print(f"  {name:<44} {ms:>10.1f} {shown:>6}{flag}", flush=True)
        if n >= EXPORT_ROWS:
            export(url, directory)
        if kind == "sqlite" and not keep and path is None:
            for file in directory.glob("bench.db*"):
                file.unlink()


def export(url: str, directory: Path) -> None:
    """Time the 100,000-row CSV export in a child process, so its peak memory is its own."""
    child = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.bench_listing", "--export-child", url,
         "--path", str(directory)],
        capture_output=True, text=True, check=True,
    )
    result = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"  CSV export of {result['rows']:,} submissions ({result['mb']:.0f} MB zipped, "
          f"{result['repeat_rows']:,} participant rows): {result['seconds']:.1f} s, "
          f"peak memory {result['peak_mb']:.0f} MB (process total)"
          + ("" if result["seconds"] < TARGET_EXPORT_S and result["peak_mb"] < TARGET_EXPORT_MB
             else "  (over target)"), flush=True)


def export_child(url: str, directory: str) -> None:
    import io
    import zipfile

    from sync import db

    db.init_database(url)
    app = app_for(url, Path(directory))
    client = signed_in(app)
    began = time.perf_counter()
    response = client.get(f"/export.csv?form=training_attendance&author={EXPORT_AUTHOR}",
                          buffered=False)
    spool = tempfile.TemporaryFile()
    size = 0
    for chunk in response.response:
        spool.write(chunk)
        size += len(chunk)
    response.close()
    seconds = time.perf_counter() - began
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    spool.seek(0)
    with zipfile.ZipFile(spool) as archive:
        names = sorted(archive.namelist(), key=len)
        counts = []
        for name in names:
            with archive.open(name) as part:
                counts.append(sum(1 for _ in io.TextIOWrapper(part, encoding="utf-8-sig")) - 1)
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "mb": size / 2**20,
                      "rows": counts[0], "repeat_rows": sum(counts[1:])}))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--path", help="keep (or reuse) the SQLite database in this folder, "
                        "or the PostgreSQL database of this name")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file")
    parser.add_argument("--export-child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.export_child:
        export_child(args.export_child, args.path)
        return
    run(args.db, args.rows, args.path, args.keep)


if __name__ == "__main__":
    os.environ.setdefault("TAMBON_WEB_IDLE_MINUTES", "600")
    main()
