"""A live progress line while crawling (pages, articles, errors, rate), on a terminal only.

Setting: LIVE_PROGRESS (default False; `defnews crawl` and `demo` turn it on when stderr is a
terminal, so logs, cron mails and pipes never get carriage returns).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from crawler.core.status_line import Progress

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
        if not crawler.settings.getbool("LIVE_PROGRESS", False):
            raise NotConfigured  # no reason given: Scrapy would warn about it on every crawl
        live = cls(crawler)
        crawler.signals.connect(live.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(live.spider_closed, signal=signals.spider_closed)
        return live

    def spider_opened(self, spider: Spider) -> None:
        site = getattr(getattr(spider, "site", None), "key", spider.name)
        self.progress = Progress(str(site))
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

    def spider_closed(self, spider: Spider) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        for handler in logging.getLogger().handlers:
            handler.removeFilter(self._clear_before_logging)
        if self.progress is not None:
            self.progress.finish()
