"""`defnews crawl` and `defnews demo`: run NewsSpider in-process and report what the run left."""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from crawler.cli.errors import CliError
from crawler.sites import REGISTRY, UnknownSite, get_site

if TYPE_CHECKING:
    from scrapy.settings import Settings

# The demo site is our own server on loopback: politeness delays would only slow it down.
DEMO_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
}


def register(commands: Any) -> None:
    crawl = commands.add_parser(
        "crawl",
        help="crawl outlets into WARC archives and clean article text",
        description="Discover articles (robots.txt, sitemaps, feeds, listings), archive every "
        "exchange as WARC and write clean article text.",
    )
    crawl.add_argument("sites", nargs="*", metavar="SITE", help="site keys, e.g. qdnd")
    crawl.add_argument("--all", action="store_true", help="crawl every known site")
    _common(crawl)
    crawl.add_argument(
        "--base-url", help="serve the site's paths from this origin (a mirror, the demo)"
    )
    crawl.add_argument(
        "--max-articles", type=_positive, metavar="N", help="fetch at most N article pages per site"
    )
    crawl.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Scrapy setting (repeatable)",
    )
    crawl.set_defaults(run=run_crawl_command)

    archive = commands.add_parser(
        "archive",
        help="archive exactly these URLs (no link following); articles among them are extracted",
        description="Fetch each URL through the same stack as a crawl: every exchange goes into "
        "the WARC, and pages recognised as articles are extracted.",
    )
    archive.add_argument("urls", nargs="+", metavar="URL")
    _common(archive)
    archive.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Scrapy setting (repeatable)",
    )
    archive.set_defaults(run=run_archive)

    demo = commands.add_parser(
        "demo",
        help="crawl the bundled sample of qdnd.vn, offline",
        description="Serve the bundled qdnd.vn sample on 127.0.0.1 and crawl all of it.",
    )
    _common(demo)
    demo.add_argument(
        "--serve", action="store_true", help="only serve the sample site (for a browser)"
    )
    demo.add_argument("--port", type=int, default=8070, help="port for --serve (default 8070)")
    demo.set_defaults(run=run_demo)


def _positive(value: str) -> int:
    number = int(value) if value.strip().lstrip("-").isdigit() else 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"wants a whole number of at least 1, got {value!r}")
    return number


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", default="output", help="output folder (default: output/)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show Scrapy's INFO log")


def _parse_sets(pairs: list[str]) -> dict[str, str]:
    settings = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise CliError(f"--set wants NAME=VALUE, got {pair!r}")
        settings[name.strip()] = value
    return settings


def coerce_setting(name: str, value: Any, current: Any) -> Any:
    """A --set value as the type the setting already has, or a one-line error now.

    Scrapy would otherwise fail deep inside a component, with a traceback, after start-up."""
    if not isinstance(value, str):
        return value
    try:
        if isinstance(current, bool):
            if value.strip().lower() not in ("true", "false", "1", "0", "yes", "no", "on", "off"):
                raise ValueError(value)
            return value.strip().lower() in ("true", "1", "yes", "on")
        if isinstance(current, int):
            return int(value)
        if isinstance(current, float):
            return float(value)
        # dicts, lists and Scrapy's component dicts (BaseSettings; Scrapy stays unimported here)
        if isinstance(current, (dict, list)) or hasattr(current, "getpriority"):
            return json.loads(value)
    except ValueError:
        numeric = isinstance(current, (bool, int, float))
        kind = type(current).__name__ if numeric else "JSON object or list"
        raise CliError(f"--set {name}={value}: not a valid {kind}") from None
    return value


def check_reachable(url: str, timeout: float = 5.0) -> None:
    """Fail fast, in one line, when the origin does not answer at all."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CliError(f"not an http(s) URL: {url}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname, port), timeout=timeout):
            pass
    except OSError as error:
        reason = error.strerror or str(error) or type(error).__name__
        raise CliError(f"cannot reach {parts.scheme}://{parts.netloc}: {reason}") from None


def build_settings(out: Path, overrides: dict[str, Any], *, verbose: bool = False) -> Settings:
    """The project's settings with the command line's on top; bad values fail here, early."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    from scrapy.utils.project import get_project_settings

    if "OUTPUT_DIR" in overrides:
        raise CliError("use --out DIR, not --set OUTPUT_DIR")
    settings = get_project_settings()
    settings.set("OUTPUT_DIR", str(out), priority="cmdline")
    settings.set("LOG_LEVEL", "INFO" if verbose else "WARNING", priority="cmdline")
    for name, value in overrides.items():
        settings.set(name, coerce_setting(name, value, settings.get(name)), priority="cmdline")
    from crawler.archive.config import WarcConfig

    try:
        WarcConfig.from_settings(settings)
    except ValueError as error:
        raise CliError(f"--set: {error}") from None
    return settings


def crawl(
    site_keys: list[str],
    settings: Settings,
    *,
    base_url: str | None = None,
    max_articles: int | None = None,
) -> list[dict[str, Any]]:
    """Run one crawl per site in this process; return each crawler's stats."""
    from crawler.spiders.news import NewsSpider

    kwargs = {"base_url": base_url, "max_articles": max_articles}
    return run_spiders(settings, [(NewsSpider, {"site": key, **kwargs}) for key in site_keys])


