"""Discovery through listings and the home page: pagination, where a listing stops, and where
a listing that went away moved to.

Listing pages stop at the first page whose articles were all archived before this run, unless
the site's last run was incomplete; at MAX_LISTING_PAGES (0: the profile's max_listing_pages)
or, with --since, BACKFILL_MAX_LISTING_PAGES, the stop is said in words and in the coverage.
With --since (back-fill) a listing is followed until a page holds only articles older than the
date (crawler.core.discovery.backfill). The home page is read when a profile source failed:
the feeds it names, the articles it links, and where a listing that answered 404 went
(crawler.core.discovery.moved).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from lxml import html
from scrapy.http import Request, Response

from crawler.core.discovery import backfill
from crawler.core.discovery.dates import moment
from crawler.core.discovery.moved import moved_listing
from crawler.core.extraction.links import feed_links, hrefs, next_page
from crawler.core.extraction.xpath import elements
from crawler.runtime import meta
from crawler.runtime.run_state import RunState
from crawler.spiders.discovering import page_doc
from crawler.spiders.feeds import FeedDiscovery


class ListingDiscovery(FeedDiscovery):
    """Listings page by page, and the home page for sources that went away."""

    def parse_listing(self, response: Response, page: int) -> Iterator[Request]:
        if not (key := self._answered_source(response)):
            return
        doc = page_doc(response, self.site.language)  # parsed once, for links and pager
        # The feeds a page names (<link rel="alternate">): a renamed feed is found here.
        for feed in feed_links(doc, response.url):
            if request := self._source(feed, self.parse_feed, "feed", parent=key):
                yield request
        links = hrefs(doc, response.url, self.site.listing_links)
        for url in links:
            if request := self._article(url, "listing", listed_by=key):
                yield request
        if self.site.listing_next:
            yield from self._next_page(response, doc, key, page, links)

    def _next_page(
        self, response: Response, doc: html.HtmlElement, key: str, page: int, links: list[str]
    ) -> Iterator[Request]:
        """The listing's next page, unless the site ran out of pages, this page is past what
        is wanted (all archived, or all older than --since), or a page limit is reached."""
        following = next_page(doc, response.url, self.site.listing_next, page)
        if not following:
            return  # the site ran out of pages
        articles = [
            url for url in map(self.admission.article_url, links) if url and self._allowed(url)
        ]
        if self.since is not None:
            if self._all_older(doc, response.url, articles):
                self.crawler.stats.inc_value("backfill/listing_reached_since")
                return
        elif (
            articles
            and not self.refresh
            and all(self._archived_before(url) for url in articles)
            and self._previous_run_complete()
        ):
            # Listings run newest first: past a page of old news there is only older news.
            self.crawler.stats.inc_value("incremental/listing_stopped")
            return
        limit, setting = self._listing_limit()
        if page >= limit:
            self._limit_hit(
                key,
                f"stopped at the {limit}-page limit ({setting}): page {page + 1} and older "
                "not read",
            )
            return
        url = self.rebase(following)
        if not self.admission.on_site(url) or self._over_length(url):
            return
        yield self._request(
            url,
            self.parse_listing,
            cb_kwargs={"page": page + 1},
            meta={
                meta.KIND: "listing",
                meta.REVALIDATE: True,
                meta.COVERAGE: key,
                meta.COVERAGE_KIND: "listing",
                meta.PAGE: page + 1,
            },
        )

    def _archived_before(self, url: str) -> bool:
        found = self.admission.article_url(url)
        return found is not None and self.freshness.archived_before(self.admission.key(found))

    def _previous_run_complete(self) -> bool:
        if self.catalog is None:
            return False
        this_run = RunState.of(self.crawler).run_id
        last = self.catalog.run_log.last(self.site.key, but=this_run)
        # A listing page that failed last time may hide articles the run never saw.
        return last is not None and last.status == "finished" and not last.counts["errors"]

    def _listing_limit(self) -> tuple[int, str]:
        """The safety limit on a listing's pages: back-fill's own with --since, else
        MAX_LISTING_PAGES, else the profile's max_listing_pages."""
        settings = self.crawler.settings
        if self.since is not None:
            return settings.getint("BACKFILL_MAX_LISTING_PAGES"), "BACKFILL_MAX_LISTING_PAGES"
        if pages := settings.getint("MAX_LISTING_PAGES"):
            return pages, "MAX_LISTING_PAGES"
        return self.site.max_listing_pages, "the profile's max_listing_pages"

    def _limit_hit(self, key: str, text: str) -> None:
        self.coverage.note(key, text)
        RunState.of(self.crawler).note_limit(f"{key}: {text}")
        self.logger.warning("listing %s %s", key, text)

    def _all_older(self, doc: html.HtmlElement, url: str, articles: list[str]) -> bool:
        """With --since: does this listing page hold only articles older than the date? By
        the dates sitemaps and feeds gave, else those the teasers show."""
        assert self.since is not None
        anchors = elements(doc, self.site.listing_links, html.HtmlElement)
        shown = {
            self.rebase(link): date
            for link, date in backfill.teaser_dates(
                anchors, url, day_first=self.site.day_first
            ).items()
        }
        dates: dict[str, datetime | None] = {}
        for article in articles:
            key = self.admission.key(article)
            dates[article] = self._dates.get(key) or shown.get(article) or self._known_date(key)
        return backfill.all_older(articles, dates, self.since)

    def _known_date(self, key: str) -> datetime | None:
        """The latest date the catalogue knows for an article: a source's date from an earlier
        fetch, or the archived page's own. A site whose teasers show no date is still not
        paged through to the limit on every --since run once its articles are archived."""
        if self.catalog is None:
            return None
        known = self.catalog.fetch(key)
        dates = [moment(known.source_date)] if known and known.source_date else []
        if stored := self.catalog.latest(key):
            dates += [
                moment(str(stored.fields.get(name) or "")) for name in ("published", "modified")
            ]
        return max((d for d in dates if d), default=None)

    # -- the home page, for sources that went away --------------------------------------------

    def parse_home(self, response: Response) -> Iterator[Request]:
        """The home page, read when a profile source failed: the feeds it names, the articles
        it links, and where a listing that answered 404 went (crawler.core.discovery.moved)."""
        if not (key := self._answered_source(response)):
            self._home_links = []
            return
        doc = page_doc(response, self.site.language)
        links = hrefs(doc, response.url)
        feeds = feed_links(doc, response.url) + [url for url in links if url.endswith(".rss")]
        for feed in dict.fromkeys(feeds):
            if request := self._source(feed, self.parse_feed, "feed", parent=key):
                yield request
        for url in links:
            if request := self._article(url, "listing", listed_by=key):
                yield request
        self._home_links = [
            self.rebase(url) for url in links if self.admission.article_url(url) is None
        ]
        for lost in list(self._lost_listings):
            yield from self._relocate(lost)

    def _relocate(self, lost: str) -> Iterator[Request]:
        """A profile listing that failed: the home page's link that looks like its new place."""
        found = moved_listing(self.rebase(lost), self._home_links or [])
        if found is None:
            return
        home = self.site_url(f"{self.origin}/")
        request = self._source(
            found, self.parse_listing, "listing", parent=home, cb_kwargs={"page": 1}
        )
        if request is not None:
            self.coverage.note(self.site_url(found), f"in place of {lost}")
            self.coverage.note(lost, f"moved? the home page links {self.site_url(found)}")
            yield request

    def _looked_for(self, failed_source: str, kind: str) -> Iterator[Request]:
        """A profile source failed: look on the home page for where it went."""
        if self.site.generic:
            return
        if kind == "listing":
            self._lost_listings.append(failed_source)
            if self._home_links is not None:  # the home page was read already
                yield from self._relocate(failed_source)
                return
        if home := self._source(f"{self.origin}/", self.parse_home, "home", revalidate=False):
            yield home
