"""Extraction in a worker process: the same articles as in process, a dead worker replaced,
and a page that kills workers given up without taking the crawl down (crawler.spiders.extractor)."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy import signals
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.core.archive.requisites import Found, article_photos, page_requisites, parse_page
from crawler.core.article import Article
from crawler.core.extraction.decode import decode_html
from crawler.core.extraction.document import parse_document
from crawler.core.sites import site_for_url
from crawler.core.sites.worker import extract_and_find, extract_page
from crawler.demo.site import article_html, build_site
from crawler.runtime.run_state import RunState
from crawler.spiders import extractor as extractor_module
from crawler.spiders.extractor import ExtractionCrashed, Extractor
from crawler.spiders.news import NewsSpider
from tests.support.real_news import real_pages

POISON = b"<html>this page crashes the parser</html>"
NONE = {"photos": False, "requisites": False}  # the article only


def crash_on_poison(
    body: bytes, url: str, ctype: str, when: datetime, site: str, photos: bool, others: bool
) -> tuple[Article, Found]:
    """extract_and_find, except that one page kills its worker (as a C-library crash would)."""
    if body == POISON:
        os._exit(1)
    return extract_and_find(body, url, ctype, when, site, photos, others)


def test_a_worker_extracts_what_the_crawl_process_would(caplog: pytest.LogCaptureFixture) -> None:
    gold = next(a for a in build_site().articles if not a.disallowed)
    body, now = article_html(gold), datetime.now(UTC)

    async def run() -> tuple[str, str, str]:
        pooled = Extractor(1)
        inline = Extractor(0)
        try:
            first, _ = await pooled.extract(body, gold.url, "text/html", now, "qdnd", **NONE)
            # The worker dies (the OOM killer, kill -9): another takes its place.
            pool = pooled._pool
            assert pool is not None
            for pid in list(pool._processes):  # type: ignore[attr-defined]
                os.kill(pid, signal.SIGKILL)
            second, _ = await pooled.extract(body, gold.url, "text/html", now, "qdnd", **NONE)
            assert pooled._pool is not None and pooled._pool is not pool
            third, _ = await inline.extract(body, gold.url, "text/html", now, "qdnd", **NONE)
        finally:
            pooled.close()
        return first.text, second.text, third.text

    with caplog.at_level(logging.WARNING, logger="crawler.spiders.extractor"):
        texts = asyncio.run(run())
    assert texts == (gold.text, gold.text, gold.text)
    assert [r.getMessage() for r in caplog.records] == [
        f"the extraction worker died (at {gold.url}); starting another"
    ]


def test_a_page_that_kills_workers_is_given_up_not_run_in_the_crawl() -> None:
    gold = next(a for a in build_site().articles if not a.disallowed)
    now = datetime.now(UTC)

    async def run() -> str:
        extractor = Extractor(1, crash_on_poison)
        try:
            with pytest.raises(ExtractionCrashed, match="took down two extraction workers"):
                await extractor.extract(POISON, "https://x/a-1", "text/html", now, "qdnd", **NONE)
            after, _ = await extractor.extract(
                article_html(gold), gold.url, "text/html", now, "qdnd", **NONE
            )
        finally:
            extractor.close()
        assert extractor.restarts == 2 and extractor.workers == 1
        return after.title

    # Were the poison page tried in this process, os._exit would end the test run here.
    assert asyncio.run(run()) == gold.title


def test_warm_starts_the_worker_before_the_first_page_and_it_then_extracts() -> None:
    """The crawl warms its workers when the spider opens: the start-up of a spawned worker
    (imports, about half a second) overlaps robots.txt and the sitemaps."""
    gold = next(a for a in build_site().articles if not a.disallowed)

    async def run() -> str:
        extractor = Extractor(1)
        try:
            extractor.warm()
            pool = extractor._pool
            assert pool is not None
            assert len(pool._processes) == 1  # type: ignore[attr-defined]
            article, _ = await extractor.extract(
                article_html(gold), gold.url, "text/html", datetime.now(UTC), "qdnd", **NONE
            )
            assert extractor._pool is pool  # the warmed worker did the work
        finally:
            extractor.close()
        return article.text

    assert asyncio.run(run()) == gold.text
    inline = Extractor(0)
    inline.warm()  # extracting in process: nothing to start
    assert inline._pool is None


def _found_in_process(url: str, body: bytes, content_type: str) -> tuple[list[str], list[str]]:
    """What a second parse finds (the crawl process's path when there is no worker): the page
    decoded as the extraction decodes it, not NFC-normalised (URLs as written), read whole."""
    article = extract_page(body, url, content_type, datetime.now(UTC), "")
    known = site_for_url(url)
    language = known.language if known else ""
    page = parse_document(decode_html(body, content_type, language=language, nfc=False)[0])
    photos = [r.url for r in article_photos(article, page, None)]
    return photos, [r.url for r in page_requisites(page, url, None)]


def _found_in_worker(url: str, body: bytes, content_type: str) -> tuple[list[str], list[str]]:
    _article, found = extract_and_find(body, url, content_type, datetime.now(UTC), "", True, True)
    return [r.url for r in found.photos], [r.url for r in found.requisites]


def test_a_worker_finds_the_photos_and_requisites_the_crawl_process_would() -> None:
    """Requisites are read in the worker from the document it parsed, before the parser prunes
    it: the same photos and page requisites, in the same order, as a second parse finds, on
    the sample site and on 252 real pages."""
    site = build_site()
    pages = [
        (f"https://www.qdnd.vn{path}", resource.body, resource.content_type)
        for path, resource in site.resources.items()
        if resource.content_type.startswith("text/html") and resource.status == 200
    ]
    pages += [(page.url, page.body, "text/html") for page in real_pages()]
    compared = with_photos = 0
    when = datetime.now(UTC)
    for url, body, content_type in pages:
        expected = _found_in_process(url, body, content_type)
        assert _found_in_worker(url, body, content_type) == expected, url
        # and the article is the one extract_page makes (the worker hands extract() the text)
        article, _ = extract_and_find(body, url, content_type, when, "", False, False)
        assert article == extract_page(body, url, content_type, when, ""), url
        compared += 1
        with_photos += bool(expected[0])
    assert compared > 252 and with_photos > 200


def test_a_page_labelled_latin_1_that_is_utf_8_still_names_its_stylesheet() -> None:
    """Parsed with the encoding Scrapy gives it (cp1252), the sample's mislabelled page was an
    empty tree to lxml: its stylesheet, scripts and lead picture were never asked for."""
    site = build_site()
    (path, resource) = next(
        (path, r) for path, r in site.resources.items() if "charset=iso-8859-1" in r.content_type
    )
    url = f"https://www.qdnd.vn{path}"
    photos, requisites = _found_in_worker(url, resource.body, resource.content_type)
    assert "https://www.qdnd.vn/Content/css/site.css" in requisites
    assert photos and requisites
    response = HtmlResponse(
        url, body=resource.body, headers={"Content-Type": resource.content_type}
    )
    assert response.encoding == "cp1252"  # what the old path parsed with
    assert page_requisites(parse_page(resource.body, response.encoding), url, None) == []


def test_requisite_urls_are_read_as_the_page_writes_them_not_nfc() -> None:
    """A photo named in decomposed Vietnamese (NFD, as windows-1258 decodes): the browser asks
    for the name as written, so the archive must too, though the article's text is NFC."""
    name = unicodedata.normalize("NFD", "ảnh-đẹp.jpg")
    page = (
        '<html lang="vi"><head><meta charset="utf-8"><title>Tin</title>'
        f'<link rel="stylesheet" href="/css/{name}.css"><meta property="og:image" '
        f'content="/anh/{name}"></head><body><article><h1>Tin</h1><p>Quân đội nhân dân.</p>'
        f'<img src="/anh/{name}"></article></body></html>'
    ).encode()
    url = "https://example.org/tin/1"
    photos, requisites = _found_in_worker(url, page, "text/html; charset=utf-8")
    response = HtmlResponse(url, body=page, headers={"Content-Type": "text/html; charset=utf-8"})
    scrapy_parse = parse_page(page, response.encoding)  # Scrapy's own decoding: as written
    assert requisites == [r.url for r in page_requisites(scrapy_parse, url, None)]
    assert f"https://example.org/css/{name}.css" in requisites
    assert photos[0] == f"https://example.org/anh/{name}"  # the lead picture, as written


def test_crawls_in_one_process_share_the_workers_and_the_last_one_out_stops_them() -> None:
    """`defnews crawl --all` runs every site's crawl in one process: they share one set of
    workers (it once started one per site), which stop when the last crawl closes."""
    first = Extractor.shared(1)
    second = Extractor.shared(1)
    assert first is second
    try:
        first.warm()
        pool = first._pool
        assert pool is not None
        first.release()  # one crawl closes: the other still extracts with the same worker
        assert second._pool is pool
        assert len(pool._processes) == 1  # type: ignore[attr-defined]
    finally:
        second.release()
    assert first._pool is None
    later = Extractor.shared(1)  # a later crawl in this process: a fresh one
    assert later is not first
    later.release()


def _first_request(spider: NewsSpider) -> None:
    """What the engine does once every spider_opened handler has run: ask start() for its
    first request."""

    async def first() -> None:
        requests = spider.start()
        await anext(requests)
        await requests.aclose()

    asyncio.run(first())


def test_crawls_share_the_worker_from_opening_to_closing_and_a_stopped_one_starts_none(
    tmp_path: Path,
) -> None:
    settings = {"CATALOG_ENABLED": False, "OUTPUT_DIR": str(tmp_path), "EXTRACTION_WORKERS": 1}
    settings |= {"LOGSTATS_INTERVAL": 0, "MEMUSAGE_ENABLED": False, "TELNETCONSOLE_ENABLED": False}
    # Two sites crawled by one command (crawl --all): one worker, there until both close.
    crawlers = [get_crawler(NewsSpider, settings) for _ in range(2)]
    spiders = [
        NewsSpider.from_crawler(crawler, site=site, base_url="http://127.0.0.1:9")
        for crawler, site in zip(crawlers, ("qdnd", "defensenews"), strict=True)
    ]
    # Built, not yet opened: they hold nothing (a spider never opened must not keep the
    # workers for the rest of the process).
    assert not any(spider.holds_extractor for spider in spiders)
    assert extractor_module._users == 0
    try:
        for crawler, spider in zip(crawlers, spiders, strict=True):
            crawler.signals.send_catch_log(signals.spider_opened, spider=spider)
            _first_request(spider)
        extractor = spiders[0].extractor
        assert spiders[1].extractor is extractor
        pool = extractor._pool
        assert pool is not None
        assert len(pool._processes) == 1  # type: ignore[attr-defined]
        for _ in range(2):  # said twice (a forced stop): still one crawl's release
            crawlers[0].signals.send_catch_log(
                signals.spider_closed, spider=spiders[0], reason="finished"
            )
        assert extractor._pool is pool
    finally:
        crawlers[1].signals.send_catch_log(
            signals.spider_closed, spider=spiders[1], reason="finished"
        )
    assert extractor._pool is None
    assert extractor_module._users == 0

    # Another run holds the site: the ledger stops this one as it opens; no worker for it.
    crawler = get_crawler(NewsSpider, settings)
    spider = NewsSpider.from_crawler(crawler, site="qdnd", base_url="http://127.0.0.1:9")
    try:
        crawler.signals.send_catch_log(signals.spider_opened, spider=spider)
        RunState.of(crawler).stopping("locked", "another run holds qdnd")
        _first_request(spider)
        assert spider.holds_extractor
        assert spider.extractor._pool is None
    finally:
        crawler.signals.send_catch_log(signals.spider_closed, spider=spider, reason="locked")
    assert not spider.holds_extractor
