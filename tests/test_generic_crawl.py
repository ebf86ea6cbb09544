"""`defnews crawl --start URL`: an outlet without a profile, crawled from its own page
(crawler/demo/outlet_en.py): feeds from <link rel="alternate">, sitemaps from robots.txt, links of
the start page; articles told by the generic parser."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawler.demo.outlet_en import NOT_ARTICLES, STORIES, GenericSite
from tests.support.cli import FAST, run_cli


@dataclass
class Crawled:
    out: Path
    site: GenericSite
    returncode: int
    stdout: str
    stderr: str
    articles: dict[str, dict[str, object]]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    out = tmp_path_factory.mktemp("generic")
    with GenericSite() as site:
        result = run_cli("crawl", "--start", site.base_url + "/", "--out", str(out), *FAST)
        articles = {}
        for path in (out / "articles").rglob("*.json"):
            record = json.loads(path.read_text(encoding="utf-8"))
            articles[str(record["url"]).removeprefix(site.base_url)] = record
        yield Crawled(out, site, result.returncode, result.stdout, result.stderr, articles)


def test_every_article_of_every_source_is_archived(crawled: Crawled) -> None:
    assert crawled.returncode == 0, crawled.stderr
    assert set(crawled.articles) == {story.path for story in STORIES}
    for story in STORIES:
        record = crawled.articles[story.path]
        assert record["site"] == "127-0-0-1" and record["parser"] == "generic/1"
        assert record["title"] == story.title
        assert record["text"] == "\n\n".join(story.paragraphs)  # no menu, box, promo, footer
        assert record["authors"] == [story.author]
        assert record["published"] == story.published
        assert record["language"] == "en"


def test_only_article_shaped_links_are_fetched_and_undated_pages_are_not_stored(
    crawled: Crawled,
) -> None:
    requested = crawled.site.requests
    assert "/feed/" in requested and "/news-sitemap.xml" in requested  # found, not configured
    assert "/about/" not in requested and "/tag/artillery/" not in requested
    # The sign-up page looks like an article URL: fetched, then not stored (no date of its own).
    assert NOT_ARTICLES[-1] in requested and NOT_ARTICLES[-1] not in crawled.articles
    (report,) = (crawled.out / "runs").glob("*.json")
    figures = json.loads(report.read_text(encoding="utf-8"))
    assert figures["dropped"] == {"no-date": 1}
    # The generic parser has no site selectors to lose: no drift is watched or raised.
    assert figures["fields"] == {} and figures["drift"] == []
    assert figures["site"] == "127-0-0-1" and figures["errors"] == 0


def test_a_second_run_fetches_no_article_again(crawled: Crawled, tmp_path: Path) -> None:
    out = Path(shutil.copytree(crawled.out, tmp_path / "out"))
    before = len(crawled.site.requests)
    result = run_cli("crawl", "--start", crawled.site.base_url + "/", "--out", str(out), *FAST)
    assert result.returncode == 0, result.stderr
    again = crawled.site.requests[before:]
    assert again and not any(path in again for path in (s.path for s in STORIES))
    assert "articles: 0 new, 0 changed, 0 unchanged" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "ftp://example.com/"], "--start: not an http(s) URL: 'ftp://example.com/'"),
        (
            ["--start", "http://127.0.0.1:1/", "qdnd"],
            "--start crawls one outlet from its own page: no SITE, --all or --base-url",
        ),
        (["--start", "http://127.0.0.1:1/"], "cannot reach http://127.0.0.1:1: Connection refused"),
    ],
)
def test_bad_start_urls_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    result = run_cli("crawl", *args, "--out", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr == f"defnews: error: {message}\n"
