"""What archiving photos and page requisites costs: bytes per article and the demo crawl's time.

Crawls the bundled demo (21 articles, 101 photos, a stylesheet with its font and images) into
fresh folders with three settings, each RUNS times, interleaved so that a noisy machine weighs
on all three alike:

1. IMAGES_ENABLED=False, PAGE_REQUISITES=off: the pages only (what every run did before photos were archived);
2. photos (IMAGES_ENABLED=True, PAGE_REQUISITES=off);
3. photos and the site's requisites (the defaults: PAGE_REQUISITES=site);

and prints, per setting, the WARC bytes per article, WARC records, requests and the wall time
of `defnews crawl` (median and each run), and each one's ratio to the pages-only run.

With --delay S the crawls keep a per-host delay of S seconds (DOWNLOAD_DELAY; the default
setting is 1 s): the demo serves its photos from its own host, so every photo waits its turn
behind the pages, as photos on an outlet's own host do (a CDN host has a queue of its own).

Run: python benchmarks/photos.py [--runs 3] [--delay 0]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from crawler.demo.server import DemoServer

SETTINGS = {
    "pages only": ["--set", "IMAGES_ENABLED=False", "--set", "PAGE_REQUISITES=off"],
    "photos": ["--set", "PAGE_REQUISITES=off"],
    "photos + requisites": [],
}
FAST = ["--set", "AUTOTHROTTLE_ENABLED=False", "--set", "RANDOMIZE_DOWNLOAD_DELAY=False",
        "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]  # fmt: skip


def crawl(
    server: DemoServer, out: Path, extra: list[str], delay: float
) -> tuple[float, int, int, int]:
    """(seconds, WARC bytes, WARC records, requests the site saw) of one fresh crawl."""
    before = len(server.requests)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "crawler", "crawl", "qdnd", "--base-url", server.base_url,
         "--out", str(out), *FAST, "--set", f"DOWNLOAD_DELAY={delay}", *extra],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"crawl failed: {done.stderr.strip()}")
    size = sum(p.stat().st_size for p in (out / "warc").glob("*.warc.gz"))
    records = int(done.stdout.split(" WARC record")[0].rsplit(" ", 1)[1])
    return elapsed, size, records, len(server.requests) - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()
    runs = args.runs
    results: dict[str, list[tuple[float, int, int, int]]] = {name: [] for name in SETTINGS}
    with DemoServer() as server, tempfile.TemporaryDirectory() as scratch:
        articles = sum(1 for a in server.articles if not a.disallowed)
        for run in range(runs):
            for name, extra in SETTINGS.items():
                out = Path(scratch) / f"{run}-{name.replace(' ', '-')}"
                results[name].append(crawl(server, out, extra, args.delay))
    base_time = statistics.median(r[0] for r in results["pages only"])
    base_bytes = statistics.median(r[1] for r in results["pages only"])
    print(f"demo: {articles} articles, {runs} runs per setting, interleaved, delay {args.delay} s")
    print(f"{'setting':<20} {'KB/article':>10} {'x':>5} {'records':>8} {'requests':>8} "
          f"{'seconds (median; runs)':>30} {'x':>5}")  # fmt: skip
    for name, rows in results.items():
        seconds = statistics.median(r[0] for r in rows)
        size = statistics.median(r[1] for r in rows)
        each = ", ".join(f"{r[0]:.2f}" for r in rows)
        print(
            f"{name:<20} {size / articles / 1024:>10.1f} {size / base_bytes:>5.2f} "
            f"{rows[0][2]:>8} {rows[0][3]:>8} {seconds:>8.2f} ({each}) {seconds / base_time:>5.2f}"
        )


if __name__ == "__main__":
    main()
