"""How fast `tambon serve` stores pushed submissions, against what the database alone can do.

    python -m tests.benchmarks.bench_push [--db sqlite|postgres|both] [--submissions 20000]

For each database and each number of concurrent clients (1 and 4), a fresh installation is
prepared and served by `tambon serve --workers 2`. Realistic training_attendance submissions
(30 participants, ~4.5 KB each) are encoded into batches of 500 and gzipped, as the phone
client sends them, before any clock starts. Then:

- push: every batch once (all `created`), in submissions per second;
- floor: the same submission and revision rows, read back from the server's database,
  inserted with one raw `executemany` per table in one transaction into an empty database of
  the same kind and schema. The ratio push/floor is how much of the database's own speed the
  server keeps. A second floor, without the Thai substring-search index (SQLite's FTS5
  trigram triggers, PostgreSQL's partial pg_trgm GIN index and its list of rows waiting),
  shows what that index costs; push against it is the figure the goal is set on (>= 0.6),
  since pushes leave the index to the indexer;
- duplicates: the same batches sent again (all `duplicate`), in submissions per second;
- memory: the peak resident set (VmHWM from /proc) of each gunicorn worker.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import multiprocessing
import sys
import tempfile
import time
import uuid
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.harness import (
    Site,
    prepare_site,
    scratch_postgres_database,
    start_servers,
    stop_servers,
    submission,
)

TARGETS = {
    ("sqlite", 4): 3500,
    ("postgres", 4): 3000,
}
# Push against the floor without the search index (which pushes do not pay: the indexer
# catches up afterwards, see sync/search.py), measured in the same run: a ratio holds on a
# busy machine where absolute rates do not.
RATIO_TARGET = 0.6
DUPLICATE_TARGET = 12_000
WORKER_RSS_TARGET_MB = 300


@dataclass
class Row:
    database: str
    clients: int
    push_rate: float
    floor_rate: float
    floor_unsearchable_rate: float
    duplicate_rate: float
    worker_rss_mb: list[float]
    busy_retries: int


def make_items(count: int, participants: int) -> list[dict]:
    from forms.bundled import bundled_version
    from forms.samples import sample_answers

    definition = bundled_version("training_attendance", "1").raw  # the version items name
    return [submission(sample_answers(definition, seed=n,
                                      repeat_counts={"participants": participants}))
            for n in range(count)]


def encode_batches(items: list[dict], batch_size: int, compress: bool) -> list[bytes]:
    """The request bodies, ready to send: JSON envelopes, gzipped when `compress`."""
    bodies = []
    for start in range(0, len(items), batch_size):
        body = json.dumps({
            "batch_id": str(uuid.uuid4()),
            "device_id": "bench",
            "sent_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
            "submissions": items[start:start + batch_size],
        }, ensure_ascii=False).encode("utf-8")
        bodies.append(gzip.compress(body, 6) if compress else body)
    return bodies


def client(port: int, token: str, bodies: list[bytes], compressed: bool, barrier, out):
    """One client process: send its bodies one after another on one keep-alive connection."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    if compressed:
        headers["Content-Encoding"] = "gzip"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    statuses, busy = Counter(), 0
    barrier.wait()
    started = time.perf_counter()
    for body in bodies:
        while True:
            conn.request("POST", "/api/v1/sync/push", body=body, headers=headers)
            response = conn.getresponse()
            payload = response.read()
            if response.status != 503:
                break
            busy += 1
            time.sleep(float(response.getheader("Retry-After", "1")))
        if response.status != 200:
            raise RuntimeError(f"push answered {response.status}: {payload[:500]!r}")
        statuses.update(json.loads(payload)["summary"])
    out.put((started, time.perf_counter(), dict(statuses), busy))


