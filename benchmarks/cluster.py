"""Pages/s of a crawl shared by 1, 2 and 3 workers through Redis, beside one plain defnews crawl
of the same pages in the same run (the machine is shared and noisy: compare ratios).

It serves N clones of the sample's article pages on 127.0.0.1 (benchmarks/speed.py's site),
starts Debian's redis-server on a free loopback port, and for each worker count starts that
many `defnews crawl qdnd --redis ...` processes at once, each into its own folder. The rate is
article pages archived (all workers) over the wall time from the first start to the last exit,
Python start-up included, as a user running them would see it. Each round checks that every
page was archived exactly once across the workers.

Run: python benchmarks/cluster.py [--pages 600] [--workers 1 2 3] [--rounds 2]
"""

from __future__ import annotations

import argparse
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from speed import FAST, Site


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _articles(out: Path) -> list[str]:
    with closing(sqlite3.connect(out / "catalog.sqlite")) as db, db:
        return [row[0] for row in db.execute("SELECT key FROM articles")]


def crawl(base: str, workers: int, redis_url: str | None, concurrency: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        outs = [Path(folder) / f"w{i}" for i in range(workers)]
        common = ["crawl", "qdnd", "--base-url", base, *FAST]
        common += ["--set", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}"]
        cluster = ["--redis", redis_url] if redis_url else []
        started = time.monotonic()
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "crawler", *common, "--out", str(out), *cluster],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for out in outs
        ]
        for proc in procs:
            _, stderr = proc.communicate(timeout=1800)
            if proc.returncode != 0:
                raise SystemExit(f"a worker failed: {stderr.decode()[-500:]}")
        seconds = time.monotonic() - started
        keys = [key for out in outs for key in _articles(out)]
        repeats = sum(n - 1 for n in Counter(keys).values())
        shares = sorted((len(_articles(out)) for out in outs), reverse=True)
    return {"articles": len(set(keys)), "repeats": repeats, "seconds": seconds, "shares": shares}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=600)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    binary = shutil.which("redis-server")
    if not binary:
        raise SystemExit("redis-server is not installed (apt-get install redis-server)")
    site = Site(args.pages)
    server, base = site.serve()
    port = _free_port()
    with tempfile.TemporaryDirectory() as redis_dir:
        redis = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", redis_dir],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(0.5)
        url = f"redis://127.0.0.1:{port}/0"
        try:
            print(f"{args.pages} pages on {base}, Redis on {url}; pages/s (articles archived)")
            for round_no in range(1, args.rounds + 1):
                plain = crawl(base, 1, None, args.concurrency)
                plain_rate = plain["articles"] / plain["seconds"]
                print(f"round {round_no}: plain defnews crawl {plain_rate:6.1f} pages/s")
                for workers in args.workers:
                    result = crawl(base, workers, url, args.concurrency)
                    rate = result["articles"] / result["seconds"]
                    print(
                        f"  {workers} worker(s) {rate:6.1f} pages/s = {rate / plain_rate:.2f} x "
                        f"plain; {result['articles']:.0f} articles, {result['repeats']:.0f} "
                        f"archived twice; shares {result['shares']}"
                    )
        finally:
            redis.terminate()
            redis.wait(10)
            server.shutdown()


if __name__ == "__main__":
    main()
