"""Article links: which ones NewsSpider fetches (the link-admission policy decides,
crawler.core.discovery.admission; this layer carries out its verdict), and the article pages.

Incremental by default: an article already archived is not fetched again unless a sitemap
lastmod or feed date is newer than our last fetch of it (crawler.core.catalog.freshness).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

from scrapy.http import Request, Response

from crawler.core.article import Article
from crawler.core.discovery.dates import entry_date, moment
from crawler.core.extraction.feeds import Entry
from crawler.core.not_stored import article_gap
from crawler.core.times import utc_text
from crawler.runtime import meta
from crawler.spiders.discovering import content_type_of
from crawler.spiders.extractor import ExtractionCrashed
from crawler.spiders.failures import Failed, note_failure
from crawler.spiders.rechecks import RecheckRequests


class ArticleRequests(RecheckRequests):
    """Requests for the article links sources list, and the article pages they fetch."""

    def _article(
        self,
        url: str,
        source: str,
        entry: Entry | None = None,
        listed_by: str = "",
        *,
        every_entry: bool = False,
    ) -> Request | None:
        """The request for an article a source lists, if it is to be fetched; what became of
        the entry goes into the coverage of `listed_by` (crawler.core.discovery.coverage.OUTCOMES).

        every_entry: the source lists articles only (a sitemap, a feed), so an entry that is
        not an article URL of the profile, or is on another host, is counted and named: a
        site that changed its URL scheme would otherwise lose its new articles unseen."""
        place = self.admission.place(url)
        if not place.followed:
            if every_entry and listed_by:
                self.coverage.entry(listed_by, place.outcome, entry_url=url)
            return None
        outcome, request = self._take(place.url, source, entry, listed_by)
        if listed_by:
            self.coverage.entry(listed_by, outcome)
        return request

    def _take(
        self, found: str, source: str, entry: Entry | None, listed_by: str
    ) -> tuple[str, Request | None]:
        key = self.admission.key(found)  # one article, one key: tracking parameters dropped
        dated = entry_date(entry)
        if dated is not None and (key not in self._dates or dated > self._dates[key]):
            self._dates[key] = dated
            if key in self.admission.scheduled:
                self._dated_after_fetch(key, dated)
        freshness = self.freshness.decide(key, dated)
        verdict = self.admission.article(
            found,
            allowed=self._allowed(found),
            freshness=freshness,
            dated=dated is not None,
            source=source,
        )
        self._apply(verdict)
        if verdict.rule == "budget":
            self.partial = True
        if not verdict.followed:
            return verdict.outcome, None
        # A page the site says changed is revalidated (a 304 costs no body); --refresh
        # fetches it whole, whatever the server thinks.
        revalidate = freshness == "due" and not self.refresh
        fields = {
            meta.SOURCE: source,
            meta.KIND: "article",
            meta.REVALIDATE: revalidate,
            meta.LISTED_BY: listed_by,
        }
        return verdict.outcome, self._request(found, self.parse_article, meta=fields)

    def _dated_after_fetch(self, key: str, dated: datetime) -> None:
        """A sitemap read after this run fetched the article (found first in a listing): a
        date no later than that fetch is covered by it, so record it. A later one may be a
        revision the fetch missed: leave it to make the article due next run."""
        known = self.catalog.fetch(key) if self.catalog else None
        if (
            self.catalog
            and known
            and self.started <= known.fetched_at
            and dated <= known.fetched_at
        ):
            self.catalog.raise_source_date(key, utc_text(dated))

    def source_date(self, url: str) -> str:
        """The latest date sitemaps and feeds gave this article so far in this run (UTC ISO,
        "" when none): the fetch log keeps it with the fetch that saw the page as of then."""
        dated = self._dates.get(self.admission.key(url))
        return utc_text(dated) if dated else ""

    async def parse_article(self, response: Response) -> AsyncIterator[Article | Request]:
        if not self._answered(response):
            return
        photos, requisites = self.requisites_wanted()
        try:
            article, found = await self.extractor.extract(
                response.body,
                response.url,
                content_type_of(response),
                datetime.now(UTC),
                self.site.key,
                photos=photos,
                requisites=requisites,
            )
        except ExtractionCrashed as crash:  # archived all the same; counted, not a traceback
            note_failure(self, Failed(response.url, f"ExtractionCrashed: {crash}", None))
            return
        article.warc = response.meta.get(meta.WARC_REF)
        if self.not_found_page(response, article) or self.removed_by_redirect(response, article):
            return
        if self.site.generic:  # filed under the outlet, not under "generic"
            article.site = self.site.key
        key = self.admission.key(response.request.url if response.request else response.url)
        # The page's own dates, and what sitemaps and feeds said (a CMS may show only the
        # publication date of an article it revised).
        changed = [moment(value) for value in (article.published, article.modified) if value]
        dates = [c for c in changed if c]
        if key in self._dates:
            dates.append(self._dates[key])
        last_change = max(dates, default=None)
        # A re-check looks at an archived article whatever its age: a quiet edit moves no date.
        rechecked = bool(response.meta.get(meta.RECHECK))
        if (
            self.since is not None
            and last_change is not None
            and last_change < self.since
            and (not rechecked)
        ):
            # Found through an undated link (a listing): fetched and archived, but older than
            # asked for. Not stored, so a later run without --since still takes it; a later
            # --since run as recent knows it is too old without fetching it again.
            self.crawler.stats.inc_value("incremental/older")
            if self.catalog is not None:
                self.catalog.mark_older(key, utc_text(last_change))
            return
        if not article_gap(article):  # a page that is an article again, not a broken one
            self.restored(response)
        yield article
        for request in self.requisite_requests(response, article, self.site.key, found):
            yield request
