"""The catalogue's tables one by one (crawler.core.catalog: urls_table, articles_table,
stored_articles, schema), on a real SQLite file: what a fetch leaves, what makes a version,
what a transaction undoes. The crawls that drive them end to end are in test_incremental.py
and test_identity.py."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from crawler.core.catalog import search
from crawler.core.catalog.catalog import Catalog, CatalogError, content_hash
from crawler.core.catalog.schema import SCHEMA_VERSION, Transaction
from crawler.core.catalog.urls_table import Fetch

KEY = "https://example.mil/news/1"
WARC = {"file": "warc/a.warc.gz", "offset": 10, "length": 99, "record_id": "<urn:uuid:a>"}


def _fields(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "url": KEY, "site": "example", "title": "Tanks", "summary": "", "text": "Armour rolls.",
        "authors": ["Ann Lee"], "credit": "", "published": "2025-03-04T10:00:00+00:00",
        "modified": "", "section": [], "tags": [], "parser": "example-v1", "warc": WARC,
        "images": [{"url": "https://cdn.example/1.jpg", "caption": "A tank", "credit": "DoD"}],
    }  # fmt: skip
    return {**fields, **changes}


@pytest.fixture
def catalog(tmp_path: Path) -> Any:
    with Catalog(tmp_path / "catalog.sqlite") as opened:
        yield opened


def test_a_new_file_has_every_table_at_this_schema_version(catalog: Catalog) -> None:
    assert catalog.current()
    assert catalog.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    catalog.db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    catalog.close()
    with pytest.raises(CatalogError, match="written by a newer defnews"):
        Catalog(catalog.path)


def test_a_fetch_is_remembered_and_a_304_keeps_what_it_confirmed(catalog: Catalog) -> None:
    catalog.record_fetch(key=KEY, site="example", kind="article", url=KEY, status=200,
                         etag='"v1"', content_type="text/html", body_location=("warc/a", 5, 50),
                         outcome="stored", source_date="2025-03-04T00:00:00+00:00")  # fmt: skip
    first = catalog.fetch(KEY)
    assert isinstance(first, Fetch)
    assert (first.status, first.etag, first.warc_file, first.warc_offset, first.outcome) == (
        200, '"v1"', "warc/a", 5, "stored",
    )  # fmt: skip
    catalog.record_fetch(key=KEY, site="example", kind="article", url=KEY, status=304,
                         source_date="2025-01-01T00:00:00+00:00")  # fmt: skip
    again = catalog.fetch(KEY)
    assert again is not None
    assert (again.status, again.etag, again.warc_file, again.warc_offset) == (
        304,
        '"v1"',
        "warc/a",
        5,
    )
    assert again.outcome == ""  # not archived again until its extraction is stored
    assert again.source_date == "2025-03-04T00:00:00+00:00"  # an older date never lowers it
    assert catalog.fetch("https://example.mil/never") is None


def test_a_final_outcome_is_done_and_an_expiring_one_only_for_a_while() -> None:
    def fetched(outcome: str, ago: timedelta) -> Fetch:
        when = datetime.now(UTC) - ago
        return Fetch(KEY, "article", 200, when, "", "", "", "", 0, outcome, "")

    day = timedelta(days=1)
    assert fetched("stored", 100 * day).done(day) and fetched("duplicate", 100 * day).done(day)
    assert fetched("gone", timedelta(hours=1)).done(day)
    assert not fetched("gone", 2 * day).done(day)
    assert not fetched("", timedelta(0)).done(day) and not fetched("older", timedelta(0)).done(day)


def _outcome(catalog: Catalog) -> str:
    fetch = catalog.fetch(KEY)
    assert fetch is not None
    return fetch.outcome


def test_what_a_reader_sees_makes_a_version_and_nothing_else(catalog: Catalog) -> None:
    catalog.record_fetch(key=KEY, site="example", kind="article", url=KEY, status=200)
    assert catalog.store_article(KEY, _fields(), files="example/tanks") == ("new", 1)
    assert _outcome(catalog) == "stored"
    restamped = _fields(modified="2025-03-05T00:00:00+00:00", warc=None,
                        images=[{"url": "https://cdn2.example/1.jpg", "caption": "A tank",
                                 "credit": "DoD"}])  # fmt: skip
    assert catalog.store_article(KEY, restamped) == ("unchanged", 1)
    latest = catalog.latest(KEY)
    assert latest is not None and latest.files == "example/tanks"
    assert latest.fields["modified"] == "2025-03-05T00:00:00+00:00"
    assert latest.fields["warc"] == WARC  # a capture is never replaced by none
    assert _outcome(catalog) == "unchanged"
    changes: list[dict[str, Any]] = [
        {"authors": []},
        {"published": "2025-03-03T10:00:00+00:00"},
        {"images": [{"url": "x", "caption": "Another", "credit": "DoD"}]},
    ]
    for change in changes:
        assert content_hash(_fields(**change)) != content_hash(_fields()), change
    assert catalog.store_article(KEY, _fields(authors=[])) == ("changed", 2)
    first, second = catalog.versions(KEY)
    assert (first.version, first.files) == (1, "example/tanks.v1")  # kept beside the new one
    assert (second.version, second.files) == (2, "")


def test_search_finds_the_latest_version_only(catalog: Catalog) -> None:
    catalog.store_article(KEY, _fields())
    catalog.store_article(KEY, _fields(text="Armour rolls; infantry follows."))
    hits = search.search(catalog.db, "infantry")
    assert [hit.article_id for hit in hits] == [catalog.versions(KEY)[-1].id]
    # Words both versions hold: one hit, the latest.
    assert [hit.article_id for hit in search.search(catalog.db, "rolls")] == [hits[0].article_id]


def test_an_article_is_found_by_id_url_and_version(catalog: Catalog) -> None:
    catalog.store_article(KEY, _fields())
    catalog.store_article(KEY, _fields(title="Tanks, revised"))
    first, second = catalog.versions(KEY)
    assert catalog.find(KEY) == second and catalog.find(KEY, version=1) == first
    assert catalog.find(str(first.id)) == first and catalog.find(str(first.id), version=2) == second
    assert catalog.find(KEY + "?utm_source=x") == second  # one article, one key
    assert catalog.find("https://example.mil/other") is None and catalog.find(str(2**63)) is None
    figures = catalog.site_figures()
    assert [(f["site"], f["articles"], f["versions"]) for f in figures] == [("example", 1, 2)]


def test_a_failed_transaction_leaves_nothing(catalog: Catalog) -> None:
    with pytest.raises(sqlite3.IntegrityError), Transaction(catalog.db):
        catalog.db.execute(
            "INSERT INTO runs (site, started, status) VALUES ('example', 'now', 'running')"
        )
        catalog.db.execute("INSERT INTO runs (id, site, started, status) VALUES (1, 'x', 'y', 'z')")
    assert catalog.db.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 0