def run_spiders(
    settings: Settings, jobs: list[tuple[type, dict[str, Any]]]
) -> list[dict[str, Any]]:
    """Run spiders side by side in this process (Twisted's reactor runs once per process)."""
    from scrapy.crawler import CrawlerProcess

    process = CrawlerProcess(settings)
    crawlers = []
    for spider_class, kwargs in jobs:
        crawler = process.create_crawler(spider_class)
        crawlers.append(crawler)
        process.crawl(crawler, **kwargs)
    process.start()
    return [crawler.stats.get_stats() if crawler.stats else {} for crawler in crawlers]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _print_summary(all_stats: list[dict[str, Any]], out: Path, elapsed: float) -> None:
    from crawler.store.report import summarise

    for stats in all_stats:
        s = summarise(stats)
        print(
            f"fetched {_count(s['pages_fetched'], 'page')}, wrote {_count(s['articles'], 'article')}, "
            f"{_count(s['warc_records'], 'WARC record')} ({s['warc_bytes'] / 1e6:.1f} MB), "
            f"{_count(s['errors'], 'error')}, {s['robots_forbidden']} blocked by robots.txt"
        )
        if revisits := stats.get("warc/revisits"):
            print(f"{revisits} payloads were already archived: written as revisit records")
        if repaired := stats.get("warc/repaired"):
            print(f"repaired {repaired} WARC file(s) a killed crawl had left open")
        if report := stats.get("run/report"):
            print(f"run report: {report}")
    print(f"wall time {elapsed:.1f} s; output in {out}/ (warc/, index/, articles/, runs/)")


def run_crawl_command(args: argparse.Namespace) -> int:
    keys = sorted(REGISTRY) if args.all else args.sites
    if not keys:
        raise CliError("name a site (e.g. qdnd) or use --all")
    try:
        sites = [get_site(key) for key in keys]
    except UnknownSite as error:
        raise CliError(str(error)) from None
    settings = build_settings(Path(args.out), _parse_sets(args.set), verbose=args.verbose)
    ensure_writable(Path(args.out))
    for origin in dict.fromkeys(args.base_url or site.origin for site in sites):
        check_reachable(origin)
    started = time.monotonic()
    all_stats = crawl(keys, settings, base_url=args.base_url, max_articles=args.max_articles)
    _print_summary(all_stats, Path(args.out), time.monotonic() - started)
    return exit_status(all_stats)


def run_archive(args: argparse.Namespace) -> int:
    from crawler.spiders.archive import ArchiveSpider

    for url in args.urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CliError(f"not an http(s) URL: {url}")
    settings = build_settings(Path(args.out), _parse_sets(args.set), verbose=args.verbose)
    ensure_writable(Path(args.out))
    started = time.monotonic()
    all_stats = run_spiders(settings, [(ArchiveSpider, {"urls": list(args.urls)})])
    _print_summary(all_stats, Path(args.out), time.monotonic() - started)
    return exit_status(all_stats)


def exit_status(all_stats: list[dict[str, Any]]) -> int:
    """0 for a run that did its job; otherwise one line on stderr and 2 (130 for Ctrl-C)."""
    from crawler.stop import finished_normally

    for stats in all_stats:
        reason = str(stats.get("finish_reason", ""))
        if reason == "shutdown":
            print("defnews: interrupted", file=sys.stderr)
            return 130
        if not finished_normally(reason):
            print(f"defnews: error: the crawl stopped early ({reason})", file=sys.stderr)
            return 2
        if not stats.get("downloader/response_count"):
            print(
                "defnews: error: no page could be fetched (see the warnings above)", file=sys.stderr
            )
            return 2
    return 0


def ensure_writable(out: Path) -> None:
    """Fail before crawling, not after an hour of fetching into nowhere."""
    if out.exists() and not out.is_dir():
        raise CliError(f"cannot write to {out}: not a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".defnews-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise CliError(f"cannot write to {out}: {error.strerror or error}") from None


def run_demo(args: argparse.Namespace) -> int:
    from crawler.demo.server import DemoServer, serve_forever

    if args.serve:
        try:
            serve_forever("127.0.0.1", args.port)
        except OSError as error:
            raise CliError(
                f"cannot serve on 127.0.0.1:{args.port}: {error.strerror or error}"
            ) from None
        return 0
    out = Path(args.out)
    settings = build_settings(out, DEMO_SETTINGS, verbose=args.verbose)
    ensure_writable(out)
    started = time.monotonic()
    with DemoServer() as server:
        print(f"serving the bundled qdnd.vn sample at {server.base_url} (offline)")
        all_stats = crawl(["qdnd"], settings, base_url=server.base_url)
    _print_summary(all_stats, out, time.monotonic() - started)
    if status := exit_status(all_stats):
        return status
    hints = [
        (f"ls {out}/articles/qdnd/*/*/", "clean text (.txt) and records (.json)"),
        (f"warcio index {out}/warc/*.warc.gz", "every archived exchange"),
        (
            f"defnews extract --jsonl {out}/warc/*.warc.gz",
            "re-extract the articles from the WARC alone",
        ),
    ]
    width = max(len(command) for command, _ in hints) + 2
    print("\nLook at it:")
    for command, meaning in hints:
        print(f"  {command:{width}}{meaning}")
    return 0
