"""Photos on the phone: how long shrinking a 12-megapixel camera photo takes, and how long
one sync takes to deliver an outbox of 100 submissions with a photo each.

Both run in Chromium against a real `tambon serve` (SQLite, 2 workers) on loopback.
- Shrinking: a 4000x3000 JPEG (made by Chromium's encoder, textured like a photo) through
  `shrinkPhoto` (decode upright, draw at 1600 px, JPEG), against the floor of decoding the
  same file alone, measured in the same run. Target: under 1.5 s.
- Sync: 100 finalised submissions of the `media_check` form, each naming its own photo of
  1600x1200 kept in IndexedDB, one sync from the call to the last file landed (push, then
  each photo in 256 KiB chunks), against the floor of the same sync with no files to send
  (the same 100 submissions pushed by a second phone, whose photos the server then already
  has). Target: under 60 s.

Run on purpose:  python -m tests.benchmarks.bench_phone_media [--photos 100] [--runs 5]
"""

from __future__ import annotations

import argparse
import base64
import statistics
import tempfile
from pathlib import Path

from tests.browser.client import PHONE, connect_phone, queue_submissions
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.media import make_jpeg, publish_media_form
from tests.cast import SUPERVISOR
from tests.e2e.harness import TambonServer, add_user

SHRINK_TARGET_S = 1.5
SYNC_TARGET_S = 60

TIME_SHRINK = """async ([b64, runs]) => {
    const { shrinkPhoto } = await import('./js/media.js');
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const file = new File([bytes], 'IMG_0001.jpg', { type: 'image/jpeg' });
    const shrink = [], decode = [];
    let out = null;
    for (let i = 0; i < runs; i += 1) {
        let started = performance.now();
        const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
        bitmap.close();
        decode.push(performance.now() - started);
        started = performance.now();
        out = await shrinkPhoto(file);
        shrink.push(performance.now() - started);
    }
    const shrunk = await createImageBitmap(out);
    return { shrink, decode, bytes: out.size, width: shrunk.width, height: shrunk.height };
}"""

# Photos made and kept straight in IndexedDB by the app's own `keep`: the sync is measured.
KEEP_PHOTOS = """async ([count]) => {
    const { keep } = await import('./js/media.js');
    const refs = [];
    for (let i = 0; i < count; i += 1) {
        const canvas = new OffscreenCanvas(1600, 1200);
        const context = canvas.getContext('2d');
        context.fillStyle = `hsl(${(i * 37) % 360} 60% 45%)`;
        context.fillRect(0, 0, 1600, 1200);
        const noise = context.createImageData(400, 300);
        crypto.getRandomValues(noise.data.subarray(0, 65536));
        for (let y = 0; y < 1200; y += 300) for (let x = 0; x < 1600; x += 400) context.putImageData(noise, x, y);
        context.fillStyle = '#fff';
        context.font = '120px sans-serif';
        context.fillText(`#${i}`, 100, 200);
        const jpeg = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
        refs.push(await keep(jpeg, `photo-${i}.jpg`, 'image/jpeg', 'image'));
    }
    return refs;
}"""

TIME_SYNC = """async () => {
    const sync = await import('./js/sync.js');
    const db = await import('./js/db.js');
    const started = performance.now();
    const summary = await sync.syncNow();
    const seconds = (performance.now() - started) / 1000;
    const waiting = (await db.listSubs()).filter((r) => r.files_waiting?.length).length;
    return { seconds, sent: summary.sent, waiting };
}"""


def shrink_figures(page, runs: int) -> None:
    photo = make_jpeg(page, 4000, 3000)
    figures = page.evaluate(TIME_SHRINK, [base64.b64encode(photo).decode(), runs])
    shrink, decode = statistics.median(figures["shrink"]) / 1000, statistics.median(figures["decode"]) / 1000
    print(f"shrink a 12-megapixel JPEG ({len(photo) / 1e6:.1f} MB, 4000x3000) on the phone, {runs} runs:")
    print(f"  shrinkPhoto median {shrink:.3f} s (runs: {', '.join(f'{s / 1000:.3f}' for s in figures['shrink'])}) "
          f"-> {figures['width']}x{figures['height']}, {figures['bytes'] / 1024:.0f} KB "
          f"(target < {SHRINK_TARGET_S} s) {'OK' if shrink < SHRINK_TARGET_S else 'OVER'}")
    print(f"  floor, decoding alone: median {decode:.3f} s; shrink / decode = {shrink / decode:.2f}")


def queue_with_photos(page, count: int, refs: list[dict] | None = None) -> list[dict]:
    refs = refs or page.evaluate(KEEP_PHOTOS, [count])
    answers = [{"title": f"เวทีประชาคม {i}", "photo": ref} for i, ref in enumerate(refs)]
    queue_submissions(page, "media_check", answers)
    return refs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as data_dir, TambonServer(Path(data_dir), workers=2) as server, \
            sync_playwright() as pw:
        add_user(server.env, SUPERVISOR, "supervisor")
        publish_media_form(server)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        pages = []
        for name in ("bench_media_1", "bench_media_2"):
            add_user(server.env, name, "field")
            page = browser.new_context(**PHONE).new_page()
            connect_phone(page, server.url, name)
            pages.append(page)
        first, second = pages

        shrink_figures(first, args.runs)

        refs = queue_with_photos(first, args.photos)
        megabytes = sum(r["size"] for r in refs) / 1e6
        print(f"{args.photos} submissions with a 1600x1200 photo each ({megabytes:.1f} MB of photos) in the outbox")
        figures = first.evaluate(TIME_SYNC)
        rate = megabytes / figures["seconds"]
        print(f"  one sync: {figures['seconds']:.1f} s, {figures['sent']} sent, {figures['waiting']} still waiting "
              f"for files, {rate:.1f} MB/s of photos (target < {SYNC_TARGET_S} s) "
              f"{'OK' if figures['seconds'] < SYNC_TARGET_S and not figures['waiting'] else 'OVER'}")

        # The floor: the same submissions and photos from a second phone, the files already held.
        queue_with_photos(second, args.photos, refs)
        floor = second.evaluate(TIME_SYNC)
        print(f"  floor, the same sync with no files to send: {floor['seconds']:.1f} s "
              f"({floor['sent']} sent); files cost {figures['seconds'] - floor['seconds']:.1f} s, "
              f"sync / floor = {figures['seconds'] / floor['seconds']:.1f}")
        browser.close()


if __name__ == "__main__":
    main()
