"""`defnews crawl`, `archive` and `demo`: the commands that fetch (the machinery is in running.py)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from crawler.cli.dates import parse_bound
from crawler.cli.errors import CliError
from crawler.cli.launch import (
    build_settings,
    check_catalog,
    check_reachable,
    ensure_writable,
    exit_status,
    hold_sites,
    parse_sets,
    print_summary,
    run_spiders,
)
from crawler.cli.options import add_out, open_catalog, positive_int
from crawler.core.sites import REGISTRY, UnknownSite, get_site

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
    crawl.add_argument(
        "--start",
        metavar="URL",
        help="crawl an outlet that has no profile, from this page (its feeds, robots.txt "
        "sitemaps and links; articles told by the generic parser)",
    )
    _common(crawl)
    crawl.add_argument(
        "--base-url", help="serve the site's paths from this origin (a mirror, the demo)"
    )
    crawl.add_argument(
        "--max-articles",
        type=positive_int,
        metavar="N",
        help="fetch at most N article pages per site",
    )
    crawl.add_argument(
        "--refresh",
        action="store_true",
        help="fetch articles already archived again (a changed text becomes a new version)",
    )
    crawl.add_argument(
        "--since",
        metavar="DATE",
        help="only articles that sitemaps and feeds date on or after DATE: a day as the "
        "site dates it (2025-05-01), a time with its offset, or an age (36h, 7d)",
    )
    crawl.add_argument(
        "--recheck",
        metavar="AGE",
        help="look again now at every archived article first seen within AGE (30d, 12h): a "
        "quiet edit becomes a new version, a removal (404, 410, a redirect to no article) is "
        "recorded",
    )
    crawl.add_argument(
        "--fail-on-drift",
        action="store_true",
        help="exit with status 3 when a site's parser stopped finding its selectors (the "
        "articles are stored all the same; the run report says which fields)",
    )
    crawl.add_argument(
        "--redis",
        metavar="URL",
        help="work as one of several workers sharing this crawl through Redis "
        "(redis://host:6379/0): start the same command on each worker",
    )
    crawl.add_argument(
        "--cluster-name",
        metavar="NAME",
        help="with --redis: the shared crawl's name (default defnews:<site>)",
    )
    _settable(crawl)
    crawl.set_defaults(run=run_crawl_command)

    archive = commands.add_parser(
        "archive",
        help="archive exactly these URLs (no link following); articles among them are extracted",
        description="Fetch each URL through the same stack as a crawl: every exchange goes into "
        "the WARC, and pages recognised as articles are extracted.",
    )
    archive.add_argument("urls", nargs="+", metavar="URL")
    _common(archive)
    _settable(archive)
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


def _settable(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Scrapy setting (repeatable)",
    )


def _common(parser: argparse.ArgumentParser) -> None:
    add_out(parser)
    parser.add_argument("-v", "--verbose", action="store_true", help="show Scrapy's INFO log")


def crawl(
    site_keys: list[str],
    settings: Settings,
    *,
    base_url: str | None = None,
    max_articles: int | None = None,
    refresh: bool = False,
    since: dict[str, str] | None = None,
    start: str | None = None,
    recheck: str | None = None,
) -> list[dict[str, Any]]:
    """Run one crawl per site in this process; return each crawler's stats. start: the page
    of an outlet without a profile (site_keys then holds its made-up key). since: per site
    key, the moment its --since starts (each site's own day)."""
    from crawler.spiders.news import NewsSpider

    kwargs = {
        "base_url": base_url,
        "max_articles": max_articles,
        "refresh": refresh,
        "start_url": start,
        "recheck": recheck,
    }
    return run_spiders(
        settings,
        [
            (NewsSpider, {"site": key, "since": (since or {}).get(key), **kwargs})
            for key in site_keys
        ],
    )


def run_crawl_command(args: argparse.Namespace) -> int:
    from crawler.core.sites.generic_profile import generic_site

    if args.start and (args.sites or args.all or args.base_url):
        raise CliError("--start crawls one outlet from its own page: no SITE, --all or --base-url")
    keys = sorted(REGISTRY) if args.all else args.sites
    if args.start:
        try:
            sites = [generic_site(args.start)]
        except ValueError as error:
            raise CliError(f"--start: {error}") from None
        keys = [sites[0].key]
    elif not keys:
        raise CliError("name a site (e.g. qdnd), use --all, or --start URL for any outlet")
    else:
        try:
            sites = [get_site(key) for key in keys]
        except UnknownSite as error:
            raise CliError(str(error)) from None
    since = None
    if args.since:  # a bare date is each site's own day, as `list --since` reads it
        bound = parse_bound(args.since, "--since")
        since = {site.key: bound.start_in(site.zone).isoformat() for site in sites}
    if args.recheck:
        from crawler.core.follow.recheck import parse_ages

        try:
            if len(parse_ages(args.recheck)) != 1:
                raise ValueError(f"give one age, not {args.recheck!r}")
        except ValueError as error:
            raise CliError(f"--recheck: {error}") from None
    settings = build_settings(Path(args.out), parse_sets(args.set), verbose=args.verbose)
    if args.fail_on_drift:
        settings.set("DRIFT_FAIL", True, priority="cmdline")
    if args.cluster_name and not args.redis:
        raise CliError("--cluster-name names a shared crawl: give --redis URL too")
    if args.redis:
        from crawler.cluster.scheduler import connect

        try:
            connect(args.redis).close()
        except ValueError as error:
            raise CliError(str(error)) from None
        settings.set("CLUSTER_REDIS_URL", args.redis, priority="cmdline")
        if args.cluster_name:
            settings.set("CLUSTER_NAME", args.cluster_name, priority="cmdline")
    ensure_writable(Path(args.out))
    check_catalog(Path(args.out))
    hold_sites(Path(args.out), keys)
    for origin in dict.fromkeys(args.base_url or site.origin for site in sites):
        check_reachable(origin)
    started = time.monotonic()
    all_stats = crawl(
        keys,
        settings,
        base_url=args.base_url,
        max_articles=args.max_articles,
        refresh=args.refresh,
        since=since,
        start=args.start,
        recheck=args.recheck,
    )
    print_summary(all_stats, Path(args.out), time.monotonic() - started)
    return exit_status(all_stats)


def run_archive(args: argparse.Namespace) -> int:
    from crawler.spiders.archive import ArchiveSpider

    for url in args.urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CliError(f"not an http(s) URL: {url}")
    settings = build_settings(Path(args.out), parse_sets(args.set), verbose=args.verbose)
    ensure_writable(Path(args.out))
    check_catalog(Path(args.out))
    started = time.monotonic()
    all_stats = run_spiders(settings, [(ArchiveSpider, {"urls": list(args.urls)})])
    print_summary(all_stats, Path(args.out), time.monotonic() - started)
    return exit_status(all_stats)


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
    check_catalog(out)
    hold_sites(out, ["qdnd"])
    started = time.monotonic()
    with DemoServer() as server:
        print(f"serving the bundled qdnd.vn sample at {server.base_url} (offline)")
        all_stats = crawl(["qdnd"], settings, base_url=server.base_url)
    print_summary(all_stats, out, time.monotonic() - started)
    if status := exit_status(all_stats):
        return status
    with open_catalog(out) as catalog:  # the newest article, to show by its ID
        newest = list(catalog.articles())[-1:]
    ident = newest[0].article if newest else "ID"
    hints = [
        (f"ls {out}/articles/qdnd/*/*/", "clean text (.txt) and records (.json)"),
        (f"warcio index {out}/warc/*.warc.gz", "every archived exchange"),
        (
            f"defnews extract --jsonl {out}/warc/*.warc.gz",
            "re-extract the articles from the WARC alone",
        ),
        (f"defnews search le huy vinh --out {out}", "full-text search, diacritics optional"),
        (f"defnews list --out {out}", "the articles, newest first, with their IDs"),
        (f"defnews show {ident} --html --out {out}", "an article's page as archived"),
        (f"defnews serve --out {out}", "in a browser (pip install 'defnews[serve]')"),
        (f"defnews runs --out {out}", "the run history (run the demo again: no article refetched)"),
    ]
    width = max(len(command) for command, _ in hints) + 2
    print("\nLook at it:")
    for command, meaning in hints:
        print(f"  {command:{width}}{meaning}")
    return 0
