"""Drop items that are not articles, and articles whose page is not in the archive.

Before each article it checks that the output folder is still there (deleted or moved: the
crawl stops, crawler.core.catalog.output_watch).
Stats: pipeline/dropped/<reason>; articles/not_archived (with the archive on, an article whose
page could not be written to the WARC: never stored bare, counted as a failure, and its URL
left unarchived so the next run fetches it again).
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem

from crawler.core import not_stored
from crawler.core.article import Article
from crawler.core.catalog.output_watch import OutputWatch
from crawler.runtime.run_state import RunState
from crawler.runtime.stop import stop_crawl
from crawler.spiders.failures import MAX_FAILURES_KEPT, Failed, note_failure

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

NOT_ARCHIVED = "articles/not_archived"


class NotAnArticle(DropItem):
    """The page matched an article URL but holds no article: later runs need not fetch it."""


class NotArchived(DropItem):
    """The article's page has no WARC record (the write failed): it must not be stored."""


class ValidatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.state = RunState.of(crawler)
        # With the archive on (the default), an article is stored only with its capture.
        self.captures = self.state.settings.getbool("WARC_ENABLED")
        self.root = self.state.root
        self.not_archived = 0  # articles of this run not stored for want of their capture
        # Checked before each article (the run ledger checks on a timer too).
        self.watch = OutputWatch.start(self.root, self.root / "catalog.sqlite")

    def open_spider(self) -> None:
        # The article writer makes folders below the output folder, never the folder itself
        # (crawler.core.catalog.article_files): it must exist from the start, even with no catalogue.
        with contextlib.suppress(OSError):  # unwritable: the first write says so
            self.root.mkdir(parents=True, exist_ok=True)
        self.watch = OutputWatch.start(self.root, self.root / "catalog.sqlite")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def close_spider(self) -> None:
        """Before the run is recorded: an output that vanished is the cause to report, even
        when a write into it failed first (and stopped the crawl as an output error)."""
        if problem := self.watch.problem():
            self.state.stopping("output_gone", problem, override=True)

    def process_item(self, item: Article) -> Article:
        if self.state.forced:
            # Stopped at once (a second Ctrl-C): the run is recorded and its WARC closed, so
            # pages still coming through are left to the next run, not stored uncounted.
            raise DropItem(f"not stored (stopped at once): {item.url}", log_level="DEBUG")
        if problem := self.watch.problem():
            # Storing it would write into a folder nobody can reach, or make a new one.
            stop_crawl(self.crawler, "output_gone", problem)
            raise DropItem(f"not stored (the output is gone): {item.url}", log_level="DEBUG")
        # No title, no text, or (an outlet without a profile: an about, section or sign-up
        # page has a title and text too) no publication date of its own (crawler.core.not_stored).
        reason = not_stored.article_gap(item)
        if reason:
            self.stats.inc_value(f"pipeline/dropped/{reason}")
            not_stored.note(self.stats, item.url, reason)  # per URL, for the run's summary
            raise NotAnArticle(f"{reason}: {item.url}")
        if self.captures and item.warc is None:
            self._not_archived(item)
        return item

    def _not_archived(self, item: Article) -> None:
        """A failed WARC write stopped the crawl; the pages in flight still arrive here."""
        first = not self.not_archived
        self.not_archived += 1
        self.stats.inc_value(NOT_ARCHIVED)
        reason = "not stored: its page could not be written to the WARC"
        spider = self.crawler.spider
        if spider is not None:
            # The spider's list (the report's "failures"): made if a spider has none.
            failures: list[dict[str, str]] = spider.__dict__.setdefault("failures", [])
            if first:  # one line in the log for the lot (the summary gives the count)
                note_failure(spider, Failed(item.url, reason, None))
            else:
                self.stats.inc_value("defnews/request_errors")
                if len(failures) < MAX_FAILURES_KEPT:
                    failures.append({"url": item.url, "reason": reason})
        raise NotArchived(f"{reason}: {item.url}", log_level="DEBUG")
