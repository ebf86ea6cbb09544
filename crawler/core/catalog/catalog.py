"""The catalogue: what every run fetched, archived and extracted, in OUTPUT_DIR/catalog.sqlite.

It is the state between runs (Scrapy's JOBDIR loses its queue on kill -9 and holds one job
only): incremental runs ask it what is already archived, conditional requests take their
validators from it, and `defnews runs` / `export` read it. No Scrapy import here: the
inspection commands and tests open it directly.

Tables (beside `payloads`, the digest store of crawler.core.archive.digests):
- urls: every URL fetched, by key (the URL as its site names it: a mirror crawl under
  --base-url files its pages under the real site's URLs): last status, time, validators,
  payload digest, where its last full body is archived, and for article pages the outcome.
- articles: one row per version of an article (a change a reader sees is a new version; old
  ones stay), with the contract's fields as JSON, a content hash, first and last seen. Its
  key is the page's own URL key, never its canonical link (crawler.core.catalog.identity).
- runs: one row per crawl run: site, start, end, status, counts, errors (crawler.core.catalog.runs_table).

Split by job: the schema and transactions (schema), the urls table (urls_table), the articles
table (articles_table), a stored version and the version rule (stored_articles); Catalog, here,
opens the file and puts them together.

Writes are short transactions in WAL mode: a reader (`defnews runs` during a crawl) never
blocks the crawl, and a process killed mid-write leaves the last committed state.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Self

from crawler.core.catalog import article_ids, event_log, readonly, search
from crawler.core.catalog.adopt import adopt_text_outputs
from crawler.core.catalog.articles_table import ArticleTable
from crawler.core.catalog.events_table import EventTable
from crawler.core.catalog.photos_table import PhotoTable
from crawler.core.catalog.runs_table import RunLog
from crawler.core.catalog.schema import SCHEMA, SCHEMA_VERSION, CatalogError
from crawler.core.catalog.stored_articles import (
    StoredArticle,
    content_hash,
    is_kept,
    kept_files,
    refreshed_fields,
    words_hash,
)
from crawler.core.catalog.urls_table import DONE_OUTCOMES, EXPIRING_OUTCOMES, Fetch

# The names the catalogue's users import from here, wherever they are defined.
__all__ = [
    "DONE_OUTCOMES",
    "EXPIRING_OUTCOMES",
    "SCHEMA_VERSION",
    "Catalog",
    "CatalogError",
    "Fetch",
    "StoredArticle",
    "content_hash",
    "is_kept",
    "kept_files",
    "refreshed_fields",
    "words_hash",
]


class Catalog(ArticleTable, PhotoTable, EventTable):
    """The catalogue: its tables' methods (crawler.core.catalog.urls_table, .articles_table and
    .runs_table as run_log) on one connection, opened, checked and brought up to date here."""

    def __init__(self, path: Path, *, create: bool = True, read_only: bool = False) -> None:
        """Open (create=True: or create) the catalogue; a new one adopts the article files
        already in its folder (crawler.core.catalog.adopt). read_only: open it for reading only,
        changing nothing on disk (crawler.core.catalog.readonly), so a mounted backup can be read."""
        if (read_only or not create) and not path.is_file():
            raise CatalogError(f"no catalogue at {path}")
        self.path = path
        self._scratch: Path | None = None
        if read_only:
            try:
                self.db, self._scratch = readonly.connect(path, SCHEMA_VERSION)
            except (OSError, sqlite3.DatabaseError, readonly.Unreadable) as error:
                raise CatalogError(f"{path} is not a usable catalogue: {error}") from None
            self.run_log = RunLog(self.db)
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Autocommit; multi-statement changes use explicit transactions (_transaction).
            self.db = sqlite3.connect(path, isolation_level=None, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode: a killed process loses nothing committed (the OS has it);
            # only a power cut can cost the last transactions, never consistency.
            self.db.execute("PRAGMA synchronous=NORMAL")
            found = self.db.execute("PRAGMA user_version").fetchone()[0]
            if found > SCHEMA_VERSION:
                raise CatalogError(
                    f"{path} was written by a newer defnews (catalogue schema {found}, "
                    f"this version reads {SCHEMA_VERSION})"
                )
            self.db.executescript(SCHEMA + search.SCHEMA)
            event_log.backfill(self.db, path.parent)
            if article_ids.needs_upgrade(self.db):
                with self._transaction():
                    article_ids.upgrade(self.db)
            if not search.in_step(self.db):  # made before the index, or by an older defnews
                with self._transaction():
                    search.rebuild(self.db)
            if found < SCHEMA_VERSION:  # a new file, or one with payloads only (older defnews)
                adopt_text_outputs(self, path.parent)
                event_log.adopt_events(self.db, path.parent)
                self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.DatabaseError as error:
            raise CatalogError(f"{path} is not a usable catalogue: {error}") from None
        self.run_log = RunLog(self.db)

    def current(self) -> bool:
        """Nothing to bring up to date: this version's schema, the search index in step."""
        try:
            found = int(self.db.execute("PRAGMA user_version").fetchone()[0])
            tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master")}
            return (
                found == SCHEMA_VERSION
                and {"runs", "urls", "articles", "articles_fts"} <= tables
                and search.in_step(self.db)
                and not article_ids.needs_upgrade(self.db)
            )
        except sqlite3.DatabaseError:  # opening it for writing checks it, and says what is wrong
            return False

    def close(self) -> None:
        self.db.close()
        if self._scratch is not None:
            readonly.discard(self._scratch)
            self._scratch = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
