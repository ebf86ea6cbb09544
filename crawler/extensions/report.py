"""Write a run report (counts, errors, duration) when the spider closes.

Settings: OUTPUT_DIR, RUN_REPORT_ENABLED, DISK_RESERVE_BYTES (room held from the start so that
a full disk still gets the report and the run's row in the catalogue; crawler.core.catalog.reserve).
File: OUTPUT_DIR/runs/<YYYYmmddTHHMMSS>-<site>.json; its path goes to the run state for the
ledger (and to the stat run/report, for people). Written at the run state's REPORT stage, from
its summary (crawler.runtime.summary): after the drift alarms and the WARC figures are in.
A report that cannot be written (a full disk, a vanished folder) is one warning, not a traceback.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.core.catalog.article_files import write_atomic
from crawler.core.catalog.paths import OutputLayout
from crawler.core.catalog.reserve import DiskReserve
from crawler.core.sites.keys import safe_key
from crawler.runtime import spider_api
from crawler.runtime.run_state import RunState, Stage

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler


logger = logging.getLogger(__name__)


class RunReport:
    def __init__(self, crawler: Crawler, state: RunState) -> None:
        self.crawler = crawler
        self.state = state
        self.layout = OutputLayout(state.root)
        size = state.settings.getint("DISK_RESERVE_BYTES")
        self.reserve = DiskReserve(self.layout.root, size, name=str(id(self)))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        state = RunState.of(crawler)
        if not state.settings.getbool("RUN_REPORT_ENABLED"):
            raise NotConfigured("RUN_REPORT_ENABLED is off")
        report = cls(crawler, state)
        crawler.signals.connect(report.spider_opened, signal=signals.spider_opened)
        state.on_close(Stage.REPORT, report.spider_closed)
        return report

    def spider_opened(self, spider: Spider) -> None:
        self.reserve.hold()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        # Room for this report and, after it, the run's row in the catalogue (RunLedger).
        self.reserve.release()
        if self.state.stop_reason == "output_gone":
            # Writing it would make a new, near-empty output folder where the old one was.
            logger.warning("no run report: the output folder %s is gone", self.layout.root)
            return
        try:
            self._write(spider)
        except OSError as error:
            logger.warning(
                "could not write the run report in %s: %s",
                self.layout.runs,
                error.strerror or error,
            )

    def _write(self, spider: Spider) -> None:
        assert self.crawler.stats is not None
        stats = self.crawler.stats.get_stats()
        site = spider_api.site_key(spider)
        started = stats.get("start_time") or datetime.now(UTC)
        # Host and pid: two runs started in the same second (two sites, two cron jobs, two
        # cluster workers in containers that are all pid 1) keep their reports apart.
        name = f"{started:%Y%m%dT%H%M%S}-{safe_key(site)}-{safe_key(socket.gethostname())}"
        path = self.layout.runs / f"{name}-{os.getpid()}.json"
        document = {
            "site": site,
            "started": started.isoformat(timespec="seconds"),
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
            **self.state.summary,
            "failures": spider_api.failures_of(spider),
            "stats": {key: _plain(value) for key, value in sorted(stats.items())},
        }
        write_atomic(path, json.dumps(document, ensure_ascii=False, indent=1) + "\n")
        # Absolute: the catalogue keeps it, and `defnews runs` may run from another folder.
        self.state.wrote_report(str(path.resolve()))


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value
