"""The watching pages' parts without a server: the Atom writer, the attention counts, the
changes of a catalogue from before article IDs (over the demo crawl's catalogue)."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import feedparser
import pytest

from crawler.core.catalog.article_ids import article_id
from crawler.core.follow import attention
from crawler.core.follow.changes import Change
from crawler.web import feeds
from crawler.web.watch_views import ChangeRow, recent_changes
from tests.support.cli import CrawlResult


def test_a_feed_escapes_what_articles_hold() -> None:
    change = Change(
        1,
        "qdnd",
        "https://x.vn/a?b=1&c=<2>",
        'A <b>"bold"</b> & \x07 title',
        "new",
        1,
        "2026-12-01T10:00:00+00:00",
    )
    row = ChangeRow(change, "abcdefghij", "k", "2026-11-30T08:00:00", "S & <p>", ["Ng & Co"])
    feed = feeds.Feed(
        "t & <t>", "http://h/feed.atom", "http://h/changes", "tag:defnews,2026:f", "http://h"
    )
    parsed = feedparser.parse(feeds.atom(feed, [row]))
    assert parsed.bozo == 0, parsed.bozo_exception
    entry = parsed.entries[0]
    assert entry.title == 'A <b>"bold"</b> &  title'  # the control character dropped
    assert entry.published == "2026-11-30T08:00:00+00:00"  # no offset: the catalogue's UTC
    assert [link.href for link in entry.links if link.rel == "via"] == ["https://x.vn/a?b=1&c=<2>"]
    assert parsed.feed.title == "t & <t>"


def test_too_long_a_span_keeps_only_the_days_with_matches(
    demo_crawl: CrawlResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    with closing(sqlite3.connect(demo_crawl.out / "catalog.sqlite")) as db, db:
        every_day = attention.attention(db, "ky thuat", by="day")
        monkeypatch.setattr(attention, "MAX_BUCKETS", 10)
        sparse = attention.attention(db, "ky thuat", by="day")
    assert every_day.gaps_kept and len(every_day.buckets) > 10
    assert not sparse.gaps_kept and sparse.counts == every_day.counts
    assert sparse.buckets == sorted({day for day, _ in every_day.counts})


def test_changes_of_a_catalogue_from_before_article_ids(
    demo_crawl: CrawlResult, tmp_path: Path
) -> None:
    """A read-only archive made before article IDs has no article column: IDs are computed."""
    copy = tmp_path / "catalog.sqlite"
    shutil.copy(demo_crawl.out / "catalog.sqlite", copy)
    with closing(sqlite3.connect(copy)) as db, db:
        db.execute("DROP INDEX articles_article")
        db.execute("ALTER TABLE articles DROP COLUMN article")
        rows = recent_changes(db, limit=5)
        keys = [str(row[0]) for row in db.execute("SELECT key FROM articles")]
    assert len(rows) == 5 and all(row.article == article_id(row.key) for row in rows)
    assert {row.key for row in rows} <= set(keys)


def test_a_second_takedown_is_a_new_feed_entry() -> None:
    """Removed, back, removed again with no new version between: three entries, each its own
    ID, so a feed reader shows the second takedown instead of taking it as already read."""
    rows = [
        ChangeRow(
            Change("abcdefghij", "qdnd", "https://x.vn/a", "T", kind, 1, at),
            "abcdefghij",
            "k",
            "2026-11-30T08:00:00",
            "",
            [],
        )
        for kind, at in (
            ("removed", "2026-12-03T10:00:00.000001+00:00"),
            ("restored", "2026-12-02T10:00:00.000001+00:00"),
            ("removed", "2026-12-01T10:00:00.000001+00:00"),
        )
    ]
    feed = feeds.Feed(
        "t", "http://h/feed.atom", "http://h/changes", "tag:defnews,2026:f", "http://h"
    )
    parsed = feedparser.parse(feeds.atom(feed, rows))
    assert parsed.bozo == 0, parsed.bozo_exception
    assert len({entry.id for entry in parsed.entries}) == 3
