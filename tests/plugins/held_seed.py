"""An extension that holds back the start requests of the cluster worker that won the seed,
until that worker is stopped: a discovery cut short before it queued anything, at an exact
point, for the test that another worker takes discovery over."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor
from twisted.internet.task import deferLater


class HoldSeed:
    @classmethod
    def from_crawler(cls, crawler: Any) -> HoldSeed:
        spider = crawler.spider
        start = spider.start

        async def held() -> AsyncIterator[Any]:
            # Run once Scrapy asks for the first start request: the scheduler is open by then.
            if getattr(crawler.engine.scheduler, "seeding", False):
                # Until SIGTERM: stopping the engine cancels this wait.
                await maybe_deferred_to_future(deferLater(reactor, 600, lambda: None))
            async for output in start():
                yield output

        spider.start = held
        return cls()
