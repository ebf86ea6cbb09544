"""What the components read from the spider, as a typed protocol instead of getattr.

Two spiders run through the same components: NewsSpider crawls one outlet (a site profile,
a mirror's URLs mapped back to the site's, dates from sitemaps and feeds, a run that may be
partial on purpose), ArchiveSpider fetches given URLs and has none of that. A component asks
through the functions here, which say what a spider without the attribute means (a spider
of Scrapy's own, in a test, has neither), rather than each guessing with getattr.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from scrapy import Spider


class Site(Protocol):
    @property
    def key(self) -> str: ...


@runtime_checkable
class KeepsFailures(Protocol):
    """A spider that keeps its failed requests for the run report (both of defnews')."""

    @property
    def failures(self) -> list[dict[str, str]]: ...


@runtime_checkable
class SiteCrawl(KeepsFailures, Protocol):
    """A spider that crawls one outlet (NewsSpider)."""

    @property
    def site(self) -> Site: ...

    # True when the run leaves articles out on purpose (a budget, --since): not a complete
    # picture of what the site holds, for the next run's listing stop.
    @property
    def partial(self) -> bool: ...

    # The arguments that shape what a run fetches, kept with the run (`defnews runs`).
    @property
    def origin(self) -> str: ...
    @property
    def max_articles(self) -> int | None: ...
    @property
    def refresh(self) -> bool: ...
    @property
    def since(self) -> datetime | None: ...

    def site_url(self, url: str) -> str:
        """The URL as the site names it (a mirror's, under --base-url, mapped back)."""
        ...

    def source_date(self, url: str) -> str:
        """The latest date sitemaps and feeds gave the article in this run ("" if none)."""
        ...


def one_site(spider: Spider | None) -> SiteCrawl | None:
    """The spider as a crawl of one outlet, or None (the archive spider, Scrapy's own)."""
    if spider is None:
        return None
    # A class found to crawl one site is remembered: isinstance against a runtime Protocol
    # walks its members every time, and this is asked several times for every page. A "no"
    # is asked again (a spider not yet set up may lack members it will have).
    kind = type(spider)
    if kind in _CRAWLS_ONE_SITE or isinstance(spider, SiteCrawl):
        _CRAWLS_ONE_SITE.add(kind)
        return spider  # type: ignore[return-value]
    return None


_CRAWLS_ONE_SITE: set[type] = set()


def site_key(spider: Spider) -> str:
    """The site key a spider crawls (its name for spiders without one)."""
    crawl = one_site(spider)
    return str(crawl.site.key) if crawl is not None else str(spider.name)


def failures_of(spider: Spider) -> list[dict[str, str]]:
    return list(spider.failures) if isinstance(spider, KeepsFailures) else []


def is_partial(spider: Spider) -> bool:
    crawl = one_site(spider)
    return bool(crawl.partial) if crawl is not None else False


def site_url(spider: Spider | None, url: str) -> str:
    crawl = one_site(spider)
    return str(crawl.site_url(url)) if crawl is not None else url


def source_date(spider: Spider | None, url: str) -> str:
    crawl = one_site(spider)
    return str(crawl.source_date(url)) if crawl is not None else ""


def run_options(spider: Spider) -> dict[str, str]:
    """The arguments that shape what a run fetches, for `defnews runs` (those given only)."""
    crawl = one_site(spider)
    if crawl is None:
        return {}
    options = {
        "origin": crawl.origin,
        "max_articles": crawl.max_articles,
        "refresh": crawl.refresh,
        "since": crawl.since,
    }
    return {name: str(value) for name, value in options.items() if value}
