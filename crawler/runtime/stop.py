"""Stop a crawl on purpose, with a reason the run report and the CLI exit status carry.

Two ways: stop_crawl() closes the spider the normal way (pages in flight finish); stop_now()
is for a second Ctrl-C or SIGTERM: it runs the spider_closed handlers at once (the WARC
closed at its last whole record, the run report written, the run recorded as interrupted
with its counts) and leaves the pages in flight to the next run.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.utils.defer import deferred_from_coro

from crawler.runtime import stat_keys
from crawler.runtime.run_state import RunState, engine_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# Finish reasons that end a run as its user asked; anything else is a failed run.
NORMAL_FINISH = ("finished", "closespider_")
# The stats keys the CLI reads after the run (crawler.runtime.stat_keys), named here too.
STOP_MESSAGE = stat_keys.STOP_MESSAGE
FORCED = stat_keys.FORCED

# What a finish reason means, for a person (a stop_crawl message says more when there is one).
REASON_WORDS = {
    "warc_error": "the WARC could not be written",
    "output_error": "the output could not be written",
    "output_gone": "the output folder was deleted or moved",
    "locked": "another crawl of this site holds the output folder",
    "shutdown": "interrupted",
    "cancelled": "cancelled",
    "": "the crawl did not finish (no reason was recorded)",
}


def stop_crawl(crawler: Crawler, reason: str, message: str) -> None:
    """Close the spider (once) after a failure that makes going on pointless or harmful.

    Used when the output cannot be written: crawling on would fetch pages and archive nothing."""
    if not RunState.of(crawler).stopping(reason, message):
        return
    logger.error("%s; stopping the crawl", message)
    # None before the crawl starts (a component stopping in from_crawler, a test).
    engine = engine_of(crawler)
    if engine is not None and engine.spider is not None:
        deferred_from_coro(engine.close_spider_async(reason=reason))


def stop_now(crawler: Crawler, reason: str = "shutdown") -> None:
    """Close the crawl's outputs at once, without waiting for the pages in flight.

    Called from the reactor thread (never inside a signal handler), so no WARC write is half
    done: every handler of spider_closed sees whole records. Only synchronous handlers run
    to the end (ours all are); the reactor stops right after."""
    engine = engine_of(crawler)
    spider = engine.spider if engine is not None else None
    if spider is None or not RunState.of(crawler).force():
        return
    crawler.signals.send_catch_log(signal=signals.spider_closed, spider=spider, reason=reason)


def finished_normally(reason: str) -> bool:
    return reason.startswith(NORMAL_FINISH)


def reason_words(reason: str) -> str:
    """A finish reason said for a person, never an internal code."""
    if reason.startswith("closespider_"):
        return f"a limit was reached ({reason.removeprefix('closespider_')})"
    return REASON_WORDS.get(reason, reason.replace("_", " "))


def exit_code(reason: str, pages_fetched: int) -> int:
    """The status a run exits with: 0 done, 130 interrupted (Ctrl-C, SIGTERM), 2 failed
    (stopped early, or not a single page fetched)."""
    if reason == "shutdown":
        return 130
    if not finished_normally(reason) or not pages_fetched:
        return 2
    return 0
