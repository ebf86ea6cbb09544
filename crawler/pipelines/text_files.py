"""Write each article as readable UTF-8 text and as its JSON record.

Settings: TEXT_FILES_ENABLED, OUTPUT_DIR.
Stats: articles/written.
Files: OUTPUT_DIR/articles/<site>/<YYYY>/<MM>/<slug>-<digest>.txt and .json; written to a
temporary name and renamed, so a crash never leaves half a file behind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem, NotConfigured

from crawler.core.article import Article
from crawler.core.catalog.article_files import FileClash, write_article_files
from crawler.core.catalog.paths import OutputLayout
from crawler.core.stage_clock import TEXT_FILES, stage
from crawler.runtime.run_state import RunState
from crawler.runtime.stop import stop_crawl

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler


class TextFilesPipeline:
    def __init__(self, crawler: Crawler, layout: OutputLayout) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.failed = False
        self.layout = layout

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        state = RunState.of(crawler)
        if not state.settings.getbool("TEXT_FILES_ENABLED"):
            raise NotConfigured("TEXT_FILES_ENABLED is off")
        return cls(crawler, OutputLayout(state.root))

    def process_item(self, item: Article) -> Article:
        with stage(TEXT_FILES):
            return self._write(item)

    def _write(self, item: Article) -> Article:
        try:
            # Where the version pipeline chose (the article's own name, never another's).
            stem = write_article_files(
                self.layout, item, self.layout.root / item.files if item.files else None
            )
        except FileClash as clash:  # another article's files: never overwritten
            self.stats.inc_value("articles/file_clash")
            raise DropItem(f"not written: {item.url}: {clash}", log_level="ERROR") from None
        except OSError as error:
            # The first failure says why (stop_crawl logs it); the items still in flight
            # while the crawl winds down are dropped quietly.
            first, self.failed = not self.failed, True
            stop_crawl(self.crawler, "output_error", f"cannot write article files: {error}")
            raise DropItem(
                f"not written: {item.url}", log_level="WARNING" if first else "DEBUG"
            ) from None
        item.files = stem.relative_to(self.layout.root).as_posix()  # what the catalogue records
        self.stats.inc_value("articles/written")
        return item
