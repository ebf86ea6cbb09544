"""The version pipelines as Scrapy components (scrapy.utils.test.get_crawler), without a crawl:
an article passed through VersionPipeline, the text files pipeline and CatalogPipeline, as the
crawl's ITEM_PIPELINES order has them, on a real catalogue and real files in tmp_path."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from crawler.core.article import Article
from crawler.core.catalog.catalog import Catalog
from crawler.pipelines.text_files import TextFilesPipeline
from crawler.pipelines.versions import CatalogPipeline, Unchanged, VersionPipeline
from tests.conftest import MakeCrawler

URL = "https://www.qdnd.vn/quoc-phong-an-ninh/tin-tuc/bai-thu-711953"


def _article(text: str, **fields: object) -> Article:
    values: dict[str, object] = {
        "url": URL,
        "site": "qdnd",
        "title": "Bài thử",
        "text": text,
        "published": "2025-05-01T08:00:00+07:00",
        **fields,
    }
    return Article(**values)  # type: ignore[arg-type]


@pytest.fixture
def crawler(make_crawler: MakeCrawler, tmp_path: Path) -> Crawler:
    crawler = make_crawler(OUTPUT_DIR=str(tmp_path))
    crawler.stats.open_spider()
    return crawler


@pytest.fixture
def store(crawler: Crawler) -> Callable[[Article], Article]:
    """The three pipelines in the crawl's order (300, 500, 700)."""
    stages = [
        VersionPipeline.from_crawler(crawler),
        TextFilesPipeline.from_crawler(crawler),
        CatalogPipeline.from_crawler(crawler),
    ]

    def run(item: Article) -> Article:
        for stage in stages:
            item = stage.process_item(item)
        return item

    return run


def _versions(root: Path) -> list[tuple[int, str, str]]:
    with Catalog(root / "catalog.sqlite") as catalog:
        return [(v.version, v.files, v.fields["text"]) for v in catalog.versions(URL)]


def _text(root: Path, stem: str) -> str:
    return str(json.loads((root / f"{stem}.json").read_text(encoding="utf-8"))["text"])


def test_a_new_article_is_stored_with_its_files(
    store: Callable[[Article], Article], crawler: Crawler, tmp_path: Path
) -> None:
    stored = store(_article("first words"))
    ((version, files, text),) = _versions(tmp_path)
    assert (version, text) == (1, "first words") and files == stored.files
    assert _text(tmp_path, files) == "first words"
    assert (tmp_path / f"{files}.txt").is_file()
    assert crawler.stats.get_value("articles/new") == 1


def test_the_same_text_again_is_dropped_as_unchanged(
    store: Callable[[Article], Article], crawler: Crawler, tmp_path: Path
) -> None:
    store(_article("first words"))
    with pytest.raises(Unchanged):
        store(_article("first words", modified="2025-05-02T08:00:00+07:00"))
    assert [v for v, _, _ in _versions(tmp_path)] == [1]
    # The modified date is refreshed on the record, and is no version of its own.
    with Catalog(tmp_path / "catalog.sqlite") as catalog:
        latest = catalog.latest(URL)
    assert latest is not None and latest.fields["modified"] == "2025-05-02T08:00:00+07:00"
    assert crawler.stats.get_value("articles/unchanged") == 1


def test_a_changed_article_is_a_new_version_and_the_old_one_is_kept_beside_it(
    store: Callable[[Article], Article], crawler: Crawler, tmp_path: Path
) -> None:
    first = store(_article("first words"))
    store(_article("revised words"))
    store(_article("revised words", authors=["Lê Văn A"]))  # an author is a version too
    versions = _versions(tmp_path)
    assert [(v, t) for v, _, t in versions] == [
        (1, "first words"),
        (2, "revised words"),
        (3, "revised words"),
    ]
    assert [f for _, f, _ in versions] == [f"{first.files}.v1", f"{first.files}.v2", first.files]
    for _, files, text in versions:
        assert _text(tmp_path, files) == text
    assert crawler.stats.get_value("articles/changed") == 2


def test_without_text_files_only_the_catalogue_holds_the_versions(tmp_path: Path) -> None:
    crawler = get_crawler(
        settings_dict={
            "OUTPUT_DIR": str(tmp_path),
            "EXTENSIONS_BASE": {},
            "TEXT_FILES_ENABLED": False,
        }
    )
    crawler.stats.open_spider()
    try:
        versions, catalog = (
            VersionPipeline.from_crawler(crawler),
            CatalogPipeline.from_crawler(crawler),
        )
        for text in ("first words", "revised words"):
            catalog.process_item(versions.process_item(_article(text)))
    finally:
        crawler.signals.send_catch_log(signal=signals.engine_stopped)
    assert _versions(tmp_path) == [(1, "", "first words"), (2, "", "revised words")]
    assert not (tmp_path / "articles").exists()
