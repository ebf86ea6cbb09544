"""Drift alarms: when an outlet's parser stops finding its own selectors, say so loudly.

Parsers fall back field by field (JSON-LD, <meta>, the generic extractor) when a selector finds
nothing, so a redesigned site still yields articles, only worse ones, and silently. Every
stored article carries where each field came from (Article.sources); this extension counts
them per crawl as stats (fields/<field>/<source>), and at the end warns for every field that
came from a fallback, or not at all, on more than DRIFT_THRESHOLD of at least
DRIFT_MIN_ARTICLES articles (a field many articles lack, such as tags, counts only when it
came from a fallback: crawler.core.sites.base.OPTIONAL_FIELDS). Pages of the generic parser are
not watched: it has no selectors of a site's own. The run report lists the counts and the alarms;
`defnews crawl --fail-on-drift` (DRIFT_FAIL) makes them exit status 3.

Settings: DRIFT_ENABLED (True), DRIFT_MIN_ARTICLES (5), DRIFT_THRESHOLD (0.5), DRIFT_FAIL (False).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.core.article import Article
from crawler.core.sites.base import drifted

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

PREFIX = "fields/"
ARTICLES = "fields/articles"
ALARMS = "drift/alarms"  # stats: the alarms, as dicts with a message
FAIL = "drift/fail"  # stats: True when DRIFT_FAIL wants them to fail the crawl


@dataclass(frozen=True)
class Alarm:
    field: str
    off: int  # articles whose field came from a fallback, or is missing
    articles: int
    sources: dict[str, int]  # fallback source or "missing" -> articles

    def describe(self, site: str) -> str:
        where = ", ".join(f"{name} {count}" for name, count in sorted(self.sources.items()))
        return (
            f"{site}: {self.field} came from a fallback or nowhere on {self.off} of "
            f"{self.articles} articles ({where}); the site's own selector found nothing, so "
            "its layout may have changed"
        )


def field_counts(stats: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """{field: {source: articles}} from a crawl's stats."""
    counts: dict[str, dict[str, int]] = {}
    for key, value in stats.items():
        if key.startswith(PREFIX) and key != ARTICLES:
            field, _, source = key[len(PREFIX) :].partition("/")
            counts.setdefault(field, {})[source] = int(value)
    return {field: dict(sorted(sources.items())) for field, sources in sorted(counts.items())}


def alarms(stats: Mapping[str, Any], minimum: int = 5, threshold: float = 0.5) -> list[Alarm]:
    """The fields that drifted in a crawl (none below `minimum` articles: too few to tell)."""
    articles = int(stats.get(ARTICLES, 0))
    if articles < minimum:
        return []
    found = []
    for field, sources in field_counts(stats).items():
        off = {name: count for name, count in sources.items() if drifted({field: name})}
        if sum(off.values()) > threshold * articles:
            found.append(Alarm(field, sum(off.values()), articles, off))
    return found


class DriftMonitor:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.minimum = settings.getint("DRIFT_MIN_ARTICLES", 5)
        self.threshold = settings.getfloat("DRIFT_THRESHOLD", 0.5)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("DRIFT_ENABLED", True):
            raise NotConfigured
        monitor = cls(crawler)
        crawler.signals.connect(monitor.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(monitor.spider_closed, signal=signals.spider_closed)
        return monitor

    def item_scraped(self, item: Any, spider: Spider) -> None:
        # The generic parser has no selectors of a site's own to lose: nothing to watch.
        if not isinstance(item, Article) or not item.sources or item.parser.startswith("generic/"):
            return
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value(ARTICLES)
        for field, source in item.sources.items():
            stats.inc_value(f"{PREFIX}{field}/{source}")

    def spider_closed(self, spider: Spider) -> None:
        # Before the run report (this extension connects first): it reads what is set here.
        stats = self.crawler.stats
        assert stats is not None
        site = str(getattr(getattr(spider, "site", None), "key", spider.name))
        found = alarms(stats.get_stats(), self.minimum, self.threshold)
        for alarm in found:
            logger.warning("parser drift: %s", alarm.describe(site))
        if found:
            stats.set_value(
                ALARMS, [{**asdict(alarm), "message": alarm.describe(site)} for alarm in found]
            )
            stats.set_value(FAIL, self.crawler.settings.getbool("DRIFT_FAIL", False))
