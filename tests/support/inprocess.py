"""Crawls run inside the test process, for tests where the command line is not the point: no
child Python to start (a second or two of imports each), the same settings and spiders.

Twisted's reactor runs once per process and cannot be restarted, so it is started once, in a
daemon thread, and every crawl is handed to it (blockingCallFromThread) and waited for. It is
the asyncio reactor, the project's (Scrapy's default); conftest installs it before any test
module can import Twisted's default one. The reactor never gets the process's signals: a
test cannot be stopped through it, and the CLI's interrupt handling is not exercised here
(the tests that need it run `defnews` in a child process, tests/support/cli.py).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

ASYNCIO_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
_started = threading.Lock()
_thread: threading.Thread | None = None


def install_reactor() -> None:
    """Called once per process, before anything imports twisted.internet.reactor."""
    from scrapy.utils.reactor import install_reactor as install

    install(ASYNCIO_REACTOR)


def _reactor() -> Any:
    global _thread
    from twisted.internet import reactor

    with _started:
        if _thread is None:
            _thread = threading.Thread(
                target=reactor.run,  # type: ignore[attr-defined]
                kwargs={"installSignalHandlers": False},
                name="test-reactor",
                daemon=True,
            )
            _thread.start()
    return reactor


def stop_reactor() -> None:
    """At the end of the session: the reactor stopped (when a crawl started it) and its
    asyncio loop closed, so no worker ends with an "unclosed event loop" warning."""
    import sys

    if "twisted.internet.reactor" not in sys.modules:
        return
    from twisted.internet import reactor

    if _thread is not None and _thread.is_alive():
        reactor.callFromThread(reactor.stop)  # type: ignore[attr-defined]
        _thread.join(timeout=10)
    loop = getattr(reactor, "_asyncioEventloop", None)
    if loop is not None and not loop.is_running() and not loop.is_closed():
        loop.close()


def _sets(args: list[str]) -> dict[str, str]:
    """["--set", "NAME=VALUE", ...] (tests/support/cli.FAST's form) as a dict."""
    from crawler.cli.launch import parse_sets

    return parse_sets([value for flag, value in zip(args[::2], args[1::2], strict=True)])


def archive(urls: list[str], out: Path, *sets: str) -> int:
    """What `defnews archive URLS --out OUT [--set ...]` does, in this process: its exit
    status (the run's summary is not printed)."""
    from scrapy.crawler import CrawlerRunner
    from twisted.internet.threads import blockingCallFromThread

    from crawler.cli.launch import build_settings, exit_status
    from crawler.spiders.archive import ArchiveSpider

    settings = build_settings(out, _sets(list(sets)))
    reactor = _reactor()

    def crawl() -> Any:
        runner = CrawlerRunner(settings)
        crawler = runner.create_crawler(ArchiveSpider)
        done = runner.crawl(crawler, urls=list(urls))
        return done.addCallback(lambda _: crawler.stats.get_stats() if crawler.stats else {})

    stats: dict[str, Any] = blockingCallFromThread(reactor, crawl)
    return exit_status([stats])
