"""Write a run report (counts, errors, duration) when the spider closes.

Settings: OUTPUT_DIR (default "output"), RUN_REPORT_ENABLED (default True), DISK_RESERVE_BYTES
(default 1 MiB: room held from the start so that a full disk still gets the report and the run's
row in the catalogue; crawler.core.catalog.reserve).
File: OUTPUT_DIR/runs/<YYYYmmddTHHMMSS>-<site>.json; its path is kept in the stat run/report.
A report that cannot be written (a full disk, a vanished folder) is one warning, not a traceback.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.core.catalog.article_files import write_atomic
from crawler.core.catalog.paths import OutputLayout
from crawler.core.catalog.reserve import DEFAULT_BYTES, DiskReserve
from crawler.core.discovery.coverage import COVERAGE, DISCOVERY_DRIFT, LIMITS
from crawler.core.sites.keys import safe_key
from crawler.extensions.drift import ALARMS, field_counts

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


def summarise(stats: dict[str, Any]) -> dict[str, Any]:
    """The figures a person asks for after a run, from Scrapy's stats."""
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
        + (1 if stats.get("defnews/stop_reason") else 0),
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
        # Pages that were copies of archived articles (crawler.core.catalog.identity), and of those
        # the ones whose capture replaced the article's missing one.
        "duplicates": stats.get("articles/duplicate", 0),
        "recaptured": stats.get("articles/recaptured", 0),
        "stop_message": stats.get("defnews/stop_message", ""),
        "warc_records": stats.get("warc/records", 0),
        "warc_bytes": stats.get("warc/bytes", 0),
        "warc_revisits": stats.get("warc/revisits", 0),
        "warc_repaired": stats.get("warc/repaired", 0),
        # Where each field of the stored articles came from, and the fields that drifted.
        "fields": field_counts(stats),
        "drift": list(stats.get(ALARMS, [])),
        # Per discovery source: its answer, what it listed and what became of each entry
        # (crawler.core.discovery.coverage); the sources that drifted; the page limits the run hit.
        "coverage": list(stats.get(COVERAGE, [])),
        "discovery_drift": list(stats.get(DISCOVERY_DRIFT, [])),
        "limits": list(stats.get(LIMITS, [])),
        "duration_s": round((finish - start).total_seconds(), 2) if start else None,
        "finish_reason": stats.get("finish_reason", ""),
    }


class RunReport:
    def __init__(self, crawler: Crawler, layout: OutputLayout) -> None:
        self.crawler = crawler
        self.layout = layout
        size = crawler.settings.getint("DISK_RESERVE_BYTES", DEFAULT_BYTES)
        self.reserve = DiskReserve(layout.root, size, name=str(id(self)))
        self.written = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("RUN_REPORT_ENABLED", True):
            raise NotConfigured("RUN_REPORT_ENABLED is off")
        report = cls(crawler, OutputLayout(Path(crawler.settings.get("OUTPUT_DIR") or "output")))
        # Connected late (low priority) so the WARC writer has closed its file first.
        crawler.signals.connect(report.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(report.spider_closed, signal=signals.spider_closed)
        return report

    def spider_opened(self, spider: Spider) -> None:
        self.reserve.hold()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        # Room for this report and, after it, the run's row in the catalogue (RunLedger).
        self.reserve.release()
        if self.written:  # once, also when a second Ctrl-C closed the outputs early
            return
        self.written = True
        assert self.crawler.stats is not None
        if self.crawler.stats.get_value("defnews/stop_reason") == "output_gone":
            # Writing it would make a new, near-empty output folder where the old one was.
            logger.warning("no run report: the output folder %s is gone", self.layout.root)
            return
        try:
            self._write(spider, reason)
        except OSError as error:
            logger.warning(
                "could not write the run report in %s: %s",
                self.layout.runs,
                error.strerror or error,
            )

    def _write(self, spider: Spider, reason: str) -> None:
        assert self.crawler.stats is not None
        stats = self.crawler.stats.get_stats()
        site = getattr(getattr(spider, "site", None), "key", spider.name)
        started = stats.get("start_time") or datetime.now(UTC)
        # Host and pid: two runs started in the same second (two sites, two cron jobs, two
        # cluster workers in containers that are all pid 1) keep their reports apart.
        name = f"{started:%Y%m%dT%H%M%S}-{safe_key(site)}-{safe_key(socket.gethostname())}"
        path = self.layout.runs / f"{name}-{os.getpid()}.json"
        summary = summarise({**stats, "finish_reason": reason})
        document = {
            "site": site,
            "started": started.isoformat(timespec="seconds"),
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
            **summary,
            "failures": getattr(spider, "failures", []),
            "stats": {key: _plain(value) for key, value in sorted(stats.items())},
        }
        write_atomic(path, json.dumps(document, ensure_ascii=False, indent=1) + "\n")
        # Absolute: the catalogue keeps it, and `defnews runs` may run from another folder.
        self.crawler.stats.set_value("run/report", str(path.resolve()))


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value
