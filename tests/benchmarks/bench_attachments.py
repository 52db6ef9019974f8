"""How fast `tambon serve` takes photos, against what its database alone can write.

    python -m tests.benchmarks.bench_attachments [--db sqlite|postgres|both] [--photos 200]

For each database a fresh installation is prepared and served by `tambon serve --workers 2`.
`--photos` distinct JPEGs of about 300 KB (700x520 pixels of noise, which does not compress)
are made, and submissions naming them (20 photos each) are pushed before any clock starts.
Then:

- upload: 4 clients (phones of their own, device tokens) each PUT a quarter of the photos,
  whole, at once, over HTTP: MB/s of file bytes, from the first request to the last answer.
  Every file is hashed, sniffed, checked against the fields naming it and stored;
- floor: the same bytes written into the same database, in a table of the attachment table's
  shape, one INSERT and one commit per file (as each upload commits once), by one client
  with the driver alone: MB/s. The ratio upload/floor is how much of the database's own
  write speed the server keeps (goal: at least 0.7).
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import requests

from tests.e2e.harness import (
    Site,
    prepare_site,
    scratch_postgres_database,
    start_servers,
    stop_servers,
    submission,
)
from tests.media import photo, training_item

CLIENTS = 4
PHOTOS_PER_SUBMISSION = 20
RATIO_GOAL = 0.7


@dataclass
class Row:
    database: str
    photos: int
    megabytes: float
    upload_rate: float  # MB/s
    floor_rate: float  # MB/s


def make_photos(count: int) -> list[bytes]:
    return [photo(seed, (700, 520), noise=1) for seed in range(count)]


def push_submissions(site: Site, photos: list[bytes]) -> None:
    """Submissions naming every photo, pushed by the phones that will upload them."""
    for client in range(CLIENTS):
        mine = photos[client::CLIENTS]
        phone = site.phone(f"phone-{client + 1}")
        for start in range(0, len(mine), PHOTOS_PER_SUBMISSION):
            answers = training_item(photos=mine[start:start + PHOTOS_PER_SUBMISSION])["answers"]
            response = phone.push([submission(answers, form_version="4")])
            results = response.json()["results"]
            assert [r["status"] for r in results] == ["created"], results


def upload(site: Site, photos: list[bytes]) -> float:
    """Seconds for CLIENTS phones to PUT their share of the photos, all at once."""
    errors, start = [], threading.Barrier(CLIENTS + 1)

    def client(n: int) -> None:
        phone = site.phone(f"phone-{n + 1}")
        start.wait()
        for content in photos[n::CLIENTS]:
            name = hashlib.sha256(content).hexdigest()
            response = phone.session.put(f"{phone.url}/api/v1/attachments/{name}",
                                         data=content, headers={"Content-Type": "image/jpeg"},
                                         timeout=120)
            if response.status_code != 201:
                errors.append(f"{response.status_code} {response.text[:200]}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    if errors:
        raise RuntimeError(f"{len(errors)} uploads failed, first: {errors[0]}")
    return seconds


FLOOR_TABLE = ("CREATE TABLE bench_floor (sha256 TEXT PRIMARY KEY, type TEXT NOT NULL, "
               "size BIGINT NOT NULL, content {blob} NOT NULL, uploaded_by_id INTEGER NOT NULL, "
               "created_at TEXT NOT NULL)")


def floor_seconds(site: Site, photos: list[bytes]) -> float:
    """Seconds to write the photos into the site's own database with the driver alone,
    one INSERT and commit per file, with the server's settings (SQLite: WAL, synchronous
    FULL)."""
    rows = [(hashlib.sha256(p).hexdigest(), "image/jpeg", len(p), p, 1, "2026-11-27T00:00:00")
            for p in photos]
    if site.engine == "postgres":
        import psycopg2

        conn = psycopg2.connect(site.env["TAMBON_DATABASE_URL"])
        conn.autocommit = True
        cur = conn.cursor()
        cur.execute(FLOOR_TABLE.format(blob="BYTEA"))
        rows = [(*row[:3], psycopg2.Binary(row[3]), *row[4:]) for row in rows]
        began = time.perf_counter()
        for row in rows:
            cur.execute("INSERT INTO bench_floor VALUES (%s, %s, %s, %s, %s, %s)", row)
        seconds = time.perf_counter() - began
        cur.execute("DROP TABLE bench_floor")
        conn.close()
        return seconds
    conn = sqlite3.connect(site.data_dir / "tambon.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute(FLOOR_TABLE.format(blob="BLOB"))
    began = time.perf_counter()
    for row in rows:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO bench_floor VALUES (?, ?, ?, ?, ?, ?)", row)
        conn.execute("COMMIT")
    seconds = time.perf_counter() - began
    conn.execute("DROP TABLE bench_floor")
    conn.close()
    return seconds


def run(database: str, photos: list[bytes], workdir: Path) -> Row:
    with ExitStack() as stack:
        url = (stack.enter_context(scratch_postgres_database("tambon_bench_files"))
               if database == "postgres" else None)
        site = prepare_site(workdir / database, url, phones=CLIENTS)
        stack.callback(stop_servers, site)
        start_servers(site, workers=2)
        push_submissions(site, photos)
        upload_time = upload(site, photos)
        stop_servers(site)  # the floor has the database to itself
        floor_time = floor_seconds(site, photos)
    megabytes = sum(map(len, photos)) / 1e6
    return Row(database, len(photos), megabytes, megabytes / upload_time,
               megabytes / floor_time)


def report(rows: list[Row]) -> None:
    print(f"{'database':10} {'photos':>6} {'MB':>7} {'upload MB/s':>12} {'floor MB/s':>11} "
          f"{'upload/floor':>13}")
    for row in rows:
        ratio = row.upload_rate / row.floor_rate
        verdict = "ok" if ratio >= RATIO_GOAL else f"below the goal of {RATIO_GOAL}"
        print(f"{row.database:10} {row.photos:>6} {row.megabytes:>7.1f} {row.upload_rate:>12.1f} "
              f"{row.floor_rate:>11.1f} {ratio:>13.2f}  {verdict}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--photos", type=int, default=200)
    args = parser.parse_args(argv)
    photos = make_photos(args.photos)
    print(f"{len(photos)} photos, {sum(map(len, photos)) / len(photos) / 1000:.0f} KB each "
          f"on average; {CLIENTS} clients")
    databases = ("sqlite", "postgres") if args.db == "both" else (args.db,)
    with tempfile.TemporaryDirectory(prefix="tambon-bench-files-") as tmp:
        rows = [run(database, photos, Path(tmp)) for database in databases]
    report(rows)
    return 0 if all(r.upload_rate / r.floor_rate >= RATIO_GOAL for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
