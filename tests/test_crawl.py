"""End to end: `defnews crawl` against the sample site on 127.0.0.1, then the outputs read back."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from fastwarc.warc import ArchiveIterator as FastIterator
from warcio.archiveiterator import ArchiveIterator

from crawler.demo.site import DemoSite
from tests.support.checks import plain_artifact_check
from tests.support.cli import CrawlResult


def _articles(out: Path) -> dict[str, dict]:
    records = {}
    for path in (out / "articles").rglob("*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        records[record["canonical_url"]] = record
    return records


def _warcs(out: Path) -> list[Path]:
    files = sorted((out / "warc").glob("*.warc.gz"))
    assert files, "no WARC written"
    return files


def test_every_allowed_article_is_archived(demo_crawl: CrawlResult, demo_site: DemoSite) -> None:
    records = _articles(demo_crawl.out)
    expected = {a.url for a in demo_site.articles if not a.disallowed}
    assert set(records) == expected


def test_each_discovery_source_finds_its_exclusive_articles(
    demo_crawl: CrawlResult, demo_site: DemoSite
) -> None:
    records = _articles(demo_crawl.out)
    for source in ("sitemap", "rss", "listing"):
        only = [a for a in demo_site.articles if a.discovery == {source} and not a.disallowed]
        assert len(only) >= 2, f"the sample site needs two {source}-only articles"
        for article in only:
            assert article.url in records, f"{source}-only article not found: {article.url}"


def test_robots_disallow_is_obeyed(demo_crawl: CrawlResult, demo_site: DemoSite) -> None:
    forbidden = [a.path for a in demo_site.articles if a.disallowed]
    assert forbidden
    requested = {urlsplit(r.path).path for r in demo_crawl.requests}
    assert [r.path for r in demo_crawl.requests].count("/robots.txt") == 1  # fetched once
    assert not requested & set(forbidden)


def test_no_artifact_in_any_output(demo_crawl: CrawlResult) -> None:
    files = list((demo_crawl.out / "articles").rglob("*.*"))
    assert files
    for path in files:
        assert not plain_artifact_check(path.read_text(encoding="utf-8")), path


def test_article_fields_match_the_gold(demo_crawl: CrawlResult, demo_site: DemoSite) -> None:
    records = _articles(demo_crawl.out)
    for gold in demo_site.articles:
        if gold.disallowed:
            continue
        got = records[gold.url]
        assert got["site"] == "qdnd"
        assert got["parser"].startswith("qdnd/")
        assert got["title"] == gold.title
        assert got["text"] == gold.text, gold.url
        assert got["published"] == gold.published
        assert got["authors"] == list(gold.authors)
        assert urlsplit(got["url"]).netloc == urlsplit(demo_crawl.base_url).netloc


def test_text_files_are_readable(demo_crawl: CrawlResult) -> None:
    for path in (demo_crawl.out / "articles").rglob("*.txt"):
        text = path.read_text(encoding="utf-8")
        title = text.splitlines()[0]
        record = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        assert title == record["title"]
        assert record["text"] in text
        assert record["summary"] in text
        assert (record["credit"] in text.splitlines()[2]) if record["credit"] else True
        for image in record["images"]:  # captions kept apart from the body, at the end
            if image["caption"]:
                assert image["caption"] in text.split("Ảnh / Images:")[1]
        assert path.resolve().is_relative_to(demo_crawl.out.resolve())


def test_warc_files_pass_the_validators(demo_crawl: CrawlResult) -> None:
    assert not list((demo_crawl.out / "warc").glob("*.open")), "a WARC was left open"
    for path in _warcs(demo_crawl.out):
        subprocess.run(["gzip", "-t", str(path)], check=True)
        check = subprocess.run(
            [sys.executable, "-c", "from warcio.cli import main; main()", "check", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert check.returncode == 0, check.stdout + check.stderr
        with path.open("rb") as handle:
            digests = [
                record.verify_block_digest() for record in FastIterator(handle, parse_http=False)
            ]
        assert digests and all(digests)


def _records(out: Path) -> list:
    records = []
    for path in _warcs(out):
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                raw = record.raw_stream.read()
                records.append((record.rec_type, record.rec_headers, record.http_headers, raw))
    return records


def test_every_exchange_is_archived_with_a_request(demo_crawl: CrawlResult) -> None:
    records = _records(demo_crawl.out)
    responses = {
        h.get_header("WARC-Record-ID"): h for t, h, _, _ in records if t in ("response", "revisit")
    }
    requests = [h for t, h, _, _ in records if t == "request"]
    assert records[0][0] == "warcinfo"
    assert {h.get_header("WARC-Concurrent-To") for h in requests} == set(responses)
    targets = {urlsplit(h.get_header("WARC-Target-URI")).path for h in responses.values()}
    assert {
        "/robots.txt",
        "/sitemaps/pid/feed-0.xml",
        "/rss",
        "/quoc-phong-an-ninh/tin-tuc",
    } <= targets
    assert any(path.endswith(".rss") for path in targets)
    served = [r for r in demo_crawl.requests if r.method == "GET"]
    assert len(responses) == len(served)


def test_gzip_bodies_stay_gzip_and_set_cookies_stay_separate(demo_crawl: CrawlResult) -> None:
    records = _records(demo_crawl.out)
    gzipped = [
        (h, raw)
        for t, _, h, raw in records
        if t == "response" and h.get_header("Content-Encoding") == "gzip"
    ]
    assert gzipped, "the sample server gzips when asked; no gzip response archived"
    for _, raw in gzipped:
        assert raw[:2] == b"\x1f\x8b"
        gzip.decompress(raw)
    cookie_sets = [
        [v for k, v in h.headers if k.lower() == "set-cookie"]
        for t, _, h, _ in records
        if t == "response"
    ]
    assert any(len(values) == 2 for values in cookie_sets), "the /rss redirect sets two cookies"


def test_warc_refs_point_at_the_article_response(demo_crawl: CrawlResult) -> None:
    for record in _articles(demo_crawl.out).values():
        ref = record["warc"]
        path = demo_crawl.out / ref["file"]
        with path.open("rb") as handle:
            handle.seek(ref["offset"])
            chunk = handle.read(ref["length"])
        archived = next(iter(ArchiveIterator(io.BytesIO(chunk))))
        assert archived.rec_type == "response"
        assert archived.rec_headers.get_header("WARC-Record-ID") == ref["record_id"]
        assert archived.rec_headers.get_header("WARC-Target-URI") == record["url"]


def test_run_report(demo_crawl: CrawlResult, demo_site: DemoSite) -> None:
    reports = list((demo_crawl.out / "runs").glob("*-qdnd-*.json"))
    assert len(reports) == 1
    report = json.loads(reports[0].read_text(encoding="utf-8"))
    assert report["articles"] == len([a for a in demo_site.articles if not a.disallowed])
    assert report["pages_fetched"] == len(demo_crawl.requests)
    assert report["robots_forbidden"] >= 1
    assert report["errors"] == 0
    assert "wrote" in demo_crawl.result.stdout
    assert "Traceback" not in demo_crawl.result.stderr


def test_extract_from_the_warc_alone_gives_the_same_articles(demo_crawl: CrawlResult) -> None:
    from tests.support.cli import run_cli

    result = run_cli("extract", "--jsonl", *map(str, _warcs(demo_crawl.out)))
    assert result.returncode == 0, result.stderr
    again = {}
    for line in result.stdout.splitlines():
        record = json.loads(line)
        assert record["canonical_url"] not in again, "an article printed twice"
        again[record["canonical_url"]] = record
    crawled = _articles(demo_crawl.out)
    assert set(again) == set(crawled)  # the articles, and no listing, feed index or home page
    for url, record in crawled.items():
        for field in (
            "title",
            "text",
            "authors",
            "credit",
            "published",
            "images",
            "tags",
            "section",
        ):
            assert again[url][field] == record[field], (url, field)


def test_each_article_is_in_the_warc_as_a_metadata_record(demo_crawl: CrawlResult) -> None:
    """A WARC alone is a complete record of the run: captures and the text drawn from them."""
    metadata, dates, captured = {}, {}, {}
    for path in _warcs(demo_crawl.out):
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type == "metadata":
                    headers = record.rec_headers
                    assert headers.get_header("Content-Type") == "application/json"
                    refers_to = headers.get_header("WARC-Refers-To")
                    metadata[refers_to] = json.loads(record.content_stream().read())
                    # Under its own name: a replay tool asking for the page never gets the JSON.
                    page = metadata[refers_to]["url"]
                    assert headers.get_header("WARC-Target-URI") == "urn:defnews:article:" + page
                    assert headers.get_header("WARC-Refers-To-Target-URI") == page
                    dates[refers_to] = headers.get_header("WARC-Refers-To-Date")
                elif record.rec_type in ("response", "revisit"):
                    captured[record.rec_headers.get_header("WARC-Record-ID")] = (
                        record.rec_headers.get_header("WARC-Date")
                    )
    articles = _articles(demo_crawl.out)
    assert len(metadata) == len(articles)
    for article in articles.values():
        assert metadata[article["warc"]["record_id"]] == article
        assert dates[article["warc"]["record_id"]] == captured[article["warc"]["record_id"]]
