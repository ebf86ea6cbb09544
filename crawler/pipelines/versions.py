"""Article versions: an unchanged article is not written again; a changed one becomes a new
version and the old one is kept beside it.

Two pipelines around the text files (crawler.pipelines.text_files, 500):
- VersionPipeline (300) compares the extraction with the catalogue's latest version of the
  same URL. Unchanged: last_seen is updated and the item goes no further (stat
  articles/unchanged). Changed: the previous version's files are copied to <stem>.v<N>.txt
  and .json before the new text takes the plain name.
- CatalogPipeline (700) records the article once its files are on disk (stats articles/new,
  articles/changed), in one transaction with the URL's outcome and the previous version's
  new file name.

Identity (crawler.core.catalog.identity): the catalogue key is the page's own URL key, and so is the
stem of its files (never the canonical link). A page that is an article archived under another
URL (its copy) is dropped as a Duplicate when a reader sees nothing new in it; when a reader
does, it is stored as a new version of that article (item.key: the article's key; its files
under the copy's own URL key, as its record names that URL); when the article's capture is
gone, the copy's capture takes its place. No pipeline replaces files whose JSON names another
article (crawler.core.catalog.article_files.FileClash). A page that shows what an earlier version
showed while the latest was seen at another of the article's URLs lags behind it
(identity.lags_behind): no version. A version's files are owned by the URL its
own record names (record_key), which for an article with a copy's version is not its key.

Unchanged (nothing a reader sees differs: crawler.core.catalog.catalog.content_hash) still refreshes
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

from crawler.core.article import Article
from crawler.core.catalog.adopt import captured
from crawler.core.catalog.article_files import (
    SUFFIXES,
    FileClash,
    free_stem,
    holds,
    owner,
    remove_article_files,
    suffixed,
    write_article_files,
    write_atomic,
)
from crawler.core.catalog.catalog import content_hash, is_kept, kept_files, refreshed_fields
from crawler.core.catalog.identity import lags_behind, same_article
from crawler.core.catalog.keys import record_key
from crawler.core.catalog.paths import OutputLayout
from crawler.core.stage_clock import CATALOGUE, VERSIONS, stage
from crawler.runtime.catalog_state import CatalogComponent, url_key
from crawler.runtime.stop import stop_crawl

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.core.catalog.catalog import Catalog, StoredArticle


class Unchanged(DropItem):
    """The article is archived already with this very text."""


class Duplicate(Unchanged):
    """The same article as one archived under another URL (crawler.core.catalog.identity)."""


class _CatalogStage(CatalogComponent):
    def __init__(self, crawler: Crawler, catalog: Catalog) -> None:
        super().__init__(crawler, catalog)
        self.layout = OutputLayout(self.root)
        self.text_files = self.settings.getbool("TEXT_FILES_ENABLED")

    def relative(self, stem: Path) -> str:
        return stem.relative_to(self.layout.root).as_posix()


class VersionPipeline(_CatalogStage):
    def process_item(self, item: Article) -> Article:
        with stage(VERSIONS):
            return self._version(item)

    def _version(self, item: Article) -> Article:
        key = url_key(self.crawler, item.url)
        latest = self.catalog.latest(key)
        fields = item.to_dict()
        try:
            if latest is None:
                holder = same_article(self.catalog, key, fields)
                if holder is not None:
                    return self._copy(key, holder, item, fields)
                item.files = self.relative(free_stem(self.layout, item)) if self.text_files else ""
                return item
            if content_hash(latest.fields) == content_hash(fields):
                files = self._refresh(latest, fields) if self.text_files else None
                self.catalog.store_article(key, fields, files=files, run_id=self.state.run_id)
                self.stats.inc_value("articles/unchanged")
                raise Unchanged(f"unchanged: {item.url}", log_level="DEBUG")
            if lags_behind(self.catalog, latest, key, fields):
                self.catalog.mark_outcome(key, "unchanged")
                self.stats.inc_value("articles/unchanged")
                raise Unchanged(
                    f"an earlier version, behind {latest.fields.get('url')}: {item.url}",
                    log_level="INFO",
                )
            item.files = self.relative(free_stem(self.layout, item)) if self.text_files else ""
            if latest.files and not is_kept(latest):
                self._keep(latest, item.files)
        except FileClash as clash:  # never expected: twenty articles on one file name
            self.stats.inc_value("articles/file_clash")
            raise DropItem(f"not stored: {item.url}: {clash}", log_level="ERROR") from None
        except OSError as error:
            stop_crawl(self.crawler, "output_error", f"cannot write article files: {error}")
            raise DropItem(f"not stored: {item.url}", log_level="WARNING") from None
        return item

    def _copy(
        self, key: str, holder: StoredArticle, item: Article, fields: dict[str, object]
    ) -> Article:
        """A page that is the article archived under holder.key (crawler.core.catalog.identity):
        dropped when a reader sees nothing new in it and the article has its capture (its
        last_seen refreshed); else the item goes on as a new version of the article, or, the
        same as its latest one, repairs its missing capture with this fetch's."""
        self.stats.inc_value("articles/duplicate")
        same = content_hash(holder.fields) == content_hash(fields)
        kept = isinstance(holder.fields.get("warc"), dict) and captured(self.root, holder.fields)
        behind = not same and lags_behind(self.catalog, holder, key, fields)
        if behind or (same and (kept or not isinstance(fields.get("warc"), dict))):
            self.catalog.record_duplicate(key, holder)
            raise Duplicate(
                f"the same article as {holder.fields.get('url')}: {item.url}", log_level="INFO"
            )
        item.key = holder.key
        if same:  # the article's capture is gone: this copy's takes its place
            files = self._take_over(holder, fields) if self.text_files else None
            self.catalog.store_article(
                holder.key, fields, files=files, run_id=self.state.run_id, copy=key
            )
            self.stats.inc_value("articles/recaptured")
            raise Duplicate(
                f"the same article as {holder.fields.get('url')}, whose capture was missing: "
                f"its capture is now {item.url}'s",
                log_level="INFO",
            )
        # Something a reader sees differs (a date, the authors, a caption): a new version.
        item.files = self.relative(free_stem(self.layout, item)) if self.text_files else ""
        if holder.files and not is_kept(holder):
            self._keep(holder, item.files)
        return item

    def _take_over(self, holder: StoredArticle, fields: dict[str, object]) -> str:
        """The article's latest version recorded as seen at its copy's URL (its record names
        that URL and capture): files under the copy's own name, the old ones removed (before
        the commit: a kill in between leaves the copy's outcome open, so it is fetched again)."""
        record = refreshed_fields(holder.fields, fields)
        stem = write_article_files(self.layout, Article.from_dict(record))
        if holder.files and not is_kept(holder) and stem != self.layout.root / holder.files:
            remove_article_files(self.layout.root / holder.files, record_key(holder.fields))
        return self.relative(stem)

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

    def _keep(self, latest: StoredArticle, files: str) -> None:
        """Copy the previous version's files to their kept name (once: a rerun after a crash
        may find the plain name holding the new text already). When the new version's files
        go under another name, the old plain ones are removed: one current copy per article.
        Files another article holds (an older defnews named files from canonical links) are
        neither copied nor removed: they are not this article's to keep."""
        current = self.layout.root / latest.files
        kept = self.layout.root / kept_files(latest)
        key = record_key(latest.fields)  # the URL its record names (a copy's, for some)
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
        with stage(CATALOGUE):
            return self._store(item)

    def _store(self, item: Article) -> Article:
        own, fields = url_key(self.crawler, item.url), item.to_dict()
        key = item.key or own  # a copy's new version goes to the article it is a copy of
        state, _version = self.catalog.store_article(
            key,
            fields,
            files=item.files,
            previous_files=self._previous_files(key),
            run_id=self.state.run_id,
            copy=own if key != own else "",
        )
        self.stats.inc_value(f"articles/{state}")
        return item

    def _previous_files(self, key: str) -> str | None:
        """Where the version this one supersedes has its files now: its kept name when the
        copy there is its own, "" when none is (its files were another article's)."""
        latest = self.catalog.latest(key)
        if latest is None or not latest.files or is_kept(latest):
            return None
        kept = kept_files(latest)
        return kept if owner(self.layout.root / kept) == record_key(latest.fields) else ""
