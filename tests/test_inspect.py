"""Inspecting the archive: list, search (with or without diacritics), show, stats."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from crawler.demo.site import DemoSite
from crawler.extraction.decode import decode_html
from crawler.store.search import fold
from tests.conftest import CrawlResult, run_cli

SEED = "-711953"


def _json_lines(*args: str) -> list[dict[str, object]]:
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def _one_line_error(*args: str) -> str:
    result = run_cli(*args)
    assert result.returncode == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.mark.parametrize(
    "text", ["Lê Huy Vịnh", "Đống Đa", "QUÂN ĐỘI", "İstanbul", "한국어", "e\u0301", "ǅ"]
)
def test_folding_keeps_the_length_so_hits_map_back(text: str) -> None:
    assert len(fold(text)) == len(text)


def test_folding_takes_off_vietnamese_diacritics_and_the_d_stroke() -> None:
    assert fold("Lê Huy Vịnh") == "le huy vinh"
    assert fold("Đống Đa, đồng chí") == "dong da, dong chi"


def test_list_shows_every_article_newest_first(demo_crawl: CrawlResult) -> None:
    rows = _json_lines("list", "--out", str(demo_crawl.out), "--json")
    assert len(rows) == 21
    published = [str(row["published"]) for row in rows]
    assert published == sorted(published, reverse=True)
    recent = _json_lines("list", "--out", str(demo_crawl.out), "--json", "--since", "2025-01-16")
    old = _json_lines("list", "--out", str(demo_crawl.out), "--json", "--until", "2025-01-16")
    assert recent and old and len(recent) + len(old) == 21
    table = run_cli("list", "--out", str(demo_crawl.out), "--limit", "3")
    assert table.stdout.splitlines()[0].split() == ["ID", "SITE", "PUBLISHED", "V", "TITLE"]
    assert len(table.stdout.splitlines()) == 4


@pytest.mark.parametrize("query", ["le huy vinh", "Lê Huy Vịnh", "LE HUY VINH", "lê huy vinh"])
def test_search_finds_a_name_with_or_without_diacritics(
    demo_crawl: CrawlResult, query: str
) -> None:
    hits = _json_lines("search", query, "--out", str(demo_crawl.out), "--json")
    assert str(hits[0]["url"]).endswith(SEED)  # ranked first: it is about him
    assert "**Lê** **Huy** **Vịnh**" in str(hits[0]["snippet"])


def test_search_folds_d_with_stroke(demo_crawl: CrawlResult) -> None:
    hits = _json_lines("search", "dong", "da", "--out", str(demo_crawl.out), "--json")
    assert hits and all("Đống** **Đa" in str(hit["snippet"]) for hit in hits[:1])
    for hit in hits:
        shown = run_cli("show", str(hit["id"]), "--out", str(demo_crawl.out))
        assert "dong" in fold(shown.stdout) and "da" in fold(shown.stdout)


def test_search_takes_fts_syntax_as_plain_words(demo_crawl: CrawlResult) -> None:
    for query in ('"quân', "AND OR NOT", "(đội", "NEAR(a b)", "quân*"):
        result = run_cli("search", query, "--out", str(demo_crawl.out))
        assert result.returncode == 0, (query, result.stderr)
    assert _one_line_error("search", "...", "--out", str(demo_crawl.out)).startswith(
        "defnews: error: nothing to search for"
    )


def test_show_finds_an_article_by_id_by_its_url_and_by_the_url_fetched(
    demo_crawl: CrawlResult,
) -> None:
    (seed,) = [
        row
        for row in _json_lines("list", "--out", str(demo_crawl.out), "--json")
        if str(row["url"]).endswith(SEED)
    ]
    fetched_url = str(seed["url"])
    site_url = "https://www.qdnd.vn/" + fetched_url.split("/", 3)[3]
    shown = {
        run_cli("show", ident, "--out", str(demo_crawl.out)).stdout
        for ident in (str(seed["id"]), fetched_url, site_url, site_url + "?utm_source=zalo")
    }
    assert len(shown) == 1
    (text,) = shown
    assert text.startswith("Tổng cục Kỹ thuật tổng kết 10 năm")
    assert "leftcenterrightdel" not in text
    record = json.loads(
        run_cli("show", str(seed["id"]), "--json", "--out", str(demo_crawl.out)).stdout
    )
    assert record["version"] == 1 and record["url"] == fetched_url


def test_show_html_prints_the_page_as_archived(
    demo_crawl: CrawlResult, demo_site: DemoSite
) -> None:
    hit = _json_lines("search", "le huy vinh", "--out", str(demo_crawl.out), "--json")[0]
    page = run_cli("show", str(hit["id"]), "--html", "--out", str(demo_crawl.out))
    assert page.returncode == 0, page.stderr
    path = "/" + str(hit["url"]).split("/", 3)[3]
    served = demo_site.resources[path]
    assert page.stdout == decode_html(served.body, served.content_type)[0]
    assert "<title>" in page.stdout and "googletag" in page.stdout  # the page, chrome and all


def test_show_headers_prints_the_archived_exchange(demo_crawl: CrawlResult) -> None:
    hit = _json_lines("search", "le huy vinh", "--out", str(demo_crawl.out), "--json")[0]
    heads = run_cli("show", str(hit["id"]), "--headers", "--out", str(demo_crawl.out)).stdout
    path = "/" + str(hit["url"]).split("/", 3)[3]
    assert f"GET {path} HTTP/1.1" in heads
    assert "HTTP/1.1 200 OK" in heads and "Content-Encoding: gzip" in heads
    assert heads.index("GET ") < heads.index("HTTP/1.1 200 OK")


def test_stats_per_site(demo_crawl: CrawlResult) -> None:
    (row,) = _json_lines("stats", "--out", str(demo_crawl.out), "--json")
    warcs = list((demo_crawl.out / "warc").glob("*.warc.gz"))
    assert row["site"] == "qdnd" and row["articles"] == 21 and row["runs"] == 1
    assert row["warc_bytes"] == sum(p.stat().st_size for p in warcs)
    assert str(row["first_published"]).startswith("2020-05-14")


def test_bad_input_is_one_line(demo_crawl: CrawlResult, tmp_path: Path) -> None:
    out = str(demo_crawl.out)
    assert "no article 9999" in _one_line_error("show", "9999", "--out", out)
    assert "no article https://example.org/x" in _one_line_error(
        "show", "https://example.org/x", "--out", out
    )
    assert "no version 7 of article" in _one_line_error("show", "1", "--version", "7", "--out", out)
    for command in (["list"], ["search", "x"], ["show", "1"], ["stats"]):
        assert "no catalogue" in _one_line_error(*command, "--out", str(tmp_path / "none"))
    broken = Path(shutil.copytree(demo_crawl.out, tmp_path / "copy"))
    for warc in (broken / "warc").glob("*.warc.gz"):
        warc.write_bytes(warc.read_bytes()[:5000])  # cut short: the capture is gone
    assert "no readable record" in _one_line_error("show", "5", "--html", "--out", str(broken))
