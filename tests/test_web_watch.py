"""The watching pages of `defnews serve` on 127.0.0.1: /changes, /attention, /health and the
Atom feeds, over the demo crawl and over an archive where a re-check found a quiet edit, a
takedown (404) and a redirect to the home page; the feed read by feedparser, the pages
loaded in headless Chromium at a laptop's and a phone's width."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import sqlite3
import subprocess
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from lxml import html
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from crawler.core.catalog.article_ids import article_id
from crawler.core.follow.attention import expression
from crawler.demo.model import Resource
from crawler.demo.server import DemoServer
from crawler.demo.site import DemoSite
from tests.support import screenshots
from tests.support.cli import FAST, CrawlResult, run_cli
from tests.support.serving import start_serving, stop

QUIET = "Đính chính: số người tham dự là 120, không phải 102."
EDITED, REMOVED, MOVED = 711953, 739208, 686722


@dataclass
class Serving:
    out: Path
    base: str
    process: subprocess.Popen[str]


def _get(url: str) -> tuple[int, str, str]:
    """Status, Content-Type and body (errors too)."""
    try:
        with urllib.request.urlopen(url, timeout=20) as answer:
            return answer.status, answer.headers["Content-Type"], answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode("utf-8")


def _serve(out: Path) -> Iterator[Serving]:
    process, base, _ = start_serving(out)
    try:
        yield Serving(out, base, process)
    finally:
        stop(process)


@pytest.fixture(scope="module")
def demo(demo_crawl: CrawlResult, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serving]:
    yield from _serve(Path(shutil.copytree(demo_crawl.out, tmp_path_factory.mktemp("w") / "out")))


@pytest.fixture(scope="module")
def rechecked(demo_site: DemoSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serving]:
    """Two runs of the demo site: between them one article is edited without any date moving,
    one is taken down (404) and one redirected to the home page; the second run re-checks."""
    out = tmp_path_factory.mktemp("rechecked") / "out"
    with DemoServer(demo_site) as server:

        def crawl(*extra: str) -> None:
            done = run_cli(
                "crawl", "qdnd", "--base-url", server.base_url, "--out", str(out), *FAST, *extra
            )
            assert done.returncode == 0, done.stderr

        crawl()
        by_id = {a.article_id: a for a in server.articles if not a.disallowed}
        edited = by_id[EDITED]
        unmoved = datetime.fromisoformat(edited.modified or edited.published)
        server.revise(edited.path, QUIET, modified=unmoved)
        server.remove(by_id[REMOVED].path)
        redirect = Resource(301, "text/html", b"", headers=(("Location", "/"),))
        server.add(by_id[MOVED].path, redirect)
        crawl("--recheck", "3650d")
    yield from _serve(out)


def _ids(out: Path) -> dict[int, tuple[str, str]]:
    """The demo's article number -> (article ID, latest title)."""
    with closing(sqlite3.connect(out / "catalog.sqlite")) as db, db:
        rows = db.execute(
            "SELECT key, title FROM articles a "
            "WHERE version = (SELECT MAX(version) FROM articles WHERE key = a.key)"
        ).fetchall()
    return {int(key.rsplit("-", 1)[-1]): (article_id(key), title) for key, title in rows}


def _changes(serving: Serving, query: str = "") -> tuple[int, list[html.HtmlElement], str]:
    status, _, page = _get(f"{serving.base}/changes{query}")
    return status, html.fromstring(page).cssselect("ol.changes li.change"), page


def test_changes_page_shows_the_edit_and_the_takedowns(rechecked: Serving) -> None:
    ids = _ids(rechecked.out)
    status, rows, page = _changes(rechecked)
    assert status == 200
    kinds = [row.cssselect(".kind")[0].text for row in rows]
    # Newest first: what the re-check found, then the 21 articles of the first run.
    assert sorted(kinds[:3]) == ["changed", "removed", "removed"] and kinds[3:] == ["new"] * 21
    changed = next(row for row in rows if "change-changed" in row.classes)
    ident, title = ids[EDITED]
    assert changed.cssselect("a.title")[0].get("href") == f"/article/{ident}"
    assert changed.cssselect("a.title")[0].text == title
    assert changed.cssselect("a.diff")[0].get("href") == f"/article/{ident}/diff?from=1&to=2"
    details = {
        row.cssselect("a.title")[0].get("href"): row.cssselect(".detail")[0].text
        for row in rows[:3]
        if "change-removed" in row.classes
    }
    assert details[f"/article/{ids[REMOVED][0]}"] == "HTTP 404"
    assert details[f"/article/{ids[MOVED][0]}"].startswith("redirected to http://127.0.0.1:")
    # Times carry their offset.
    assert all(row.cssselect("time")[0].text.endswith(" +00:00") for row in rows)
    # The filters: a site, a date; and what cannot be used is said, not raised.
    assert len(_changes(rechecked, "?site=qdnd")[1]) == 24
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    assert _changes(rechecked, f"?since={tomorrow}")[1] == []
    status, rows, page = _changes(rechecked, "?site=nowhere")
    assert status == 400 and "no site &#39;nowhere&#39; in this archive; it has qdnd" in page
    status, rows, page = _changes(rechecked, "?since=last+tuesday")
    assert status == 400 and "since must be a date such as 2026-12-01" in page
    assert "Traceback" not in page


