"""Crawl throughput on a scaled copy of the bundled sample, with and without the WARC archive
and the catalogue (the crawl state of incremental runs, in SQLite).

Serves N article pages (clones of the sample's 21, new ids) from the demo server on 127.0.0.1,
crawls them with `defnews crawl` in child processes, and prints pages/s for each
configuration next to the baseline measured in the same run (the machine is shared and noisy:
read the ratios). Also times the WARC writer alone at gzip levels 6 and 9.

Run: python benchmarks/crawl_throughput.py [N]
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from crawler.core.archive.records import response_record
from crawler.core.archive.writer import WarcWriter
from crawler.demo.server import DemoServer
from crawler.demo.site import ORIGIN, Resource, build_site

FAST = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False"]
# The clones repeat 21 pages, so dedup would turn most of them into revisits: it is off except
# in its own row, which shows what revisits save when payloads repeat.
NO_DEDUP = ["--set", "WARC_DEDUP_ENABLED=False"]
NO_CATALOGUE = ["--set", "CATALOG_ENABLED=False"]
CONFIGS = {
    "crawl + extract, no WARC": ["--set", "WARC_ENABLED=False", *NO_CATALOGUE],
    "+ WARC, gzip 6, no catalogue": [*NO_DEDUP, *NO_CATALOGUE, "--set", "WARC_GZIP_LEVEL=6"],
    "+ WARC, gzip 6 (default)": [*NO_DEDUP, "--set", "WARC_GZIP_LEVEL=6"],
    "+ WARC, gzip 9 (warcio's)": [*NO_DEDUP, "--set", "WARC_GZIP_LEVEL=9"],
    "+ WARC, gzip 6, revisits": ["--set", "WARC_GZIP_LEVEL=6"],
}
# With Accept-Encoding the server gzips and the WARC keeps those bytes, so the record gzip
# level hardly matters; without it the WARC compresses raw HTML (a server that does not gzip).
TRANSFERS = {"server gzips": [], "identity": ["--set", "COMPRESSION_ENABLED=False"]}


def scaled_server(count: int) -> tuple[DemoServer, int]:
    """The sample site plus `count` article clones listed in one sitemap; returns total bytes."""
    site = build_site()
    server = DemoServer(site)
    originals = [a for a in site.articles if not a.disallowed]
    urls, total = [], 0
    for n in range(count):
        source = originals[n % len(originals)]
        path = re.sub(r"-\d+$", f"-{900000 + n}", source.path)
        resource = site.resources[source.path]
        server.add(path, resource)
        urls.append(f"<url><loc>{ORIGIN}{path}</loc></url>")
        total += len(resource.body)
    sitemap = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + "".join(urls) + "</urlset>"
    ).encode()
    server.add(
        "/sitemaps/0/top300article.xml", Resource(200, "application/xml; charset=utf-8", sitemap)
    )
    return server, total


def crawl(base_url: str, extra: list[str], concurrency: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as out:
        command = [
            sys.executable,
            "-m",
            "crawler",
            "crawl",
            "qdnd",
            "--base-url",
            base_url,
            "--out",
            out,
        ]
        command += [*FAST, "--set", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}", *extra]
        subprocess.run(command, check=True, capture_output=True)
        (report,) = Path(out, "runs").glob("*.json")
        data = json.loads(report.read_text(encoding="utf-8"))
        warc = sum(p.stat().st_size for p in Path(out, "warc").glob("*.warc.gz"))
    return {"pages": data["pages_fetched"], "seconds": data["duration_s"], "warc_mb": warc / 1e6}


def writer_speed(level: int, body: bytes, records: int = 300) -> float:
    """MB/s of response bytes through the WARC writer alone (build, gzip, write)."""
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as folder:
        writer = WarcWriter(Path(folder), "bench", gzip_level=level)
        started = time.perf_counter()
        for n in range(records):
            writer.write(
                [response_record(url=f"http://x/{n}", head=b"HTTP/1.1 200 OK", body=body, date=now)]
            )
        writer.close()
        elapsed = time.perf_counter() - started
    return records * len(body) / elapsed / 1e6


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 600
    server, total = scaled_server(count)
    with server:
        print(
            f"{count} article pages ({total / count / 1e3:.0f} KB each on average) on {server.base_url}\n"
        )
        print(f"{'transfer':14}{'configuration':28}{'pages/s':>9}{'ratio':>7}{'WARC MB':>9}")
        for transfer, transfer_args in TRANSFERS.items():
            baseline = 0.0
            for label, extra in CONFIGS.items():
                result = crawl(server.base_url, [*transfer_args, *extra], concurrency=8)
                rate = result["pages"] / result["seconds"]
                baseline = baseline or rate
                line = f"{transfer:14}{label:28}{rate:>9.0f}{rate / baseline:>7.2f}"
                print(f"{line}{result['warc_mb']:>9.1f}")
    body = build_site().resources[build_site().articles[0].path].body
    print(f"\nWARC writer alone, {len(body) / 1e3:.0f} KB HTML bodies:")
    for level in (6, 9):
        print(f"  gzip level {level}: {writer_speed(level, body):.1f} MB/s")


if __name__ == "__main__":
    main()