def send_all(site: Site, bodies: list[bytes], clients: int, compressed: bool):
    """Send every body once, spread over `clients` processes; (seconds, statuses, busy)."""
    context = multiprocessing.get_context("fork")
    barrier, out = context.Barrier(clients), context.Queue()
    port = int(site.url.rsplit(":", 1)[1])
    processes = [
        context.Process(target=client, args=(
            port, site.tokens[f"phone-{n + 1}"], bodies[n::clients], compressed, barrier, out))
        for n in range(clients)
    ]
    for process in processes:
        process.start()
    reports = [out.get(timeout=1800) for _ in processes]
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise RuntimeError("a client failed; see above")
    statuses = sum((Counter(r[2]) for r in reports), Counter())
    seconds = max(r[1] for r in reports) - min(r[0] for r in reports)
    return seconds, statuses, sum(r[3] for r in reports)


def worker_peak_rss_mb(site: Site) -> list[float]:
    peaks = []
    for pid in site.servers[0].worker_pids():
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return peaks


def stored_rows(site: Site) -> dict[str, tuple[list[str], list[tuple]]]:
    """The authors, submissions and revisions the server stored: table -> (columns, rows),
    the model's columns only (not the search indexer's flag: the floor's rows wait for the
    indexer as a push's do)."""
    from sync import db
    from sync.models import Revision, Submission, User

    source = db.open_database(site.env.get("TAMBON_DATABASE_URL")
                              or str(site.data_dir / "tambon.db"))
    tables = {}
    with source.connection_context():
        for model in (User, Submission, Revision):
            table = model._meta.table_name
            columns = [f.column_name for f in model._meta.sorted_fields]
            names = ", ".join(f'"{c}"' for c in columns)
            cursor = source.execute_sql(f'SELECT {names} FROM "{table}" ORDER BY id')
            tables[table] = (columns, cursor.fetchall())
    if hasattr(source, "close_all"):
        source.close_all()
    return tables


def drop_search_index(database) -> None:
    """Remove whatever keeps a substring-search index of `submission` up to date."""
    import peewee

    if isinstance(database, peewee.SqliteDatabase):
        triggers = database.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'submission'")
        statements = [f'DROP TRIGGER "{name}"' for (name,) in triggers.fetchall()]
    else:
        indexes = database.execute_sql(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'submission' "
            "AND indexname LIKE %s", ("submission_search%",))
        statements = [f'DROP INDEX "{name}"' for (name,) in indexes.fetchall()]
    for statement in statements:
        database.execute_sql(statement)


def floor_rate(stored, scratch_url: str, searchable: bool = True) -> float:
    """Submissions per second of a raw executemany of the stored rows into an empty db."""
    from sync import db, tables

    target = db.bind(db.open_database(scratch_url))
    tables.create_tables()
    if not searchable:
        with target.connection_context():
            drop_search_index(target)

    def insert_sql(table, columns):
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join([target.param] * len(columns))
        return f'INSERT INTO "{table}" ({names}) VALUES ({marks})'

    with target.connection_context():
        with target.atomic():  # the authors, untimed
            target.cursor().executemany(insert_sql("user", stored["user"][0]), stored["user"][1])
        started = time.perf_counter()
        with target.atomic():
            cursor = target.cursor()
            for table in ("submission", "revision"):
                columns, rows = stored[table]
                cursor.executemany(insert_sql(table, columns), rows)
        seconds = time.perf_counter() - started
    if hasattr(target, "close_all"):
        target.close_all()
    return len(stored["submission"][1]) / seconds


