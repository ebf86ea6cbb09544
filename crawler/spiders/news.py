"""NewsSpider: discovers a site's articles from its profile (robots.txt, sitemaps, feeds, listings).

It only discovers and navigates; parsing is the site parser's job and storing the pipelines'.
Arguments: site (a registry key), base_url (serve the profile's paths from another origin: a
mirror, the demo site), max_articles (stop scheduling article pages after N).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urljoin, urlsplit, urlunsplit

import scrapy
from lxml import html
from protego import Protego
from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from crawler.extraction.document import parse_document
from crawler.extraction.feeds import parse_feed, parse_sitemap
from crawler.extraction.links import hrefs, next_page
from crawler.items import Article
from crawler.sites import extract, get_site
from crawler.spiders.failures import describe, note_failure

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.robotstxt import RobotParser


def content_type_of(response: Response) -> str:
    return (response.headers.get(b"Content-Type") or b"").decode("latin-1")


def _doc(response: Response, language: str = "") -> html.HtmlElement:
    """The page parsed once, decoded our way: also for responses Scrapy did not take for text."""
    return parse_document(response.body, content_type_of(response), language=language)


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
        self._robots: RobotParser | None = None
        self.failures: list[dict[str, str]] = []  # for the run report (spiders.failures)

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

    def _on_site_request(self, url: str, callback: Any, **kwargs: Any) -> Request | None:
        """A request for a sitemap, feed or listing found in a page; None when it is off-site.

        Discovery stays on the origin being crawled: a feed index or sitemap linking another
        host (or, under --base-url, the real site) must not take the crawl there."""
        url = self.rebase(url)
        return self._request(url, callback, **kwargs) if self._on_site(url) else None

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

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        return spider

    def _allowed(self, url: str) -> bool:
        """robots.txt, checked before an article counts against --max-articles.

        RobotsTxtMiddleware would drop a forbidden request anyway, but only after the spider
        had spent a place of its article budget on it."""
        if self._robots is None:
            return True
        settings = self.crawler.settings
        agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT") or "*"
        return bool(self._robots.allowed(url, agent))

    def robots_parsed(self, robotparser: RobotParser, request: Request) -> None:
        """Scrapy's RobotsTxtMiddleware fetched and parsed robots.txt: one fetch, one parser.

        Every request to the host waits for it, so the rules are known before any article
        is discovered; the file's Sitemap lines are sources like the profile's own."""
        if urlsplit(request.url).netloc != urlsplit(self.origin).netloc:
            return
        self._robots = robotparser
        for sitemap in getattr(getattr(robotparser, "rp", None), "sitemaps", ()):
            if sitemap_request := self._on_site_request(sitemap, self.parse_sitemap):
                self.crawler.engine.crawl(sitemap_request)

    async def start(self) -> AsyncIterator[Request]:
        if self.site.robots and not self.crawler.settings.getbool("ROBOTSTXT_OBEY"):
            # Not obeying it, but its Sitemap lines are still where the site lists its pages.
            yield self._request(f"{self.origin}/robots.txt", self.parse_robots_sitemaps)
        for request in self._discovery():
            yield request

    def parse_robots_sitemaps(self, response: Response) -> Iterator[Request]:
        for sitemap in Protego.parse(response.body.decode("utf-8", "replace")).sitemaps:
            if request := self._on_site_request(sitemap, self.parse_sitemap):
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

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        sitemap = parse_sitemap(response.body)
        for entry in sitemap.entries:
            if sitemap.is_index:
                request = self._on_site_request(entry.url, self.parse_sitemap)
            else:
                request = self._article(entry.url, "sitemap")
            if request:
                yield request

    def parse_feed_index(self, response: Response) -> Iterator[Request]:
        urls = [urljoin(response.url, path) for path in self.site.feeds]
        urls += [
            url
            for url in hrefs(_doc(response, self.site.language), response.url)
            if url.endswith(".rss")
        ]
        for url in dict.fromkeys(urls):
            if request := self._on_site_request(url, self.parse_feed):
                yield request

    def parse_feed(self, response: Response) -> Iterator[Request]:
        for entry in parse_feed(response.body):
            if request := self._article(entry.url, "rss"):
                yield request

    def parse_listing(self, response: Response, page: int) -> Iterator[Request]:
        doc = _doc(response, self.site.language)  # parsed once, for links and pager
        for url in hrefs(doc, response.url, self.site.listing_links):
            if request := self._article(url, "listing"):
                yield request
        if page >= self.site.max_listing_pages or not self.site.listing_next:
            return
        if following := next_page(doc, response.url, self.site.listing_next, page):
            next_request = self._on_site_request(
                following, self.parse_listing, cb_kwargs={"page": page + 1}
            )
            if next_request:
                yield next_request

    # -- articles -----------------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[Article]:
        article = extract(
            response.body,
            response.url,
            content_type=content_type_of(response),
            fetched_at=datetime.now(UTC),
            site=self.site,
        )
        article.warc = response.meta.get("warc_ref")
        yield article

    def on_error(self, failure: Failure) -> None:
        """One line per failed request: users read tracebacks as crashes."""
        failed = describe(failure)
        if failed.response is None and isinstance(failure.value, IgnoreRequest):
            # Forbidden by robots.txt, or dropped by a middleware on purpose: not a failure.
            self.logger.debug("skipped: %s (%s)", failed.url, failed.reason)
            return
        note_failure(self, failed)
