"""Running crawls from the command line: settings from flags, checks before starting, the run,
and what is printed after it. Scrapy is imported only when a crawl really runs."""

from __future__ import annotations

import json
import logging
import os
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlsplit

from crawler.cli.errors import CliError

if TYPE_CHECKING:
    from scrapy.settings import Settings


def parse_sets(pairs: list[str]) -> dict[str, str]:
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
    # A live line only for a person watching, and not over a verbose log.
    settings.set("LIVE_PROGRESS", sys.stderr.isatty() and not verbose, priority="cmdline")
    for name, value in overrides.items():
        settings.set(name, coerce_setting(name, value, settings.get(name)), priority="cmdline")
    from crawler.core.archive.config import WarcConfig
    from crawler.core.archive.requisites import requisite_scope
    from crawler.core.follow.recheck import parse_ages

    try:
        WarcConfig.from_settings(settings)
        requisite_scope(settings.get("PAGE_REQUISITES"))
        try:
            parse_ages(str(settings.get("RECHECK_AFTER") or ""))
        except ValueError as error:
            raise ValueError(f"RECHECK_AFTER: {error}") from None
        if settings.getint("IMAGES_MAX_BYTES") < 1:
            raise ValueError(
                f"IMAGES_MAX_BYTES must be at least 1 byte, not {settings.get('IMAGES_MAX_BYTES')}"
            )
    except ValueError as error:
        raise CliError(f"--set: {error}") from None
    return settings


def run_spiders(
    settings: Settings, jobs: list[tuple[type, dict[str, Any]]]
) -> list[dict[str, Any]]:
    """Run spiders side by side in this process (Twisted's reactor runs once per process)."""
    from crawler.runtime.interrupts import InterruptibleProcess

    process = InterruptibleProcess(settings)
    crawlers = []
    for spider_class, kwargs in jobs:
        crawler = process.create_crawler(spider_class)
        crawlers.append(crawler)
        process.crawl(crawler, **kwargs)
    process.start()
    return [crawler.stats.get_stats() if crawler.stats else {} for crawler in crawlers]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def print_summary(all_stats: list[dict[str, Any]], out: Path, elapsed: float) -> None:
    from crawler.core import not_stored
    from crawler.core.archive import requisite_report
    from crawler.core.follow.recheck import lines as recheck_lines
    from crawler.runtime.summary import summarise

    for stats in all_stats:
        s = summarise(stats)
        print(
            f"fetched {_count(s['pages_fetched'], 'page')}, wrote {_count(s['articles'], 'article')}, "
            f"{_count(s['warc_records'], 'WARC record')} ({s['warc_bytes'] / 1e6:.1f} MB), "
            f"{_count(s['errors'], 'error')}, {s['robots_forbidden']} blocked by robots.txt"
        )
        if incremental := _incremental_line(stats):
            print(incremental)
        if copies := s["duplicates"]:
            were = "was a copy" if copies == 1 else "were copies"
            line = f"{_count(copies, 'page')} {were} of archived articles (the same words under another URL)"
            if recaptured := s["recaptured"]:
                line += f"; {recaptured} gave its article the capture it had lost"
            print(line)
        if revisits := stats.get("warc/revisits"):
            print(f"{_count(revisits, 'payload')} already archived, written as revisit records")
        if not_archived := stats.get("articles/not_archived"):
            print(
                f"{_count(not_archived, 'article')} not stored: their pages could not be written "
                "to the WARC (the next run fetches them again)"
            )
        if unwritten := stats.get("articles/not_stored"):
            print(
                f"{_count(unwritten, 'article')} not stored: the output could not be written "
                "(the next run fetches them again)"
            )
        if repaired := stats.get("warc/repaired"):
            print(f"repaired {repaired} WARC file(s) a killed crawl had left open")
        for line in not_stored.lines(stats):  # why pages became no article, per URL
            print(line)
        for line in requisite_report.lines(stats):  # photos and requisites, and what was not
            print(line)
        for line in recheck_lines(stats):  # archived articles looked at again
            print(line)
        for alarm in s["drift"]:
            print(f"parser drift: {alarm['message']}")
        for alarm in s["discovery_drift"]:
            print(f"discovery drift: {alarm['message']}")
        for limit in s["limits"]:
            print(f"limit: {limit}")
        if blocked := s["blocked"]:
            print(
                f"blocked: {_count(blocked['count'], 'request')} answered with {blocked['by']}; "
                f"{blocked['advice']}"
            )
        if report := stats.get("run/report"):
            print(f"run report: {report}")
    print(f"wall time {elapsed:.1f} s; {_output_line(out)}")


def _output_line(out: Path) -> str:
    """Where the output is: only the folders that exist (a stopped run may have made none)."""
    if not out.is_dir():
        return f"the output folder {out}/ is not there"
    folders = [
        f"{name}/" for name in ("warc", "index", "articles", "runs") if (out / name).is_dir()
    ]
    return f"output in {out}/" + (f" ({', '.join(folders)})" if folders else "")


