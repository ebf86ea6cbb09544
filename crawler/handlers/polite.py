"""Politeness across workers: the per-host delay kept in Redis, not in each process.

With N workers each keeping Scrapy's own DOWNLOAD_DELAY, a site would see N times the rate
its profile allows. In cluster mode (crawler.addon) Scrapy's delay and AutoThrottle are off,
and the download handler waits for its turn right before it connects: the starts of all
workers' requests to one host are spaced by CLUSTER_HOST_DELAY seconds (unset: the crawl's
DOWNLOAD_DELAY), on Redis's clock. In the handler, not in a downloader
middleware: a middleware runs before the request waits in Scrapy's per-site queue, so a slow
answer would let the requests queued behind it start in a burst.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor
from twisted.internet.task import deferLater

from crawler.handlers.wire import WireRecordingHandler
from crawler.runtime.defaults import cluster_host_delay, settings_of

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response


async def wait_turn(crawler: Crawler, request: Request) -> None:
    delay_ms = int(cluster_host_delay(settings_of(crawler)) * 1000)
    slot = getattr(crawler.engine, "_slot", None)
    frontier = getattr(getattr(slot, "scheduler", None), "frontier", None)
    if delay_ms <= 0 or frontier is None:
        return
    host = (urlsplit(request.url).hostname or "").lower()
    wait_ms = frontier.reserve(host, delay_ms)
    if wait_ms > 0:
        if crawler.stats is not None:
            crawler.stats.inc_value("cluster/politeness_waits")
        await maybe_deferred_to_future(deferLater(reactor, wait_ms / 1000, lambda: None))


class PoliteWireHandler(WireRecordingHandler):
    """The WARC-recording handler, waiting for the host's turn first."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._polite_crawler = crawler

    async def download_request(self, request: Request) -> Response:
        await wait_turn(self._polite_crawler, request)
        return await super().download_request(request)


class PoliteHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler, waiting for the host's turn first (WARC off)."""

    def __init__(self, crawler: Crawler, *args: Any) -> None:
        super().__init__(crawler, *args)
        self._polite_crawler = crawler

    async def download_request(self, request: Request) -> Response:
        await wait_turn(self._polite_crawler, request)
        return await super().download_request(request)
