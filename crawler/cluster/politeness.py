"""Politeness across workers: the per-host delay kept in Redis, not in each process.

With N workers each keeping Scrapy's own DOWNLOAD_DELAY, a site would see N times the rate
its profile allows. In cluster mode (crawler.addon) Scrapy's delay and AutoThrottle are off
and this middleware spaces the starts of all workers' requests to one host by
CLUSTER_HOST_DELAY seconds (the crawl's DOWNLOAD_DELAY, 1 s by default), on Redis's clock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor
from twisted.internet.task import deferLater

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler


class SharedHostDelay:
    def __init__(self, crawler: Crawler, delay_s: float) -> None:
        self.crawler = crawler
        self.delay_ms = int(delay_s * 1000)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler, crawler.settings.getfloat("CLUSTER_HOST_DELAY", 1.0))

    async def process_request(self, request: Request) -> None:
        if self.delay_ms <= 0:
            return
        scheduler = getattr(self.crawler.engine, "_slot", None)
        frontier = getattr(getattr(scheduler, "scheduler", None), "frontier", None)
        if frontier is None:
            return
        host = (urlsplit(request.url).hostname or "").lower()
        wait_ms = frontier.reserve(host, self.delay_ms)
        if wait_ms > 0:
            self.crawler.stats.inc_value("cluster/politeness_waits")
            await maybe_deferred_to_future(deferLater(reactor, wait_ms / 1000, lambda: None))
        return
