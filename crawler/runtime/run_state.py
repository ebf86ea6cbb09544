"""One crawl's shared state: what its components hand each other, and the end-of-run order.

The components of a crawl depend on each other's findings: the run ledger keeps the run's id,
which the fetch log and the version pipelines file their rows under; the drift monitor's
alarms go into the run report and the runs table; the WARC figures into both. Passed through
Scrapy's stats, each such hand-over was an untyped key, and the order in which they were
written and read at the end of a run held only by the EXTENSIONS priorities. Here they are
typed attributes of one object per crawler (RunState.of(crawler)), and the end of the run is
one spider_closed handler that runs the steps components registered, stage by stage
(Stage): the WARC closed before its figures are read, the alarms found before the report
lists them, the report written before the ledger records its path.

The stats still get a copy of each fact for people (crawler.runtime.stat_keys).
Setting: CATALOG_ENABLED (off, there is no catalogue and every run fetches everything).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from scrapy import signals

from crawler.core.catalog.catalog import Catalog
from crawler.core.discovery.coverage import COVERAGE, DISCOVERY_DRIFT, LIMITS
from crawler.core.stage_clock import CLOCK
from crawler.runtime import stat_keys
from crawler.runtime.defaults import output_dir, settings_of
from crawler.runtime.summary import Facts, WarcFigures, run_counts, summarise

if TYPE_CHECKING:
    from pathlib import Path

    from scrapy import Spider
    from scrapy.core.engine import ExecutionEngine
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

CloseStep = Callable[["Spider", str], None]


class Stage(IntEnum):
    """When a closing step runs, first to last. The summary is taken between DRIFT and
    REPORT (RunState.summary): everything before feeds it, everything after reads it."""

    ARCHIVE = 10  # the WARC writer closes: its figures are final
    DRIFT = 20  # the field sources counted, the drift alarms found
    REPORT = 40  # the run report file (its path for the ledger)
    LEDGER = 50  # the run's row in the catalogue: status, counts, the report's path
    DISPLAY = 60  # the live progress line ends


@dataclass
class _Step:
    stage: Stage
    name: str
    run: CloseStep


@dataclass
class RunState:
    crawler: Crawler
    run_id: int | None = None  # the run's row in the runs table (crawler.extensions.ledger)
    facts: Facts = field(default_factory=Facts)  # drift, field sources, WARC figures, stop
    forced: bool = False  # closed at once (a second Ctrl-C): pages in flight not stored
    summary: dict[str, Any] = field(default_factory=dict)  # the run's figures, at the end
    counts: dict[str, int] = field(default_factory=dict)  # of those, the runs table's
    report_path: str = ""  # the run report, once written (absolute)
    closed: bool = False
    _catalog: Catalog | None = None
    _steps: list[_Step] = field(default_factory=list)

    # -- the one state per crawler --------------------------------------------------------------

    @classmethod
    def of(cls, crawler: Crawler) -> RunState:
        state = _STATES.get(crawler)
        if state is None:
            state = _STATES[crawler] = cls(crawler)
            state._connect()
        return state

    @property
    def settings(self) -> BaseSettings:
        """The crawler's settings, defnews' defaults filled in (crawler.runtime.defaults)."""
        return settings_of(self.crawler)

    @property
    def root(self) -> Path:
        """OUTPUT_DIR."""
        return output_dir(self.settings)

    def _connect(self) -> None:
        signals_ = self.crawler.signals
        # Connected when the spider opens, so it runs after every other spider_closed
        # receiver: the spider's own closed() (it leaves its coverage in the stats) and
        # Scrapy's CoreStats (the finish time) come first, as the report wants them.
        engine = engine_of(self.crawler)
        if engine is not None and engine.spider is not None:
            self._arm()
        else:
            signals_.connect(self._arm, signal=signals.spider_opened, weak=False)
        # engine_stopped comes after every spider_closed handler: nothing uses it after that.
        signals_.connect(self._close_catalog, signal=signals.engine_stopped, weak=False)

    def _arm(self) -> None:
        self.crawler.signals.connect(self._spider_closed, signal=signals.spider_closed, weak=False)

    # -- what the components share ----------------------------------------------------------------

    @property
    def catalog(self) -> Catalog | None:
        """The crawl's catalogue, opened on first use (None with CATALOG_ENABLED off): one
        connection, one writer, for every component."""
        if not self.settings.getbool("CATALOG_ENABLED"):
            return None
        if self._catalog is None:
            self._catalog = Catalog(self.root / "catalog.sqlite")
        return self._catalog

    def _close_catalog(self) -> None:
        catalog, self._catalog = self._catalog, None
        _STATES.pop(self.crawler, None)
        if catalog is not None:
            catalog.close()

    @property
    def warc(self) -> WarcFigures:
        return self.facts.warc

    def started_run(self, run_id: int) -> None:
        self.run_id = run_id
        self._stat(stat_keys.RUN_ID, run_id)  # for people, and the spider's own reads

    def set_drift(self, fields: dict[str, dict[str, int]], alarms: list[dict[str, Any]]) -> None:
        self.facts.fields = fields
        self.facts.drift = alarms
        if alarms:
            self._stat(stat_keys.DRIFT_ALARMS, alarms)
            self._stat(stat_keys.DRIFT_FAIL, self.settings.getbool("DRIFT_FAIL"))

    def note_limit(self, text: str) -> None:
        """A limit the run hit (a listing's page cap, --max-articles), said in words."""
        self.facts.limits.append(text)
        self._stat(LIMITS, list(self.facts.limits))

    def set_coverage(self, sources: list[dict[str, Any]], alarms: list[dict[str, Any]]) -> None:
        """The spider's tally of every discovery source, and the sources that drifted."""
        self.facts.coverage = sources
        self.facts.discovery_drift = alarms
        self._stat(COVERAGE, sources)
        if alarms:
            self._stat(DISCOVERY_DRIFT, alarms)
            self._stat(stat_keys.DRIFT_FAIL, self.settings.getbool("DRIFT_FAIL"))

    def stopping(self, reason: str, message: str, *, override: bool = False) -> bool:
        """Record why a component stops the crawl; False when a cause is known already
        (unless override: a vanished output folder is the cause whatever failed first)."""
        if self.facts.stop_reason and not override:
            return False
        self.facts.stop_reason, self.facts.stop_message = reason, message
        self._stat(stat_keys.STOP_REASON, reason)
        self._stat(stat_keys.STOP_MESSAGE, message)
        return True

    @property
    def stop_reason(self) -> str:
        return self.facts.stop_reason

    def force(self) -> bool:
        """Mark the run as closed at once; False when it was already."""
        if self.forced:
            return False
        self.forced = True
        self._stat(stat_keys.FORCED, True)
        return True

    def wrote_report(self, path: str) -> None:
        self.report_path = path
        self._stat(stat_keys.RUN_REPORT, path)

    def _stat(self, key: str, value: Any) -> None:
        stats = stats_of(self.crawler)
        if stats is not None:
            stats.set_value(key, value)

    # -- the end of the run -------------------------------------------------------------------------

    def on_close(self, stage: Stage, step: CloseStep, name: str = "") -> None:
        """Run step(spider, reason) when the spider closes, in stage order (steps of one
        stage in the order they were registered)."""
        self._steps.append(_Step(stage, name or getattr(step, "__qualname__", "step"), step))

    def closing_order(self) -> list[str]:
        return [step.name for step in self._ordered()]

    def _ordered(self) -> list[_Step]:
        return sorted(self._steps, key=lambda step: step.stage)  # stable: registration order

    def _spider_closed(self, spider: Spider, reason: str) -> None:
        # Once: a second Ctrl-C runs this early (crawler.runtime.stop.stop_now), and the
        # engine's own close comes after.
        if self.closed:
            return
        self.closed = True
        self._cpu_figures()
        summarised = False
        for step in self._ordered():
            if step.stage >= Stage.REPORT and not summarised:
                self._guarded("the run's summary", self._summarise, reason)
                summarised = True
            self._guarded(step.name, step.run, spider, reason)
        if not summarised:
            self._guarded("the run's summary", self._summarise, reason)

    def _cpu_figures(self) -> None:
        """What the crawl process spent, by stage (the speed benchmark's table). The process's
        figures: sites crawled side by side in one process share them."""
        for name, milliseconds in CLOCK.milliseconds().items():
            self._stat(f"{stat_keys.CPU}{name.replace(' ', '_')}_ms", milliseconds)
        self._stat(f"{stat_keys.CPU}process_ms", round(time.process_time() * 1000, 1))
        self._stat(f"{stat_keys.CPU}main_thread_ms", round(time.thread_time() * 1000, 1))

    def _guarded(self, name: str, run: Callable[..., None], *args: Any) -> None:
        """Run one closing step; a fault in it is logged and the next steps still run. As
        separate spider_closed receivers they were (Scrapy catches each receiver's errors):
        a bug in the WARC's close or the report must not cost the run its row in the
        catalogue, or the next run would take it for a killed one."""
        try:
            run(*args)
        except Exception:
            logger.exception("closing the run: %s failed; the next steps go on", name)

    def _summarise(self, reason: str) -> None:
        collector = stats_of(self.crawler)
        stats = collector.get_stats() if collector is not None else {}
        self.summary = summarise({**stats, "finish_reason": reason}, self.facts)
        self.counts = run_counts(stats, self.summary)


_STATES: WeakKeyDictionary[Crawler, RunState] = WeakKeyDictionary()


# The spider makes the state as it is built, before the crawl starts, when the crawler has no
# engine or stats yet: recent Scrapy raises RuntimeError on reading them then, older holds None.
def engine_of(crawler: Crawler) -> ExecutionEngine | None:
    try:
        return crawler.engine
    except RuntimeError:
        return None


def stats_of(crawler: Crawler) -> StatsCollector | None:
    try:
        return crawler.stats
    except RuntimeError:
        return None
