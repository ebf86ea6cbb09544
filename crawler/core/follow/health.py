"""How each outlet's crawling is going, read from the catalogue and the run reports: its last
run, recent failures, pages that answered with an error, photos still owed, removals found, and
the drift alarms of its last run (parser drift: fields coming from fallbacks; discovery drift:
sitemaps or feeds that stopped listing). What a person watching the archive checks first.

The drift alarms and the failed URLs are in the run report (a JSON file the runs table points
at), not in the catalogue: a report that is gone or unreadable leaves them empty, said in
`report_note`. Pure: no Scrapy.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from crawler.core.catalog.runs_table import Run, RunLog

# A run older than this is worth a word: most outlets publish daily, and a schedule that
# stopped (a cron job gone, a machine down) shows first as an outlet nobody crawled lately.
STALE = timedelta(days=2)
# Statuses of a run that did not do all it set out to (crawler.core.catalog.schema).
UNHEALTHY = ("failed", "partial", "interrupted", "killed")
RECENT = 10  # failed runs, and error pages, shown per outlet


@dataclass(frozen=True)
class ErrorPage:
    url: str
    kind: str
    status: int
    fetched_at: str


@dataclass
class OutletHealth:
    site: str
    last: Run | None
    articles: int = 0
    failed_runs: list[Run] = field(default_factory=list)
    error_pages: list[ErrorPage] = field(default_factory=list)
    error_total: int = 0
    photos: dict[str, int] = field(default_factory=dict)  # state -> photos (wanted, failed, ...)
    removed: int = 0  # articles whose last event is a removal
    parser_drift: list[str] = field(default_factory=list)
    discovery_drift: list[str] = field(default_factory=list)
    failures: list[dict[str, str]] = field(default_factory=list)  # the last run's, from its report
    report_note: str = ""
    warnings: list[str] = field(default_factory=list)  # in words, the worst first

    @property
    def ok(self) -> bool:
        return not self.warnings


def health(db: sqlite3.Connection, now: datetime | None = None) -> list[OutletHealth]:
    """Every outlet the catalogue knows (it has articles or runs): those needing a look first,
    then by key."""
    moment = now or datetime.now(UTC)
    runs = RunLog(db)
    sites = sorted(
        {str(row[0]) for row in db.execute("SELECT DISTINCT site FROM articles")}
        | {str(row[0]) for row in db.execute("SELECT DISTINCT site FROM runs")}
    )
    outlets = [_outlet(db, runs, site, moment) for site in sites]
    return sorted(outlets, key=lambda outlet: (outlet.ok, outlet.site))


def _outlet(db: sqlite3.Connection, runs: RunLog, site: str, now: datetime) -> OutletHealth:
    found = OutletHealth(site, runs.last(site))
    found.articles = int(
        db.execute("SELECT COUNT(DISTINCT key) FROM articles WHERE site = ?", (site,)).fetchone()[0]
    )
    found.failed_runs = [run for run in runs.list(site=site, limit=50) if run.status in UNHEALTHY][
        :RECENT
    ]
    found.error_total, found.error_pages = _error_pages(db, site)
    found.photos = {
        str(state): int(n)
        for state, n in _rows(
            db, "SELECT state, COUNT(*) FROM photos WHERE site = ? GROUP BY 1", site
        )
    }
    found.removed = _removed(db, site)
    if found.last is not None and found.last.report:
        _read_report(found, found.last.report)
    found.warnings = _warnings(found, now)
    return found


def _rows(db: sqlite3.Connection, query: str, *params: Any) -> list[tuple[Any, ...]]:
    """A query over a table an older catalogue may not have (photos, events): none, then."""
    try:
        return [tuple(row) for row in db.execute(query, params)]
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return []
        raise


def _error_pages(db: sqlite3.Connection, site: str) -> tuple[int, list[ErrorPage]]:
    """Pages whose last answer was an error (5xx, or none: status 0) or a 4xx other than an
    article's removal, which the removals count says: the newest first."""
    clause = "site = ? AND (status = 0 OR status >= 500 OR (status >= 400 AND outcome != 'gone'))"
    total = int(db.execute(f"SELECT COUNT(*) FROM urls WHERE {clause}", (site,)).fetchone()[0])
    rows = db.execute(
        f"SELECT url, kind, status, fetched_at FROM urls WHERE {clause} "
        "ORDER BY fetched_at DESC LIMIT ?",
        (site, RECENT),
    )
    return total, [ErrorPage(str(u), str(k), int(s), str(f)) for u, k, s, f in rows]


def _removed(db: sqlite3.Connection, site: str) -> int:
    rows = _rows(
        db,
        "SELECT COUNT(*) FROM events e WHERE e.site = ? AND e.kind = 'removed' AND e.id = "
        "(SELECT MAX(id) FROM events WHERE key = e.key)",
        site,
    )
    return int(rows[0][0]) if rows else 0


def _read_report(found: OutletHealth, path: str) -> None:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        found.report_note = f"its run report cannot be read ({type(error).__name__}): {path}"
        return
    if not isinstance(document, dict):
        found.report_note = f"its run report is not a report: {path}"
        return
    found.parser_drift = _messages(document.get("drift"))
    found.discovery_drift = _messages(document.get("discovery_drift"))
    found.failures = [
        {"url": str(item.get("url", "")), "reason": str(item.get("reason", ""))}
        for item in document.get("failures") or []
        if isinstance(item, dict)
    ][:RECENT]


def _messages(alarms: Any) -> list[str]:
    return [str(alarm.get("message", "")) for alarm in alarms or [] if isinstance(alarm, dict)]


def age_words(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    if hours < 1:
        return f"{max(0, round(hours * 60))} min"
    if hours < 48:
        return f"{hours:.0f} h"
    return f"{hours / 24:.0f} days"


def _warnings(found: OutletHealth, now: datetime) -> list[str]:
    last = found.last
    if last is None:
        return ["never crawled: no run is recorded"]
    said = []
    if last.status in UNHEALTHY:
        reason = f" ({last.reason})" if last.reason and last.reason != last.status else ""
        said.append(f"its last run {last.status}{reason}")
    elif last.status == "running":
        said.append("a run is going on now")
    try:
        age = now - datetime.fromisoformat(last.finished or last.started)
    except ValueError:
        age = timedelta(0)
    if age > STALE:
        said.append(f"its last run is old: {age_words(age)} ago")
    if last.counts.get("errors"):
        said.append(f"its last run had {_count(last.counts['errors'], 'error')}")
    if found.parser_drift:
        said.append(f"parser drift in {_count(len(found.parser_drift), 'field')}")
    if found.discovery_drift:
        said.append(f"discovery drift in {_count(len(found.discovery_drift), 'source')}")
    return said


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" if n == 1 else f"{n} {thing}s"
