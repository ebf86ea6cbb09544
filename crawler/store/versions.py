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

Identity (crawler.store.identity): the catalogue key is the page's own URL key, and so is the
stem of its files (never the canonical link); a page that is an article archived under another
URL is dropped as a Duplicate. No pipeline replaces files whose JSON names another article
(crawler.store.article_files.FileClash).

Unchanged (nothing a reader sees differs: crawler.store.catalog.content_hash) still refreshes
the latest version's record with this visit's capture and modified date, and rewrites its
files when the record changed, so a WARC gone to cold storage is replaced by the new capture.

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
from crawler.stop import stop_crawl
from crawler.store.article_files import (
    SUFFIXES,
    FileClash,
    free_stem,
    holds,
    owner,
    record_key,
    remove_article_files,
    suffixed,
    write_article_files,
    write_atomic,
)
from crawler.store.catalog import content_hash, is_kept, kept_files, refreshed_fields
from crawler.store.identity import same_article
from crawler.store.paths import OutputLayout
from crawler.store.state import CatalogComponent, run_id, url_key

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.store.catalog import Catalog, StoredArticle


class Unchanged(DropItem):
    """The article is archived already with this very text."""


class Duplicate(Unchanged):
    """The same article as one archived under another URL (crawler.store.identity)."""


class _CatalogStage(CatalogComponent):
    def __init__(self, crawler: Crawler, catalog: Catalog) -> None:
        super().__init__(crawler, catalog)
        self.layout = OutputLayout(self.root)
        self.text_files = crawler.settings.getbool("TEXT_FILES_ENABLED", True)

    def relative(self, stem: Path) -> str:
        return stem.relative_to(self.layout.root).as_posix()


class VersionPipeline(_CatalogStage):
    def process_item(self, item: Article) -> Article:
        key = url_key(self.crawler, item.url)
        latest = self.catalog.latest(key)
        fields = item.to_dict()
        try:
            if latest is None:
                holder = same_article(self.catalog, key, fields)
                if holder is not None:
                    self.catalog.record_duplicate(key, holder)
                    self.stats.inc_value("articles/duplicate")
                    raise Duplicate(
                        f"the same article as {holder.fields.get('url')}: {item.url}",
                        log_level="INFO",
                    )
                item.files = self.relative(free_stem(self.layout, item)) if self.text_files else ""
                return item
            if content_hash(latest.fields) == content_hash(fields):
                files = self._refresh(latest, fields) if self.text_files else None
                self.catalog.store_article(key, fields, files=files, run_id=run_id(self.crawler))
                self.stats.inc_value("articles/unchanged")
                raise Unchanged(f"unchanged: {item.url}", log_level="DEBUG")
            item.files = self.relative(free_stem(self.layout, item)) if self.text_files else ""
            if latest.files and not is_kept(latest):
                self._keep(latest, item.files, record_key(fields))
        except FileClash as clash:  # never expected: twenty articles on one file name
            self.stats.inc_value("articles/file_clash")
            raise DropItem(f"not stored: {item.url}: {clash}", log_level="ERROR") from None
        except OSError as error:
            stop_crawl(self.crawler, "output_error", f"cannot write article files: {error}")
            raise DropItem(f"not stored: {item.url}", log_level="WARNING") from None
        return item

    def _refresh(self, latest: StoredArticle, fields: dict[str, object]) -> str | None:
        """An unchanged article's files, rewritten when this visit changed its record (a new
        capture) or they are missing; returns their stem when it is not the recorded one (a
        legacy file another article took over), else None."""
        record = refreshed_fields(latest.fields, fields)
        current = self.layout.root / latest.files if latest.files else None
        key = record_key(record)
        found = owner(current) if current is not None else None
        if current is not None and found == key and record == latest.fields:
            return None  # the files hold this very record already
        if found not in (None, key):
            current = None  # another article's files: ours go under our own name
        article = Article.from_dict(record)
        stem = write_article_files(self.layout, article, current)
        files = self.relative(stem)
        return None if files == latest.files else files

    def _keep(self, latest: StoredArticle, files: str, key: str) -> None:
        """Copy the previous version's files to their kept name (once: a rerun after a crash
        may find the plain name holding the new text already). When the new version's files
        go under another name, the old plain ones are removed: one current copy per article.
        Files another article holds (an older defnews named files from canonical links) are
        neither copied nor removed: they are not this article's to keep."""
        current = self.layout.root / latest.files
        kept = self.layout.root / kept_files(latest)
        if not holds(current, key):
            return
        for suffix in SUFFIXES:
            source, target = suffixed(current, suffix), suffixed(kept, suffix)
            if source.exists() and not target.exists():
                write_atomic(target, source.read_text(encoding="utf-8"))
        if latest.files != files and suffixed(kept, ".json").exists():
            remove_article_files(current, key)


class CatalogPipeline(_CatalogStage):
    def process_item(self, item: Article) -> Article:
        key, fields = url_key(self.crawler, item.url), item.to_dict()
        state, _version = self.catalog.store_article(
            key,
            fields,
            files=item.files,
            previous_files=self._previous_files(key, record_key(fields)),
            run_id=run_id(self.crawler),
        )
        self.stats.inc_value(f"articles/{state}")
        return item

    def _previous_files(self, key: str, owned_by: str) -> str | None:
        """Where the version this one supersedes has its files now: its kept name when the
        copy there is its own, "" when none is (its files were another article's)."""
        latest = self.catalog.latest(key)
        if latest is None or not latest.files or is_kept(latest):
            return None
        kept = kept_files(latest)
        return kept if owner(self.layout.root / kept) == owned_by else ""
