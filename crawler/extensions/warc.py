"""Archive every HTTP exchange as WARC at the moment it is downloaded.

Settings: WARC_ENABLED, WARC_DIR ("" = OUTPUT_DIR/warc), WARC_PREFIX ("" = the spider's site
key), WARC_MAX_SIZE (bytes), WARC_GZIP_LEVEL, WARC_OPERATOR (a contact for the warcinfo record).
WARC_DEDUP_ENABLED: a 2xx payload already archived (by payload digest, kept
in OUTPUT_DIR/catalog.sqlite across runs) is written as a revisit record, not a second copy.
Each closed WARC gets a sorted, pywb-compatible CDXJ index in OUTPUT_DIR/index/ (archive.index).
Figures: records, bytes, files, repaired, revisits, indexed, kept in the run state
(crawler.runtime.run_state) for the report and the ledger, and copied to the stats warc/<name>.
The writer closes at the state's ARCHIVE stage, first: its figures are final before anyone reads them.
At start-up, WARC files a killed crawl left open (.open) are cut back to their last whole
record and closed (crawler.core.archive.repair).
Each extracted article is also written as a `metadata` record (application/json, the contract's
fields) under its own target URI, urn:defnews:article:<page URL> (never the page's URL, which
replay tools would answer with the JSON), with WARC-Refers-To naming the response it came from.

`response_downloaded` fires right after the download handler, before every downloader
middleware: the body is still content-encoded and the request headers are the ones sent.
Capturing later (a middleware at 543) would store a decoded body under `Content-Encoding: gzip`.
"""

from __future__ import annotations

import json
import logging
import platform
import sqlite3
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import scrapy
from scrapy import signals
from scrapy.exceptions import NotConfigured
from warcio.exceptions import ArchiveLoadFailed

import crawler
from crawler.core.archive.config import WarcConfig
from crawler.core.archive.digests import DigestStore, Original
from crawler.core.archive.index import index_warc, missing_indexes
from crawler.core.archive.reader import ArchiveError, record_headers_at, record_headers_from
from crawler.core.archive.records import WarcRecord, metadata_record
from crawler.core.archive.repair import repair_open_files
from crawler.core.archive.writer import WarcWriter, ref_name
from crawler.core.article import Article, WarcRef
from crawler.core.stage_clock import WARC, stage
from crawler.extensions.warc_capture import exchange_records
from crawler.handlers.wire import Wire, pop_wire
from crawler.runtime import meta, spider_api
from crawler.runtime.run_state import RunState, Stage
from crawler.runtime.stop import stop_crawl

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from crawler.core.catalog.urls_table import Fetch


logger = logging.getLogger(__name__)

# The WARC figures (crawler.runtime.summary.WarcFigures) by name, also their stats' names.
Figure = Literal["records", "bytes", "files", "revisits", "repaired", "indexed"]

SHAPING_SETTINGS = (
    "ROBOTSTXT_OBEY",
    "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOAD_MAXSIZE",
    "DOWNLOAD_TIMEOUT",
    "RETRY_TIMES",
    "COMPRESSION_ENABLED",
    "COOKIES_ENABLED",
    "WARC_GZIP_LEVEL",
    "WARC_MAX_SIZE",
)


_RECENT = 4096  # capture dates kept for the articles still on their way (WarcExtension)


