"""How fast defnews crawls, against plain Scrapy and plain trafilatura on the same pages.

One command serves N realistic article pages on 127.0.0.1 (the sample's qdnd.vn pages, 67-90 KB,
cloned under new IDs with their IDs rewritten so no two payloads are equal; gzipped once, ahead
of time, so the server costs little CPU) and measures, in the same run:

1. plain Scrapy: a spider that reads the same sitemap and fetches every page, doing nothing
   with them (robots.txt obeyed, same concurrency): the crawl limit of this machine;
2. trafilatura with metadata on the same pages, on all cores (what a generic extractor costs);
3. `defnews crawl qdnd`: crawl + WARC + extraction + catalogue + text files;

and prints pages/s for each, defnews / plain Scrapy, and the peak RSS of the defnews process
tree (polled from /proc). With --rss-pages M it also crawls M pages, with defnews and with
plain Scrapy, and prints the RSS of each tree as the crawl goes, to show whether it stays flat.

With --latency MS the server waits that long before each answer, as a remote site does: the
crawl is then bound by the site, not the CPU, as real crawls are (a news site answers in tens
to hundreds of milliseconds). The default, 0, measures the CPU alone.

Run: python benchmarks/speed.py [--pages 1500] [--rss-pages 20000] [--concurrency 8] [--latency 0]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from crawler.demo.site import ORIGIN, build_site

SITEMAP = "/bench/sitemap.xml"
# Where a sample page states its title: <title>, the headline, og:title, JSON-LD's headline.
_TITLED = re.compile(rb'<title>|<h1[^>]*>|og:title" content="|"headline": "')
# The pages as plain Scrapy fetches them: no photos and no page requisites. The sample's pages
# name their photos on the real photo hosts (file3.qdnd.vn), which this benchmark does not
# serve: with photos on, each run sent about a hundred requests off the machine, whose DNS
# failures took anywhere from nothing to ten seconds, and one run in four measured that wait.
FAST = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False"]
FAST += ["--set", "IMAGES_ENABLED=False", "--set", "PAGE_REQUISITES=off"]


# -- the site ---------------------------------------------------------------------------------


class Site:
    """N clones of the sample's article pages, plain and gzipped, and a sitemap listing them."""

    def __init__(self, count: int) -> None:
        site = build_site()
        originals = [a for a in site.articles if not a.disallowed]
        self.pages: dict[str, tuple[str, bytes, bytes]] = {}
        urls = []
        for n in range(count):
            source = originals[n % len(originals)]
            new_id = str(2_000_000 + n)
            path = re.sub(r"-\d+$", f"-{new_id}", source.path)
            resource = site.resources[source.path]
            # Its own ID everywhere (canonical link, JSON-LD, share links): its own payload.
            body = resource.body.replace(str(source.article_id).encode(), new_id.encode())
            # And its own title, as on a real site: forty articles with the same words would
            # each be compared with all their twins (crawler.core.catalog.identity), a cost
            # no real crawl pays at this scale.
            body = _TITLED.sub(rb"\g<0>" + f"{n + 1}. ".encode(), body)
            self.pages[path] = (resource.content_type, body, gzip.compress(body, 6, mtime=0))
            urls.append(f"<url><loc>{ORIGIN}{path}</loc></url>")
        sitemap = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(urls)
            + "</urlset>"
        ).encode()
        robots = f"User-agent: *\nDisallow: /video/\n\nSitemap: {ORIGIN}{SITEMAP}\n".encode()
        self.pages[SITEMAP] = ("application/xml", sitemap, gzip.compress(sitemap, 6, mtime=0))
        self.pages["/robots.txt"] = ("text/plain", robots, gzip.compress(robots, 6, mtime=0))
        self.bytes = sum(len(body) for path, (_, body, _) in self.pages.items() if path != SITEMAP)

    def serve(self, latency: float = 0.0) -> tuple[ThreadingHTTPServer, str]:
        """Serve on 127.0.0.1, each response latency seconds after its request (a remote
        site's think and travel time; 0 measures the crawler's CPU alone)."""
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes. With Nagle's algorithm the body waits for
            # the client's ACK of the headers, which Linux delays up to 40 ms: 8 connections
            # then carried at most ~180 responses a second, and that cap, not the crawler, was
            # what plain Scrapy measured here until December 2026.
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                found = pages.get(self.path.split("?", 1)[0])
                if found is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                content_type, plain, packed = found
                if latency:
                    time.sleep(latency)  # this connection's thread only
                gzipped = "gzip" in self.headers.get("Accept-Encoding", "")
                body = packed if gzipped else plain
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                if gzipped:
                    self.send_header("Content-Encoding", "gzip")
                self.end_headers()
                self.wfile.write(body)

        class Server(ThreadingHTTPServer):
            daemon_threads = True

        server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        host, port = server.server_address[:2]
        return server, f"http://{host!s}:{port}"

    def bodies(self) -> list[bytes]:
        return [body for path, (_, body, _) in self.pages.items() if path.count("/") >= 3]


