"""A crawl of a hostile site ends well: exit 0, no traceback, every good article archived and
extracted, each hostile page a counted failure, memory bounded (tests/hostile_site.py)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.demo.server import DemoServer
from tests.support.cli import FAST
from tests.support.sites.hostile import (
    BOMB,
    EVIL_DTD,
    FAILING,
    HUGE_SITEMAP_URLS,
    LOOP,
    RANDOM,
    HostileSite,
)

# Peak RSS of the crawl process, read by a parent that runs only it.
_MEASURED = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:])\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "sys.stdout.write(f'PEAK_RSS_KB={peak}\\n')\n"
    "sys.exit(done.returncode)\n"
)
RSS_LIMIT_MB = 400


@dataclass
class HostileCrawl:
    out: Path
    site: HostileSite
    demo: DemoServer
    returncode: int
    stderr: str
    peak_rss_mb: float
    report: dict[str, object]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileCrawl]:
    out = tmp_path_factory.mktemp("hostile")
    with DemoServer() as demo, HostileSite(demo) as site:
        command = [sys.executable, "-m", "crawler", "crawl", "qdnd", "--base-url", site.base_url]
        command += ["--out", str(out), *FAST, "--set", "DOWNLOAD_TIMEOUT=3"]
        done = subprocess.run(
            [sys.executable, "-c", _MEASURED, *command],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        peak_kb = int(done.stdout.rsplit("PEAK_RSS_KB=", 1)[1].split()[0])
        reports = sorted((out / "runs").glob("*.json"))
        report = json.loads(reports[-1].read_text(encoding="utf-8")) if reports else {}
        yield HostileCrawl(out, site, demo, done.returncode, done.stderr, peak_kb / 1024, report)


def test_the_crawl_ends_cleanly(hostile: HostileCrawl) -> None:
    assert hostile.returncode == 0, hostile.stderr[-3000:]
    assert "Traceback" not in hostile.stderr
    assert hostile.report["finish_reason"] == "finished"


def test_every_good_article_is_archived_and_extracted(hostile: HostileCrawl) -> None:
    expected = {a.path: a for a in hostile.demo.articles if not a.disallowed}
    with closing(sqlite3.connect(hostile.out / "catalog.sqlite")) as db, db:
        stored = {
            key.split("qdnd.vn", 1)[1]: json.loads(fields)
            for key, fields in db.execute("SELECT key, fields FROM articles")
        }
    assert set(stored) == set(expected)
    for path, gold in expected.items():
        assert (stored[path]["title"], stored[path]["text"]) == (gold.title, gold.text), path
    # Among them: the page that answered 500 twice (retried into an article) and the
    # windows-1258 page whose header said UTF-8 (read right all the same).
    assert hostile.site.count(hostile.site.flaky) == 3
    assert hostile.site.mislabelled in stored


def test_each_hostile_page_is_a_counted_failure(hostile: HostileCrawl) -> None:
    failures = hostile.report["failures"]
    assert isinstance(failures, list)
    failed = {
        entry["url"].split("//", 1)[1].split("/", 1)[1]: entry["reason"] for entry in failures
    }
    for path in FAILING:
        assert path.lstrip("/") in failed, (path, failed)
    errors = hostile.report["errors"]
    assert isinstance(errors, int) and errors >= len(FAILING)
    with closing(sqlite3.connect(hostile.out / "catalog.sqlite")) as db, db:
        outcome = db.execute(
            "SELECT outcome FROM urls WHERE key LIKE ?", (f"%{RANDOM}",)
        ).fetchone()
    assert outcome == ("not-article",)  # random bytes: fetched, archived, no article


def test_limits_hold(hostile: HostileCrawl) -> None:
    # The redirect loop is cut at REDIRECT_MAX_TIMES, the bomb never inflated in memory.
    assert hostile.site.count(LOOP) == 1  # A → A: ended at the first hop
    # A 300 MB inflation or a 25 MB page held several times over would cross this.
    assert hostile.peak_rss_mb < RSS_LIMIT_MB, f"peak RSS {hostile.peak_rss_mb:.0f} MB"
    # The bomb is archived as it came (gzip, ~300 KB), not inflated.
    sizes = []
    for warc in (hostile.out / "warc").glob("*.warc.gz"):
        with warc.open("rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type == "response" and record.rec_headers.get_header(
                    "WARC-Target-URI", ""
                ).endswith(BOMB):
                    sizes.append(int(record.rec_headers.get_header("Content-Length")))
    assert sizes and max(sizes) < 2 * 1024 * 1024


def test_xml_attacks_expand_nothing_and_fetch_nothing(hostile: HostileCrawl) -> None:
    requested = hostile.site.requests
    assert EVIL_DTD not in requested and "/hostile/remote-entity" not in requested
    assert not any("lollol" in path or "root:" in path for path in requested)
    # The feed with the entity bomb still gave its articles (its RSS-only ones are archived:
    # see the test above); the 50,000-URL sitemap was read and its tag pages left alone.
    assert hostile.site.count(hostile.site.bombed_feed) >= 1
    assert not any(path.startswith("/tag/") for path in requested)
    assert hostile.site.count("/hostile/huge.xml") == 1
    assert HUGE_SITEMAP_URLS == 50_000


def test_loops_end_whatever_cookies_say_and_a_priming_request_passes() -> None:
    from scrapy import Request
    from scrapy.exceptions import IgnoreRequest
    from scrapy.http import Response

    from crawler.downloadermiddlewares.redirect_loops import RedirectLoopMiddleware

    middleware = RedirectLoopMiddleware()
    hop = Request("http://127.0.0.1/b", meta={"redirect_urls": ["http://127.0.0.1/a"]})
    # Back to /a, with a load balancer's cookie on every answer: still a loop.
    back = Response(
        "http://127.0.0.1/b",
        status=302,
        headers={"Location": "/a", "Set-Cookie": "AWSALB=x"},
        request=hop,
    )
    with pytest.raises(IgnoreRequest, match=r"redirect loop: http://127.0.0.1/a → "):
        middleware.process_response(hop, back)
    # A fragment makes no new URL for the duplicate filter, so none for us either.
    page = Request("http://127.0.0.1/x-1")
    anchored = Response(
        "http://127.0.0.1/x-1", status=301, headers={"Location": "/x-1#top"}, request=page
    )
    with pytest.raises(IgnoreRequest, match="redirect loop"):
        middleware.process_response(page, anchored)
    # A retried request bypasses the duplicate filter (dont_filter): a loop is a loop all the
    # same. (It was followed REDIRECT_MAX_TIMES over when an article's first try failed on a
    # loaded server: the hostile crawl saw the loop fetched six times, now and then.)
    retried = Request("http://127.0.0.1/loop-2", dont_filter=True, meta={"retry_times": 1})
    looped = Response(
        "http://127.0.0.1/loop-2", status=301, headers={"Location": "/loop-2"}, request=retried
    )
    with pytest.raises(IgnoreRequest, match="redirect loop"):
        middleware.process_response(retried, looped)
    # The /rss priming request redirects to itself on purpose: left to REDIRECT_MAX_TIMES.
    gate = Request("http://127.0.0.1/rss", dont_filter=True, meta={"coverage_kind": "priming"})
    primed = Response(
        "http://127.0.0.1/rss",
        status=302,
        headers={"Location": "/rss", "Set-Cookie": "session=1"},
        request=gate,
    )
    assert middleware.process_response(gate, primed) is primed
    onward = Response("http://127.0.0.1/b", status=301, headers={"Location": "/c"}, request=hop)
    assert middleware.process_response(hop, onward) is onward


def test_robots_refusals_of_any_host_are_skips_and_limits_are_failures(tmp_path: Path) -> None:
    from scrapy import Request
    from scrapy.exceptions import IgnoreRequest
    from scrapy.utils.test import get_crawler
    from twisted.python.failure import Failure

    from crawler.spiders.news import NewsSpider

    crawler = get_crawler(NewsSpider, {"CATALOG_ENABLED": False, "OUTPUT_DIR": str(tmp_path)})
    spider = NewsSpider.from_crawler(crawler, site="qdnd")

    def failure(error: Exception, url: str) -> Failure:
        found = Failure(error)
        found.request = Request(url)  # type: ignore[attr-defined]
        return found

    # An article redirected to another host whose robots.txt forbids it: not our failure.
    spider.on_error(failure(IgnoreRequest("Forbidden by robots.txt"), "http://other.vn/a-1"))
    spider.on_error(failure(IgnoreRequest("redirect loop: a → a"), "https://www.qdnd.vn/a-2"))
    assert spider.failures == [
        {"url": "https://www.qdnd.vn/a-2", "reason": "IgnoreRequest: redirect loop: a → a"}
    ]
    assert crawler.stats is not None
    assert crawler.stats.get_value("defnews/request_errors") == 1
