"""ArchiveSpider: fetch exactly the URLs given, through the same stack; follow no links.

Every exchange goes into the WARC (redirects included); pages a site parser (or the generic
one) recognises as articles are also extracted. Argument: urls (whitespace-separated).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Request, Response
from twisted.python.failure import Failure

from crawler.core import not_stored
from crawler.core.article import Article
from crawler.core.sites import extract, is_article_page, site_for_url
from crawler.runtime import meta
from crawler.spiders.discovering import content_type_of
from crawler.spiders.failures import describe, note_failure, refusal
from crawler.spiders.requisites import PageRequisites


class ArchiveSpider(PageRequisites):
    name = "archive"

    def __init__(self, urls: str | list[str] = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = urls.split() if isinstance(urls, str) else list(urls)
        self.failures: list[dict[str, str]] = []

    async def start(self) -> AsyncIterator[Request]:
        assert self.crawler.stats is not None
        self.crawler.stats.set_value(not_stored.ALWAYS, True)  # each URL was asked for
        for url in self.urls:
            # dont_filter: the user named it; the same URL twice is two captures.
            yield Request(url, callback=self.parse_page, errback=self.on_error, dont_filter=True)

    def _not_stored(self, url: str, reason: str) -> None:
        assert self.crawler.stats is not None
        not_stored.note(self.crawler.stats, url, reason)

    def parse_page(self, response: Response) -> Iterator[Article | Request]:
        """An article if the page is one; then what the page shows (its photos, and with
        PAGE_REQUISITES the rest), so the page replays as it was seen."""
        article: Article | None = None
        for article in self._article(response):
            yield article
        if "html" in content_type_of(response).lower():
            yield from self.requisite_requests(response, article, article.site if article else "")

    def _article(self, response: Response) -> Iterator[Article]:
        content_type = content_type_of(response)
        if "html" not in content_type.lower():
            self._not_stored(response.url, f"archived; not HTML ({content_type or 'no type'})")
            return
        if block := refusal(response):  # a challenge served as 200: archived, but no article
            self.logger.warning("archived %s, but it is %s", response.url, block)
            self._not_stored(response.url, f"archived; the site refused it: {block}")
            return
        article = extract(
            response.body,
            response.url,
            content_type=content_type,
            fetched_at=datetime.now(UTC),
        )
        # An outlet without a profile is read by the generic parser: say so, it is often why.
        profiled = site_for_url(response.url) is not None
        unknown = "" if profiled else f"no profile for {urlsplit(response.url).hostname}; "
        gap = not_stored.article_gap(article)
        if profiled and not is_article_page(article):
            reason = f"not an article page of {article.site} (by its URL)"
            self._not_stored(response.url, f"archived; {reason}")
        elif gap and gap != "no-date":
            self._not_stored(response.url, f"archived; {unknown}{not_stored.WORDS[gap]}")
        else:  # undated: the validation pipeline drops it, and notes why
            article.warc = response.meta.get(meta.WARC_REF)
            yield article

    def on_error(self, failure: Failure) -> None:
        failed = describe(failure)
        if failed.response is not None:
            # The error page is archived all the same (it is evidence); it is just no article.
            self.logger.warning("archived %s, but it answered %s", failed.url, failed.reason)
            self._not_stored(failed.url, f"archived; it answered {failed.reason}")
            return
        note_failure(self, failed)
