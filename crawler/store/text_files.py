"""Write each article as readable UTF-8 text and as its JSON record.

Settings: TEXT_FILES_ENABLED (default True), OUTPUT_DIR (default "output").
Stats: articles/written.
Files: OUTPUT_DIR/articles/<site>/<YYYY>/<MM>/<slug>-<digest>.txt and .json; written to a
temporary name and renamed, so a crash never leaves half a file behind.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem, NotConfigured

from crawler.items import Article
from crawler.stop import stop_crawl
from crawler.store.paths import OutputLayout

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler


def render_text(article: Article) -> str:
    """What a person reads: title, date and credit, summary, then the body."""
    head = [article.title, "=" * min(len(article.title), 78)]
    facts = [part for part in (article.published, article.credit) if part]
    if facts:
        head.append(" · ".join(facts))
    head.append(article.canonical_url or article.url)
    parts = ["\n".join(head)]
    if article.summary:
        parts.append(article.summary)
    parts.append(article.text)
    captions = [
        f"[{n}] "
        + " — ".join(
            part for part in (image.caption, image.credit and f"Ảnh: {image.credit}") if part
        )
        for n, image in enumerate(article.images, 1)
        if image.caption or image.credit
    ]
    if captions:  # kept apart from the body, as the page shows them beside the photos
        parts.append("\n".join(["Ảnh / Images:", *captions]))
    return "\n\n".join(parts) + "\n"


def write_atomic(path: Path, data: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(data, encoding="utf-8")
    temporary.replace(path)


class TextFilesPipeline:
    def __init__(self, crawler: Crawler, layout: OutputLayout) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.failed = False
        self.layout = layout

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("TEXT_FILES_ENABLED", True):
            raise NotConfigured("TEXT_FILES_ENABLED is off")
        return cls(crawler, OutputLayout(Path(crawler.settings.get("OUTPUT_DIR") or "output")))

    def process_item(self, item: Article) -> Article:
        stem = self.layout.article(item.site, item.published, item.canonical_url or item.url)
        record = json.dumps(item.to_dict(), ensure_ascii=False, indent=1)
        try:
            write_atomic(stem.with_suffix(".json"), record + "\n")
            write_atomic(stem.with_suffix(".txt"), render_text(item))
        except OSError as error:
            # The first failure says why (stop_crawl logs it); the items still in flight
            # while the crawl winds down are dropped quietly.
            first, self.failed = not self.failed, True
            stop_crawl(self.crawler, "output_error", f"cannot write article files: {error}")
            raise DropItem(
                f"not written: {item.url}", log_level="WARNING" if first else "DEBUG"
            ) from None
        self.stats.inc_value("articles/written")
        return item