def _feed(serving: Serving, query: str = "") -> feedparser.FeedParserDict:
    status, kind, body = _get(f"{serving.base}/feed.atom{query}")
    assert status == 200 and kind == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(body)
    assert parsed.bozo == 0, parsed.bozo_exception
    assert parsed.version == "atom10"
    return parsed


def test_the_feed_carries_the_edit_and_the_takedowns(rechecked: Serving) -> None:
    ids = _ids(rechecked.out)
    parsed = _feed(rechecked)
    assert parsed.feed.title == "defnews: new and changed articles"
    assert [link.href for link in parsed.feed.links if link.rel == "self"] == [
        f"{rechecked.base}/feed.atom"
    ]
    entries = parsed.entries
    assert len(entries) == 24  # 21 new, 1 changed, 2 removed (at most 50)
    first = {entry.title: entry for entry in entries[:3]}
    assert set(first) == {
        f"Changed: {ids[EDITED][1]}",
        f"Removed: {ids[REMOVED][1]}",
        f"Removed: {ids[MOVED][1]}",
    }
    changed = first[f"Changed: {ids[EDITED][1]}"]
    assert changed.link == f"{rechecked.base}/article/{ids[EDITED][0]}"
    assert changed.id == f"tag:defnews,2026:article/{ids[EDITED][0]}/v2/changed"
    assert changed.author == "HUY PHONG, SƠN BÌNH"
    assert changed.published.startswith("2022-10-27") and changed.updated_parsed
    assert "HTTP 404" in first[f"Removed: {ids[REMOVED][1]}"].summary
    # Newest first, each entry once, and every link opens an article page.
    updated = [entry.updated for entry in entries]
    assert updated == sorted(updated, reverse=True)
    assert len({entry.id for entry in entries}) == len(entries)
    for entry in entries[:4]:
        status, _, _page = _get(entry.link)
        assert status == 200, entry.link
    # The same feed twice: the same IDs (a reader shows nothing twice).
    assert [e.id for e in _feed(rechecked).entries] == [e.id for e in entries]


def test_feeds_of_a_site_and_of_a_saved_search(rechecked: Serving) -> None:
    ids = _ids(rechecked.out)
    assert len(_feed(rechecked, "?site=qdnd").entries) == 24
    # A saved search: the edited article's new words match only it, first new then changed.
    parsed = _feed(rechecked, "?q=dinh+chinh+120")
    assert [entry.title for entry in parsed.entries] == [
        f"Changed: {ids[EDITED][1]}",
        ids[EDITED][1],
    ]
    assert "matching “dinh chinh 120”" in parsed.feed.title
    status, _, body = _get(f"{rechecked.base}/feed.atom?site=nowhere")
    assert (status, body) == (404, "no site 'nowhere' in this archive; it has qdnd\n")
    status, _, body = _get(f"{rechecked.base}/feed.atom?q=%2A%2A")
    assert status == 400 and body.startswith("nothing to search for")


def test_the_demo_crawl_feed_and_changes(demo: Serving) -> None:
    parsed = _feed(demo)
    assert len(parsed.entries) == 21 and {e.category for e in parsed.entries} == {"new"}
    status, rows, _ = _changes(demo)
    assert status == 200 and len(rows) == 21
    status, _, page = _get(f"{demo.base}/health")
    assert status == 200 and "OK: its last run finished without errors." in page


def _attention(serving: Serving, query: str) -> tuple[int, dict[str, object]]:
    status, kind, body = _get(f"{serving.base}/attention.json?{query}")
    assert kind == "application/json; charset=utf-8"
    return status, json.loads(body)


