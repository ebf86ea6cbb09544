"""Extraction beside the crawl, in worker processes, so parsing does not share a core with
Scrapy's event loop (issue 7's benchmark: extraction in the crawl process cost about a third
of its pages per second).

Settings: EXTRACTION_WORKERS: 0 extracts in the crawl process; -1 (default) takes one worker
when the machine has two or more cores, none otherwise; N > 0 takes N.

Workers are spawned, not forked: a fork of a process running Twisted's reactor and holding
SQLite and WARC handles would copy them all. They ignore Ctrl-C (the crawl stops in order)
and exit when the crawl is gone (crawler.extraction.worker). If a worker dies (killed, out
of memory), the crawl says so once and extracts in process.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from typing import TYPE_CHECKING

from crawler.extraction.worker import extract_page, start_worker

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

    from crawler.items import Article

logger = logging.getLogger(__name__)


def worker_count(settings: BaseSettings) -> int:
    wanted = settings.getint("EXTRACTION_WORKERS", -1)
    if wanted >= 0:
        return wanted
    return 1 if (os.cpu_count() or 1) >= 2 else 0


class Extractor:
    """extract_page in a pool of processes, awaited from a spider callback."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        if workers > 0:
            self._pool = ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=start_worker,
                initargs=(os.getpid(),),
            )

    async def extract(
        self, body: bytes, url: str, content_type: str, fetched_at: datetime, site_key: str
    ) -> Article:
        if self._pool is not None:
            loop = asyncio.get_running_loop()
            try:
                return await loop.run_in_executor(
                    self._pool, extract_page, body, url, content_type, fetched_at, site_key
                )
            except BrokenProcessPool:
                if self._pool is not None:
                    logger.warning("the extraction worker died: extracting in the crawl process")
                    self._pool.shutdown(wait=False, cancel_futures=True)
                    self._pool = None
        return extract_page(body, url, content_type, fetched_at, site_key)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
