"""The fetch-log downloader middleware as a Scrapy component (scrapy.utils.test.get_crawler),
without a crawl: what it writes to a real catalogue, when it asks for a conditional GET, and
how it answers a 304 from a real WARC record, or falls back to a whole fetch."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Request, Response

from crawler.core.archive.records import response_record
from crawler.core.archive.writer import WarcWriter
from crawler.core.article import WarcRef
from crawler.core.catalog.catalog import Catalog
from crawler.core.catalog.keys import normalize_key
from crawler.downloadermiddlewares.fetch_log import REVALIDATED, FetchLogMiddleware
from crawler.runtime import meta
from crawler.runtime.run_state import RunState
from tests.conftest import MakeCrawler

URL = "https://www.qdnd.vn/quoc-phong-an-ninh/tin-tuc/bai-thu-711953"
PAGE = "<html><body><p>Quân đội nhân dân</p></body></html>".encode()
ETAG = '"abc123"'
NOW = datetime(2025, 5, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def crawler(make_crawler: MakeCrawler, tmp_path: Path) -> Crawler:
    crawler = make_crawler(OUTPUT_DIR=str(tmp_path))
    crawler.stats.open_spider()
    return crawler


def _middleware(crawler: Crawler) -> FetchLogMiddleware:
    return FetchLogMiddleware.from_crawler(crawler)


def _archive(root: Path) -> WarcRef:
    """A WARC file (the archive's own writer) whose second exchange holds PAGE: the WarcRef
    of PAGE's response record, its file named as the catalogue names it (warc/...)."""
    writer = WarcWriter(root / "warc", "test", info={"software": "defnews-test"}, ref_root=root)
    refs = []
    for body in (b"an earlier page", PAGE):
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html"
        refs += writer.write([response_record(url=URL, head=head, body=body, date=NOW)])
    writer.close()
    assert refs[-1].file.startswith("warc/")
    return refs[-1]


def _remember(crawler: Crawler, tmp_path: Path, file: str, offset: int) -> None:
    """The catalogue's memory of an earlier fetch of URL, its body archived at file/offset."""
    with Catalog(tmp_path / "catalog.sqlite") as catalog:
        catalog.record_fetch(
            key=URL, site="qdnd", kind="article", url=URL, status=200, etag=ETAG,
            last_modified="Thu, 01 May 2025 01:00:00 GMT", content_type="text/html",
            body_location=(file, offset, 100),
        )  # fmt: skip
        catalog.mark_outcome(URL, "stored")


def test_every_answer_is_recorded_with_its_validators(crawler: Crawler, tmp_path: Path) -> None:
    log = _middleware(crawler)
    request = Request(URL, meta={meta.KIND: "article"})
    response = HtmlResponse(URL, status=200, body=PAGE, headers={"ETag": ETAG}, request=request)
    assert log.process_response(request, response) is response
    gone = Request(URL + "-gone", meta={meta.KIND: "article"})
    log.process_response(gone, Response(gone.url, status=404, request=gone))
    robots = Request("https://www.qdnd.vn/robots.txt")
    log.process_response(robots, Response(robots.url, status=200, request=robots))
    with Catalog(tmp_path / "catalog.sqlite") as catalog:
        fetch, missing, robots_fetch = (catalog.fetch(k) for k in (URL, URL + "-gone", robots.url))
    assert fetch is not None and (fetch.status, fetch.etag, fetch.kind) == (200, ETAG, "article")
    assert missing is not None and missing.outcome == "gone"  # retried after a while
    assert robots_fetch is not None and robots_fetch.kind == "robots"
    assert crawler.stats.get_value("incremental/article_pages") == 2


def test_a_marked_request_asks_for_a_conditional_get(crawler: Crawler, tmp_path: Path) -> None:
    ref = _archive(tmp_path)
    _remember(crawler, tmp_path, ref.file, ref.offset)
    log = _middleware(crawler)
    plain = Request(URL)
    log.process_request(plain)
    assert b"If-None-Match" not in plain.headers  # not marked: fetched whole
    marked = Request(URL, meta={meta.REVALIDATE: True})
    log.process_request(marked)
    assert marked.headers[b"If-None-Match"] == ETAG.encode()
    assert marked.headers[b"If-Modified-Since"] == b"Thu, 01 May 2025 01:00:00 GMT"
    assert marked.meta[meta.REVALIDATING].etag == ETAG
    unknown = Request(URL + "-new", meta={meta.REVALIDATE: True})
    log.process_request(unknown)
    assert b"If-None-Match" not in unknown.headers


def test_a_304_is_answered_with_the_archived_body(crawler: Crawler, tmp_path: Path) -> None:
    ref = _archive(tmp_path)
    file, offset = ref.file, ref.offset
    _remember(crawler, tmp_path, file, offset)
    log = _middleware(crawler)
    request = Request(URL, meta={meta.REVALIDATE: True, meta.KIND: "article"})
    log.process_request(request)
    rebuilt = log.process_response(request, Response(URL, status=304, request=request))
    assert isinstance(rebuilt, Response) and rebuilt.status == 200 and rebuilt.body == PAGE
    assert REVALIDATED in rebuilt.flags
    ref = request.meta[meta.WARC_REF]
    assert (ref.file, ref.offset) == (file, offset) and ref.record_id.startswith("<urn:uuid:")
    assert crawler.stats.get_value("incremental/not_modified") == 1


def test_a_damaged_archived_copy_means_a_whole_fetch(crawler: Crawler, tmp_path: Path) -> None:
    ref = _archive(tmp_path)
    file, offset = ref.file, ref.offset
    _remember(crawler, tmp_path, file, offset)
    damaged = bytearray((tmp_path / file).read_bytes())
    damaged[offset + 40 : offset + 60] = bytes(20)  # garble the record's gzip member
    (tmp_path / file).write_bytes(bytes(damaged))
    log = _middleware(crawler)
    request = Request(URL, meta={meta.REVALIDATE: True, meta.KIND: "article"})
    log.process_request(request)
    retry = log.process_response(request, Response(URL, status=304, request=request))
    assert isinstance(retry, Request) and retry.dont_filter
    assert retry.meta[meta.WARC_FRESH_COPY] and not retry.meta[meta.REVALIDATE]
    assert meta.REVALIDATING not in retry.meta and b"If-None-Match" not in retry.headers
    assert crawler.stats.get_value("incremental/archive_unreadable") == 1


def test_a_warc_file_gone_from_the_folder_means_a_whole_fetch(
    crawler: Crawler, tmp_path: Path
) -> None:
    _remember(crawler, tmp_path, "warc/moved-to-cold-storage.warc.gz", 0)
    log = _middleware(crawler)
    request = Request(URL, meta={meta.REVALIDATE: True})
    log.process_request(request)
    assert b"If-None-Match" not in request.headers and request.meta[meta.WARC_FRESH_COPY]
    log.process_request(Request(URL, meta={meta.REVALIDATE: True}))
    assert crawler.stats.get_value("incremental/archive_missing") == 2


# -- with the run state: one catalogue connection, the run's id ------------------------------------------------------------------------------


def test_the_fetch_log_records_a_fetch_and_answers_its_304_from_the_archive(
    make_crawler: MakeCrawler,
) -> None:
    crawler = make_crawler()
    state = RunState.of(crawler)
    log = FetchLogMiddleware.from_crawler(crawler)
    assert state.catalog is not None and log.catalog is state.catalog  # one connection
    state.started_run(state.catalog.run_log.start("probe", 1, {}))
    archived = _archive(state.root)
    location = (archived.file, archived.offset, archived.length)

    first = Request(URL, meta={meta.KIND: "article", meta.WARC_BODY: location})
    answer = HtmlResponse(URL, headers={"ETag": '"v1"'}, body=PAGE, request=first)
    assert log.process_response(first, answer) is answer
    known = state.catalog.fetch(normalize_key(URL))
    assert known is not None
    assert (known.kind, known.status, known.etag) == ("article", 200, '"v1"')
    assert (known.warc_file, known.warc_offset) == location[:2]
    (run,) = state.catalog.db.execute("SELECT run_id FROM urls").fetchone()
    assert run == state.run_id  # the run the ledger opened, from the run state

    again = Request(URL, meta={meta.KIND: "article", meta.REVALIDATE: True})
    assert log.process_request(again) is None
    assert again.headers[b"If-None-Match"] == b'"v1"'
    assert again.meta[meta.REVALIDATING].etag == '"v1"'
    page = log.process_response(again, Response(URL, status=304, request=again))
    assert (page.status, page.body) == (200, PAGE)
    assert REVALIDATED in page.flags
    # The capture is the record holding the body, read back from the WARC: not the bodiless 304.
    assert again.meta[meta.WARC_REF] == archived
    assert crawler.stats.get_value("incremental/not_modified") == 1


def test_a_page_whose_warc_is_gone_is_fetched_whole_not_revalidated(
    make_crawler: MakeCrawler,
) -> None:
    crawler = make_crawler()
    log = FetchLogMiddleware.from_crawler(crawler)
    state = RunState.of(crawler)
    archived = _archive(state.root)
    location = (archived.file, archived.offset, archived.length)
    first = Request(URL, meta={meta.KIND: "article", meta.WARC_BODY: location})
    log.process_response(first, HtmlResponse(URL, headers={"ETag": '"v1"'}, body=PAGE))
    (state.root / location[0]).unlink()  # moved to cold storage

    again = Request(URL, meta={meta.KIND: "article", meta.REVALIDATE: True})
    FetchLogMiddleware.from_crawler(crawler).process_request(again)  # a new run's view
    assert b"If-None-Match" not in again.headers
    assert meta.REVALIDATING not in again.meta
    assert again.meta[meta.WARC_FRESH_COPY] is True
    assert crawler.stats.get_value("incremental/archive_missing") == 1


def test_no_catalogue_no_fetch_log(make_crawler: MakeCrawler) -> None:
    with pytest.raises(NotConfigured):
        FetchLogMiddleware.from_crawler(make_crawler(CATALOG_ENABLED=False))
