"""Sitemap and feed entries are all accounted for, and a sitemap or feed that is not one is a
failed source: a site that changed its article URL scheme, or serves a gate page as 200 where
its sitemap was, raises discovery drift instead of losing its new articles unseen.

A real loopback server (its pages changed between runs), the real CLI in a child process,
`defnews runs ID` read as a user would.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.demo.changes import new_article
from crawler.demo.gold import gold_article
from crawler.demo.render import render_article
from tests.support.sites.sources import EMPTY_FEED, FEED, GATE, QDND, SITEMAP, TOP, Site


def urlset(*paths: str) -> bytes:
    urls = "".join(
        f"<url><loc>{path if '://' in path else QDND + path}</loc>"
        "<lastmod>2025-01-02</lastmod></url>"
        for path in paths
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    ).encode()


def articles(*ids: int) -> dict[str, tuple[str, bytes]]:
    """Article pages in the site's 2025 layout (each its own text), by path."""
    served = {}
    for number in ids:
        spec = new_article(
            number,
            f"Tin thử nghiệm số {number}",
            [f"Đoạn mở đầu của bài thử nghiệm số {number}, đủ dài để có văn bản.", "Đoạn hai."],
        )
        gold = gold_article(spec)
        page = render_article(spec, gold, (), ())
        served[gold.url.removeprefix(QDND)] = (page.content_type, page.body)
    return served


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as served:
        yield served


def _line(text: str, url: str) -> str:
    """The coverage line of a source in `defnews runs ID`."""
    (line,) = [ln for ln in text.splitlines() if f" {url}  " in ln]
    return line


def test_sitemap_entries_the_profile_does_not_take_are_counted_named_and_drift(
    site: Site, tmp_path: Path
) -> None:
    # The site's new articles end in .html or have capitals; one entry is on another host.
    pages = articles(123)
    site.pages.update(pages)
    site.pages[SITEMAP] = (
        "application/xml",
        urlset(
            *pages,
            "/quoc-phong/tin-tuc/bai-b-124.html",
            "/quoc-phong/tin-tuc/Bai-C-125",
            "https://elsewhere.example/quoc-phong/tin-tuc/bai-d-126",
        ),
    )
    code, said = site.crawl(tmp_path, "--fail-on-drift")
    shown = site.runs(tmp_path, 1)
    line = _line(shown, QDND + SITEMAP)
    # Every entry has an outcome, and the figures add up.
    assert "HTTP 200: 4 listed (1 new, 2 not-article, 1 off-site)" in line
    for rejected in (
        f"{QDND}/quoc-phong/tin-tuc/bai-b-124.html",
        f"{QDND}/quoc-phong/tin-tuc/Bai-C-125",
        "https://elsewhere.example/quoc-phong/tin-tuc/bai-d-126",
    ):
        assert rejected in line
    # Most of a profile sitemap's entries rejected on a first run: discovery drift.
    drift = (
        f"discovery drift: qdnd: the sitemap {QDND}{SITEMAP} lists 3 of 4 entries that are "
        "not article URLs of the site"
    )
    assert drift in said and drift in shown
    assert code == 3


def test_a_sitemap_that_starts_listing_other_urls_is_drift_where_earlier_runs_listed_none(
    site: Site, tmp_path: Path
) -> None:
    pages = articles(1, 2, 3, 4, 5, 7)
    site.pages.update(pages)
    *old, seventh = pages
    site.pages[SITEMAP] = ("application/xml", urlset(*old))
    site.pages[FEED] = (
        "application/rss+xml",
        EMPTY_FEED.replace(
            b"</channel>",
            f"<item><link>{QDND}{seventh}</link></item>"
            f"<item><link>{QDND}/quoc-te/Bai-8-8</link></item></channel>".encode(),
        ),
    )
    code, said = site.crawl(tmp_path, "--fail-on-drift")
    assert "discovery drift" not in said, said  # the feed's one in two is no majority
    assert code == 0
    assert "2 listed (1 new, 1 not-article)" in _line(site.runs(tmp_path, 1), QDND + FEED)

    # The scheme changes: the sitemap keeps its old entries (so it does not look empty) and
    # adds one new article that the profile's pattern does not take.
    site.pages[SITEMAP] = ("application/xml", urlset(*old, "/quoc-phong/tin-tuc/bai-6-6.html"))
    code, said = site.crawl(tmp_path, "--fail-on-drift")
    shown = site.runs(tmp_path, 2)
    assert "6 listed (5 archived, 1 not-article)" in _line(shown, QDND + SITEMAP)
    drift = (
        f"discovery drift: qdnd: the sitemap {QDND}{SITEMAP} lists 1 of 6 entries that are "
        f"not article URLs of the site (first: {QDND}/quoc-phong/tin-tuc/bai-6-6.html); "
        "earlier runs listed none"
    )
    assert drift in said and drift in shown
    assert f"the feed {QDND}{FEED}" not in said  # the same share as before: no drift
    assert code == 3


def test_a_profile_sitemap_or_feed_that_answers_with_a_page_is_a_failed_source(
    site: Site, tmp_path: Path
) -> None:
    site.pages[TOP] = ("text/html; charset=utf-8", GATE)  # a gate page served as 200
    site.pages[FEED] = ("text/html", b"")  # an empty 200
    code, said = site.crawl(tmp_path, "--fail-on-drift")
    shown = site.runs(tmp_path, 1)
    assert _line(shown, QDND + TOP).endswith(f"{QDND}{TOP}  not a sitemap: text/html page")
    assert _line(shown, QDND + FEED).endswith(f"{QDND}{FEED}  not a feed: empty answer")
    for drift in (
        (
            f"discovery drift: qdnd: the sitemap {QDND}{TOP} failed (not a sitemap: text/html "
            "page); the site's profile names it"
        ),
        (
            f"discovery drift: qdnd: the feed {QDND}{FEED} failed (not a feed: empty answer); "
            "the site's profile names it"
        ),
    ):
        assert drift in said and drift in shown
    # The sources that are what they say stay quiet.
    assert f"the sitemap {QDND}{SITEMAP}" not in said
    assert code == 3
