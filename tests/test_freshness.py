"""Freshness, the per-link decision (new, due, known, older) and `--since`, on a real catalogue
in tmp_path: the rules the incremental crawls rely on, one case per row."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from crawler.core.catalog.catalog import Catalog
from crawler.core.catalog.freshness import Freshness, parse_since

NOW = datetime(2025, 5, 10, 12, 0, tzinfo=UTC)
HANOI = timezone(timedelta(hours=7))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("36h", NOW - timedelta(hours=36)),
        ("7d", NOW - timedelta(days=7)),
        (" 2W ", NOW - timedelta(weeks=2)),
        ("90m", NOW - timedelta(minutes=90)),
        ("2025-05-01", datetime(2025, 5, 1, tzinfo=UTC)),  # no offset: UTC
        ("2025-05-01T08:00+07:00", datetime(2025, 5, 1, 1, 0, tzinfo=UTC)),
        ("2025-05-01T08:00:00Z", datetime(2025, 5, 1, 8, 0, tzinfo=UTC)),
    ],
)
def test_since_reads_dates_times_and_ages(value: str, expected: datetime) -> None:
    found = parse_since(value, now=NOW)
    assert found == expected and found.utcoffset() == timedelta(0)


@pytest.mark.parametrize("value", ["yesterday", "7", "7y", "-3d", "", "2025-13-01", "0001-01-01T00:00+01:00"])  # fmt: skip
def test_since_refuses_anything_else_in_one_line(value: str) -> None:
    with pytest.raises(ValueError, match=r"^--since wants a date \(2025-05-01\)") as raised:
        parse_since(value, now=NOW)
    assert repr(value) in str(raised.value) and "\n" not in str(raised.value)


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    with Catalog(tmp_path / "catalog.sqlite") as opened:
        yield opened


def _fetched(
    catalog: Catalog,
    key: str,
    outcome: str,
    *,
    at: datetime = NOW - timedelta(days=1),
    source_date: str = "",
    warc: bool = True,
) -> None:
    """A fetch of an article page as a crawl records it: the fetch, then its outcome."""
    catalog.record_fetch(
        key=key,
        site="qdnd",
        kind="article",
        url=f"https://www.qdnd.vn/{key}",
        status=200,
        body_location=("a.warc.gz", 10, 100) if warc else None,
        source_date=source_date,
        fetched_at=at,
    )
    catalog.mark_outcome(key, outcome)


def test_a_link_never_fetched_is_new_and_one_fetched_is_known(catalog: Catalog) -> None:
    _fetched(catalog, "stored", "stored")
    fresh = Freshness(catalog, started=NOW)
    assert fresh.decide("never", None) == "new"
    assert fresh.decide("stored", None) == "known"
    assert fresh.archived_before("stored") and not fresh.archived_before("never")
    assert Freshness(None, started=NOW).decide("stored", None) == "new"  # no catalogue: all new


def test_a_later_date_from_the_site_makes_an_archived_link_due(catalog: Catalog) -> None:
    # The sitemap dated it 08:00 Hanoi time (01:00 UTC) when we fetched it.
    _fetched(catalog, "dated", "stored", source_date="2025-05-09T01:00:00+00:00")
    fresh = Freshness(catalog, started=NOW)
    assert fresh.decide("dated", datetime(2025, 5, 9, 8, 0, tzinfo=HANOI)) == "known"  # same
    assert fresh.decide("dated", datetime(2025, 5, 9, 8, 1, tzinfo=HANOI)) == "due"
    assert fresh.decide("dated", datetime(2025, 5, 8, tzinfo=UTC)) == "known"  # older news
    assert fresh.decide("dated", None) == "known"


def test_a_link_undated_when_fetched_is_due_only_when_dated_after_the_fetch(
    catalog: Catalog,
) -> None:
    fetched = NOW - timedelta(days=1)
    _fetched(catalog, "listed", "stored", at=fetched)
    fresh = Freshness(catalog, started=NOW)
    assert fresh.decide("listed", fetched - timedelta(minutes=1)) == "known"
    assert fresh.decide("listed", fetched + timedelta(minutes=1)) == "due"


def test_refresh_makes_every_archived_link_due(catalog: Catalog) -> None:
    _fetched(catalog, "stored", "stored")
    assert Freshness(catalog, started=NOW, refresh=True).decide("stored", None) == "due"


def test_since_leaves_out_links_dated_before_it(catalog: Catalog) -> None:
    since = datetime(2025, 5, 1, tzinfo=UTC)
    fresh = Freshness(catalog, started=NOW, since=since)
    assert fresh.decide("old", since - timedelta(seconds=1)) == "older"
    assert fresh.decide("old", since) == "new"
    assert fresh.decide("undated", None) == "new"  # no date: fetched, the page decides


def test_a_page_found_too_old_stays_too_old_for_a_later_since_only(catalog: Catalog) -> None:
    _fetched(catalog, "page", "older", source_date="2025-04-01T00:00:00+00:00")
    april = datetime(2025, 4, 1, tzinfo=UTC)
    assert Freshness(catalog, NOW, since=april + timedelta(days=1)).decide("page", None) == "older"
    assert Freshness(catalog, NOW, since=april).decide("page", None) == "new"  # not before it
    assert Freshness(catalog, NOW).decide("page", None) == "new"  # no --since: fetch it now


@pytest.mark.parametrize(
    ("outcome", "age", "decision"),
    [
        ("stored", timedelta(days=30), "known"),
        ("unchanged", timedelta(days=30), "known"),
        ("moved", timedelta(days=30), "known"),
        ("duplicate", timedelta(days=30), "known"),
        ("gone", timedelta(days=1), "known"),  # a 404 may pass: retried after a week
        ("gone", timedelta(days=8), "new"),
        ("not-article", timedelta(days=8), "new"),
        ("", timedelta(days=1), "new"),  # fetched, never extracted: a run killed in between
        ("error", timedelta(minutes=5), "new"),
    ],
)
def test_outcomes_that_are_final_and_ones_retried(
    catalog: Catalog, outcome: str, age: timedelta, decision: str
) -> None:
    # Fetch.done() measures the retry window from the real clock: date the fetch by it.
    _fetched(catalog, "page", outcome, at=datetime.now(UTC) - age)
    assert Freshness(catalog, started=datetime.now(UTC)).decide("page", None) == decision


def test_with_the_archive_on_an_article_stored_without_its_capture_is_fetched_again(
    catalog: Catalog,
) -> None:
    _fetched(catalog, "adopted", "stored", warc=False)  # files adopted, no WARC record
    _fetched(catalog, "captured", "stored")
    assert Freshness(catalog, NOW, captures=False).decide("adopted", None) == "known"
    with_archive = Freshness(catalog, NOW, captures=True)
    assert with_archive.decide("adopted", None) == "new"
    assert with_archive.decide("captured", None) == "known"
    assert not with_archive.archived_before("adopted")


def test_archived_before_means_by_an_earlier_run(catalog: Catalog) -> None:
    started = NOW - timedelta(hours=1)
    _fetched(catalog, "earlier", "stored", at=started - timedelta(seconds=1))
    _fetched(catalog, "this-run", "stored", at=started + timedelta(seconds=1))
    fresh = Freshness(catalog, started=started)
    assert fresh.archived_before("earlier") and not fresh.archived_before("this-run")
