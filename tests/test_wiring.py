"""What the components read from a spider, through crawler.runtime.spider_api: both of
defnews' spiders satisfy its protocols, and a spider of Scrapy's own gets the documented
answers (no site, no failures, never partial)."""

from __future__ import annotations

from pathlib import Path

from scrapy import Spider
from scrapy.utils.test import get_crawler

from crawler.runtime import spider_api
from crawler.runtime.spider_api import KeepsFailures, SiteCrawl
from crawler.spiders.archive import ArchiveSpider
from crawler.spiders.news import NewsSpider


def test_the_news_spider_is_a_crawl_of_one_site(tmp_path: Path) -> None:
    settings = {"OUTPUT_DIR": str(tmp_path), "CATALOG_ENABLED": False, "EXTRACTION_WORKERS": 0}
    spider = NewsSpider.from_crawler(
        get_crawler(NewsSpider, settings),
        site="qdnd",
        base_url="http://127.0.0.1:8000/",
        max_articles="3",
    )
    crawl: SiteCrawl = spider  # mypy checks it structurally too (tests/test_wiring.py)
    assert isinstance(crawl, SiteCrawl)
    assert spider_api.one_site(spider) is spider
    assert spider_api.site_key(spider) == "qdnd"
    assert spider_api.failures_of(spider) == []
    assert spider_api.is_partial(spider) is False
    # A mirror's URL is the site's own to the catalogue.
    mirrored = spider_api.site_url(spider, "http://127.0.0.1:8000/a.html")
    assert mirrored == f"{spider.site.origin.rstrip('/')}/a.html"
    assert spider_api.source_date(spider, "http://127.0.0.1:8000/a.html") == ""
    assert spider_api.run_options(spider) == {
        "origin": "http://127.0.0.1:8000",
        "max_articles": "3",
    }
    spider.partial = True
    assert spider_api.is_partial(spider) is True


def test_the_archive_spider_keeps_failures_but_crawls_no_site() -> None:
    spider = ArchiveSpider(urls="http://127.0.0.1/a http://127.0.0.1/b")
    keeps: KeepsFailures = spider
    assert isinstance(keeps, KeepsFailures)
    assert not isinstance(spider, SiteCrawl)
    spider.failures.append({"url": "http://127.0.0.1/a", "reason": "HTTP 500"})
    assert spider_api.failures_of(spider) == [{"url": "http://127.0.0.1/a", "reason": "HTTP 500"}]
    assert spider_api.site_key(spider) == "archive"
    assert spider_api.site_url(spider, "http://127.0.0.1/a?x=1") == "http://127.0.0.1/a?x=1"
    assert spider_api.run_options(spider) == {}
    assert spider_api.is_partial(spider) is False


def test_a_spider_of_scrapys_own_gets_the_plain_answers() -> None:
    spider = Spider(name="plain")
    assert spider_api.one_site(spider) is None
    assert spider_api.site_key(spider) == "plain"
    assert spider_api.failures_of(spider) == []
    assert spider_api.source_date(None, "http://127.0.0.1/a") == ""
    assert spider_api.site_url(None, "http://127.0.0.1/a") == "http://127.0.0.1/a"


def test_the_warc_extension_names_every_figure_of_the_run_state() -> None:
    from typing import get_args

    from crawler.extensions.warc import Figure
    from crawler.runtime.summary import WarcFigures

    assert set(get_args(Figure)) == set(WarcFigures.__dataclass_fields__)
