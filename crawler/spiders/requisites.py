"""Photos and page requisites: after a page is read, what it shows is fetched and archived too.

The article's photos (its images and its lead picture) with IMAGES_ENABLED; with
PAGE_REQUISITES, what else the page loads (stylesheets and what they load, scripts, icons, the
chrome's images), for a replay that looks like the page. They go through the same downloader
as the pages: robots.txt and the per-host delay apply on image and CDN hosts too; each URL is
fetched once a run and revalidated in later runs (a 304 costs no body), and a payload archived
before is a revisit record (WARC_DEDUP_ENABLED). Each is capped at IMAGES_MAX_BYTES.
Each photo is wanted in the catalogue's photos table until it is archived (or failed, and
then tried again after INCREMENTAL_RETRY_DAYS): a crawl asks first for the photos its earlier
runs still owe (IMAGES_CATCH_UP_PER_RUN at most), those of articles archived before photos
were archived included. What could not be archived is said in words, per URL
(crawler.core.archive.requisite_report); it does not fail the run.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Self

import scrapy
from scrapy import signals
from scrapy.http import Request, Response

from crawler.core.archive import requisite_report
from crawler.core.archive.requisites import (
    IMAGE,
    REQUISITE,
    Found,
    Requisite,
    article_photos,
    css_loaded,
    css_references,
    page_requisites,
    requisite_scope,
    same_site,
)
from crawler.core.catalog.photos_table import ARCHIVED, FAILED
from crawler.core.extraction.document import parse_document
from crawler.core.sites.worker import as_written
from crawler.core.stage_clock import REQUISITES, stage
from crawler.downloadermiddlewares.fetch_log import REVALIDATED
from crawler.runtime import meta
from crawler.runtime.catalog_state import url_key
from crawler.runtime.defaults import settings_of
from crawler.runtime.run_state import RunState
from crawler.spiders.failures import describe

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure

    from crawler.core.article import Article
    from crawler.core.catalog.catalog import Catalog

logger = logging.getLogger(__name__)

# What a browser asks for, by what it loads: some CDNs pick the format by Accept.
_ACCEPT = {"stylesheet": b"text/css,*/*;q=0.1"}
_IMAGE_ACCEPT = b"image/avif,image/webp,image/apng,image/*,*/*;q=0.8"


class PageRequisites(scrapy.Spider):
    """The requisite requests of a page, their callback and their errback."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.requisite_dropped, signal=signals.request_dropped)
        crawler.signals.connect(spider.requisites_opened, signal=signals.spider_opened)
        return spider

    def requisites_opened(self) -> None:
        if self.crawler.stats is not None and settings_of(self.crawler).get("CLUSTER_REDIS_URL"):
            # Asked for by one worker, fetched by whichever pops it: no per-worker balance.
            self.crawler.stats.set_value(requisite_report.SHARED_QUEUE, True)

    def _photos(self) -> Catalog | None:
        """The catalogue that keeps the photos owed, None in a cluster: there one worker asks
        for a photo and whichever pops it fetches it, so the asker's row would never settle."""
        if settings_of(self.crawler).get("CLUSTER_REDIS_URL"):
            return None
        return RunState.of(self.crawler).catalog

    def requisite_dropped(self, request: Request) -> None:
        """The scheduler already had it (a cluster: asked for by another worker, whose
        archive holds it). Counted, so it is not taken as unreached."""
        if meta.REQUISITE in request.meta:
            assert self.crawler.stats is not None
            kind = str(request.meta.get(meta.KIND, REQUISITE))
            requisite_report.shared(self.crawler.stats, kind)

    def requisites_wanted(self) -> tuple[bool, bool]:
        """(an article's photos, page requisites): what a page's requisites are read for."""
        photos, scope = self._wanted()
        return photos, scope != "off"

    def _wanted(self) -> tuple[bool, str]:
        """IMAGES_ENABLED, and PAGE_REQUISITES read as a scope (off, site or all)."""
        settings = settings_of(self.crawler)
        return settings.getbool("IMAGES_ENABLED"), requisite_scope(settings.get("PAGE_REQUISITES"))

    def requisite_requests(
        self,
        response: Response,
        article: Article | None,
        site: str = "",
        found: Found | None = None,
    ) -> Iterator[Request]:
        """Requests for what the page shows: none for a page rebuilt from a 304 (its photos
        were wanted when it was first fetched: owed_photos asks again for any not archived).
        found: what an extraction worker read on the page already; else the page is parsed."""
        if REVALIDATED in response.flags:
            return
        with stage(REQUISITES):  # the work is done here, not while the requests are taken
            requests = list(self._requisite_requests(response, article, site, found))
        yield from requests

    def _requisite_requests(
        self, response: Response, article: Article | None, site: str, found: Found | None
    ) -> Iterator[Request]:
        photos, scope = self._wanted()
        photos = photos and article is not None
        if not photos and scope == "off":
            return
        if found is None:
            found = self._found(response, article, photos, scope != "off")
        if found.problem:  # the article is kept; what the page loads is not asked for
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("requisites/unread_pages")
            logger.warning(
                "could not read %s for its photos and requisites: %s", response.url, found.problem
            )
        wanted = list(found.photos) if photos else []
        if scope != "off":
            known = {requisite.url for requisite in wanted}
            wanted += [
                requisite
                for requisite in found.requisites
                if requisite.url not in known
                and (scope == "all" or same_site(self.requisite_url(requisite.url), response.url))
            ]
        for requisite in wanted:
            if requisite.url != response.url:
                yield from self._once(requisite, site)

    @staticmethod
    def _found(response: Response, article: Article | None, photos: bool, others: bool) -> Found:
        """Parsed once, for both, decoded as the extraction decodes it (Scrapy's encoding for
        a page labelled iso-8859-1 that is UTF-8 gave lxml a tree with nothing in it), but
        not NFC-normalised: URLs as the page writes them, as a browser asks for them."""
        if not response.body:
            return Found([], [])
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        page = parse_document(as_written(response.body, content_type, response.url))
        return Found(
            article_photos(article, page, None) if photos and article is not None else [],
            page_requisites(page, response.url, None) if others else [],
        )

    def owed_photos(self, site: str) -> Iterator[Request]:
        """The photos earlier runs of the site still owe: wanted and never archived (the run
        stopped first, an archive made before photos were), or failed longer ago than
        INCREMENTAL_RETRY_DAYS; at most IMAGES_CATCH_UP_PER_RUN, the rest said."""
        settings = settings_of(self.crawler)
        catalog = self._photos()
        if catalog is None or not settings.getbool("IMAGES_ENABLED"):
            return
        retry = timedelta(days=settings.getfloat("INCREMENTAL_RETRY_DAYS"))
        try:
            catalog.want_stored_photos(site)
            urls, total = catalog.owed(site, retry, settings.getint("IMAGES_CATCH_UP_PER_RUN"))
        except sqlite3.Error as error:
            logger.warning("cannot read the photos earlier runs owe: %s", error)
            return
        assert self.crawler.stats is not None
        self.crawler.stats.set_value(requisite_report.OWED, len(urls))
        self.crawler.stats.set_value(requisite_report.OWED_LEFT, total - len(urls))
        for url in urls:
            yield from self._once(Requisite(url, IMAGE, "photo of an earlier article"), site)

    def _once(self, requisite: Requisite, site: str) -> Iterator[Request]:
        """Each URL asked for once a run, and counted once: a stylesheet every page loads,
        a photo two articles show."""
        # The same URL again (a photo every page shows) is known without a request made.
        urls: set[str] = self.__dict__.setdefault("_requisite_urls", set())
        if requisite.url in urls:
            return
        urls.add(requisite.url)
        request = self.requisite_request(requisite, site)
        # By Scrapy's own fingerprint: "a b.jpg" and "a%20b.jpg" are one request to it.
        fingerprint = self.crawler.request_fingerprinter.fingerprint(request)
        asked: set[bytes] = self.__dict__.setdefault("_requisites_asked", set())
        if fingerprint in asked:
            return
        asked.add(fingerprint)
        assert self.crawler.stats is not None
        requisite_report.requested(self.crawler.stats, requisite.kind)
        catalog = self._photos()
        if requisite.kind == IMAGE and site and catalog is not None:
            try:
                key = url_key(self.crawler, request.url)
                catalog.want(site, key, self.photo_url(request.url))
            except sqlite3.Error as error:  # fetched all the same; only the reminder is lost
                self._cannot_note(request.url, error)
        limit = settings_of(self.crawler).getint("URLLENGTH_LIMIT")
        if limit and len(request.url) > limit:  # UrlLengthMiddleware would drop it unsaid
            reason = f"URL is {len(request.url):,} characters, over the {limit:,} limit"
            self._settle(request, FAILED, reason, request.url)
            return
        yield request

    def photo_url(self, url: str) -> str:
        """A photo's URL as the photos table keeps it, for a later run to fetch (a spider
        crawling a mirror keeps it on the site's own origin: the mirror may move)."""
        return url

    def requisite_url(self, url: str) -> str:
        """Where to fetch a requisite from: where the page names it (a spider crawling a
        mirror maps the site's own URLs onto the mirror)."""
        return url

    def requisite_request(self, requisite: Requisite, site: str = "") -> Request:
        settings = settings_of(self.crawler)
        accept = _IMAGE_ACCEPT if requisite.kind == IMAGE or requisite.what == "image" else None
        return Request(
            self.requisite_url(requisite.url),
            callback=self.parse_requisite,
            errback=self.requisite_failed,
            headers={b"Accept": accept or _ACCEPT.get(requisite.what, b"*/*")},
            # After the pages waiting on the same host: a photo never delays an article.
            priority=-1,
            # Asked for once a run by _once already. Through the duplicate filter, a requisite
            # that is also a page of the crawl (a preloaded link) would take the page's place
            # in its seen-set, and the page, asked for later, would be dropped unsaid. A
            # cluster's workers share one seen-set instead, so that one worker fetches it.
            dont_filter=not settings.get("CLUSTER_REDIS_URL"),
            meta={
                meta.KIND: requisite.kind,
                meta.REQUISITE: requisite.what,
                meta.REVALIDATE: True,
                meta.DOWNLOAD_MAXSIZE: settings.getint("IMAGES_MAX_BYTES"),
                meta.PHOTO_SITE: site if requisite.kind == IMAGE else "",
            },
        )

    def parse_requisite(self, response: Response) -> Iterator[Request]:
        """Archived on download (crawler.extensions.warc); a photo that is no image is said
        (a soft 404); a stylesheet also loads fonts, backgrounds and other stylesheets."""
        assert self.crawler.stats is not None
        kind = str(response.meta.get(meta.KIND, REQUISITE))
        content_type = _content_type(response)
        if kind == IMAGE and content_type and not content_type.startswith("image/"):
            self._settle(response.request, FAILED, f"not an image: {content_type}", response.url)
            return
        self._settle(response.request, ARCHIVED, "", response.url)
        if kind == IMAGE or not (
            "text/css" in content_type or response.url.split("?")[0].endswith(".css")
        ):
            return
        scope = requisite_scope(settings_of(self.crawler).get("PAGE_REQUISITES"))
        for url in css_references(response.body, response.url):
            if scope == "all" or same_site(url, response.url):
                yield from self._once(Requisite(url, REQUISITE, css_loaded(url)), "")

    def requisite_failed(self, failure: Failure) -> None:
        """Said in words, counted; the page it belongs to is stored all the same."""
        failed = describe(failure)
        request = getattr(failure, "request", None)
        reason = failed.reason
        if "DecompressionMaxSizeExceeded" in reason:
            # The WARC took the body as it came, compressed: archived, only not decoded here.
            self._settle(request, ARCHIVED, "", failed.url)
            return
        if "larger than download max size" in reason:
            cap = settings_of(self.crawler).getint("IMAGES_MAX_BYTES")
            reason = f"larger than the {cap / 1e6:.1f} MB cap (IMAGES_MAX_BYTES)"
        elif "Forbidden by robots.txt" in reason:
            reason = "robots.txt forbids it"
        self._settle(request, FAILED, reason, failed.url)

    def _settle(self, request: Request | None, state: str, reason: str, final: str) -> None:
        """Count the outcome, say a failure, and file a photo's in the photos table."""
        known = request.meta if request is not None else {}
        kind = str(known.get(meta.KIND, REQUISITE))
        what = str(known.get(meta.REQUISITE, "requisite"))
        stats = self.crawler.stats
        assert stats is not None
        url = request.url if request is not None else final
        if state == ARCHIVED:
            requisite_report.archived(stats, kind)
        else:
            requisite_report.failed(stats, kind, url, what, reason)
            # INFO, not a warning: the run's summary lists them all.
            logger.info("%s not archived: %s (%s)", what, url, reason)
        catalog = self._photos()
        if request is None or not known.get(meta.PHOTO_SITE) or catalog is None:
            return
        first = (known.get(meta.REDIRECT_URLS) or [request.url])[0]
        key = url_key(self.crawler, first)
        moved = url_key(self.crawler, final) if state == ARCHIVED else ""
        try:
            catalog.settle(key, state, reason, moved if moved != key else "")
        except sqlite3.Error as error:  # the next run asks for it again: nothing is lost
            self._cannot_note(url, error)

    def _cannot_note(self, url: str, error: sqlite3.Error) -> None:
        """Said once a run: a full disk fails every photo alike (and stops the crawl, said
        by the stores that fail with it), and a line per photo would bury that."""
        if self.__dict__.setdefault("_notes_failed", False):
            logger.debug("cannot note the photo %s: %s", url, error)
            return
        self.__dict__["_notes_failed"] = True
        logger.warning("cannot note photos in the catalogue (%s): later runs ask for them", error)


def _content_type(response: Response) -> str:
    return (response.headers.get(b"Content-Type") or b"").decode("latin-1").strip().lower()
