"""Shared fixtures: the bundled sample site on a loopback server, and one crawl of it; and the
markers a test earns by the fixtures it uses (a test that needs Redis or Chromium says so
through its fixture, so the mark cannot be forgotten)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from crawler.demo.server import DemoServer
from crawler.demo.site import DemoSite, build_site
from tests.support.cli import FAST, CrawlResult, run_cli
from tests.support.inprocess import install_reactor, stop_reactor
from tests.support.offline import sitecustomize as offline

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: more workers than cores, as most tests wait on a child process or a server
    (on 2 cores, 4 workers took the suite from 5 min 21 s to 4 min 21 s); capped, for memory."""
    cores = len(os.sched_getaffinity(0))
    return min(2 * cores, cores + 4)


OFFLINE = str(Path(offline.__file__).parent)  # first on PYTHONPATH: its sitecustomize loads


def pytest_configure(config: pytest.Config) -> None:
    # Before any test module imports Twisted's reactor: in-process crawls need Scrapy's.
    install_reactor()
    # No DNS for real names, here and in every Python process a test starts (each xdist
    # worker has its own log: a child inherits its test process's).
    os.environ[offline.LOG] = str(Path(tempfile.gettempdir(), f"defnews-dns-{os.getpid()}.log"))
    paths = [part for part in os.environ.get("PYTHONPATH", "").split(os.pathsep) if part]
    if OFFLINE not in paths:  # an xdist worker inherits it from the controller
        os.environ["PYTHONPATH"] = os.pathsep.join([OFFLINE, *paths])
    offline.install()


def pytest_unconfigure(config: pytest.Config) -> None:
    stop_reactor()
    Path(os.environ[offline.LOG]).unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def _no_dns_lookups() -> Iterator[None]:
    """Fails the test if it, or a process it started, asked DNS for a real host name."""
    log = Path(os.environ[offline.LOG])
    before = log.stat().st_size if log.exists() else 0
    yield
    if log.exists() and log.stat().st_size > before:
        with log.open(encoding="utf-8") as lines:
            lines.seek(before)
            names = sorted({line.split("\t", 1)[0] for line in lines if line.strip()})
        pytest.fail(f"asked DNS for {', '.join(names)}: tests never touch the internet")


# fixture -> marker: `-m "not redis"` leaves out every test that starts redis-server, and
# `-m "not slow"` every test sharing a module fixture that takes 10 s or more to build (several
# crawls of a changing site). Tests slow by themselves carry @pytest.mark.slow.
FIXTURE_MARKS = {
    "redis_url": "redis",
    "browser": "chromium",
    "story": "slow",  # test_incremental
    "site_change": "slow",  # test_site_change
    "hostile": "slow",  # test_hostile
    "histories": "slow",  # test_merge
    "crawled": "slow",  # test_identity
    "versioned": "slow",  # test_verify
    "with_revisits": "slow",  # test_rebuild
}


def pytest_itemcollected(item: pytest.Item) -> None:
    for fixture in getattr(item, "fixturenames", ()):
        if fixture in FIXTURE_MARKS:
            item.add_marker(FIXTURE_MARKS[fixture])


@pytest.fixture(scope="session")
def demo_site() -> DemoSite:
    return build_site()


@pytest.fixture(scope="session")
def demo_server(demo_site: DemoSite) -> Iterator[DemoServer]:
    with DemoServer(demo_site) as server:
        yield server


@pytest.fixture(scope="session")
def demo_crawl(demo_server: DemoServer, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    """One full crawl of the sample site, shared by the end-to-end tests that only read it."""
    out = tmp_path_factory.mktemp("crawl")
    before = len(demo_server.requests)
    result = run_cli("crawl", "qdnd", "--base-url", demo_server.base_url, "--out", str(out), *FAST)
    assert result.returncode == 0, result.stderr
    return CrawlResult(out, result, list(demo_server.requests[before:]), demo_server.base_url)


MakeCrawler = Callable[..., Crawler]


@pytest.fixture
def make_crawler(tmp_path: Path) -> Iterator[MakeCrawler]:
    """Crawlers for component tests, built by Scrapy's get_crawler (no crawl, no server):
    OUTPUT_DIR in tmp_path/out unless given; each one's catalogue closed at the end (the run
    state closes it when the engine stops)."""
    made: list[Crawler] = []

    def make(**settings: Any) -> Crawler:
        # No Scrapy extensions: LogStats and the like start looping calls on spider_opened
        # that no reactor runs here (never-awaited coroutines at the end of the session).
        base = {"OUTPUT_DIR": str(tmp_path / "out"), "EXTENSIONS_BASE": {}}
        crawler = get_crawler(Spider, {**base, **settings})
        made.append(crawler)
        return crawler

    yield make
    for crawler in made:
        crawler.signals.send_catch_log(signals.engine_stopped)


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    """Headless Chromium at a laptop's size (tests/support/browser.py), one per module."""
    from tests.support.browser import start_chromium

    driver = start_chromium("1366,768")
    try:
        yield driver
    finally:
        driver.quit()