class WarcExtension:
    """Archive every exchange; the settings are those of crawler.core.archive.config.WarcConfig."""

    def __init__(self, crawler: Crawler, config: WarcConfig) -> None:
        self.crawler = crawler
        self.state = RunState.of(crawler)
        self.settings = self.state.settings
        self.config = config
        self.stats = crawler.stats
        self.figures = self.state.warc
        self.writer: WarcWriter | None = None
        self.digests: DigestStore | None = None
        self._indexer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cdxj-index")
        self._indexing: list[Future[bool]] = []
        # WARC-Date of the captures written lately, by record ID: an article's metadata record
        # names its capture's date. Taken when used, and the oldest let go past _RECENT (a page
        # that gave no article is never asked for): it held one entry per page of a crawl.
        # A date not here (a page rebuilt from a 304 points at an older capture) is read from
        # its file.
        self._dates: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        # A bad value fails here, at start.
        config = WarcConfig.from_settings(RunState.of(crawler).settings)
        if not config.enabled:
            raise NotConfigured("WARC_ENABLED is off")
        extension = cls(crawler, config)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        extension.state.on_close(Stage.ARCHIVE, extension.spider_closed)
        crawler.signals.connect(extension.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        try:
            self._open(spider)
        except (OSError, sqlite3.Error, ValueError) as error:
            # Scrapy would only log this and crawl on, archiving nothing: stop instead.
            self.writer = None
            stop_crawl(self.crawler, "warc_error", f"cannot open the archive: {error}")

    def _open(self, spider: Spider) -> None:
        config = self.config
        repairs = repair_open_files(config.directory) if config.directory.is_dir() else []
        self._set("repaired", len(repairs))
        if config.dedup:
            self.digests = DigestStore(config.catalog)
            for repair in repairs:  # digests of records the repair cut off point at nothing
                self.digests.forget_from(
                    ref_name(repair.path, config.output_root), repair.kept_bytes
                )
        # Files repaired now, or closed by a crawl killed before it indexed them.
        for path in missing_indexes(config.directory, config.index_dir):
            self._index(path)
        self.writer = WarcWriter(
            config.directory,
            config.prefix or spider_api.site_key(spider),
            max_size=config.max_size,
            gzip_level=config.gzip_level,
            info=self._warcinfo(spider),
            ref_root=config.output_root,
            on_close=self._index,
        )

    def _warcinfo(self, spider: Spider) -> dict[str, str]:
        s = self.settings
        info = {
            "software": f"defnews/{crawler.__version__} (Scrapy/{scrapy.__version__})",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "hostname": platform.node(),
            "http-header-user-agent": s.get("USER_AGENT") or "",
            "robots": "obey" if s.getbool("ROBOTSTXT_OBEY") else "ignore",
            "isPartOf": spider_api.site_key(spider),
        }
        if self.config.operator:
            info["operator"] = self.config.operator
        # The settings that shape what a crawl fetches, so the archive says how it was made.
        info["crawl-settings"] = " ".join(f"{name}={s.get(name)}" for name in SHAPING_SETTINGS)
        return info

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.writer is not None:
            writer, self.writer = self.writer, None
            try:
                writer.close()
            except OSError as error:  # a full disk refusing the last flush
                writer.abandon()
                stop_crawl(self.crawler, "warc_error", _cannot_write(self.config, error))
            self._closed_files(writer)
        if self.digests is not None:
            self.digests.close()
            self.digests = None
        self._indexer.shutdown(wait=True)  # every closed file indexed before the run ends
        self._set("indexed", sum(f.result() for f in self._indexing))

    def _closed_files(self, writer: WarcWriter) -> None:
        self._set("files", writer.serial)
        # Each file's warcinfo record too, so the count matches `warcio index`.
        self._add("records", writer.serial)

    def _set(self, name: Figure, value: int) -> None:
        """A figure, in the run state and (for people) in the stats as warc/<name>."""
        setattr(self.figures, name, value)
        self.stats.set_value(f"warc/{name}", value)

    def _add(self, name: Figure, value: int) -> None:
        self._set(name, getattr(self.figures, name) + value)

    def item_scraped(self, item: object, response: Response, spider: Spider) -> None:
        """The extracted article goes into the archive too: a WARC alone holds the whole run."""
        if self.writer is None or not isinstance(item, Article) or item.warc is None:
            return
        with stage(WARC):
            self._write_metadata(item)

    def _write_metadata(self, item: Article) -> None:
        assert item.warc is not None
        body = json.dumps(item.to_dict(), ensure_ascii=False, sort_keys=True).encode("utf-8")
        ref = item.warc
        record = metadata_record(
            url=item.url,
            refers_to=ref.record_id,
            refers_to_date=self._capture_date(ref),
            body=body,
            date=datetime.now(UTC),
        )
        self._write([record])

    def _capture_date(self, ref: WarcRef) -> str:
        if (date := self._dates.pop(ref.record_id, None)) is not None:
            return date
        try:
            path = self.config.output_root / ref.file
            return record_headers_at(path, ref.offset, ref.length).get("WARC-Date", "")
        except (OSError, ArchiveError):
            return ""

    def _index(self, path: Path) -> None:
        # Off the reactor thread: indexing a 1 GB file takes seconds, downloads must not wait.
        self._indexing.append(self._indexer.submit(self._index_now, path))

    def _index_now(self, path: Path) -> bool:
        try:
            index_warc(path, self.config.index_dir)
        except (OSError, ValueError, ArchiveLoadFailed) as error:  # rebuildable: never fatal
            logger.warning("could not index %s: %s", path.name, error)
            return False
        return True

    def _write(self, records: list[WarcRecord]) -> list[WarcRef]:
        assert self.writer is not None
        try:
            refs = self.writer.write(records)
        except OSError as error:
            # Cut back to the last whole exchange and closed: what was archived stays readable.
            # No more pages are archived; the articles in flight are not stored without their
            # capture (crawler.pipelines.validate) and are fetched again next run.
            self.writer.abandon()
            self._closed_files(self.writer)
            self.writer = None
            stop_crawl(self.crawler, "warc_error", _cannot_write(self.config, error))
            return []
        self._add("records", len(refs))
        self._add("bytes", sum(ref.length for ref in refs))
        return refs

    def response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        # Removed whether or not we archive: nothing downstream may see the private headers.
        wire = pop_wire(response.headers)
        if self.writer is None:
            return
        with stage(WARC):
            self._archive(response, request, wire)

    def _archive(self, response: Response, request: Request, wire: Wire) -> None:
        fresh = bool(
            request.meta.get(meta.WARC_FRESH_COPY)
        )  # crawler.downloadermiddlewares.fetch_log
        exchange = exchange_records(
            request,
            response,
            wire,
            self.digests,
            allow_revisit=not fresh,
            confirms=self._confirmed(request) if response.status == 304 else None,
        )
        refs = self._write(exchange.records)
        if not refs:
            return
        first = refs[0]
        request.meta[meta.WARC_REF] = first
        if request.meta.get(meta.KIND) in ("article", None):  # what an article can come from
            self._dates[first.record_id] = exchange.records[0].header("WARC-Date") or ""
            if len(self._dates) > _RECENT:
                del self._dates[next(iter(self._dates))]
        # For the catalogue (crawler.downloadermiddlewares.fetch_log): the digest, and where the whole body
        # lies: this record, or for a revisit the original it refers to.
        request.meta[meta.WARC_PAYLOAD] = exchange.payload
        request.meta[meta.WARC_BODY] = (first.file, first.offset, first.length)
        if exchange.revisit:
            self._add("revisits", 1)
            original = self.digests.location(exchange.payload) if self.digests else None
            request.meta[meta.WARC_BODY] = (*original, 0) if original else None
        elif exchange.original is not None and self.digests is not None:
            try:
                self.digests.remember(
                    exchange.payload, exchange.original, first.file, first.offset, replace=fresh
                )
            except sqlite3.Error as error:  # the catalogue's disk is full: nothing can be stored
                stop_crawl(self.crawler, "output_error", f"cannot write the catalogue: {error}")

    def _confirmed(self, request: Request) -> Original | None:
        """The capture a conditional request asked about (crawler.downloadermiddlewares.fetch_log
        put what the catalogue knew in meta.REVALIDATING); None when it cannot be read, and the
        304 is then archived as the plain response it is."""
        known: Fetch | None = request.meta.get(meta.REVALIDATING)
        if known is None or not known.warc_file:
            return None
        try:
            found = record_headers_from(
                self.config.output_root / known.warc_file, known.warc_offset
            )
        except (OSError, ArchiveError) as error:
            logger.warning(
                "cannot read the capture a 304 confirms (%s): %s", known.warc_file, error
            )
            return None
        return Original(
            found.get("WARC-Target-URI", request.url),
            found.get("WARC-Date", ""),
            found.get("WARC-Record-ID", ""),
        )


def _cannot_write(config: WarcConfig, error: OSError) -> str:
    reason = error.strerror or str(error)
    return f"cannot write the WARC in {config.directory}: {reason}"
