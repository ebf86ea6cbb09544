"""NewsSpider: discovers a site's articles from its profile (robots.txt, sitemaps, feeds, listings).

It only discovers and navigates; parsing is the site parser's job and storing the pipelines'.
Arguments: site (a registry key), base_url (serve the profile's paths from another origin: a
mirror, the demo site), max_articles (stop scheduling article pages after N), refresh (fetch
archived articles again), since (ISO 8601: skip articles sitemaps and feeds date earlier, and
back-fill: read listings and dated sitemaps back to that date, crawler.core.discovery.backfill),
start_url (an outlet without a profile, crawled from this page).

Every source is tried on its own (a failed priming page still lets the feeds be tried; a failed
profile source sends the spider to the home page for where it went), and each is accounted for
(crawler.core.discovery.coverage): what it answered, how many entries it listed and what became
of each. A source that fails or goes empty where earlier runs got entries from it is discovery
drift. Which links are followed, and why not the others, is the link-admission policy
(crawler.core.discovery.admission).

Incremental by default (with the catalogue, crawler.core.catalog): an article already archived
is not fetched again unless a sitemap lastmod or feed date is newer than our last fetch of it;
sitemaps, feeds and listings are revalidated (If-None-Match / If-Modified-Since), and a 304 is
answered from the archive (crawler.downloadermiddlewares.fetch_log). Listings stop where they
reach what was archived before, or at a page limit (crawler.spiders.listings).

The spider is built in layers, one module each (crawler.spiders.discovering says which); this
one starts the run and closes it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals
from scrapy.http import Request

from crawler.core.catalog.freshness import Freshness
from crawler.core.discovery.coverage import alarms as discovery_alarms
from crawler.runtime.defaults import settings_of
from crawler.runtime.run_state import RunState
from crawler.spiders.errbacks import Errbacks
from crawler.spiders.extractor import Extractor, worker_count

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class NewsSpider(Errbacks):
    name = "news"

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        spider.catalog = RunState.of(crawler).catalog
        # Built before the add-on fills in defnews' defaults: read them through settings_of.
        settings = settings_of(crawler)
        spider.extraction_workers = worker_count(settings)
        crawler.signals.connect(spider.take_extractor, signal=signals.spider_opened)
        crawler.signals.connect(spider.give_back_extractor, signal=signals.spider_closed)
        spider.freshness = Freshness(
            spider.catalog,
            spider.started,
            since=spider.since,
            refresh=spider.refresh,
            retry_after=timedelta(days=settings.getfloat("INCREMENTAL_RETRY_DAYS")),
            captures=settings.getbool("WARC_ENABLED"),
        )
        spider.admission.url_limit = settings.getint("URLLENGTH_LIMIT")
        return spider

    def take_extractor(self) -> None:
        """The process's extractor, held from the spider's opening to its closing: a spider
        built but never opened (a test, a crawl that failed to start) holds none."""
        if not self.holds_extractor:
            self.extractor = Extractor.shared(self.extraction_workers)
            self.holds_extractor = True

    def give_back_extractor(self) -> None:
        if self.holds_extractor:  # once, however many times the spider is said to close
            self.holds_extractor = False
            self.extractor.release()
            # A page answering after this (a forced stop) is extracted here, never in a pool
            # that nobody would shut down.
            self.extractor = Extractor(0)

    async def start(self) -> AsyncIterator[Request]:
        # Start the extraction workers while robots.txt and the sitemaps are read. Here, not
        # on spider_opened: every spider_opened handler has run by now, the ledger's too,
        # and a crawl it stopped (another run holds the site) starts none.
        if not RunState.of(self.crawler).stop_reason:
            self.extractor.warm()
        # Not obeying robots.txt, but its Sitemap lines are still where the site lists pages.
        obeyed = self.crawler.settings.getbool("ROBOTSTXT_OBEY")
        if (
            self.site.robots
            and not obeyed
            and (
                robots := self._source(
                    f"{self.origin}/robots.txt",
                    self.parse_robots_sitemaps,
                    "robots",
                    revalidate=False,
                )
            )
        ):
            yield robots
        for request in self._discovery():
            if request is not None:
                yield request
        # Archived articles due for a look again (quiet edits, takedowns).
        for request in self.recheck_requests():
            yield request
        # Photos earlier runs still owe (after the discovery: they wait behind the pages).
        for request in self.owed_photos(self.site.key):
            yield request

    def _discovery(self) -> Iterator[Request | None]:
        """Every source the profile names, each requested on its own: none waits for another
        to answer, and none is skipped because another failed."""
        site = self.site
        for path in site.sitemaps:
            yield self._source(self.origin + path, self.parse_sitemap, "sitemap", profile=True)
        if site.feeds and site.feed_priming_path:
            # The feed server wants a session cookie first; the priming page redirects to itself
            # while setting it, so the redirect must not be filtered as a duplicate. The feeds
            # are requested when it answers (with its cookie) or fails (without one).
            for path in site.feeds:
                self.coverage.source(self.site_url(self.origin + path), "feed", profile=True)
            yield self._source(
                self.origin + site.feed_priming_path,
                self.parse_feed_index,
                "priming",
                profile=True,
                revalidate=False,
                dont_filter=True,
            )
        else:
            for path in site.feeds:
                yield self._source(self.origin + path, self.parse_feed, "feed", profile=True)
        for path in site.listings:
            yield self._source(
                self.origin + path,
                self.parse_listing,
                "listing",
                profile=True,
                cb_kwargs={"page": 1},
            )

    def closed(self, reason: str) -> None:
        """The run's coverage into the stats (the run report reads them) and the catalogue
        (`defnews runs ID`, and the next runs' drift check); discovery drift said."""
        state = RunState.of(self.crawler)
        self._robots_failure()
        run_id = state.run_id
        earlier: dict[str, int] = {}
        shares: dict[str, float] = {}
        if self.catalog is not None and run_id is not None:
            earlier = self.catalog.run_log.earlier_listed(self.site.key, but=run_id)
            shares = self.catalog.run_log.earlier_rejected(self.site.key, but=run_id)
        found = discovery_alarms(self.site.key, self.coverage.sources, earlier, shares)
        for alarm in found:
            self.logger.warning("discovery drift: %s", alarm.message)
        if left := self.admission.left_out:
            state.note_limit(
                f"--max-articles {self.max_articles} reached: {left} more listed "
                f"article{'s' if left != 1 else ''} not fetched"
            )
        state.set_coverage(self.coverage.as_dicts(), [asdict(alarm) for alarm in found])
        if self.catalog is not None and run_id is not None:
            try:
                self.catalog.run_log.record_sources(run_id, self.coverage.as_dicts())
            except sqlite3.Error as error:  # the run report still carries it
                self.logger.warning("could not record the run's coverage: %s", error)
