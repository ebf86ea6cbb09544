"""The figures a person asks for after a run: one summary for the run report, the runs table
and the CLI's closing lines.

Scrapy's counters (pages fetched, robots.txt refusals, the articles/... and incremental/...
tallies) come from the stats, which is where Scrapy keeps a crawl's counts. What a component
found at the end (drift alarms and field sources, the WARC figures, why the crawl stopped)
comes from the run state, typed (Facts); after the crawl, when only the stats are left (the
CLI), the same facts are read back from their copy there (Facts.from_stats).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from crawler.core.discovery.coverage import COVERAGE, DISCOVERY_DRIFT, LIMITS
from crawler.runtime import stat_keys


@dataclass
class WarcFigures:
    """What the WARC writer did in this run (crawler.extensions.warc)."""

    records: int = 0  # records written, warcinfo records included
    bytes: int = 0
    files: int = 0
    revisits: int = 0  # payloads archived before, written as revisit records
    repaired: int = 0  # files a killed crawl left open, cut back and closed at start
    indexed: int = 0  # closed files given their CDXJ index

    @classmethod
    def from_stats(cls, stats: Mapping[str, Any]) -> WarcFigures:
        return cls(**{name: int(stats.get(f"warc/{name}", 0)) for name in cls.__dataclass_fields__})


def field_counts(stats: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """{field: {source: articles}} from fields/<field>/<source> counts."""
    counts: dict[str, dict[str, int]] = {}
    for key, value in stats.items():
        if key.startswith(stat_keys.FIELDS) and key != stat_keys.FIELD_ARTICLES:
            name, _, source = key[len(stat_keys.FIELDS) :].partition("/")
            counts.setdefault(name, {})[source] = int(value)
    return {name: dict(sorted(sources.items())) for name, sources in sorted(counts.items())}


@dataclass
class Facts:
    """What the components found, for the summary (besides Scrapy's counters)."""

    fields: dict[str, dict[str, int]] = field(default_factory=dict)
    drift: list[dict[str, Any]] = field(default_factory=list)
    warc: WarcFigures = field(default_factory=WarcFigures)
    stop_reason: str = ""
    stop_message: str = ""
    # The spider's own findings (crawler.core.discovery.coverage): every source's tally, the
    # sources that drifted, the page limits the run hit, in words.
    coverage: list[dict[str, Any]] = field(default_factory=list)
    discovery_drift: list[dict[str, Any]] = field(default_factory=list)
    limits: list[str] = field(default_factory=list)

    @classmethod
    def from_stats(cls, stats: Mapping[str, Any]) -> Facts:
        """The facts read back from a finished crawl's stats (their copy for users)."""
        return cls(
            fields=field_counts(stats),
            drift=list(stats.get(stat_keys.DRIFT_ALARMS, [])),
            warc=WarcFigures.from_stats(stats),
            stop_reason=str(stats.get(stat_keys.STOP_REASON) or ""),
            stop_message=str(stats.get(stat_keys.STOP_MESSAGE) or ""),
            coverage=list(stats.get(COVERAGE, [])),
            discovery_drift=list(stats.get(DISCOVERY_DRIFT, [])),
            limits=list(stats.get(LIMITS, [])),
        )


def summarise(stats: Mapping[str, Any], facts: Facts | None = None) -> dict[str, Any]:
    """The figures a person asks for after a run, from Scrapy's counters and the facts."""
    found = facts if facts is not None else Facts.from_stats(stats)
    start = stats.get("start_time")
    finish = stats.get("finish_time") or datetime.now(UTC)
    return {
        "pages_fetched": stats.get("downloader/response_count", 0),
        "articles": stats.get("articles/written", 0),
        "dropped": {
            k.rsplit("/", 1)[-1]: v for k, v in stats.items() if k.startswith("pipeline/dropped/")
        },
        "discovered": {
            k.split("/", 1)[1]: v for k, v in stats.items() if k.startswith("discovery/")
        },
        "errors": stats.get("defnews/request_errors", 0)
        + stats.get("spider_exceptions/count", 0)
        + (1 if found.stop_reason else 0),
        "robots_forbidden": stats.get("robotstxt/forbidden", 0),
        # Requests a CDN refused with its block page (crawler.core.extraction.blocked).
        "blocked": (
            {
                "count": stats["blocked/count"],
                "by": stats.get("blocked/by", ""),
                "advice": stats.get("blocked/advice", ""),
            }
            if stats.get("blocked/count")
            else {}
        ),
        # Articles not stored because the WARC or the output could not be written.
        "not_archived": stats.get("articles/not_archived", 0),
        "not_stored": stats.get("articles/not_stored", 0),
        # Pages that were copies of archived articles (crawler.core.catalog.identity), and of
        # those the ones whose capture replaced the article's missing one.
        "duplicates": stats.get("articles/duplicate", 0),
        "recaptured": stats.get("articles/recaptured", 0),
        "stop_message": found.stop_message,
        "warc_records": found.warc.records,
        "warc_bytes": found.warc.bytes,
        "warc_revisits": found.warc.revisits,
        "warc_repaired": found.warc.repaired,
        # Where each field of the stored articles came from, and the fields that drifted.
        "fields": found.fields,
        "drift": list(found.drift),
        # Per discovery source: its answer, what it listed and what became of each entry
        # (crawler.core.discovery.coverage); the sources that drifted; the page limits the
        # run hit: the spider's own findings, handed over on the run state as it closes.
        "coverage": list(found.coverage),
        "discovery_drift": list(found.discovery_drift),
        "limits": list(found.limits),
        "duration_s": round((finish - start).total_seconds(), 2) if start else None,
        "finish_reason": stats.get("finish_reason", ""),
    }


def run_counts(stats: Mapping[str, Any], summary: Mapping[str, Any]) -> dict[str, int]:
    """The counts the catalogue's runs table keeps for a run (`defnews runs`)."""
    return {
        "pages": summary["pages_fetched"],
        "article_pages": stats.get("incremental/article_pages", 0),
        "new": stats.get("articles/new", 0),
        "changed": stats.get("articles/changed", 0),
        "unchanged": stats.get("articles/unchanged", 0),
        "skipped": stats.get("incremental/skipped", 0),
        "not_modified": stats.get("incremental/not_modified", 0),
        "errors": summary["errors"],
    }
