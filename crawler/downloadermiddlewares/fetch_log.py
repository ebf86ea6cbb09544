"""The fetch log: every response goes into the catalogue's `urls` table, and revalidation.

A downloader middleware beside the downloader (priority 840): process_request adds
If-None-Match / If-Modified-Since to requests marked meta.REVALIDATE from what the
catalogue remembers; process_response records the fetch (status, validators, payload digest,
where the body is archived) and answers a 304 with the body archived earlier, read back from
the WARC, so spider callbacks see the page as if it had been sent again. This is what
Scrapy's HTTP cache does with its own store; here the store is the archive itself.
The page rebuilt from a 304 carries the WarcRef of the record holding that body (not of the
bodiless 304), so an article made from it points at a capture that can be read again.
A URL whose archived body lies in a WARC file no longer in the folder (moved to cold storage,
deleted) is not revalidated: it is fetched and archived whole (a 304 would leave its article
with no readable capture). Whether a file is there is asked once per file per run.
Stats: incremental/not_modified, incremental/article_pages, incremental/archive_unreadable,
incremental/archive_missing.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.http import Request, Response
from scrapy.http.headers import Headers
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from crawler.core.archive.requisites import IMAGE, REQUISITE
from crawler.core.article import WarcRef
from crawler.core.stage_clock import CATALOGUE, stage
from crawler.runtime import meta, spider_api
from crawler.runtime.catalog_state import CatalogComponent, url_key

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.core.catalog.catalog import Catalog, Fetch

logger = logging.getLogger(__name__)

REVALIDATED = "revalidated"  # flag on a response rebuilt from the archive after a 304


def _header(response: Response, name: bytes) -> str:
    return (response.headers.get(name) or b"").decode("latin-1").strip()


def _kind(request: Request) -> str:
    kind = request.meta.get(meta.KIND)
    if kind:
        return str(kind)
    return "robots" if urlsplit(request.url).path == "/robots.txt" else "other"


def article_outcome(status: int) -> str:
    """What an article URL's answer means for later runs ("" = try again next run; a
    redirect is "moved" once its target is archived: crawler.extensions.ledger)."""
    return "gone" if status in (404, 410) else ""


def archived_body(path: Path, offset: int) -> tuple[bytes, WarcRef]:
    """The content-decoded body of the response record at offset, and a WarcRef to it."""
    with path.open("rb") as handle:
        handle.seek(offset)
        # Digests checked: a damaged gzip member can still inflate to bytes (about 1 in 12
        # records garbled mid-header did, with the digest headers lost), and a 304 answered
        # with those would put garbage where the page was.
        records = ArchiveIterator(handle, check_digests="raise")
        record = next(iter(records))
        body = bytes(record.content_stream().read())
        if record.digest_checker.passed is not True:
            raise ValueError("the record's digests do not check out")
        record_id = record.rec_headers.get_header("WARC-Record-ID") or ""
        length = int(records.get_record_length())
    return body, WarcRef("", offset, length, record_id)


class FetchLogMiddleware(CatalogComponent):
    def __init__(self, crawler: Crawler, catalog: Catalog) -> None:
        super().__init__(crawler, catalog)
        self._present: dict[str, bool] = {}  # WARC file name -> on disk, asked once per run

    def _archived(self, name: str) -> bool:
        """Is this WARC file (as the catalogue names it) in the folder, finished or open?"""
        if name not in self._present:
            path = Path(name) if Path(name).is_absolute() else self.root / name
            found = path.is_file() or path.with_name(path.name + ".open").is_file()
            self._present[name] = found
            if not found:
                logger.warning(
                    "%s is missing (moved or deleted): pages archived there are fetched and "
                    "archived whole again",
                    name,
                )
        return self._present[name]

    def _site(self) -> str:
        spider = self.crawler.spider
        return spider_api.site_key(spider) if spider is not None else ""

    def _source_date(self, request: Request) -> str:
        first = (request.meta.get(meta.REDIRECT_URLS) or [request.url])[0]
        return spider_api.source_date(self.crawler.spider, first)

    def process_request(self, request: Request) -> None:
        if not request.meta.get(meta.REVALIDATE) or meta.REVALIDATING in request.meta:
            return
        known = self.catalog.fetch(url_key(self.crawler, request.url))
        if known is None or not known.warc_file or not (known.etag or known.last_modified):
            return
        if not self._archived(known.warc_file):
            self.stats.inc_value("incremental/archive_missing")
            # Archived whole, not as a revisit of a copy that is gone, which it replaces.
            request.meta[meta.WARC_FRESH_COPY] = True
            return
        if known.etag:
            request.headers[b"If-None-Match"] = known.etag
        if known.last_modified:
            request.headers[b"If-Modified-Since"] = known.last_modified
        request.meta[meta.REVALIDATING] = known

    def process_response(self, request: Request, response: Response) -> Request | Response:
        with stage(CATALOGUE):
            return self._log(request, response)

    def _log(self, request: Request, response: Response) -> Request | Response:
        key = url_key(self.crawler, request.url)
        kind = _kind(request)
        known: Fetch | None = request.meta.get(meta.REVALIDATING)
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
            payload_digest=str(request.meta.get(meta.WARC_PAYLOAD, "")),
            body_location=request.meta.get(meta.WARC_BODY),
            outcome=article_outcome(response.status) if kind == "article" else "",
            # Kept with the fetch that saw the page as of this date: only a later one is news
            # (crawler.core.catalog.freshness). Dated by the link that led here, before any redirect.
            source_date=self._source_date(request) if kind == "article" else "",
            run_id=self.state.run_id,
        )
        if response.status != 304 or known is None:
            return response
        if kind not in (IMAGE, REQUISITE):  # "pages unchanged": photos are counted apart
            self.stats.inc_value("incremental/not_modified")
        try:
            body, ref = archived_body(self.root / known.warc_file, known.warc_offset)
        except (OSError, ValueError, StopIteration, EOFError, ArchiveLoadFailed) as error:
            # The earlier copy is gone or damaged: fetch the page whole instead.
            self.stats.inc_value("incremental/archive_unreadable")
            logger.warning(
                "cannot read the archived copy of %s (%s): fetching it again",
                request.url,
                type(error).__name__,
            )
            retry = request.replace(dont_filter=True)
            retry.meta.pop(meta.REVALIDATING, None)
            retry.meta[meta.REVALIDATE] = False
            # Archived whole, not as a revisit of the unreadable copy, which it replaces.
            retry.meta[meta.WARC_FRESH_COPY] = True
            for name in (b"If-None-Match", b"If-Modified-Since"):
                retry.headers.pop(name, None)
            return retry
        # The article's capture is the record holding this body, not the bodiless 304.
        request.meta[meta.WARC_REF] = WarcRef(
            known.warc_file, ref.offset, ref.length, ref.record_id
        )
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
