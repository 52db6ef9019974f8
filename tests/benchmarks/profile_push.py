"""Where a push spends its time, in one process: no server, no network, no other clients.

    python -m tests.benchmarks.profile_push [--db sqlite|postgres] [--batches 10] [--top 30]

A fresh installation (the bundled forms, one phone) is made in a scratch database; gzipped
batches of 500 training_attendance submissions (30 participants each), encoded before any
clock starts, are posted through Flask's test client under cProfile. Prints the cost per
created item, the same for the duplicates (the batches sent again), and the functions that
take the time. bench_push measures the server as phones see it; this says why.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from tests.benchmarks.bench_push import encode_batches, make_items


def make_site(data_dir: Path, database_url: str):
    """An app on `database_url` with the bundled forms published and one phone's token."""
    from server.app import create_app
    from server.config import Config
    from sync import accounts, catalog, db

    app = create_app(Config(data_dir=str(data_dir), database_url=database_url,
                            secret_key="profile", testing=True))
    with app.app_context(), db.database.connection_context():
        catalog.publish_bundled()
        accounts.create_user("phone", "field", "profile-password-1")
        _, token = accounts.issue_device_token("phone", "phone-1")
    return app, token


def post_all(client, token: str, bodies: list[bytes], expected: str) -> float:
    """Seconds to post every body; each must answer 200 with every item `expected`."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json",
               "Content-Encoding": "gzip"}
    started = time.perf_counter()
    for body in bodies:
        response = client.post("/api/v1/sync/push", data=body, headers=headers)
        summary = response.get_json()["summary"] if response.status_code == 200 else None
        if summary is None or summary[expected] != sum(summary.values()):
            raise RuntimeError(f"push answered {response.status_code}: {response.data[:300]!r}")
    return time.perf_counter() - started


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--top", type=int, default=30, help="how many functions to list")
    parser.add_argument("--sort", default="tottime", help="pstats sort key (tottime, cumtime)")
    args = parser.parse_args(argv)

    count = args.batches * args.batch_size
    bodies = encode_batches(make_items(count, args.participants), args.batch_size, compress=True)
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="tambon-prof-")))
        if args.db == "postgres":
            from tests.e2e.harness import scratch_postgres_database

            url = stack.enter_context(scratch_postgres_database("tambon_profile"))
        else:
            url = str(workdir / "data" / "tambon.db")
        app, token = make_site(workdir / "data", url)
        client = app.test_client()
        post_all(client, token, bodies[:1], "created")  # warm: compiled form, caches, pages
        bodies = bodies[1:]
        count = len(bodies) * args.batch_size
        profiler = cProfile.Profile()
        profiler.enable()
        created = post_all(client, token, bodies, "created")
        profiler.disable()
        duplicate = post_all(client, token, bodies, "duplicate")
        close_all = getattr(app.extensions["tambon_db"], "close_all", None)
        if close_all:
            close_all()
    print(f"{count:,} items in batches of {args.batch_size}, {args.db}, one process")
    print(f"created:   {created / count * 1e6:6.0f} µs per item ({count / created:,.0f}/s, "
          "under the profiler)")
    print(f"duplicate: {duplicate / count * 1e6:6.0f} µs per item ({count / duplicate:,.0f}/s)")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
