"""The pure parts of discovery: coverage tallies and discovery drift, back-fill's choice of
sitemaps and its reading of listing teasers, and where a moved listing went."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from lxml import html

from crawler.core.discovery.backfill import all_older, child_before, name_period_end, teaser_dates
from crawler.core.discovery.coverage import Coverage, alarms, from_dicts
from crawler.core.discovery.moved import moved_listing
from crawler.core.extraction.document import parse_document
from crawler.core.extraction.xpath import elements
from crawler.core.sites import get_site

SITE = "https://news.example"


def test_every_entry_has_one_outcome_and_the_figures_add_up() -> None:
    coverage = Coverage()
    coverage.source(f"{SITE}/feed", "feed", profile=True)
    coverage.answered(f"{SITE}/feed", 200)
    for outcome in ("new", "new", "elsewhere", "archived", "older", "robots", "limit"):
        coverage.entry(f"{SITE}/feed", outcome)
    coverage.fetch_failed(f"{SITE}/feed", limit=True)  # one new one was too big to download
    (source,) = from_dicts(coverage.as_dicts())
    assert (source.listed, source.new, source.limit) == (7, 1, 2)
    assert source.describe() == (
        f"feed     {SITE}/feed  HTTP 200: 7 listed "
        "(1 new, 1 elsewhere, 1 archived, 1 older, 1 robots, 2 limit)"
    )
    with pytest.raises(ValueError):
        coverage.entry(f"{SITE}/feed", "lost")


def test_a_later_listing_page_that_fails_is_a_note_not_the_listings_answer() -> None:
    coverage = Coverage()
    coverage.source(f"{SITE}/news", "listing", profile=True)
    coverage.answered(f"{SITE}/news", 200)
    coverage.failed(f"{SITE}/news", "HTTP 500", page=3)
    (source,) = coverage.sources
    assert source.ok and source.answer == "HTTP 200"
    assert source.notes == ["page 3 failed (HTTP 500); older pages not read"]


def test_discovery_drift() -> None:
    coverage = Coverage()
    for url, kind, profile in (
        ("/gone-profile", "listing", True),  # fails on a first run: the profile names it
        ("/gone-found", "feed", False),  # fails, found at run time, never listed: no alarm
        ("/was-full", "sitemap", False),  # fails where an earlier run got 12
        ("/now-empty", "feed", False),  # answers with nothing where an earlier run got 5
        ("/empty-always", "feed", True),  # answers with nothing, never listed: no alarm
        ("/fine", "feed", True),
        ("/untried", "feed", True),  # never requested (a stop): no alarm
    ):
        coverage.source(SITE + url, kind, profile=profile)
    for url in ("/gone-profile", "/gone-found", "/was-full"):
        coverage.failed(SITE + url, "HTTP 404")
    for url in ("/now-empty", "/empty-always", "/fine"):
        coverage.answered(SITE + url, 200)
    coverage.entry(f"{SITE}/fine", "new")
    earlier = {f"{SITE}/was-full": 12, f"{SITE}/now-empty": 5, f"{SITE}/fine": 1}
    found = {alarm.url: alarm.message for alarm in alarms("x", coverage.sources, earlier)}
    assert found == {
        f"{SITE}/gone-profile": (
            f"x: the listing {SITE}/gone-profile failed (HTTP 404); the site's profile names it"
        ),
        f"{SITE}/was-full": (
            f"x: the sitemap {SITE}/was-full failed (HTTP 404); earlier runs got up to 12 "
            "entries from it"
        ),
        f"{SITE}/now-empty": (
            f"x: the feed {SITE}/now-empty listed nothing; earlier runs got up to 5 from it"
        ),
    }


@pytest.mark.parametrize(
    ("url", "lastmod", "older"),
    [
        ("/sitemaps/0/2024-12.xml", None, True),  # December 2024 ends before the date
        ("/sitemaps/0/2025-01.xml", None, False),
        ("/sitemap-20241230.xml", None, True),
        ("/sitemap-20250114.xml", None, False),  # a day's slack for time zones
        ("/sitemaps/2024/12/sitemap.xml", None, True),
        ("/top300article.xml", None, False),  # undated: read it
        ("/sitemaps/0/2020-05.xml", datetime(2025, 1, 20, tzinfo=UTC), False),  # revised since
        ("/news.xml", datetime(2024, 1, 1, tzinfo=UTC), True),
        # A monthly child stamped with its creation date: the month's end decides.
        ("/sitemap-2025-01.xml", datetime(2025, 1, 1, tzinfo=UTC), False),
        ("/sitemaps/2025/01/sitemap.xml", datetime(2024, 12, 31, tzinfo=UTC), False),
        ("/sitemap-2024-12.xml", datetime(2024, 12, 1, tzinfo=UTC), True),  # all says older
        ("/sitemap-20250110.xml", datetime(2025, 1, 10, tzinfo=UTC), True),
    ],
)
def test_dated_sitemaps_are_chosen_by_date(url: str, lastmod: datetime | None, older: bool) -> None:
    assert child_before(SITE + url, lastmod, datetime(2025, 1, 15, tzinfo=UTC)) is older


def test_a_name_without_a_real_date_is_undated() -> None:
    assert name_period_end(f"{SITE}/sitemap-2024-13.xml") is None
    assert name_period_end(f"{SITE}/post-sitemap12345.xml") is None


LISTING = """<html><body><div class="list">
<article><a href="/a-1"><img></a><h3><a href="/a-1">Năm 2025</a></h3><p>16/01/2025 17:00</p></article>
<article><h3><a href="/a-2">Two</a></h3><time datetime="2024-12-30T08:00:00+07:00">30/12</time></article>
<article><h3><a href="/a-3">Undated</a></h3><p>no date here</p></article>
</div><p>01/01/2020</p></body></html>"""


def test_teaser_dates_are_each_teasers_own() -> None:
    doc = parse_document(LISTING.encode(), "text/html; charset=utf-8")
    anchors = elements(doc, "//article//a[@href]", html.HtmlElement)
    dates = teaser_dates(anchors, SITE + "/list")
    # The title's "2025" does not run into the date; the undated teaser does not borrow the
    # page's date (its parent also holds the other teasers).
    assert dates == {
        f"{SITE}/a-1": datetime(2025, 1, 16, 17, 0, tzinfo=UTC),
        f"{SITE}/a-2": datetime(2024, 12, 30, 8, 0, tzinfo=UTC),
    }
    since = datetime(2025, 2, 1, tzinfo=UTC)
    assert not all_older([*dates, f"{SITE}/a-3"], dates, since)  # one undated
    assert all_older(list(dates), dates, since)
    assert not all_older(list(dates), dates, datetime(2025, 1, 17, tzinfo=UTC))
    assert not all_older([], {}, since)


US_LISTING = """<html><body><div class="list">
<article><h3><a href="/a-1">One</a></h3><p>11/05/2025</p></article>
<article><h3><a href="/a-2">Two</a></h3><p>11/25/2025 09:15</p></article>
<article><h3><a href="/a-3">Three</a></h3><p>25/11/2025</p></article>
</div></body></html>"""


@pytest.mark.parametrize(
    ("day_first", "first"),
    [
        (False, None),  # 11/05/2025 on a US site: 5 November or 11 May? Unknown: keep paging.
        (True, datetime(2025, 5, 11, tzinfo=UTC)),  # a Vietnamese site: 11 May
    ],
)
def test_ambiguous_teaser_dates_are_read_by_the_sites_convention(
    day_first: bool, first: datetime | None
) -> None:
    doc = parse_document(US_LISTING.encode(), "text/html; charset=utf-8")
    anchors = elements(doc, "//article//a[@href]", html.HtmlElement)
    dates = teaser_dates(anchors, SITE + "/list", day_first=day_first)
    assert dates.get(f"{SITE}/a-1") == first
    # A number above 12 tells the order either way.
    assert dates[f"{SITE}/a-2"] == datetime(2025, 11, 25, 9, 15, tzinfo=UTC)
    assert dates[f"{SITE}/a-3"] == datetime(2025, 11, 25, tzinfo=UTC)
    # Back-fill to 1 June: a US page of 5 November is not taken for 11 May (all older, stop).
    since = datetime(2025, 6, 1, tzinfo=UTC)
    assert all_older([f"{SITE}/a-1"], dates, since) is day_first


def test_a_sites_date_order_comes_from_its_language_or_its_profile() -> None:
    assert get_site("qdnd").day_first
    assert not get_site("defensenews").day_first
    assert replace(get_site("defensenews"), day_first_dates=True).day_first


def test_rejected_sitemap_and_feed_entries_are_drift_by_their_history() -> None:
    coverage = Coverage()
    for url, kind, profile, rejected, articles in (
        ("/first-most", "sitemap", True, 3, 1),  # first read, most rejected: drift
        ("/first-few", "feed", True, 1, 3),  # first read, a few rejected: counted only
        ("/found-most", "sitemap", False, 3, 1),  # found at run time (robots.txt): counted only
        ("/was-clean", "sitemap", True, 1, 9),  # earlier runs rejected none: drift
        ("/as-before", "feed", True, 2, 8),  # the share earlier runs had: no drift
        ("/rising", "feed", True, 5, 5),  # 50% where earlier runs had 20%: drift
        ("/listing", "listing", True, 9, 1),  # listings link other pages by nature
    ):
        coverage.source(SITE + url, kind, profile=profile)
        coverage.answered(SITE + url, 200)
        for n in range(rejected):
            coverage.entry(SITE + url, "not_article", entry_url=f"{SITE}/x-{n}.html")
        for _ in range(articles):
            coverage.entry(SITE + url, "new")
    coverage.entry(f"{SITE}/first-most", "off_site", entry_url="https://other.example/a-1")
    shares = {f"{SITE}/was-clean": 0.0, f"{SITE}/as-before": 0.2, f"{SITE}/rising": 0.2}
    found = {a.url: a.message for a in alarms("x", coverage.sources, {}, shares)}
    assert set(found) == {f"{SITE}/first-most", f"{SITE}/was-clean", f"{SITE}/rising"}
    assert found[f"{SITE}/was-clean"] == (
        f"x: the sitemap {SITE}/was-clean lists 1 of 10 entries that are not article URLs of "
        f"the site (first: {SITE}/x-0.html); earlier runs listed none"
    )
    assert found[f"{SITE}/rising"].endswith("earlier runs: up to 20% of its entries")
    assert found[f"{SITE}/first-most"].endswith("most of its entries, the first time it is read")
    (source,) = [s for s in from_dicts(coverage.as_dicts()) if s.url == f"{SITE}/first-most"]
    assert source.describe() == (
        f"sitemap  {SITE}/first-most  HTTP 200: 5 listed (1 new, 3 not-article, 1 off-site); "
        f"not taken as articles: {SITE}/x-0.html, {SITE}/x-1.html, {SITE}/x-2.html, "
        "https://other.example/a-1"
    )


def test_a_moved_listing_is_found_by_its_last_segment() -> None:
    links = [f"{SITE}/", f"{SITE}/the-thao", f"{SITE}/thoi-su/chinh-tri", "https://other/chinh-tri"]
    assert moved_listing(f"{SITE}/chinh-tri", links) == f"{SITE}/thoi-su/chinh-tri"
    assert moved_listing(f"{SITE}/quoc-te", links) is None
    assert moved_listing(f"{SITE}/", links) is None
