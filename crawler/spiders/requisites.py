"""Photos and page requisites: after a page is read, what it shows is fetched and archived too.

The article's photos (its images and its lead picture) always, with IMAGES_ENABLED; with
PAGE_REQUISITES, everything else the page loads (stylesheets and what they load, scripts,
icons, the chrome's images), for a replay that looks like the page. They go through the same
downloader as the pages: robots.txt and the per-host delay apply on image and CDN hosts too;
each URL is fetched once a run (Scrapy's duplicate filter) and revalidated in later runs (a
304 costs no body), and a payload archived before is a revisit record (WARC_DEDUP_ENABLED).
Each is capped at IMAGES_MAX_BYTES. What could not be archived is said in words, per URL
(crawler.core.archive.requisite_report); it does not fail the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Self

import scrapy
from scrapy import signals
from scrapy.http import Request, Response, TextResponse

from crawler.core.archive import requisite_report
from crawler.core.archive.requisites import (
    IMAGE,
    REQUISITE,
    Requisite,
    article_photos,
    css_loaded,
    css_references,
    page_requisites,
    requisite_scope,
    same_site,
)
from crawler.downloadermiddlewares.fetch_log import REVALIDATED
from crawler.runtime import meta
from crawler.runtime.defaults import settings_of
from crawler.spiders.failures import describe

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure

    from crawler.core.article import Article

# What a browser asks for, by what it loads: some CDNs pick the format by Accept.
_ACCEPT = {
    "stylesheet": b"text/css,*/*;q=0.1",
    "script": b"*/*",
    "font": b"*/*",
}
_IMAGE_ACCEPT = b"image/avif,image/webp,image/apng,image/*,*/*;q=0.8"


class PageRequisites(scrapy.Spider):
    """The requisite requests of a page, their callback and their errback."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.requisite_dropped, signal=signals.request_dropped)
        return spider

    def requisite_dropped(self, request: Request) -> None:
        """The scheduler already had it: a page of this crawl, or (a cluster) asked for by
        another worker, whose archive holds it. Counted, so it is not taken as unreached."""
        if meta.REQUISITE in request.meta:
            assert self.crawler.stats is not None
            kind = str(request.meta.get(meta.KIND, REQUISITE))
            requisite_report.shared(self.crawler.stats, kind)

    def requisite_requests(self, response: Response, article: Article | None) -> Iterator[Request]:
        """Requests for what the page shows: none for a page rebuilt from a 304 (its photos
        were archived with the capture it confirmed)."""
        settings = settings_of(self.crawler)
        if not settings.getbool("IMAGES_ENABLED") or REVALIDATED in response.flags:
            return
        encoding = response.encoding if isinstance(response, TextResponse) else None
        found: list[Requisite] = []
        if article is not None:
            found += article_photos(article, response.body, encoding)
        scope = requisite_scope(settings.get("PAGE_REQUISITES"))
        if scope != "off":
            known = {requisite.url for requisite in found}
            page = page_requisites(response.body, response.url, encoding)
            found += [
                requisite
                for requisite in page
                if requisite.url not in known
                and (scope == "all" or same_site(self.requisite_url(requisite.url), response.url))
            ]
        for requisite in found:
            if requisite.url != response.url:
                yield from self._once(requisite)

    def _once(self, requisite: Requisite) -> Iterator[Request]:
        """Each URL asked for once a run, and counted once: a stylesheet every page loads,
        a photo two articles show (Scrapy's duplicate filter would drop the second request
        without a word, leaving it counted as never reached)."""
        request = self.requisite_request(requisite)
        # By Scrapy's own fingerprint: "a b.jpg" and "a%20b.jpg" are one request to it.
        fingerprint = self.crawler.request_fingerprinter.fingerprint(request)
        asked: set[bytes] = self.__dict__.setdefault("_requisites_asked", set())
        if fingerprint not in asked:
            asked.add(fingerprint)
            assert self.crawler.stats is not None
            requisite_report.requested(self.crawler.stats, requisite.kind)
            yield request

    def requisite_url(self, url: str) -> str:
        """Where to fetch a requisite from: where the page names it (a spider crawling a
        mirror maps the site's own URLs onto the mirror)."""
        return url

    def requisite_request(self, requisite: Requisite) -> Request:
        settings = settings_of(self.crawler)
        accept = _IMAGE_ACCEPT if requisite.what in ("photo", "lead picture", "image") else None
        accept = accept or _ACCEPT.get(requisite.what, b"*/*")
        return Request(
            self.requisite_url(requisite.url),
            callback=self.parse_requisite,
            errback=self.requisite_failed,
            headers={b"Accept": accept},
            # After the pages waiting on the same host: a photo never delays an article.
            priority=-1,
            meta={
                meta.KIND: requisite.kind,
                meta.REQUISITE: requisite.what,
                meta.REVALIDATE: True,
                meta.DOWNLOAD_MAXSIZE: settings.getint("IMAGES_MAX_BYTES"),
            },
        )

    def parse_requisite(self, response: Response) -> Iterator[Request]:
        """Archived on download (crawler.extensions.warc); a stylesheet also loads fonts,
        backgrounds and other stylesheets."""
        assert self.crawler.stats is not None
        kind = str(response.meta.get(meta.KIND, REQUISITE))
        requisite_report.archived(self.crawler.stats, kind)
        if kind == IMAGE or not _is_css(response):
            return
        everywhere = requisite_scope(settings_of(self.crawler).get("PAGE_REQUISITES")) == "all"
        for url in css_references(response.body, response.url):
            if everywhere or same_site(url, response.url):
                yield from self._once(Requisite(url, REQUISITE, css_loaded(url)))

    def requisite_failed(self, failure: Failure) -> None:
        """Said in words, counted; the page it belongs to is stored all the same."""
        failed = describe(failure)
        request = getattr(failure, "request", None)
        known = request.meta if request is not None else {}
        kind = str(known.get(meta.KIND, REQUISITE))
        what = str(known.get(meta.REQUISITE, "requisite"))
        reason = failed.reason
        if "larger than download max size" in reason:
            cap = settings_of(self.crawler).getint("IMAGES_MAX_BYTES")
            reason = f"larger than the {cap / 1e6:.1f} MB cap (IMAGES_MAX_BYTES)"
        elif "Forbidden by robots.txt" in reason:
            reason = "robots.txt forbids it"
        assert self.crawler.stats is not None
        requisite_report.failed(self.crawler.stats, kind, failed.url, what, reason)
        # INFO, not a warning: the run's summary lists them all, and a page's third-party
        # scripts (an ad server that refuses crawlers) would bury the warnings that matter.
        self.logger.info("%s not archived: %s (%s)", what, failed.url, reason)


def _is_css(response: Response) -> bool:
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
    return "text/css" in content_type or (
        not content_type and response.url.lower().split("?")[0].endswith(".css")
    )
