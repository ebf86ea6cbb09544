"""The adapter's components one at a time, built by Scrapy's get_crawler (no crawl, no
server): the redirect-loop check, the validate pipeline, the run state's
closing order. Real SQLite catalogues and real WARC files in tmp_path.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, IgnoreRequest, NotConfigured
from scrapy.http import Response

from crawler.core.article import Article, WarcRef
from crawler.downloadermiddlewares.redirect_loops import RedirectLoopMiddleware
from crawler.extensions.drift import DriftMonitor
from crawler.extensions.ledger import RunLedger
from crawler.extensions.report import RunReport
from crawler.pipelines.validate import NotAnArticle, NotArchived, ValidatePipeline
from crawler.runtime import meta
from crawler.runtime.run_state import RunState, Stage
from tests.conftest import MakeCrawler

URL = "http://127.0.0.1:9/news/a-1.html"
BODY = b"<html><head><title>A</title></head><body><p>Words.</p></body></html>"


def _spider(crawler: Crawler, name: str = "probe") -> Spider:
    spider = Spider.from_crawler(crawler, name=name)
    crawler.spider = spider
    return spider


# -- the redirect-loop check ----------------------------------------------------------------------


def test_a_redirect_back_into_its_own_chain_is_a_counted_failure(
    make_crawler: MakeCrawler,
) -> None:
    middleware = RedirectLoopMiddleware.from_crawler(make_crawler())
    hop = Request("http://127.0.0.1/b", meta={meta.REDIRECT_URLS: ["http://127.0.0.1/a"]})
    back = Response("http://127.0.0.1/b", status=302, headers={"Location": "/a"}, request=hop)
    with pytest.raises(
        IgnoreRequest, match=r"redirect loop: http://127\.0\.0\.1/a → \S+/b → \S+/a$"
    ):
        middleware.process_response(hop, back)
    onward = Response("http://127.0.0.1/b", status=301, headers={"Location": "/c"}, request=hop)
    assert middleware.process_response(hop, onward) is onward
    with pytest.raises(NotConfigured):
        RedirectLoopMiddleware.from_crawler(make_crawler(REDIRECT_LOOPS_ENABLED=False))


# -- the validate pipeline ------------------------------------------------------------------------


def _article(**fields: Any) -> Article:
    base: dict[str, Any] = {
        "url": URL,
        "site": "probe",
        "title": "A title",
        "text": "Words.",
        "published": "2025-03-04T10:00:00+00:00",
        "parser": "probe/1",
    }
    return Article(**{**base, **fields})


def test_validate_drops_what_is_no_article_and_what_has_no_capture(
    make_crawler: MakeCrawler,
) -> None:
    crawler = make_crawler()
    spider = _spider(crawler)
    pipeline = ValidatePipeline.from_crawler(crawler)
    pipeline.open_spider()
    assert RunState.of(crawler).root.is_dir()  # made at the start, even with no catalogue

    with pytest.raises(NotAnArticle, match="no-title"):
        pipeline.process_item(_article(title=""))
    assert crawler.stats.get_value("pipeline/dropped/no-title") == 1

    # With the archive on, an article whose page has no WARC record is never stored bare.
    for _ in range(2):
        with pytest.raises(NotArchived):
            pipeline.process_item(_article())
    assert crawler.stats.get_value("articles/not_archived") == 2
    assert [f["url"] for f in spider.__dict__["failures"]] == [URL, URL]

    captured = _article(warc=WarcRef("warc/x.warc.gz", 0, 10, "<urn:uuid:1>"))
    assert pipeline.process_item(captured) is captured

    RunState.of(crawler).force()  # a second Ctrl-C: the run is recorded already
    with pytest.raises(DropItem, match="stopped at once"):
        pipeline.process_item(captured)


def test_validate_stops_the_crawl_when_the_output_is_gone(make_crawler: MakeCrawler) -> None:
    crawler = make_crawler(WARC_ENABLED=False)
    _spider(crawler)
    pipeline = ValidatePipeline.from_crawler(crawler)
    pipeline.open_spider()
    assert pipeline.process_item(_article()) is not None  # no capture needed: archive off
    state = RunState.of(crawler)
    state.root.rename(state.root.with_name("moved"))
    with pytest.raises(DropItem, match="the output is gone"):
        pipeline.process_item(_article())
    assert state.stop_reason == "output_gone"
    pipeline.close_spider()  # the cause to report, whatever failed first
    assert state.facts.stop_reason == "output_gone"


# -- the run state's closing order -----------------------------------------------------------------


def test_drift_alarms_reach_the_report_and_the_ledger_without_stats(
    make_crawler: MakeCrawler,
) -> None:
    # Stats that keep nothing: whatever arrives, arrived through the run state.
    crawler = make_crawler(
        STATS_CLASS="scrapy.statscollectors.DummyStatsCollector",
        DRIFT_MIN_ARTICLES=2,
        OUTPUT_CHECK_SECONDS=0,
    )
    # Built in the reverse of the order they must close in: the stages decide, not this.
    ledger = RunLedger.from_crawler(crawler)
    RunReport.from_crawler(crawler)
    DriftMonitor.from_crawler(crawler)
    state = RunState.of(crawler)
    assert state.closing_order() == [
        "DriftMonitor.spider_closed",
        "RunReport.spider_closed",
        "RunLedger.spider_closed",
    ]
    spider = _spider(crawler)
    crawler.signals.send_catch_log(signals.spider_opened, spider=spider)
    assert state.run_id is not None and ledger.run_id == state.run_id
    sources = {"title": "fallback:meta", "text": "primary"}
    for number in range(3):
        item = _article(url=f"{URL}?n={number}", sources=sources)
        crawler.signals.send_catch_log(
            signals.item_scraped, item=item, response=None, spider=spider
        )
    crawler.signals.send_catch_log(signals.spider_closed, spider=spider, reason="finished")

    assert crawler.stats.get_stats() == {}
    report = json.loads(Path(state.report_path).read_text(encoding="utf-8"))
    assert [alarm["field"] for alarm in report["drift"]] == ["title"]
    assert report["drift"][0]["message"].startswith("probe: title came from a fallback")
    assert report["fields"] == {"text": {"primary": 3}, "title": {"fallback:meta": 3}}
    assert state.catalog is not None
    run = state.catalog.run_log.last("probe")
    assert run is not None and run.id == state.run_id
    assert (run.status, run.reason, run.report) == ("finished", "finished", state.report_path)
    assert run.counts == state.counts


def test_closing_steps_run_once_in_stage_order_with_the_summary_between(
    make_crawler: MakeCrawler,
) -> None:
    crawler = make_crawler()
    state = RunState.of(crawler)
    seen: list[tuple[str, bool]] = []

    def step(name: str) -> Callable[[Spider, str], None]:
        return lambda spider, reason: seen.append((name, bool(state.summary)))

    for stage in reversed(Stage):
        state.on_close(stage, step(stage.name), name=stage.name)
    state.on_close(Stage.REPORT, step("REPORT-2"), name="REPORT-2")
    spider = _spider(crawler)
    crawler.signals.send_catch_log(signals.spider_opened, spider=spider)
    for _ in range(2):  # a second Ctrl-C closes at once; the engine's own close comes after
        crawler.signals.send_catch_log(signals.spider_closed, spider=spider, reason="shutdown")
    assert seen == [
        ("ARCHIVE", False),
        ("DRIFT", False),
        ("REPORT", True),
        ("REPORT-2", True),
        ("LEDGER", True),
        ("DISPLAY", True),
    ]
    assert state.summary["finish_reason"] == "shutdown"


def test_a_failing_closing_step_does_not_cost_the_run_its_row(
    make_crawler: MakeCrawler, caplog: pytest.LogCaptureFixture
) -> None:
    """A bug in the WARC's close (or the report) is logged; the report and the ledger's row
    still come: the next run must not take this one for a killed crawl."""
    crawler = make_crawler()
    state = RunState.of(crawler)
    seen: list[str] = []

    def broken(spider: Spider, reason: str) -> None:
        raise OSError("index write failed")

    state.on_close(Stage.ARCHIVE, broken, name="ARCHIVE")
    state.on_close(Stage.REPORT, lambda spider, reason: seen.append("REPORT"), name="REPORT")
    state.on_close(Stage.LEDGER, lambda spider, reason: seen.append("LEDGER"), name="LEDGER")
    spider = _spider(crawler)
    crawler.signals.send_catch_log(signals.spider_opened, spider=spider)
    crawler.signals.send_catch_log(signals.spider_closed, spider=spider, reason="finished")
    assert seen == ["REPORT", "LEDGER"]
    assert state.summary["finish_reason"] == "finished"
    assert "ARCHIVE failed" in caplog.text and "index write failed" in caplog.text
