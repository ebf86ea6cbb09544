"""The run ledger: a row in the catalogue's `runs` table for every crawl, and the site lock.

At spider_opened it takes the site's lock (crawler.core.catalog.lock; a second crawl of the same
site into the same folder stops at once with reason "locked"), marks runs of the site that
died without closing as killed, and opens this run's row; at spider_closed it fills in the
status, counts and the run report's path. It also records articles that turned out not to
be articles, so that later runs do not fetch them again.
Faults: every OUTPUT_CHECK_SECONDS it checks that the output folder and the
catalogue are still the ones it opened (crawler.core.catalog.output_watch): deleted or moved, the
crawl stops (reason output_gone, exit 2). An article that fails to store for want of disk
(an OSError or SQLite error in a pipeline) stops the crawl too (output_error), in one line.
The run's id goes to the run state (crawler.runtime.run_state), where the fetch log and the
pipelines file their rows under it; the run is recorded at the state's LEDGER stage, last,
from its summary and the report's path.
Stats: run/id (a copy for people), articles/not_stored.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from typing import TYPE_CHECKING, Any

from scrapy import signals
from twisted.internet import task

from crawler.core.article import Article
from crawler.core.catalog.lock import SiteBusy, hold_site
from crawler.core.catalog.output_watch import OutputWatch
from crawler.core.catalog.reserve import alive
from crawler.pipelines.validate import NotAnArticle
from crawler.pipelines.versions import Unchanged
from crawler.runtime import meta, spider_api
from crawler.runtime.catalog_state import CatalogComponent, url_key
from crawler.runtime.logs import failure_reason
from crawler.runtime.run_state import Stage
from crawler.runtime.stop import exit_code, stop_crawl

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure

    from crawler.core.catalog.catalog import Catalog

logger = logging.getLogger(__name__)
OUTPUT_GONE = "output_gone"


def run_status(reason: str, *, partial: bool) -> str:
    if reason == "finished":
        return "partial" if partial else "finished"
    if reason.startswith("closespider_"):
        return "partial"
    if reason == "shutdown":
        return "interrupted"
    return "failed"


class RunLedger(CatalogComponent):
    def __init__(self, crawler: Crawler, catalog: Catalog) -> None:
        super().__init__(crawler, catalog)
        self.run_id: int | None = None
        self.watch: OutputWatch | None = None
        self.check_every = self.settings.getfloat("OUTPUT_CHECK_SECONDS")
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        ledger = super().from_crawler(crawler)
        crawler.signals.connect(ledger.spider_opened, signal=signals.spider_opened)
        # Last: the WARC figures, the drift alarms and the report's path are in by then.
        ledger.state.on_close(Stage.LEDGER, ledger.spider_closed)
        crawler.signals.connect(ledger.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(ledger.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ledger.item_error, signal=signals.item_error)
        return ledger

    def spider_opened(self, spider: Spider) -> None:
        site = spider_api.site_key(spider)
        one_site = spider_api.one_site(spider) is not None
        if one_site:  # `archive` runs of given URLs may overlap
            try:
                hold_site(self.root, site)
            except SiteBusy as busy:
                stop_crawl(self.crawler, "locked", str(busy))
                return
        # Runs still marked running whose process is gone died without closing: any of this
        # site (we hold its lock), and any other whose pid is no longer alive.
        self.catalog.run_log.mark_killed(site if one_site else None, alive)
        self.run_id = self.catalog.run_log.start(site, os.getpid(), spider_api.run_options(spider))
        self.state.started_run(self.run_id)
        self.watch = OutputWatch.start(self.root, self.catalog.path)
        if self.check_every > 0:
            self.loop = task.LoopingCall(self.check_output)
            self.loop.start(self.check_every, now=False)

    def check_output(self) -> bool:
        """Is the output still there? If not, stop the crawl (once) and say so."""
        problem = self.watch.problem() if self.watch is not None else ""
        if problem:
            stop_crawl(self.crawler, OUTPUT_GONE, problem)
        return not problem

    def item_error(self, item: Any, response: Any, spider: Spider, failure: Failure) -> None:
        """A pipeline could not store an article: out of disk, a quota, an I/O error. Going on
        would fetch pages only to lose them: stop, and the next run fetches them again."""
        if not isinstance(failure.value, (OSError, sqlite3.Error)):
            return
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("articles/not_stored")
        self.crawler.stats.inc_value("defnews/request_errors")
        stop_crawl(
            self.crawler, "output_error", f"cannot store articles: {failure_reason(failure.value)}"
        )

    def item_dropped(self, item: Any, response: Any, exception: BaseException) -> None:
        if isinstance(exception, NotAnArticle) and isinstance(item, Article):
            self.catalog.mark_outcome(url_key(self.crawler, item.url), "not-article")
        elif isinstance(exception, Unchanged):
            self._redirected_here(response)

    def item_scraped(self, item: Any, response: Any) -> None:
        self._redirected_here(response)

    def _redirected_here(self, response: Any) -> None:
        """URLs that redirected (permanently) to an article now archived: done with them too.
        Only now: a 301 to a page that failed must be followed again next run."""
        for url in getattr(response, "meta", {}).get(meta.REDIRECT_URLS, ()):
            self.catalog.mark_outcome(url_key(self.crawler, url), "moved")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.run_id is None:  # not started, or recorded already (crawler.runtime.stop.stop_now)
            return
        run, self.run_id = self.run_id, None
        if self.state.stop_reason == OUTPUT_GONE:
            reason = OUTPUT_GONE  # the cause, though a write into it may have failed first
        pages = int(self.state.summary["pages_fetched"])
        try:
            self.catalog.run_log.finish(
                run,
                run_status(reason, partial=spider_api.is_partial(spider)),
                reason,
                self.state.counts,
                exit=exit_code(reason, pages),
                report=self.state.report_path,
            )
        except sqlite3.Error as error:  # a full disk even after the reserve was given back
            logger.warning("could not record the run in the catalogue: %s", error)