def test_attention_counts_matching_articles_per_day_and_week(demo: Serving) -> None:
    with closing(sqlite3.connect(demo.out / "catalog.sqlite")) as db, db:
        published = [
            str(row[0])
            for row in db.execute(
                "SELECT a.published FROM articles_fts JOIN articles a "
                'ON a.id = articles_fts.rowid WHERE articles_fts MATCH \'"ky" "thuat"\''
            )
        ]
    # Each on the day its outlet printed (the day search's date filters read), not UTC's.
    expected = Counter(when[:10] for when in published if when)
    assert sum(expected.values()) >= 3
    status, days = _attention(demo, "q=K%E1%BB%B9+thu%E1%BA%ADt&by=day")  # "Kỹ thuật"
    assert status == 200 and days["sites"] == ["qdnd"]
    counts = dict(zip(days["buckets"], days["counts"]["qdnd"], strict=True))
    assert {day: n for day, n in counts.items() if n} == expected
    # An article of 06:00 +07:00 on the 16th is the 16th's, as search's date filter says.
    status, early = _attention(demo, "q=philippines&by=day")
    charted = [d for d, n in zip(early["buckets"], early["counts"]["qdnd"], strict=True) if n]
    assert charted == ["2025-01-16"]
    _, _, found = _get(f"{demo.base}/search.json?q=philippines&from=2025-01-16&to=2025-01-16")
    assert json.loads(found)["total"] == 1
    status, weeks = _attention(demo, "q=ky+thuat&by=week")
    assert all(date.fromisoformat(w).weekday() == 0 for w in weeks["buckets"])
    assert sum(weeks["counts"]["qdnd"]) == sum(expected.values())
    # Gaps are kept: consecutive Mondays.
    mondays = [date.fromisoformat(w) for w in weeks["buckets"]]
    assert all(b - a == timedelta(days=7) for a, b in itertools.pairwise(mondays))
    # Quotes make a phrase: the words in this order only.
    assert expression('"Lê Huy" vinh*') == '"le huy" "vinh"*'
    _, loose = _attention(demo, "q=huy+vinh+le")
    _, phrase = _attention(demo, "q=%22huy+vinh+le%22")
    assert sum(loose["counts"]["qdnd"]) >= 1 and phrase["sites"] == []
    status, bad = _attention(demo, "q=%22%22")
    assert status == 400 and bad == {"error": "nothing to search for in '\"\"'"}
    status, _, page = _get(f"{demo.base}/attention?q=%2A%2A")
    assert status == 400 and "nothing to search for" in page and "Traceback" not in page
    status, _, page = _get(f"{demo.base}/attention?q=zzqqxx")
    assert status == 200 and "No article matches “zzqqxx”." in page


def test_health_says_when_an_outlet_failed_or_is_old(rechecked: Serving, tmp_path: Path) -> None:
    status, _, page = _get(f"{rechecked.base}/health")
    outlet = html.fromstring(page).cssselect("#outlet-qdnd")[0]
    assert status == 200 and "well" in outlet.classes
    text = " ".join(outlet.text_content().split())
    assert "2 taken down since" in text and "0 new, 1 changed" in text
    # Another outlet whose last run, five days ago, failed, with drift in its report.
    report = tmp_path / "report.json"
    report.write_text(
        json.dumps(
            {
                "drift": [{"field": "title", "message": "elsewhere: title came from a fallback"}],
                "discovery_drift": [{"message": "https://e.vn/sitemap.xml listed 0, once 40"}],
                "failures": [{"url": "https://e.vn/a-1", "reason": "HTTP 503"}],
            }
        )
    )
    started = (datetime.now(UTC) - timedelta(days=5)).isoformat()
    with closing(sqlite3.connect(rechecked.out / "catalog.sqlite")) as db, db:
        db.execute(
            "INSERT INTO runs (site, started, finished, status, reason, errors, report) "
            "VALUES ('elsewhere', ?, ?, 'failed', 'the site answered 503', 7, ?)",
            (started, started, str(report)),
        )
    status, _, page = _get(f"{rechecked.base}/health")
    outlet = html.fromstring(page).cssselect("#outlet-elsewhere")[0]
    text = " ".join(outlet.text_content().split())
    assert "unwell" in outlet.classes
    assert (
        "Needs a look: its last run failed (the site answered 503); its last run is old: "
        "5 days ago; its last run had 7 errors; parser drift in 1 field; "
        "discovery drift in 1 source."
    ) in text
    assert "elsewhere: title came from a fallback" in text
    assert "https://e.vn/sitemap.xml listed 0, once 40" in text
    assert "https://e.vn/a-1 (HTTP 503)" in text


def test_pages_fit_a_laptop_and_a_phone(rechecked: Serving, browser: WebDriver) -> None:
    ids = _ids(rechecked.out)
    pages = {
        "changes": "/changes",
        "attention": "/attention?q=t%E1%BB%95ng+c%E1%BB%A5c&by=week",
        "health": "/health",
    }
    for size in screenshots.SIZES:
        screenshots.emulate(browser, size)
        for name, path in pages.items():
            browser.get(rechecked.base + path)
            assert browser.find_element(By.TAG_NAME, "h1").text
            assert screenshots.overflow(browser) <= 0, (name, size)
        browser.get(rechecked.base + pages["attention"])
        bars = browser.find_elements(By.CSS_SELECTOR, "svg.attention-chart rect.bar")
        assert bars and all(float(bar.get_attribute("height") or 0) > 0 for bar in bars)
        rows = browser.find_elements(By.CSS_SELECTOR, "#attention-table tbody tr")
        assert rows
        # The chart is no wider than the page.
        width = browser.execute_script(
            "return document.querySelector('svg.attention-chart').getBoundingClientRect().right"
        )
        assert width <= screenshots.SIZES[size][0]
    # The reader's pictures, when asked for (scripts/screenshots.py keeps them in docs/).
    directory = os.environ.get("SCREENSHOTS_DIR")
    if directory:
        pages = screenshots.reader_pages("tổng cục kỹ thuật", ids[EDITED][0])
        saved = screenshots.save(browser, rechecked.base, pages, Path(directory))
        assert all(path.read_bytes()[:4] == b"\x89PNG" for path in saved)
