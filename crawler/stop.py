"""Stop a crawl on purpose, with a reason the run report and the CLI exit status carry."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.utils.defer import deferred_from_coro

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# Finish reasons that end a run as its user asked; anything else is a failed run.
NORMAL_FINISH = ("finished", "closespider_")


def stop_crawl(crawler: Crawler, reason: str, message: str) -> None:
    """Close the spider (once) after a failure that makes going on pointless or harmful.

    Used when the output cannot be written: crawling on would fetch pages and archive nothing."""
    if crawler.stats is not None and crawler.stats.get_value("defnews/stop_reason"):
        return
    logger.error("%s; stopping the crawl", message)
    if crawler.stats is not None:
        crawler.stats.set_value("defnews/stop_reason", reason)
    if crawler.engine is not None and crawler.engine.spider is not None:
        deferred_from_coro(crawler.engine.close_spider_async(reason=reason))


def finished_normally(reason: str) -> bool:
    return reason.startswith(NORMAL_FINISH)


def exit_code(reason: str, pages_fetched: int) -> int:
    """The status a run exits with: 0 done, 130 interrupted (Ctrl-C, SIGTERM), 2 failed
    (stopped early, or not a single page fetched)."""
    if reason == "shutdown":
        return 130
    if not finished_normally(reason) or not pages_fetched:
        return 2
    return 0
