"""The runs table of the catalogue: one row per crawl run (site, start, end, status, exit
status, counts, report), for `defnews runs`, the listing early stop and killed-run marking.
Pure: no Scrapy."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from crawler.core.times import now_iso


@dataclass(frozen=True)
class Run:
    id: int
    site: str
    started: str
    finished: str
    status: str
    reason: str
    exit: int | None
    pid: int
    options: dict[str, Any]
    counts: dict[str, int]
    report: str


RUN_COUNTS = (
    "pages",
    "article_pages",
    "new",
    "changed",
    "unchanged",
    "skipped",
    "not_modified",
    "errors",
)


_SOURCES_SCHEMA = """
CREATE TABLE IF NOT EXISTS run_sources (
    run INTEGER NOT NULL,          -- runs.id
    url TEXT NOT NULL,             -- the source as the site names it
    kind TEXT NOT NULL,            -- sitemap, feed, listing, robots, priming, home
    listed INTEGER NOT NULL,       -- entries it listed
    ok INTEGER NOT NULL,           -- answered with its page
    source TEXT NOT NULL           -- the whole tally (crawler.core.discovery.coverage.Source) as JSON
);
CREATE INDEX IF NOT EXISTS run_sources_run ON run_sources (run);
"""

_RUN_COLUMNS = (
    "id, site, started, COALESCE(finished, ''), status, reason, exit, COALESCE(pid, 0), options, "
    + ", ".join(RUN_COUNTS)
    + ", report"
)


class RunLog:
    """The runs table, over the catalogue's connection (Catalog.run_log)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def start(self, site: str, pid: int, options: dict[str, Any]) -> int:
        cursor = self.db.execute(
            "INSERT INTO runs (site, started, status, pid, options) VALUES (?, ?, 'running', ?, ?)",
            (site, now_iso(), pid, json.dumps(options, sort_keys=True)),
        )
        return int(cursor.lastrowid or 0)

    def mark_killed(self, site: str | None, alive: Callable[[int], bool]) -> int:
        """Runs still 'running' whose process is gone: of `site` (the caller holds its lock,
        so none can be running), and of any site when alive(pid) says the process is dead."""
        dead = [
            run_id
            for run_id, run_site, pid in self.db.execute(
                "SELECT id, site, pid FROM runs WHERE status = 'running'"
            )
            if run_site == site or not alive(int(pid or 0))
        ]
        self.db.executemany(
            "UPDATE runs SET status = 'killed', reason = 'process died' WHERE id = ?",
            [(run_id,) for run_id in dead],
        )
        return len(dead)

    def finish(
        self,
        run_id: int,
        status: str,
        reason: str,
        counts: dict[str, int],
        *,
        exit: int,
        report: str = "",
    ) -> None:
        values = [int(counts.get(name, 0)) for name in RUN_COUNTS]
        assignments = ", ".join(f"{name} = ?" for name in RUN_COUNTS)
        self.db.execute(
            f"UPDATE runs SET finished = ?, status = ?, reason = ?, exit = ?, report = ?, "
            f"{assignments} WHERE id = ?",
            (now_iso(), status, reason, exit, report, *values, run_id),
        )

    # -- coverage (crawler.core.discovery.coverage): one row per discovery source of a run ------------------
    # Its own table, made when first written: a catalogue that never had it reads as empty.

    def record_sources(self, run_id: int, sources: list[dict[str, Any]]) -> None:
        self.db.executescript(_SOURCES_SCHEMA)
        rows = [
            (
                run_id,
                source["url"],
                source["kind"],
                int(source.get("listed", 0)),
                int(bool(source.get("ok"))),
                json.dumps(source, ensure_ascii=False),
            )
            for source in sources
        ]
        self.db.execute("BEGIN")
        try:
            self.db.execute("DELETE FROM run_sources WHERE run = ?", (run_id,))
            self.db.executemany(
                "INSERT INTO run_sources (run, url, kind, listed, ok, source) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def sources(self, run_id: int) -> list[dict[str, Any]]:
        """A run's discovery sources as recorded (empty for runs before coverage)."""
        try:
            found = self.db.execute(
                "SELECT source FROM run_sources WHERE run = ? ORDER BY rowid", (run_id,)
            ).fetchall()
        except sqlite3.OperationalError:  # no such table: written by an older defnews
            return []
        return [dict(json.loads(text)) for (text,) in found]

    def earlier_listed(self, site: str, *, but: int) -> dict[str, int]:
        """Per source URL, the most entries any other run of the site got from it."""
        try:
            found = self.db.execute(
                "SELECT s.url, MAX(s.listed) FROM run_sources s JOIN runs r ON r.id = s.run "
                "WHERE r.site = ? AND s.run != ? AND s.ok GROUP BY s.url",
                (site, but),
            ).fetchall()
        except sqlite3.OperationalError:
            return {}
        return {str(url): int(listed) for url, listed in found}

    def earlier_rejected(self, site: str, *, but: int) -> dict[str, float]:
        """Per source URL, the highest share of rejected entries (crawler.core.discovery.coverage.REJECTED)
        of any other run of the site that got entries from it (0.0 for runs that counted none,
        older ones included)."""
        try:
            found = self.db.execute(
                "SELECT s.url, s.listed, s.source FROM run_sources s JOIN runs r ON r.id = s.run "
                "WHERE r.site = ? AND s.run != ? AND s.ok AND s.listed > 0",
                (site, but),
            ).fetchall()
        except sqlite3.OperationalError:
            return {}
        shares: dict[str, float] = {}
        for url, listed, text in found:
            try:
                tally = json.loads(text)
                rejected = int(tally.get("not_article", 0)) + int(tally.get("off_site", 0))
            except (ValueError, TypeError, AttributeError):
                rejected = 0
            shares[str(url)] = max(shares.get(str(url), 0.0), rejected / int(listed))
        return shares

    def last(self, site: str, *, but: int | None = None) -> Run | None:
        row = self.db.execute(
            f"SELECT {_RUN_COLUMNS} FROM runs WHERE site = ? AND id IS NOT ? "
            "ORDER BY id DESC LIMIT 1",
            (site, but),
        ).fetchone()
        return _run(row) if row else None

    def list(self, *, site: str | None = None, limit: int | None = None) -> list[Run]:
        clause = "WHERE site = ?" if site else ""
        params: list[Any] = [site] if site else []
        query = f"SELECT {_RUN_COLUMNS} FROM runs {clause} ORDER BY id DESC"
        if limit:
            query += " LIMIT ?"
            params.append(limit)
        return [_run(row) for row in self.db.execute(query, params)]


def _run(row: tuple[Any, ...]) -> Run:
    id_, site, started, finished, status, reason, exit_, pid, options = row[:9]
    return Run(
        id=id_,
        site=site,
        started=started,
        finished=finished,
        status=status,
        reason=reason,
        exit=exit_,
        pid=pid,
        options=json.loads(options or "{}"),
        counts=dict(zip(RUN_COUNTS, row[9 : 9 + len(RUN_COUNTS)], strict=True)),
        report=row[-1],
    )
