"""The fetch log: every response goes into the catalogue's `urls` table, and revalidation.

A downloader middleware beside the downloader (priority 840): process_request adds
If-None-Match / If-Modified-Since to requests marked meta["revalidate"] from what the
catalogue remembers; process_response records the fetch (status, validators, payload digest,
where the body is archived) and answers a 304 with the body archived earlier, read back from
the WARC, so spider callbacks see the page as if it had been sent again. This is what
Scrapy's HTTP cache does with its own store; here the store is the archive itself.
Stats: incremental/not_modified, incremental/article_pages, incremental/archive_unreadable.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.http import Request, Response
from scrapy.http.headers import Headers
from warcio.exceptions import ArchiveLoadFailed

from crawler.archive.reader import body_at
from crawler.store.state import CatalogComponent, run_id, site_of, url_key

if TYPE_CHECKING:
    from crawler.store.catalog import Fetch

logger = logging.getLogger(__name__)

REVALIDATED = "revalidated"  # flag on a response rebuilt from the archive after a 304


def _header(response: Response, name: bytes) -> str:
    return (response.headers.get(name) or b"").decode("latin-1").strip()


def _kind(request: Request) -> str:
    kind = request.meta.get("kind")
    if kind:
        return str(kind)
    return "robots" if urlsplit(request.url).path == "/robots.txt" else "other"


def article_outcome(status: int) -> str:
    """What an article URL's answer means for later runs ("" = try again next run; a
    redirect is "moved" once its target is archived: crawler.store.runs)."""
    return "gone" if status in (404, 410) else ""


class FetchLogMiddleware(CatalogComponent):
    def _site(self) -> str:
        spider = self.crawler.spider
        return site_of(spider) if spider is not None else ""

    def _source_date(self, request: Request) -> str:
        source_date = getattr(self.crawler.spider, "source_date", None)
        first = (request.meta.get("redirect_urls") or [request.url])[0]
        return str(source_date(first)) if source_date else ""

    def process_request(self, request: Request) -> None:
        if not request.meta.get("revalidate") or "revalidating" in request.meta:
            return
        known = self.catalog.fetch(url_key(self.crawler, request.url))
        if known is None or not known.warc_file or not (known.etag or known.last_modified):
            return
        if known.etag:
            request.headers[b"If-None-Match"] = known.etag
        if known.last_modified:
            request.headers[b"If-Modified-Since"] = known.last_modified
        request.meta["revalidating"] = known

    def process_response(self, request: Request, response: Response) -> Request | Response:
        key = url_key(self.crawler, request.url)
        kind = _kind(request)
        known: Fetch | None = request.meta.get("revalidating")
        if kind == "article":
            self.stats.inc_value("incremental/article_pages")
        self.catalog.record_fetch(
            key=key,
            site=self._site(),
            kind=kind,
            url=response.url,
            status=response.status,
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
            content_type=_header(response, b"Content-Type"),
            payload_digest=str(request.meta.get("warc_payload", "")),
            body_location=request.meta.get("warc_body"),
            outcome=article_outcome(response.status) if kind == "article" else "",
            # Kept with the fetch that saw the page as of this date: only a later one is news
            # (crawler.store.freshness). Dated by the link that led here, before any redirect.
            source_date=self._source_date(request) if kind == "article" else "",
            run_id=run_id(self.crawler),
        )
        if response.status != 304 or known is None:
            return response
        self.stats.inc_value("incremental/not_modified")
        try:
            body = body_at(self.root / known.warc_file, known.warc_offset)
        except (OSError, ValueError, StopIteration, ArchiveLoadFailed) as error:
            # The earlier copy is gone or damaged: fetch the page whole instead.
            self.stats.inc_value("incremental/archive_unreadable")
            logger.warning(
                "cannot read the archived copy of %s (%s): fetching it again",
                request.url,
                type(error).__name__,
            )
            retry = request.replace(dont_filter=True)
            retry.meta.pop("revalidating", None)
            retry.meta["revalidate"] = False
            # Archived whole, not as a revisit of the unreadable copy, which it replaces.
            retry.meta["warc_fresh_copy"] = True
            for name in (b"If-None-Match", b"If-Modified-Since"):
                retry.headers.pop(name, None)
            return retry
        return Response(
            url=response.url,
            status=200,
            headers=Headers({"Content-Type": known.content_type or "application/octet-stream"}),
            body=body,
            request=request,
            flags=[*response.flags, REVALIDATED],
            ip_address=response.ip_address,
            protocol=response.protocol,
        )
