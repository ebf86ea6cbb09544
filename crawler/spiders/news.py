"""NewsSpider: discovers a site's articles from its profile (robots.txt, sitemaps, feeds, listings).

It only discovers and navigates; parsing is the site parser's job and storing the pipelines'.
Arguments: site (a registry key), base_url (serve the profile's paths from another origin: a
mirror, the demo site), max_articles (stop scheduling article pages after N).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import scrapy
from protego import Protego
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from crawler.extraction.decode import decode_html
from crawler.extraction.feeds import parse_feed, parse_sitemap
from crawler.extraction.links import hrefs, next_page
from crawler.items import Article
from crawler.sites import extract, get_site

MAX_FAILURES_KEPT = 200


def _content_type(response: Response) -> str:
    return (response.headers.get(b"Content-Type") or b"").decode("latin-1")


def _text(response: Response) -> str:
    """The page as text, by our decoder: also for responses Scrapy did not take for text."""
    return decode_html(response.body, _content_type(response))[0]


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(
        self,
        site: str = "qdnd",
        base_url: str | None = None,
        max_articles: int | str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.site = get_site(site)
        self.origin = (base_url or self.site.origin).rstrip("/")
        self.max_articles = int(max_articles) if max_articles not in (None, "") else None
        # Article URLs already scheduled in this run; the catalogue takes this over across runs.
        self._scheduled: set[str] = set()
        self._forbidden: set[str] = set()
        self._robots: Protego | None = None
        # What failed, for the run report (bounded: a dead site must not fill memory).
        self.failures: list[dict[str, str]] = []

    # -- URLs ---------------------------------------------------------------------------------

    def rebase(self, url: str) -> str:
        """Map a URL on the site's own domains onto the origin being crawled (a mirror, the demo)."""
        parts = urlsplit(url)
        if (parts.hostname or "").lower() not in self.site.domains:
            return url
        origin = urlsplit(self.origin)
        return urlunsplit((origin.scheme, origin.netloc, parts.path or "/", parts.query, ""))

    def _on_site(self, url: str) -> bool:
        return urlsplit(url).netloc == urlsplit(self.origin).netloc

    def _request(self, url: str, callback: Any, **kwargs: Any) -> Request:
        return Request(url, callback=callback, errback=self.on_error, **kwargs)

    def _article(self, url: str, source: str) -> Request | None:
        url = self.rebase(url)
        parts = urlsplit(url)
        if not self._on_site(url) or not self.site.is_article(parts.path):
            return None
        key = urlunsplit(("", "", parts.path.rstrip("/"), parts.query, ""))
        if key in self._scheduled or key in self._forbidden:
            return None
        if not self._allowed(url):
            self._forbidden.add(key)
            self.crawler.stats.inc_value("robotstxt/forbidden")
            return None
        if self.max_articles is not None and len(self._scheduled) >= self.max_articles:
            return None
        self._scheduled.add(key)
        self.crawler.stats.inc_value(f"discovery/{source}")
        return self._request(url, self.parse_article, meta={"source": source})

    # -- discovery ----------------------------------------------------------------------------

    def _allowed(self, url: str) -> bool:
        """robots.txt, checked before an article counts against --max-articles.

        RobotsTxtMiddleware would drop a forbidden request anyway, but only after the spider
        had spent a place of its article budget on it."""
        if self._robots is None or not self.crawler.settings.getbool("ROBOTSTXT_OBEY"):
            return True
        agent = self.crawler.settings.get("ROBOTSTXT_USER_AGENT") or self.crawler.settings.get(
            "USER_AGENT"
        )
        return bool(self._robots.can_fetch(url, agent or "*"))

    async def start(self) -> AsyncIterator[Request]:
        if self.site.robots:
            # robots.txt first: its Sitemap lines are sources, and its rules decide which
            # discovered articles count; discovery proper starts from its callback.
            yield Request(
                f"{self.origin}/robots.txt",
                callback=self.parse_robots,
                errback=self.robots_failed,
                dont_filter=True,
            )
        else:
            for request in self._discovery():
                yield request

    def _discovery(self) -> Iterator[Request]:
        site = self.site
        for path in site.sitemaps:
            yield self._request(self.origin + path, self.parse_sitemap)
        if site.feeds and site.feed_priming_path:
            # The feed server wants a session cookie first; the priming page redirects to itself
            # while setting it, so the redirect must not be filtered as a duplicate.
            yield self._request(
                self.origin + site.feed_priming_path, self.parse_feed_index, dont_filter=True
            )
        else:
            for path in site.feeds:
                yield self._request(self.origin + path, self.parse_feed)
        for path in site.listings:
            yield self._request(self.origin + path, self.parse_listing, cb_kwargs={"page": 1})

    def parse_robots(self, response: Response) -> Iterator[Request]:
        self._robots = Protego.parse(response.body.decode("utf-8", "replace"))
        for sitemap in self._robots.sitemaps:
            yield self._request(self.rebase(sitemap), self.parse_sitemap)
        yield from self._discovery()

    def robots_failed(self, failure: Failure) -> Iterator[Request]:
        response = getattr(failure.value, "response", None)
        if response is None or response.status != 404:  # no robots.txt at all is normal
            self.on_error(failure)
        yield from self._discovery()

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        sitemap = parse_sitemap(response.body)
        for entry in sitemap.entries:
            if sitemap.is_index:
                yield self._request(self.rebase(entry.url), self.parse_sitemap)
            elif request := self._article(entry.url, "sitemap"):
                yield request

    def parse_feed_index(self, response: Response) -> Iterator[Request]:
        urls = [urljoin(response.url, path) for path in self.site.feeds]
        urls += [url for url in hrefs(_text(response), response.url) if url.endswith(".rss")]
        for url in dict.fromkeys(urls):
            yield self._request(self.rebase(url), self.parse_feed)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        for entry in parse_feed(response.body):
            if request := self._article(entry.url, "rss"):
                yield request

    def parse_listing(self, response: Response, page: int) -> Iterator[Request]:
        text = _text(response)
        for url in hrefs(text, response.url, self.site.listing_links):
            if request := self._article(url, "listing"):
                yield request
        if page >= self.site.max_listing_pages or not self.site.listing_next:
            return
        if following := next_page(text, response.url, self.site.listing_next, page):
            yield self._request(
                self.rebase(following), self.parse_listing, cb_kwargs={"page": page + 1}
            )

    # -- articles -----------------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[Article]:
        article = extract(
            response.body,
            response.url,
            content_type=_content_type(response),
            fetched_at=datetime.now(UTC),
            site=self.site,
        )
        article.warc = response.meta.get("warc_ref")
        yield article

    def on_error(self, failure: Failure) -> None:
        """One line per failed request: users read tracebacks as crashes."""
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        response = getattr(failure.value, "response", None)
        if response is None and isinstance(failure.value, IgnoreRequest):
            # Forbidden by robots.txt, or dropped by a middleware on purpose: not a failure.
            self.logger.debug("skipped: %s (%s)", url, failure.getErrorMessage())
            return
        reason = f"HTTP {response.status}" if response is not None else failure.getErrorMessage()
        self.crawler.stats.inc_value("defnews/request_errors")
        if len(self.failures) < MAX_FAILURES_KEPT:
            self.failures.append({"url": url, "reason": reason})
        self.logger.warning("failed: %s (%s)", url, reason)