# -- measuring a process tree -----------------------------------------------------------------


def _tree_rss_kb(pid: int) -> int:
    """RSS of a process and all its descendants, from /proc (0 once it is gone)."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(child) for child in children)
        except (OSError, AttributeError):
            continue
    return total


def run_measured(
    command: list[str], samples: list[tuple[float, int]] | None = None
) -> tuple[int, float, float]:
    """Run a command; (peak RSS of its process tree in KB, wall seconds, CPU seconds of the
    tree: the process and the children it waited for, its extraction workers)."""
    before = os.times()
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    stderr: list[bytes] = []
    reader = threading.Thread(target=lambda: stderr.append(process.stderr.read()))  # type: ignore[union-attr]
    reader.start()
    while process.poll() is None:
        rss = _tree_rss_kb(process.pid)
        peak = max(peak, rss)
        if samples is not None and rss:
            samples.append((time.monotonic() - started, rss))
        time.sleep(0.1)
    reader.join()
    if process.returncode:
        sys.exit(
            f"failed ({process.returncode}): {' '.join(command)}\n{b''.join(stderr).decode()[-2000:]}"
        )
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return peak, time.monotonic() - started, cpu


# -- the three contenders ---------------------------------------------------------------------

PLAIN_SPIDER = textwrap.dedent(
    """
    import json, sys
    from scrapy.spiders import SitemapSpider

    class Plain(SitemapSpider):
        name = "plain"
        def __init__(self, base="", **kwargs):
            super().__init__(**kwargs)
            self.base = base
            self.sitemap_urls = [base + "/robots.txt"]
        def _parse_sitemap(self, response):
            # robots.txt and the sitemap name www.qdnd.vn: fetch them from our server instead
            for request in super()._parse_sitemap(response):
                yield request.replace(url=request.url.replace("https://www.qdnd.vn", self.base))
        def parse(self, response):
            pass
    """
)


def plain_scrapy(
    base: str, concurrency: int, samples: list[tuple[float, int]] | None = None
) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        spider = Path(folder, "plain.py")
        spider.write_text(PLAIN_SPIDER, encoding="utf-8")
        stats = Path(folder, "stats.json")
        runner = textwrap.dedent(
            f"""
            import json, sys
            sys.path.insert(0, {folder!r})
            from scrapy.crawler import CrawlerProcess
            from plain import Plain
            process = CrawlerProcess({{
                "ROBOTSTXT_OBEY": True, "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
                "CONCURRENT_REQUESTS": 16, "CONCURRENT_REQUESTS_PER_DOMAIN": {concurrency},
                "LOG_LEVEL": "WARNING", "TELNETCONSOLE_ENABLED": False,
            }})
            crawler = process.create_crawler(Plain)
            process.crawl(crawler, base={base!r})
            process.start()
            s = crawler.stats.get_stats()
            json.dump({{"pages": s.get("response_received_count", 0),
                       "seconds": s["elapsed_time_seconds"]}}, open({str(stats)!r}, "w"))
            """
        )
        peak, _, cpu = run_measured([sys.executable, "-c", runner], samples)
        result = json.loads(stats.read_text())
    return {**result, "rss_mb": peak / 1024, "cpu_s": cpu}


def defnews_crawl(
    base: str, concurrency: int, samples: list[tuple[float, int]] | None = None
) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "crawler", "crawl", "qdnd", "--base-url", base]
        command += ["--out", out, *FAST, "--set", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}"]
        peak, _, cpu = run_measured(command, samples)
        (report,) = Path(out, "runs").glob("*.json")
        data = json.loads(report.read_text(encoding="utf-8"))
        articles = sum(1 for _ in Path(out, "articles").rglob("*.txt"))
    stages = {k[4:-3]: v for k, v in data["stats"].items() if k.startswith("cpu/")}
    return {
        "pages": data["pages_fetched"],
        "seconds": data["duration_s"],
        "articles": articles,
        "rss_mb": peak / 1024,
        "cpu_s": cpu,
        "stages": stages,
    }


def stage_table(plain: dict[str, Any], ours: dict[str, Any]) -> list[str]:
    """CPU milliseconds per page: plain Scrapy's whole process, and defnews by stage (the
    crawl process's stages from its run report, crawler.core.stage_clock; its extraction
    worker's own CPU; what no stage claims is Scrapy's fetching and the rest)."""
    pages = ours["pages"]
    stages = dict(ours["stages"])
    process = stages.pop("process")
    stages.pop("main_thread", None)
    worker = stages.pop("extraction", 0.0)
    rest = process - sum(stages.values())
    rows = [("fetch and the rest (Scrapy, middlewares, spider)", plain["cpu_s"] * 1000, rest)]
    rows += [(name, 0.0, ms) for name, ms in sorted(stages.items(), key=lambda kv: -kv[1])]
    rows.append(("extraction (its worker process)", 0.0, worker))
    tree = ours["cpu_s"] * 1000
    rows.append(("other processes and threads", 0.0, max(0.0, tree - process - worker)))
    lines = [f"{'CPU ms per page':50}{'plain':>8}{'defnews':>9}"]
    for name, theirs, mine in rows:
        lines.append(
            f"{name.replace('_', ' '):50}{theirs / plain['pages']:>8.2f}{mine / pages:>9.2f}"
        )
    lines.append(
        f"{'total (process tree)':50}{plain['cpu_s'] * 1000 / plain['pages']:>8.2f}{tree / pages:>9.2f}"
    )
    return lines


def _trafilatura_one(body: bytes) -> int:
    import trafilatura

    result = trafilatura.extract(body, output_format="json", with_metadata=True)
    return len(result or "")


def _generic_one(body: bytes) -> int:
    """Our parser for outlets without a profile (JSON-LD, meta, trafilatura's body, pruned)."""
    from crawler.core.extraction.document import parse_document
    from crawler.core.sites.generic_parser import GenericParser

    article = GenericParser().parse(parse_document(body), "https://example.com/news/story")
    return len(article.text)


def pool_rate(work: Any, bodies: list[bytes]) -> dict[str, float]:
    """Pages/s of work over bodies on all cores (warmed up first)."""
    workers = os.cpu_count() or 1
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(work, bodies[: workers * 2]))
        started = time.perf_counter()
        list(pool.map(work, bodies, chunksize=16))
        seconds = time.perf_counter() - started
    return {"pages": len(bodies), "seconds": seconds, "workers": workers}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pages", type=int, default=1500)
    parser.add_argument("--rss-pages", type=int, default=0, help="also crawl this many, for RSS")
    parser.add_argument("--concurrency", type=int, default=8, help="requests per host")
    parser.add_argument(
        "--latency", type=float, default=0.0, help="ms the server takes to answer (default 0)"
    )
    args = parser.parse_args()

    site = Site(args.pages)
    server, base = site.serve(args.latency / 1000)
    articles = len(site.pages) - 2
    print(
        f"{articles} article pages, {site.bytes / articles / 1e3:.0f} KB each on average, at {base}"
    )
    print(
        f"{os.cpu_count()} cores; {args.concurrency} requests at a time per host; "
        f"the server answers in {args.latency:g} ms\n"
    )
    plain = plain_scrapy(base, args.concurrency)
    ours = defnews_crawl(base, args.concurrency)
    plain_again = plain_scrapy(base, args.concurrency)  # the machine is noisy: bracket ours
    traf = pool_rate(_trafilatura_one, site.bodies())
    generic = pool_rate(_generic_one, site.bodies())
    server.shutdown()

    plain_rate = (
        plain["pages"] / plain["seconds"] + plain_again["pages"] / plain_again["seconds"]
    ) / 2
    our_rate = ours["pages"] / ours["seconds"]
    traf_rate = traf["pages"] / traf["seconds"]
    print(f"{'':44}{'pages/s':>9}{'peak RSS':>10}")
    print(
        f"{'plain Scrapy, fetch only (mean of 2 runs)':44}{plain_rate:>9.0f}{plain['rss_mb']:>8.0f}MB"
    )
    label = f"trafilatura + metadata, {traf['workers']} processes"
    print(f"{label:44}{traf_rate:>9.0f}")
    generic_rate = generic["pages"] / generic["seconds"]
    label = f"defnews generic parser, {generic['workers']} processes"
    print(f"{label:44}{generic_rate:>9.0f}")
    print(
        f"{'defnews crawl (WARC, extract, catalogue)':44}{our_rate:>9.0f}{ours['rss_mb']:>8.0f}MB"
    )
    print()
    for line in stage_table(plain, ours):
        print(line)
    print(f"\ndefnews / plain Scrapy: {our_rate / plain_rate:.2f}")
    print(f"defnews / trafilatura:  {our_rate / traf_rate:.2f}")
    print(f"generic parser / trafilatura: {generic_rate / traf_rate:.2f}")
    print(f"articles written: {ours['articles']} of {articles}")

    if args.rss_pages:
        rss_over_a_long_crawl(args.rss_pages, args.concurrency, args.latency / 1000)


