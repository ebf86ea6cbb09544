"""Extraction beside the crawl, in worker processes, so parsing does not share a core with
Scrapy's event loop (issue 7's benchmark: extraction in the crawl process cost about a third
of its pages per second).

Settings: EXTRACTION_WORKERS: 0 extracts in the crawl process; -1 (default) takes one worker
when the machine has two or more cores, none otherwise; N > 0 takes N.

The workers are the process's, not a crawl's: `defnews crawl --all` runs every site's crawl on
one event loop, which cannot feed more workers than one crawl can, so the crawls share them
(Extractor.shared) instead of starting a set each (nine sites once started nine workers, about
45 MB each, to share two cores). They share what comes with them too: MAX_RESTARTS counts the
process's dead workers, whichever site's page killed them, and the pages of every site waiting
when one dies are tried again in its replacement.

Workers are spawned, not forked: a fork of a process running Twisted's reactor and holding
SQLite and WARC handles would copy them all. They ignore Ctrl-C and SIGTERM sent to the whole
process group (the crawl stops in order and shuts them down) and exit when the crawl is gone
(crawler.core.sites.worker). A worker that dies (the OOM killer, a crash in a C library) is
replaced and its page tried once more in the new one; a page that kills that one too is given
up as ExtractionCrashed, never retried in the crawl process it could take down as well. After
MAX_RESTARTS replacements something is wrong with workers as such: the crawl says so once and
extracts in process.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from crawler.core.sites.worker import extract_and_find, start_worker
from crawler.core.stage_clock import CLOCK, EXTRACTION, stage

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

    from crawler.core.archive.requisites import Found
    from crawler.core.article import Article

logger = logging.getLogger(__name__)

MAX_RESTARTS = 5
T = TypeVar("T")
Extract = Callable[[bytes, str, str, datetime, str, bool, bool], "tuple[Article, Found]"]


class ExtractionCrashed(Exception):
    """The page took down two extraction workers in a row."""


def timed(function: Callable[..., T], *args: Any) -> tuple[T, float]:
    """In a worker: what function gives, and the CPU seconds the worker spent on it."""
    started = time.process_time()
    result = function(*args)
    return result, time.process_time() - started


def worker_count(settings: BaseSettings) -> int:
    wanted = settings.getint("EXTRACTION_WORKERS")
    if wanted >= 0:
        return wanted
    return 1 if (os.cpu_count() or 1) >= 2 else 0


class Extractor:
    """extract_and_find in a pool of processes, awaited from a spider callback."""

    def __init__(self, workers: int, function: Extract = extract_and_find) -> None:
        self.workers = workers
        self.function = function  # module-level, so a spawned worker can import it
        self.restarts = 0
        self._pool: ProcessPoolExecutor | None = None

    def _current(self) -> ProcessPoolExecutor | None:
        if self._pool is None and self.workers > 0:
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=start_worker,
                initargs=(os.getpid(),),
            )
        return self._pool

    def warm(self) -> None:
        """Start the workers now (a spawned worker imports the parsers: about half a second),
        while the crawl reads robots.txt and its sitemaps, not when the first article has
        arrived and would wait for it."""
        pool = self._current()
        if pool is not None:
            pool.submit(os.getpid)

    def _replace(self, broken: ProcessPoolExecutor, url: str) -> None:
        """Once per broken pool, however many extractions were waiting on it."""
        if self._pool is not broken:
            return
        broken.shutdown(wait=False, cancel_futures=True)
        self._pool = None
        self.restarts += 1
        if self.restarts > MAX_RESTARTS:
            self.workers = 0
            logger.warning("extraction workers keep dying: extracting in the crawl process")
        else:
            logger.warning("the extraction worker died (at %s); starting another", url)

    async def extract(
        self,
        body: bytes,
        url: str,
        content_type: str,
        fetched_at: datetime,
        site_key: str,
        *,
        photos: bool,
        requisites: bool,
    ) -> tuple[Article, Found]:
        """The article, and the photos and page requisites the page shows, found where the
        page was parsed (crawler.core.sites.worker.extract_and_find)."""
        args = (body, url, content_type, fetched_at, site_key, photos, requisites)
        for _ in range(2):
            pool = self._current()
            if pool is None:
                break
            loop = asyncio.get_running_loop()
            try:
                result, seconds = await loop.run_in_executor(pool, timed, self.function, *args)
            except BrokenProcessPool:
                self._replace(pool, url)
            else:
                CLOCK.add(EXTRACTION, seconds)  # the worker's CPU, for the speed benchmark
                return result
        else:
            raise ExtractionCrashed(f"{url} took down two extraction workers")
        with stage(EXTRACTION):
            return self.function(*args)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    @classmethod
    def shared(cls, workers: int) -> Extractor:
        """The process's extractor, for one more crawl: each crawl that takes it gives it back
        with release(), and the last one shuts its workers down. A crawl taking it while
        others use it shares their workers, whatever it asked for."""
        global _shared, _users
        if _shared is None or _users == 0:
            _shared, _users = cls(workers), 0
        _users += 1
        return _shared

    def release(self) -> None:
        """A crawl is done with the shared extractor (crawler.spiders.news, on spider_closed)."""
        global _users
        if self is _shared and _users > 0:
            _users -= 1
            if _users:
                return
        self.close()


_shared: Extractor | None = None
_users = 0  # crawls holding _shared
