"""A date the page gives without an offset, from a site whose zone is not known, keeps its own
meaning: the wall-clock time as written, no offset, through extraction and through a stored
article (the catalogue, the text file, the JSON record, the month folder, `defnews list`).
It is never given Hanoi's offset (the shared layer used to default to +07:00) nor UTC's."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from crawler.core.sites import extract
from crawler.core.sites.base import ZONE_UNKNOWN
from crawler.core.times import utc_iso
from tests.support.cli import FAST, run_cli
from tests.support.sites.static import Page, StaticSite

PATH = "/2025/03/04/army-picks-new-radar-for-air-defense/"
WALL_CLOCK = "2025-03-04T10:00:00"
PARAGRAPHS = (
    (
        "The Army picked a new radar for its short-range air defense battalions on Tuesday, "
        "ending a competition that ran for two years between three vendors."
    ),
    (
        "The radar will be mounted on a wheeled vehicle and will track drones, helicopters and "
        "cruise missiles at the same time, program officials told reporters at the Pentagon."
    ),
    (
        "The first battalion is to receive its radars next year, the officials said, and the rest "
        "of the force within five years if the budget holds."
    ),
)


def us_page(published: str = WALL_CLOCK) -> bytes:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Army picks new radar for air defense",
        "datePublished": published,
        "dateModified": published,
        "author": {"@type": "Person", "name": "Dana Reyes"},
    }
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>Army picks new radar for air defense</title>"
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head>'
        f"<body><article><h1>Army picks new radar for air defense</h1>{body}</article>"
        "</body></html>"
    ).encode()


def test_the_generic_parser_keeps_the_wall_clock_and_says_the_zone_is_unknown() -> None:
    article = extract(us_page(), "https://news.example.com" + PATH)
    assert article.parser == "generic/1"
    assert article.published == WALL_CLOCK and article.modified == WALL_CLOCK
    assert article.sources["published_zone"] == article.sources["modified_zone"] == ZONE_UNKNOWN
    # A date that names its offset keeps it, and no note is made.
    named = extract(us_page("2025-03-04T10:00:00-05:00"), "https://news.example.com" + PATH)
    assert named.published == "2025-03-04T10:00:00-05:00"
    assert "published_zone" not in named.sources


def test_an_unknown_zone_is_a_note_not_drift() -> None:
    """The drift alarms count where fields came from; a note on a date's zone is no fallback."""
    from crawler.core.sites.base import drifted

    assert drifted({"published": "primary", "published_zone": ZONE_UNKNOWN}) == []
    assert drifted({"published": "fallback:meta"}) == ["published"]


def test_a_profiled_outlet_gives_the_zone_it_declares() -> None:
    """breakingdefense declares New York's zone: the same page there is 10:00 Eastern."""
    article = extract(us_page(), "https://breakingdefense.com" + PATH)
    assert article.parser == "breakingdefense/2024"
    assert article.published == "2025-03-04T10:00:00-05:00"
    assert "published_zone" not in article.sources


def test_sitemap_dates_take_the_outlets_zone_or_none() -> None:
    from crawler.core.extraction.feeds import parse_sitemap
    from crawler.core.sites import get_site

    body = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
        b"<loc>https://example.com/a-b-c</loc><lastmod>2025-03-04T10:00:00</lastmod></url></urlset>"
    )
    assert parse_sitemap(body).entries[0].modified == WALL_CLOCK
    zone = get_site("qdnd").zone
    assert parse_sitemap(body, zone).entries[0].modified == "2025-03-04T10:00:00+07:00"
    assert get_site("defensepost").zone is None


def test_the_catalogue_orders_an_unzoned_date_by_its_wall_clock_not_as_utc() -> None:
    assert utc_iso(WALL_CLOCK) == WALL_CLOCK
    assert utc_iso("2025-03-04T10:00:00-05:00") == "2025-03-04T15:00:00+00:00"
    assert utc_iso("not a date") == ""


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("unzoned")
    start = b'<html><body><a href="' + PATH.encode() + b'">Radar</a></body></html>'
    with StaticSite({"/": Page(start), PATH: Page(us_page())}) as site:
        done = run_cli("crawl", "--start", site.base_url + "/", "--out", str(out), *FAST)
        assert done.returncode == 0, done.stderr
        assert PATH in site.requests
    return out


def test_a_stored_article_keeps_the_date_as_the_page_gave_it(stored: Path) -> None:
    (record_path,) = (stored / "articles").rglob("*.json")
    # Filed under the month the page wrote, not the one a shifted zone would give.
    assert record_path.parent.relative_to(stored / "articles").parts == ("127-0-0-1", "2025", "03")
    record = json.loads(record_path.read_text(encoding="utf-8"))
    assert record["published"] == WALL_CLOCK and record["modified"] == WALL_CLOCK
    text = record_path.with_suffix(".txt").read_text(encoding="utf-8")
    assert text.splitlines()[2] == WALL_CLOCK  # the line under the title: date (and credit)
    with closing(sqlite3.connect(stored / "catalog.sqlite")) as db, db:
        rows = db.execute("SELECT published, published_utc, fields FROM articles").fetchall()
    ((published, published_utc, fields),) = rows
    assert published == published_utc == WALL_CLOCK
    assert json.loads(fields)["published"] == WALL_CLOCK


def test_list_and_export_show_it_and_filter_it_by_its_wall_clock(stored: Path) -> None:
    listed = run_cli("list", "--out", str(stored), "--json", "--since", "2025-03-04")
    assert listed.returncode == 0, listed.stderr
    (row,) = [json.loads(line) for line in listed.stdout.splitlines()]
    assert row["published"] == WALL_CLOCK
    later = run_cli("list", "--out", str(stored), "--json", "--since", "2025-03-05")
    assert later.returncode == 0 and later.stdout == ""
    exported = run_cli("export", "--out", str(stored), "--format", "jsonl")
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout.splitlines()[0])["published"] == WALL_CLOCK
