"""Drift alarms: a crawl notices when a site's parser stops finding its own selectors and falls
back (crawler.extensions.drift), instead of silently writing worse text."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from crawler.demo.server import DemoServer
from crawler.demo.site import DemoSite
from crawler.extensions.drift import alarms
from tests.support.cli import FAST, CrawlResult, run_cli


def _report(out: Path) -> dict[str, object]:
    (report,) = sorted((out / "runs").glob("*.json"))
    return dict(json.loads(report.read_text(encoding="utf-8")))


def test_a_healthy_crawl_takes_every_field_from_the_sites_own_selectors(
    demo_crawl: CrawlResult,
) -> None:
    report = _report(demo_crawl.out)
    assert report["drift"] == []
    fields = report["fields"]
    assert isinstance(fields, dict)
    assert {"title", "summary", "text", "published", "authors", "section", "tags"} <= set(fields)
    assert all(set(sources) == {"primary"} for sources in fields.values()), fields
    assert "parser drift" not in demo_crawl.result.stdout + demo_crawl.result.stderr


def test_a_redesigned_site_raises_the_alarm(demo_site: DemoSite, tmp_path: Path) -> None:
    with DemoServer(demo_site) as server:
        # The site renames its headline class: every title now comes from og:title.
        for article in demo_site.articles:
            page = server.lookup(article.path)
            body = page.body.replace(b'class="post-title"', b'class="headline-2026"')
            assert body != page.body
            server.add(article.path, replace(page, body=body))
        args = ["crawl", "qdnd", "--base-url", server.base_url, "--out", str(tmp_path), *FAST]
        result = run_cli(*args, "--fail-on-drift")
    assert result.returncode == 3, result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "defnews: error: parser drift (title); see the run report"
    )
    report = _report(tmp_path)
    (alarm,) = report["drift"]  # type: ignore[misc]
    assert alarm["field"] == "title" and alarm["off"] == alarm["articles"] == 21
    assert alarm["sources"] == {"fallback:og:title": 21}
    assert "parser drift: qdnd: title came from a fallback or nowhere on 21 of 21" in result.stdout
    assert "WARNING" in result.stderr and "parser drift" in result.stderr
    # The fallback still found the right titles: the articles are stored, and said to drift.
    stored = {
        json.loads(path.read_text(encoding="utf-8"))["title"]
        for path in (tmp_path / "articles").rglob("*.json")
    }
    assert stored == {a.title for a in demo_site.articles if not a.disallowed}


def test_alarm_thresholds() -> None:
    stats = {"fields/articles": 10, "fields/title/primary": 5, "fields/title/missing": 5}
    assert alarms(stats) == []  # half is not more than half
    stats["fields/title/missing"], stats["fields/title/primary"] = 6, 4
    (alarm,) = alarms(stats)
    assert (alarm.field, alarm.off, alarm.sources) == ("title", 6, {"missing": 6})
    few = {"fields/articles": 4, "fields/text/fallback:generic": 4}
    assert alarms(few) == [] and len(alarms(few, minimum=4)) == 1


def test_check_sites_reports_field_by_field(demo_site: DemoSite, demo_server: DemoServer) -> None:
    healthy = run_cli("check-sites", "qdnd", "--base-url", demo_server.base_url)
    assert healthy.returncode == 0, healthy.stderr
    lines = healthy.stdout.splitlines()
    assert lines[0] == "qdnd: all selectors found"
    assert {line.split()[0] for line in lines[2:]} == {
        "title", "summary", "text", "published", "authors", "section", "tags"
    }  # fmt: skip
    assert all(line.split()[1] == "primary" for line in lines[2:])

    with DemoServer(demo_site) as server:
        for article in demo_site.articles:
            page = server.lookup(article.path)
            body = page.body.replace(b'class="post-summary"', b'class="sapo-2026"')
            server.add(article.path, replace(page, body=body))
        drifted = run_cli("check-sites", "qdnd", "--base-url", server.base_url, "--json")
    assert drifted.returncode == 3, drifted.stderr
    (record,) = [json.loads(line) for line in drifted.stdout.splitlines()]
    assert record["fields"]["summary"] == "fallback:meta description"
    assert record["fields"]["title"] == "primary"
    # The article came from the feeds, the newest first, through the RSS cookie gate.
    assert record["url"].startswith(server.base_url + "/")


def test_check_sites_bad_input_is_one_line() -> None:
    down = run_cli("check-sites", "qdnd", "--base-url", "http://127.0.0.1:1")
    assert down.returncode == 2 and down.stdout == ""
    assert down.stderr.startswith("defnews: error: cannot fetch http://127.0.0.1:1/")
    assert down.stderr.count("\n") == 1
    unknown = run_cli("check-sites", "nosuchsite")
    assert unknown.returncode == 2 and "unknown site 'nosuchsite'" in unknown.stderr


def test_optional_fields_missing_are_no_drift_and_dates_keep_their_time() -> None:
    import gzip

    from crawler.core.sites import extract
    from crawler.core.sites.table import FIXTURE_ROOT

    # No tags and no keywords: "missing", and a missing optional field raises no alarm.
    assert alarms({"fields/articles": 10, "fields/tags/missing": 10}) == []
    assert len(alarms({"fields/articles": 10, "fields/tags/fallback:meta keywords": 10})) == 1
    # A 2020-layout page under a template with JSON-LD: the time comes from JSON-LD even when
    # the visible date has none, and either is the site's own source.
    page = gzip.decompress(
        (FIXTURE_ROOT / "qdnd" / "2020_qdnd-online-dateline_628417.html.gz").read_bytes()
    )
    expected = json.loads(
        (FIXTURE_ROOT / "qdnd" / "2020_qdnd-online-dateline_628417.json").read_text(
            encoding="utf-8"
        )
    )
    ld = b'<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2020-05-14T16:05:00+07:00"}</script></head>'
    page = page.replace(b"</head>", ld, 1)
    article = extract(page, expected["url"], content_type=expected["content_type"])
    assert article.parser == "qdnd/2020"
    assert article.published == "2020-05-14T16:05:00+07:00"
    assert article.sources["published"] == "primary"
    no_tags = page.replace(b'itemprop="keywords"', b'itemprop="x"').replace(
        b'name="keywords"', b'name="x"'
    )
    assert extract(no_tags, expected["url"]).sources["tags"] == "missing"
