"""Drop items that are not articles. Stats: pipeline/dropped/<reason>."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem

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
        if reason:
            self.stats.inc_value(f"pipeline/dropped/{reason}")
            raise NotAnArticle(f"{reason}: {item.url}")
        return item
