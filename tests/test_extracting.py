"""Extraction in a worker process: the same articles as in process, a dead worker replaced,
and a page that kills workers given up without taking the crawl down (crawler.spiders.extractor)."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from datetime import UTC, datetime

import pytest

from crawler.core.article import Article
from crawler.core.sites.worker import extract_page
from crawler.demo.site import article_html, build_site
from crawler.spiders.extractor import ExtractionCrashed, Extractor

POISON = b"<html>this page crashes the parser</html>"


def crash_on_poison(body: bytes, url: str, ctype: str, when: datetime, site: str) -> Article:
    """extract_page, except that one page kills its worker (as a C-library crash would)."""
    if body == POISON:
        os._exit(1)
    return extract_page(body, url, ctype, when, site)


def test_a_worker_extracts_what_the_crawl_process_would(caplog: pytest.LogCaptureFixture) -> None:
    gold = next(a for a in build_site().articles if not a.disallowed)
    body, now = article_html(gold), datetime.now(UTC)

    async def run() -> tuple[str, str, str]:
        pooled = Extractor(1)
        inline = Extractor(0)
        try:
            first = await pooled.extract(body, gold.url, "text/html", now, "qdnd")
            # The worker dies (the OOM killer, kill -9): another takes its place.
            pool = pooled._pool
            assert pool is not None
            for pid in list(pool._processes):  # type: ignore[attr-defined]
                os.kill(pid, signal.SIGKILL)
            second = await pooled.extract(body, gold.url, "text/html", now, "qdnd")
            assert pooled._pool is not None and pooled._pool is not pool
            third = await inline.extract(body, gold.url, "text/html", now, "qdnd")
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
                await extractor.extract(POISON, "https://x/a-1", "text/html", now, "qdnd")
            after = await extractor.extract(article_html(gold), gold.url, "text/html", now, "qdnd")
        finally:
            extractor.close()
        assert extractor.restarts == 2 and extractor.workers == 1
        return after.title

    # Were the poison page tried in this process, os._exit would end the test run here.
    assert asyncio.run(run()) == gold.title
