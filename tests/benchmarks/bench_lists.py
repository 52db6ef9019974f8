"""What lists cost a phone: a 5,000-person roster fetched whole, then only its changes; the
7,451 sub-districts fetched whole. Through the API (Flask's test client, no network), on
SQLite and, when it is reachable, PostgreSQL.

- roster: 25 day-1 training records of 200 trainees each are pushed (5,000 people); the
  whole roster is fetched gzipped (the first time: built and kept; again: from the kept
  bytes); 10 more records (one newcomer each) are pushed by another officer, and the
  phone fetches `?since=<its version>`: bytes and ms, and the ratio whole/changes;
- places: `th_subdistricts` whole, gzipped, the first time and again;
- floor: encoding and gzipping the same items in memory, no database, no HTTP: the ratio
  fetch/floor is what serving costs beyond the bytes themselves.

Run on purpose:  python -m tests.benchmarks.bench_lists [--db sqlite|postgres|both]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import tempfile
import time
import uuid
from pathlib import Path

from forms.bundled import bundled
from forms.samples import sample_answers
from tests.cast import OFFICER, SECOND_OFFICER
from tests.conftest import api_headers, make_app, postgres_available, release

ROSTER_RECORDS, PER_RECORD, NEW_RECORDS = 25, 200, 10
LISTS = "/api/v1/lists"


def day_one(seed: int, people: int) -> dict:
    answers = sample_answers(bundled("training_attendance").raw, seed,
                             repeat_counts={"participants": people})
    answers.update(day_no=1, activity="thai_desserts", desserts=["thong_yip"])
    answers.pop("attendance", None)
    return answers


def pushed(client, headers, answers_list) -> None:
    version = bundled("training_attendance").version
    body = {"batch_id": str(uuid.uuid4()), "sent_at": "2026-11-20T17:30:00+07:00",
            "submissions": [{"uuid": str(uuid.uuid4()), "form_id": "training_attendance",
                             "form_version": version, "base_rev": 0,
                             "created_at": "2026-11-20T09:15:00+07:00", "answers": a}
                            for a in answers_list]}
    response = client.post("/api/v1/sync/push", json=body, headers=headers)
    statuses = {r["status"] for r in response.get_json()["results"]}
    assert statuses == {"created"}, response.get_json()["results"][:2]


def timed_get(client, path, headers) -> tuple[float, bytes]:
    started = time.perf_counter()
    response = client.get(path, headers={**headers, "Accept-Encoding": "gzip"})
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.data[:200]
    return elapsed, response.data


def floor_ms(body: bytes) -> float:
    """Decoding and encoding the same JSON, then gzip: what serving it can never beat."""
    started = time.perf_counter()
    gzip.compress(json.dumps(json.loads(body), ensure_ascii=False).encode("utf-8"), 6)
    return (time.perf_counter() - started) * 1000


def run(database_url: str, data_dir: Path) -> list[tuple]:
    from server.api import lists_api

    lists_api._bodies.clear()  # "first" means first for this server: nothing kept from before
    app = make_app(data_dir, database_url)
    rows = []
    try:
        client = app.test_client()
        with app.app_context():
            from sync.db import database

            with database.connection_context():
                headers = api_headers()
        officer, other = headers[OFFICER], headers[SECOND_OFFICER]
        started = time.perf_counter()
        for seed in range(ROSTER_RECORDS):
            pushed(client, officer, [day_one(seed, PER_RECORD)])
        print(f"  pushed {ROSTER_RECORDS} records x {PER_RECORD} trainees in "
              f"{time.perf_counter() - started:.1f} s")

        first_ms, first = timed_get(client, f"{LISTS}/training_trainees", officer)
        again_ms, _ = timed_get(client, f"{LISTS}/training_trainees", officer)
        whole = json.loads(gzip.decompress(first))
        assert len(whole["items"]) == ROSTER_RECORDS * PER_RECORD
        floor = floor_ms(gzip.decompress(first))
        rows.append(("roster 5,000: whole, first", first_ms, len(first),
                     len(gzip.decompress(first)), floor))
        rows.append(("roster 5,000: whole, again", again_ms, len(first),
                     len(gzip.decompress(first)), floor))

        for seed in range(NEW_RECORDS):
            pushed(client, other, [day_one(1000 + seed, 1)])
        since_ms, since = timed_get(client, f"{LISTS}/training_trainees?since={whole['version']}",
                                    officer)
        changes = json.loads(gzip.decompress(since)) if since[:2] == b"\x1f\x8b" else json.loads(since)
        assert len(changes["items"]) == NEW_RECORDS
        rows.append((f"roster: changes after {NEW_RECORDS} records", since_ms, len(since),
                     len(json.dumps(changes, ensure_ascii=False).encode()), floor_ms(
                         json.dumps(changes, ensure_ascii=False).encode())))

        first_ms, first = timed_get(client, f"{LISTS}/th_subdistricts", officer)
        again_ms, _ = timed_get(client, f"{LISTS}/th_subdistricts", officer)
        plain = gzip.decompress(first)
        floor = floor_ms(plain)
        rows.append(("th_subdistricts 7,451, first", first_ms, len(first), len(plain), floor))
        rows.append(("th_subdistricts 7,451, again", again_ms, len(first), len(plain), floor))
    finally:
        release(app.extensions["tambon_db"])
    return rows


def report(name: str, rows: list[tuple]) -> None:
    print(f"\n{name}")
    print(f"  {'what':36} {'ms':>8} {'sent B':>10} {'JSON B':>10} {'floor ms':>9} {'ms/floor':>9}")
    for what, ms, sent, plain, floor in rows:
        print(f"  {what:36} {ms:8.1f} {sent:10,} {plain:10,} {floor:9.1f} {ms / floor:9.2f}")
    whole = next(r for r in rows if r[0].startswith("roster 5,000: whole, first"))
    changes = next(r for r in rows if r[0].startswith("roster: changes"))
    print(f"  changes vs whole roster: {whole[2] / changes[2]:.0f}x fewer bytes sent, "
          f"{whole[1] / changes[1]:.1f}x faster than the first whole fetch")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        if args.db in ("sqlite", "both"):
            print("SQLite:")
            report("SQLite", run(str(Path(workdir) / "bench.db"), Path(workdir) / "data"))
        if args.db in ("postgres", "both"):
            if not postgres_available():
                print("PostgreSQL: not reachable, skipped")
                return
            from tests.e2e.harness import scratch_postgres_database

            with contextlib.ExitStack() as stack:
                url = stack.enter_context(scratch_postgres_database("tambon_bench_lists"))
                print("PostgreSQL:")
                report("PostgreSQL", run(url, Path(workdir) / "data-pg"))


if __name__ == "__main__":
    main()
