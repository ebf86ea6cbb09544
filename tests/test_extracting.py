"""Extraction in a worker process: the same articles as in process, and a dead worker costs
nothing but speed (crawler.extracting)."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from datetime import UTC, datetime

import pytest

from crawler.demo.site import article_html, build_site
from crawler.extracting import Extractor


def test_a_worker_extracts_what_the_crawl_process_would(caplog: pytest.LogCaptureFixture) -> None:
    gold = next(a for a in build_site().articles if not a.disallowed)
    body, now = article_html(gold), datetime.now(UTC)

    async def run() -> tuple[str, str, str]:
        pooled = Extractor(1)
        inline = Extractor(0)
        try:
            first = await pooled.extract(body, gold.url, "text/html", now, "qdnd")
            # The worker dies (OOM killer, kill -9): the crawl goes on, extracting in process.
            pool = pooled._pool
            assert pool is not None
            for pid in list(pool._processes):  # type: ignore[attr-defined]
                os.kill(pid, signal.SIGKILL)
            second = await pooled.extract(body, gold.url, "text/html", now, "qdnd")
            third = await inline.extract(body, gold.url, "text/html", now, "qdnd")
        finally:
            pooled.close()
        return first.text, second.text, third.text

    with caplog.at_level(logging.WARNING, logger="crawler.extracting"):
        texts = asyncio.run(run())
    assert texts == (gold.text, gold.text, gold.text)
    assert [r.getMessage() for r in caplog.records] == [
        "the extraction worker died: extracting in the crawl process"
    ]
