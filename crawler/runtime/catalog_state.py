"""The catalogue as a crawl's shared state: the components' base class, and the URL keys.

Components (the fetch-log middleware, the version pipelines, the run ledger, the spider)
share one Catalog per crawler, held by the run state (crawler.runtime.run_state), instead of
each opening the file: one connection, one writer.
Setting: CATALOG_ENABLED (off, every run fetches everything again).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured

from crawler.core.catalog.keys import normalize_key
from crawler.runtime import spider_api
from crawler.runtime.run_state import RunState

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from crawler.core.catalog.catalog import Catalog


def url_key(crawler: Crawler, url: str) -> str:
    """The URL as its site names it: under --base-url the spider maps a mirror's URLs back
    (site_url), so a mirror crawl and a live crawl share one history (normalize_key)."""
    return normalize_key(spider_api.site_url(crawler.spider, url))


class CatalogComponent:
    """A component that works on the crawler's catalogue: not configured without one."""

    def __init__(self, crawler: Crawler, catalog: Catalog) -> None:
        self.crawler = crawler
        self.catalog = catalog
        self.stats = crawler.stats
        self.state = RunState.of(crawler)
        self.settings = self.state.settings
        self.root = self.state.root

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        # opened on first use, closed when the engine stops (crawler.runtime.run_state)
        catalog = RunState.of(crawler).catalog
        if catalog is None:
            raise NotConfigured("CATALOG_ENABLED is off")
        return cls(crawler, catalog)
