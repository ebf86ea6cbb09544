"""Ctrl-C and SIGTERM during a crawl: said at once, and a second one stops now, cleanly.

Scrapy's first signal closes the spider gracefully, in silence (its log line is INFO, below
the CLI's WARNING), while the pages in flight finish: a person pressing Ctrl-C sees nothing
for many seconds. Its second signal stops the reactor at once: the WARC stays .open, the run
stays "running" in the catalogue, and the crawl exits 2 with no reason. Here the first signal
says what is happening; the second closes every output now (crawler.runtime.stop.stop_now), so the
run is recorded as interrupted, with its counts, and exits 130.
"""

from __future__ import annotations

import signal
import sys
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.utils.ossignal import install_shutdown_handlers, signal_names

from crawler.runtime.stop import stop_now


def _name(signum: int) -> str:
    return "Ctrl-C" if signum == signal.SIGINT else signal_names.get(signum, str(signum))


def _say(line: str) -> None:
    # After a live progress line (a terminal), start on a fresh line.
    prefix = "\r\033[K" if sys.stderr.isatty() else ""
    print(f"{prefix}defnews: {line}", file=sys.stderr, flush=True)


class InterruptibleProcess(CrawlerProcess):
    """A CrawlerProcess whose shutdown signals speak and whose second signal closes cleanly.

    Scrapy installs self._signal_shutdown for SIGINT and SIGTERM once the reactor runs, and
    it installs self._signal_kill after the first one: both are overridden here. Signal
    handlers only schedule work on the reactor thread: printing or closing files inside
    one could interrupt a write to the same stream or file."""

    def _signal_shutdown(self, signum: int, frame: Any) -> None:
        from twisted.internet import reactor

        reactor.callFromThread(self._announce, signum)
        super()._signal_shutdown(signum, frame)

    def _signal_kill(self, signum: int, frame: Any) -> None:
        from twisted.internet import reactor

        install_shutdown_handlers(signal.SIG_IGN)
        reactor.callFromThread(self._stop_now, signum)

    def _announce(self, signum: int) -> None:
        again = "Ctrl-C again" if signum == signal.SIGINT else f"{_name(signum)} again"
        _say(
            f"{_name(signum)}: finishing the pages in flight, then stopping "
            f"({again} to stop now; what is unfinished is fetched next run)"
        )

    def _stop_now(self, signum: int) -> None:
        _say(f"{_name(signum)} again: stopping now; the pages in flight are left to the next run")
        for crawler in list(self.crawlers):
            stop_now(crawler)
        self._stop_reactor()
