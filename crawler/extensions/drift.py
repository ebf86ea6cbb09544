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

The counts and alarms go to the run state (crawler.runtime.run_state) at its DRIFT stage, before
the report and the ledger read them; the stats get a copy for people.
Settings: DRIFT_ENABLED, DRIFT_MIN_ARTICLES, DRIFT_THRESHOLD, DRIFT_FAIL (docs/settings.md).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

import crawler.settings as project
from crawler.core.article import Article
from crawler.core.sites.base import drifted
from crawler.runtime import spider_api, stat_keys
from crawler.runtime.run_state import RunState, Stage
from crawler.runtime.summary import field_counts

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

PREFIX = stat_keys.FIELDS
ARTICLES = stat_keys.FIELD_ARTICLES


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


def alarms(
    stats: Mapping[str, Any],
    minimum: int = project.DRIFT_MIN_ARTICLES,
    threshold: float = project.DRIFT_THRESHOLD,
) -> list[Alarm]:
    """The fields that drifted in a crawl (none below `minimum` articles: too few to tell),
    from fields/<field>/<source> counts. The defaults are crawler/settings.py's, for callers
    without a crawler (tests, tools)."""
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
        self.state = RunState.of(crawler)
        settings = self.state.settings
        self.minimum = settings.getint("DRIFT_MIN_ARTICLES")
        self.threshold = settings.getfloat("DRIFT_THRESHOLD")
        # fields/articles and fields/<field>/<source>: this monitor's own count, not the stats'.
        self.counts: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not RunState.of(crawler).settings.getbool("DRIFT_ENABLED"):
            raise NotConfigured
        monitor = cls(crawler)
        crawler.signals.connect(monitor.item_scraped, signal=signals.item_scraped)
        monitor.state.on_close(Stage.DRIFT, monitor.spider_closed)
        return monitor

    def item_scraped(self, item: Any, spider: Spider) -> None:
        # The generic parser has no selectors of a site's own to lose: nothing to watch.
        if not isinstance(item, Article) or not item.sources or item.parser.startswith("generic/"):
            return
        keys = [ARTICLES, *(f"{PREFIX}{field}/{source}" for field, source in item.sources.items())]
        for key in keys:
            self.counts[key] += 1
            if self.crawler.stats is not None:  # a copy for people
                self.crawler.stats.inc_value(key)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        site = spider_api.site_key(spider)
        found = alarms(self.counts, self.minimum, self.threshold)
        for alarm in found:
            logger.warning("parser drift: %s", alarm.describe(site))
        self.state.set_drift(
            field_counts(self.counts),
            [{**asdict(alarm), "message": alarm.describe(site)} for alarm in found],
        )
