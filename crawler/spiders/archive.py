"""ArchiveSpider: fetch exactly the URLs given, through the same stack; follow no links.

Every exchange goes into the WARC (redirects included); pages a site parser (or the generic
one) recognises as articles are also extracted. Argument: urls (whitespace-separated).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from crawler.items import Article
from crawler.sites import extract, is_article_page
from crawler.spiders.failures import describe, note_failure, refusal
from crawler.spiders.news import content_type_of


class ArchiveSpider(scrapy.Spider):
    name = "archive"

    def __init__(self, urls: str | list[str] = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = urls.split() if isinstance(urls, str) else list(urls)
        self.failures: list[dict[str, str]] = []

    async def start(self) -> AsyncIterator[Request]:
        for url in self.urls:
            # dont_filter: the user named it; the same URL twice is two captures.
            yield Request(url, callback=self.parse_page, errback=self.on_error, dont_filter=True)

    def parse_page(self, response: Response) -> Iterator[Article]:
        if "html" not in content_type_of(response).lower():
            return
        if block := refusal(response):  # a challenge served as 200: archived, but no article
            self.logger.warning("archived %s, but it is %s", response.url, block)
            return
        article = extract(
            response.body,
            response.url,
            content_type=content_type_of(response),
            fetched_at=datetime.now(UTC),
        )
        if is_article_page(article) and article.title and article.text:
            article.warc = response.meta.get("warc_ref")
            yield article

    def on_error(self, failure: Failure) -> None:
        failed = describe(failure)
        if failed.response is not None:
            # The error page is archived all the same (it is evidence); it is just no article.
            self.logger.warning("archived %s, but it answered %s", failed.url, failed.reason)
            return
        note_failure(self, failed)
