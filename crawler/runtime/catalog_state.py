"""The catalogue as a crawl's shared state: one connection per crawler, and the URL keys.

Components (the fetch-log middleware, the version pipelines, the run ledger, the spider)
share one Catalog per crawler instead of each opening the file: one connection, one writer.
Setting: CATALOG_ENABLED (default True; off, every run fetches everything again).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.core.catalog.catalog import Catalog
from crawler.core.catalog.keys import normalize_key

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler

_OPEN: WeakKeyDictionary[Crawler, Catalog] = WeakKeyDictionary()


def catalog_path(crawler: Crawler) -> Path:
    return Path(crawler.settings.get("OUTPUT_DIR") or "output") / "catalog.sqlite"


def catalog_for(crawler: Crawler) -> Catalog | None:
    """The crawler's catalogue, opened on first use and closed when the engine stops."""
    if not crawler.settings.getbool("CATALOG_ENABLED", True):
        return None
    catalog = _OPEN.get(crawler)
    if catalog is None:
        catalog = _OPEN[crawler] = Catalog(catalog_path(crawler))

        def close() -> None:
            _OPEN.pop(crawler, None)
            catalog.close()

        # engine_stopped comes after every spider_closed handler: nothing uses it after that.
        crawler.signals.connect(close, signal=signals.engine_stopped, weak=False)
    return catalog


def url_key(crawler: Crawler, url: str) -> str:
    """The URL as its site names it: under --base-url the spider maps a mirror's URLs back
    (site_url), so a mirror crawl and a live crawl share one history (normalize_key)."""
    return normalize_key(str(getattr(crawler.spider, "site_url", lambda same: same)(url)))


def site_of(spider: Spider) -> str:
    """The site key a spider crawls (its name for spiders without one)."""
    return str(getattr(getattr(spider, "site", None), "key", None) or spider.name)


def run_id(crawler: Crawler) -> int | None:
    value = crawler.stats.get_value("run/id") if crawler.stats else None
    return int(value) if value is not None else None


class CatalogComponent:
    """A component that works on the crawler's catalogue: not configured without one."""

    def __init__(self, crawler: Crawler, catalog: Catalog) -> None:
        self.crawler = crawler
        self.catalog = catalog
        self.stats = crawler.stats
        self.root = Path(crawler.settings.get("OUTPUT_DIR") or "output")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        catalog = catalog_for(crawler)
        if catalog is None:
            raise NotConfigured("CATALOG_ENABLED is off")
        return cls(crawler, catalog)
