"""Drop items that are not articles. Stats: pipeline/dropped/<reason>."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem

from crawler import not_stored
from crawler.items import Article

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler


class NotAnArticle(DropItem):
    """The page matched an article URL but holds no article: later runs need not fetch it."""


class ValidatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Article) -> Article:
        reason = ""
        if not item.title:
            reason = "no-title"
        elif not item.text:
            reason = "no-text"
        elif item.parser.startswith("generic/") and _dated_by(item) in (
            "missing",
            "fallback:htmldate",
        ):
            # An outlet without a profile: an about, section or sign-up page has a title and
            # text too, but states no publication date (htmldate's guess from its links is
            # not one).
            reason = "no-date"
        if reason:
            self.stats.inc_value(f"pipeline/dropped/{reason}")
            not_stored.note(self.stats, item.url, reason)  # per URL, for the run's summary
            raise NotAnArticle(f"{reason}: {item.url}")
        return item


def _dated_by(article: Article) -> str:
    """Where the publication time came from (crawler.sites.base.Sources)."""
    return article.sources.get("published", "primary" if article.published else "missing")