def _incremental_line(stats: dict[str, Any]) -> str:
    """What the catalogue changed: new and changed articles, and what was not fetched again."""
    parts = [
        f"{stats.get(f'articles/{state}', 0)} {state}" for state in ("new", "changed", "unchanged")
    ]
    if skipped := stats.get("incremental/skipped"):
        parts.append(f"{skipped} archived before and not fetched again")
    if not_modified := stats.get("incremental/not_modified"):
        parts.append(f"{_count(not_modified, 'page')} unchanged since last time (HTTP 304)")
    if older := stats.get("incremental/older"):
        parts.append(f"{older} older than --since")
    return "articles: " + ", ".join(parts) if "run/id" in stats else ""


def exit_status(all_stats: list[dict[str, Any]]) -> int:
    """0 for a run that did its job; otherwise one line on stderr and 2 (a site's CDN refusing
    every request counts as failed; 130 for Ctrl-C; 3 for parser drift when the crawl was
    asked to fail on it)."""
    from crawler.runtime.stop import (
        FORCED,
        STOP_MESSAGE,
        exit_code,
        finished_normally,
        reason_words,
    )

    for stats in all_stats:
        reason = str(stats.get("finish_reason", ""))
        code = exit_code(reason, int(stats.get("downloader/response_count", 0)))
        joined = stats.get("cluster/worker") and not stats.get("cluster/seeded")
        if code == 2 and finished_normally(reason) and joined:
            code = 0  # a cluster worker that joined a crawl and found no work left in it
        if code == 130:
            print(f"defnews: interrupted: {_interrupted(stats)}", file=sys.stderr)
            if stats.get(FORCED):
                _exit_now(code)
        elif code and not finished_normally(reason):
            why = stats.get(STOP_MESSAGE) or reason_words(reason)
            print(f"defnews: error: the crawl stopped early: {why}", file=sys.stderr)
        elif code:
            print(
                "defnews: error: no page could be fetched (see the warnings above)", file=sys.stderr
            )
        elif stats.get("blocked/count") and not _answered(stats):
            print(
                f"defnews: error: the site refused every request ({stats.get('blocked/by')}); "
                f"{stats.get('blocked/advice')}",
                file=sys.stderr,
            )
            code = 2
        if code:
            return code
    for stats in all_stats:
        if stats.get("drift/fail"):  # --fail-on-drift: the articles are stored, but say it
            fields = ", ".join(alarm["field"] for alarm in stats.get("drift/alarms", []))
            sources = ", ".join(alarm["url"] for alarm in stats.get("drift/discovery", []))
            what = "; ".join(
                part
                for part in (
                    f"parser drift ({fields})" if fields else "",
                    f"discovery drift ({sources})" if sources else "",
                )
                if part
            )
            print(f"defnews: error: {what}; see the run report", file=sys.stderr)
            return 3
    return 0


def _exit_now(code: int) -> NoReturn:
    """End a crawl stopped at once (a second Ctrl-C) here, after its last line.

    Its outputs are closed and recorded (crawler.runtime.stop.stop_now), but coroutines still await
    the extraction workers; finalizing them at interpreter exit crashed CPython 3.11 in its
    garbage collector (SIGSEGV in about one run of five). Nothing is left to write."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _interrupted(stats: dict[str, Any]) -> str:
    from crawler.runtime.stop import FORCED

    stored = stats.get("articles/new", 0) + stats.get("articles/changed", 0)
    how = "stopped at once" if stats.get(FORCED) else "stopped after the pages in flight"
    return f"{how}; {_count(stored, 'article')} stored in this run, the rest is fetched next run"


def _answered(stats: dict[str, Any]) -> bool:
    """Did the site answer any of the spider's requests with its page, or a "not modified"?
    Counted by the spider (robots.txt and refusals served as 200 do not count)."""
    return bool(stats.get("defnews/answered") or stats.get("incremental/not_modified"))


def check_catalog(out: Path) -> None:
    """Open (and if new, create) the catalogue now: a damaged one is a one-line error before
    anything is fetched, not a traceback from inside Scrapy."""
    from crawler.core.catalog.catalog import Catalog, CatalogError

    try:
        Catalog(out / "catalog.sqlite").close()
    except CatalogError as error:
        raise CliError(str(error)) from None


def hold_sites(out: Path, keys: list[str]) -> None:
    """Take each site's lock before starting: a second crawl of a site into the same folder
    is refused in one line (exit 2) instead of racing the first."""
    from crawler.core.catalog.lock import SiteBusy, hold_site

    for key in keys:
        try:
            hold_site(out, key)
        except SiteBusy as busy:
            raise CliError(f"{busy}; not starting (locks are in {out}/locks/)") from None
        except OSError as error:
            raise CliError(f"cannot lock {key} in {out}: {error.strerror or error}") from None


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
