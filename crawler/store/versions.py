"""Article versions: an unchanged article is not written again; a changed one becomes a new
version and the old one is kept beside it.

Two pipelines around the text files (crawler.store.text_files, 500):
- VersionPipeline (300) compares the extraction with the catalogue's latest version of the
  same URL. Unchanged: last_seen is updated and the item goes no further (stat
  articles/unchanged). Changed: the previous version's files are copied to <stem>.v<N>.txt
  and .json before the new text takes the plain name.
- CatalogPipeline (700) records the article once its files are on disk (stats articles/new,
  articles/changed), in one transaction with the URL's outcome and the previous version's
  new file name.

Crash safety: until that commit the catalogue still says "version N, plain name", and a run
killed anywhere before it fetches the article again and redoes the same steps. The copy is
made only if the .vN files do not exist yet: a rerun after the new text already took the plain
name must not copy the new text over the kept old one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem

from crawler.items import Article
from crawler.store.article_files import SUFFIXES, write_atomic
from crawler.store.catalog import content_hash, is_kept, kept_files
from crawler.store.paths import OutputLayout
from crawler.store.state import CatalogComponent, run_id, url_key

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.store.catalog import Catalog


class Unchanged(DropItem):
    """The article is archived already with this very text."""


class _CatalogStage(CatalogComponent):
    def __init__(self, crawler: Crawler, catalog: Catalog) -> None:
        super().__init__(crawler, catalog)
        self.layout = OutputLayout(self.root)
        self.text_files = crawler.settings.getbool("TEXT_FILES_ENABLED", True)

    def stem(self, item: Article) -> str:
        """Where the text files go, relative to the output folder ("" when none are written)."""
        if not self.text_files:
            return ""
        path = self.layout.article(item.site, item.published, item.canonical_url or item.url)
        return path.relative_to(self.layout.root).as_posix()


class VersionPipeline(_CatalogStage):
    def process_item(self, item: Article) -> Article:
        key = url_key(self.crawler, item.url)
        latest = self.catalog.latest(key)
        if latest is None:
            return item
        if latest.content_hash == content_hash(item.to_dict()):
            self.catalog.store_article(key, item.to_dict(), run_id=run_id(self.crawler))
            self.stats.inc_value("articles/unchanged")
            raise Unchanged(f"unchanged: {item.url}", log_level="DEBUG")
        if latest.files and not is_kept(latest):
            moved = latest.files != self.stem(item)  # a new date: the new text goes elsewhere
            self._keep(
                self.layout.root / latest.files, self.layout.root / kept_files(latest), moved
            )
        return item

    @staticmethod
    def _keep(current: Path, kept: Path, moved: bool) -> None:
        """Copy the previous version's files to their kept name (once: a rerun after a crash
        may find the plain name holding the new text already). When the new version's files
        go under another name, the old plain ones are removed: one current copy per article."""
        for suffix in SUFFIXES:
            source = current.with_name(current.name + suffix)
            target = kept.with_name(kept.name + suffix)
            if source.exists() and not target.exists():
                write_atomic(target, source.read_text(encoding="utf-8"))
            if moved and target.exists():
                source.unlink(missing_ok=True)


class CatalogPipeline(_CatalogStage):
    def process_item(self, item: Article) -> Article:
        state, _version = self.catalog.store_article(
            url_key(self.crawler, item.url),
            item.to_dict(),
            files=self.stem(item),
            run_id=run_id(self.crawler),
        )
        self.stats.inc_value(f"articles/{state}")
        return item
