"""CPU time per stage of a crawl, for the speed benchmark's per-stage table. Pure: no Scrapy.

One clock per process (CLOCK). A stage is charged the CPU time of the thread it runs on
(time.thread_time: the event loop's, for every stage today); work no stage wraps, such as a run's timers, is charged to none. A stage entered inside another
on the same thread is charged to itself only: the outer one's figure is its own work. A stage
must not span an await; every stage wraps synchronous code (a pipeline's process_item, a
signal handler, a file write).

What a stage costs is not measured where nobody asks: reading the clock is two system calls
(about a microsecond) per stage entered, a few per page.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

# Stage names, as the benchmark prints them.
WARC = "WARC"
EXTRACTION = "extraction"
VERSIONS = "versions"
TEXT_FILES = "text files"
CATALOGUE = "catalogue"
SEARCH_INDEX = "search index"
REQUISITES = "page requisites"
STAGES = (WARC, EXTRACTION, VERSIONS, TEXT_FILES, CATALOGUE, SEARCH_INDEX, REQUISITES)


@dataclass
class _Open:
    name: str
    since: float  # thread CPU time when it last started or resumed


class StageClock:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._lock = threading.Lock()
        self._threads = threading.local()  # each thread's stages entered, innermost last

    @property
    def _open(self) -> list[_Open]:
        entered: list[_Open] | None = getattr(self._threads, "open", None)
        if entered is None:
            entered = self._threads.open = []
        return entered

    def add(self, name: str, seconds: float) -> None:
        """CPU spent on a stage (by this process's threads, or an extraction worker's own
        figure)."""
        with self._lock:
            self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        opened = self._open
        now = time.thread_time()
        if opened:  # the outer stage stops here; it goes on when this one ends
            outer = opened[-1]
            self.add(outer.name, now - outer.since)
        entry = _Open(name, now)
        opened.append(entry)
        try:
            yield
        finally:
            now = time.thread_time()
            self.add(name, now - entry.since)
            if opened and opened[-1] is entry:
                opened.pop()
                if opened:
                    opened[-1].since = now

    def milliseconds(self) -> dict[str, float]:
        with self._lock:
            return {name: round(seconds * 1000, 1) for name, seconds in self.seconds.items()}


CLOCK = StageClock()
stage = CLOCK.stage