def run(database: str, clients: int, bodies: list[bytes], submissions: int, args) -> Row:
    """One fresh installation, `clients` clients: push, duplicates, memory, then the floor."""
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="tambon-bench-")))
        url = None
        if database == "postgres":
            url = stack.enter_context(scratch_postgres_database("tambon_bench"))
            floor_urls = [stack.enter_context(scratch_postgres_database("tambon_floor"))
                          for _ in range(2)]
        else:
            floor_urls = [str(workdir / f"floor-{n}" / "floor.db") for n in range(2)]
        site = prepare_site(workdir / "data", url, phones=max(4, clients))
        try:
            start_servers(site, count=1, workers=args.workers)
            push_seconds, created, busy = send_all(site, bodies, clients, not args.no_gzip)
            dup_seconds, duplicate, busy_again = send_all(site, bodies, clients,
                                                          not args.no_gzip)
            rss = worker_peak_rss_mb(site)
        finally:
            stop_servers(site)
        if created["created"] != submissions or duplicate["duplicate"] != submissions:
            raise RuntimeError(f"unexpected receipts: {dict(created)} then {dict(duplicate)}")
        stored = stored_rows(site)
        floor = floor_rate(stored, floor_urls[0])
        floor_unsearchable = floor_rate(stored, floor_urls[1], searchable=False)
    return Row(database, clients, submissions / push_seconds, floor, floor_unsearchable,
               submissions / dup_seconds, rss, busy + busy_again)


def mark(value: float, target: float | None, higher_is_better: bool = True) -> str:
    if target is None:
        return ""
    ok = value >= target if higher_is_better else value <= target
    return "ok" if ok else "MISS"


def print_table(rows: list[Row], args, mean_bytes: float) -> None:
    print()
    print(f"{args.submissions:,} training_attendance submissions, {args.participants} "
          f"participants each, {mean_bytes / 1024:.1f} KB of JSON per submission, batches of "
          f"{args.batch_size}, {'gzip' if not args.no_gzip else 'uncompressed'}, "
          f"tambon serve --workers {args.workers}")
    columns = [("database", 8), ("clients", 7), ("push/s", 7), ("target", 13),
               ("floor/s", 7), ("push/floor", 10), ("floor/s without search", 22),
               ("push/floor without search", 26), ("dup/s", 7), ("target", 14),
               ("peak RSS per worker", 26), ("503s", 4)]
    print("  ".join(name.rjust(width) for name, width in columns))
    print("  ".join("-" * width for _, width in columns))
    for row in rows:
        target = TARGETS.get((row.database, row.clients))
        worst = max(row.worker_rss_mb, default=0)
        unsearchable = row.push_rate / row.floor_unsearchable_rate
        cells = [
            row.database, row.clients, f"{row.push_rate:,.0f}",
            f">={target:,} {mark(row.push_rate, target)}" if target else "",
            f"{row.floor_rate:,.0f}", f"{row.push_rate / row.floor_rate:.2f}",
            f"{row.floor_unsearchable_rate:,.0f}",
            f"{unsearchable:.2f} (>={RATIO_TARGET} {mark(unsearchable, RATIO_TARGET)})",
            f"{row.duplicate_rate:,.0f}",
            f">={DUPLICATE_TARGET:,} {mark(row.duplicate_rate, DUPLICATE_TARGET)}",
            " ".join(f"{mb:.0f}" for mb in row.worker_rss_mb)
            + f" MB (<{WORKER_RSS_TARGET_MB} {mark(worst, WORKER_RSS_TARGET_MB, False)})",
            row.busy_retries,
        ]
        print("  ".join(str(cell).rjust(width) for cell, (_, width) in zip(cells, columns)))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--submissions", type=int, default=20_000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-gzip", action="store_true", help="send the batches uncompressed")
    args = parser.parse_args(argv)

    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    if "postgres" in databases:
        from tests.conftest import PG_URL, postgres_available

        if not postgres_available():
            print(f"PostgreSQL is not reachable at {PG_URL}", file=sys.stderr)
            return 1

    print(f"generating {args.submissions} submissions...", file=sys.stderr, flush=True)
    items = make_items(args.submissions, args.participants)
    mean_bytes = sum(len(json.dumps(i["answers"], ensure_ascii=False).encode())
                     for i in items[:1000]) / min(len(items), 1000)
    bodies = encode_batches(items, args.batch_size, compress=not args.no_gzip)
    del items

    rows = []
    for database in databases:
        for clients in args.clients:
            print(f"{database}, {clients} client(s)...", file=sys.stderr, flush=True)
            rows.append(run(database, clients, bodies, args.submissions, args))
    print_table(rows, args, mean_bytes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
