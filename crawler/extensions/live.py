"""A live progress line while crawling (pages, articles, errors, rate), on a terminal only.

Setting: LIVE_PROGRESS (off by default; `defnews crawl` and `demo` turn it on when stderr is a
terminal, so logs, cron mails and pipes never get carriage returns). The line ends at the run
state's DISPLAY stage, after everything else the run says at its end.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from crawler.core.status_line import Progress
from crawler.runtime import spider_api
from crawler.runtime.run_state import RunState, Stage

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler


class LiveProgress:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.progress: Progress | None = None
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        state = RunState.of(crawler)
        if not state.settings.getbool("LIVE_PROGRESS"):
            raise NotConfigured  # no reason given: Scrapy would warn about it on every crawl
        live = cls(crawler)
        crawler.signals.connect(live.spider_opened, signal=signals.spider_opened)
        state.on_close(Stage.DISPLAY, live.spider_closed)
        return live

    def spider_opened(self, spider: Spider) -> None:
        self.progress = Progress(spider_api.site_key(spider))
        # A log line (a failed page) must start on a line of its own, not after the live one.
        # On the handlers: a logger's own filters never see records of its child loggers.
        for handler in logging.getLogger().handlers:
            handler.addFilter(self._clear_before_logging)
        self.loop = task.LoopingCall(self.show)
        self.loop.start(0.5, now=False)

    def show(self) -> None:
        assert self.progress is not None and self.stats is not None
        get = self.stats.get_value
        self.progress.update(
            int(get("downloader/response_count", 0)),
            unit="pages",
            articles=int(get("articles/new", 0)) + int(get("articles/changed", 0)),
            skipped=int(get("incremental/skipped", 0)),
            errors=int(get("defnews/request_errors", 0)),
        )

    def _clear_before_logging(self, record: logging.LogRecord) -> bool:
        if self.progress is not None:
            self.progress.finish()
        return True

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        for handler in logging.getLogger().handlers:
            handler.removeFilter(self._clear_before_logging)
        if self.progress is not None:
            self.progress.finish()
