"""How long the phone takes to sync a big outbox, and how much app it has to download.

1,000 finalised training-attendance sheets of 30 participants each are put in the outbox
through the app's own modules, then one sync is timed from the button to the last receipt,
against a real `tambon serve` (SQLite, 2 workers) on loopback. Targets: under 20 s, and the
app's own files under 300 KB uncompressed.

Run on purpose:  python -m tests.benchmarks.bench_client_sync [--items 1000] [--rows 30]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from forms.bundled import bundled
from forms.samples import sample_answers
from server.client_app import APP_DIR
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.client import (
    PHONE, authored_by, connect_phone, queue_submissions, without_calculations,
)
from tests.cast import SUPERVISOR
from tests.e2e.harness import TambonServer, add_user

SYNC_TARGET_S = 20
SIZE_TARGET_KB = 300


def app_size() -> dict[str, int]:
    return {p.relative_to(APP_DIR).as_posix(): p.stat().st_size
            for p in sorted(APP_DIR.rglob("*")) if p.is_file()}


def outbox(items: int, rows: int) -> list[dict]:
    definition = bundled("training_attendance").raw
    return [without_calculations(definition["fields"],
                                 sample_answers(definition, seed, repeat_counts={"participants": rows}))
            for seed in range(items)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=30)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    sizes = app_size()
    total_kb = sum(sizes.values()) / 1024
    print(f"app files: {len(sizes)}, {total_kb:.1f} KB uncompressed "
          f"(target < {SIZE_TARGET_KB} KB) {'OK' if total_kb < SIZE_TARGET_KB else 'OVER'}")
    for name, size in sizes.items():
        print(f"  {size / 1024:7.1f} KB  {name}")

    started = time.perf_counter()
    sheets = outbox(args.items, args.rows)
    print(f"generated {len(sheets)} sheets x {args.rows} participants "
          f"in {time.perf_counter() - started:.1f} s")

    with tempfile.TemporaryDirectory() as data_dir, TambonServer(Path(data_dir), workers=2) as server, \
            sync_playwright() as pw:
        add_user(server.env, "bench_officer", "field")
        add_user(server.env, SUPERVISOR, "supervisor")
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_context(**PHONE).new_page()
        connect_phone(page, server.url, "bench_officer")

        started = time.perf_counter()
        for chunk in range(0, len(sheets), 100):
            queue_submissions(page, "training_attendance", sheets[chunk:chunk + 100])
        print(f"queued {len(sheets)} in IndexedDB in {time.perf_counter() - started:.1f} s")

        figures = page.evaluate("""async () => {
            const sync = await import('./js/sync.js');
            const started = performance.now();
            const summary = await sync.syncNow();
            const seconds = (performance.now() - started) / 1000;
            return { seconds, sent: summary.sent, returned: summary.returned };
        }""")
        stored = len(authored_by(server, "bench_officer"))
        browser.close()

    seconds = figures["seconds"]
    print(f"sync: {figures['sent']} sent, {figures['returned']} sent back, "
          f"{seconds:.1f} s = {figures['sent'] / seconds:.0f} submissions/s "
          f"(target < {SYNC_TARGET_S} s) {'OK' if seconds < SYNC_TARGET_S else 'SLOW'}")
    print(f"server holds {stored} submissions by the officer (expected {len(sheets)})")
    assert stored == len(sheets) == figures["sent"]


if __name__ == "__main__":
    main()