def rss_over_a_long_crawl(pages: int, concurrency: int, latency: float) -> None:
    """RSS of each process tree as a long crawl goes: defnews, and plain Scrapy over the same
    pages (which also remembers every URL it has seen: that much growth is any crawler's)."""
    big = Site(pages)
    server, base = big.serve(latency)
    plain_samples: list[tuple[float, int]] = []
    plain = plain_scrapy(base, concurrency, plain_samples)
    samples: list[tuple[float, int]] = []
    result = defnews_crawl(base, concurrency, samples)
    server.shutdown()
    print(
        f"\n{pages} pages: {result['pages'] / result['seconds']:.0f} pages/s, "
        f"peak RSS {result['rss_mb']:.0f} MB, {result['articles']} articles "
        f"(plain Scrapy: {plain['pages'] / plain['seconds']:.0f} pages/s, "
        f"peak RSS {plain['rss_mb']:.0f} MB)"
    )
    print("RSS of each process tree over its crawl:     defnews  plain Scrapy")
    for fraction in (0.1, 0.25, 0.5, 0.75, 0.95):
        ours = samples[min(len(samples) - 1, int(len(samples) * fraction))][1]
        theirs = plain_samples[min(len(plain_samples) - 1, int(len(plain_samples) * fraction))][1]
        print(
            f"  at {fraction:>4.0%} of the crawl's time{ours / 1024:>18.0f} MB{theirs / 1024:>10.0f} MB"
        )


if __name__ == "__main__":
    main()
