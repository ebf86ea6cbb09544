"""The articles table: one row per version of an article, with the search index kept in step
(crawler.core.catalog.search). A store is one transaction with its URL's outcome."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from crawler.core.catalog import search
from crawler.core.catalog.article_ids import AmbiguousId, article_id, is_article_id, keys_of
from crawler.core.catalog.keys import normalize_key
from crawler.core.catalog.stored_articles import (
    ARTICLE_COLUMNS,
    StoredArticle,
    article_from_row,
    content_hash,
    is_kept,
    kept_files,
    refreshed_fields,
)
from crawler.core.catalog.urls_table import UrlTable
from crawler.core.stage_clock import SEARCH_INDEX, stage
from crawler.core.times import now_iso, utc_iso


class ArticleTable(UrlTable):
    """The catalogue's methods on the articles table (and the figures across tables)."""

    def record_duplicate(self, key: str, holder: StoredArticle) -> None:
        """The page at key is the article archived under holder.key (crawler.core.catalog.identity):
        no article of its own, and final like a stored one, in one transaction."""
        with self._transaction():
            self.db.execute(
                "UPDATE articles SET last_seen = ? WHERE id = ?", (now_iso(), holder.id)
            )
            self.mark_outcome(key, "duplicate")

    def latest_worded(self, site: str, fields: dict[str, Any]) -> list[StoredArticle]:
        """The latest version of each article of site with these very words (title, summary,
        text): found by title through an index, the rest compared inside SQLite (a title a
        site repeats daily must not mean parsing thousands of records in Python)."""
        rows = self.db.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles AS a WHERE site = ? AND title = ? AND "
            "COALESCE(json_extract(fields, '$.summary'), '') = ? AND "
            "COALESCE(json_extract(fields, '$.text'), '') = ? AND "
            "version = (SELECT MAX(version) FROM articles WHERE key = a.key)",
            (
                site,
                str(fields.get("title", "")),
                str(fields.get("summary", "")),
                str(fields.get("text", "")),
            ),
        ).fetchall()
        return [article_from_row(row) for row in rows]

    def latest(self, key: str) -> StoredArticle | None:
        row = self.db.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE key = ? ORDER BY version DESC LIMIT 1",
            (key,),
        ).fetchone()
        return article_from_row(row) if row else None

    def versions(self, key: str) -> list[StoredArticle]:
        """Every version of the article at key, oldest first."""
        rows = self.db.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE key = ? ORDER BY version", (key,)
        ).fetchall()
        return [article_from_row(row) for row in rows]

    def store_article(
        self,
        key: str,
        fields: dict[str, Any],
        *,
        files: str | None = None,
        previous_files: str | None = None,
        run_id: int | None = None,
        copy: str = "",
        seen: str | None = None,
    ) -> tuple[str, int]:
        """Record an extraction: ("new", 1), ("changed", N+1) or ("unchanged", N).

        copy: the URL key of the page it came from when that page is a copy of the article
        at key (crawler.core.catalog.identity): that URL's outcome is "duplicate", key's is left as
        it is.

        One transaction with the URL's outcome, so the catalogue never says "archived" for
        an article it does not hold. A changed article's previous version is re-pointed at
        its kept files (kept_files, or previous_files when given: "" when it has none left)
        in the same transaction. Unchanged (content_hash: nothing
        a reader sees differs) still takes this capture's fields: the newest capture (a WARC
        moved to cold storage may be gone), the modified date, and `files` when given (its
        text files rewritten elsewhere); None keeps the recorded stem. seen: when the page
        was fetched (UTC ISO), now unless given (a catalogue rebuilt from files gives its
        capture's time)."""
        digest = content_hash(fields)
        seen = seen or now_iso()
        with self._transaction():
            latest = self.latest(key)
            # Recomputed from the stored fields, not the row's column: older catalogues
            # hashed the words only, and an upgrade must make no version by itself.
            if latest is not None and content_hash(latest.fields) == digest:
                fields = refreshed_fields(latest.fields, fields)
                self.db.execute(
                    "UPDATE articles SET last_seen = ?, content_hash = ?, fields = ?, url = ?, "
                    "files = ? WHERE id = ?",
                    (
                        seen,
                        digest,
                        json.dumps(fields, ensure_ascii=False, sort_keys=True),
                        fields.get("url", ""),
                        latest.files if files is None else files,
                        latest.id,
                    ),
                )
                state, version = "unchanged", latest.version
            else:
                version = latest.version + 1 if latest else 1
                state = "changed" if latest else "new"
                if latest is not None and latest.files and not is_kept(latest):
                    self.db.execute(
                        "UPDATE articles SET files = ? WHERE id = ?",
                        (
                            kept_files(latest) if previous_files is None else previous_files,
                            latest.id,
                        ),
                    )
                cursor = self.db.execute(
                    "INSERT INTO articles (key, site, version, content_hash, url, title, "
                    "published, published_utc, fields, first_seen, last_seen, run_id, files, "
                    "article) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        key,
                        fields.get("site", ""),
                        version,
                        digest,
                        fields.get("url", ""),
                        fields.get("title", ""),
                        fields.get("published", ""),
                        utc_iso(str(fields.get("published", ""))),
                        json.dumps(fields, ensure_ascii=False, sort_keys=True),
                        seen,
                        seen,
                        run_id,
                        files or "",
                        article_id(key),
                    ),
                )
                # Search finds the latest version of each article.
                if latest is not None:
                    search.unindex(self.db, latest.id)
                with stage(SEARCH_INDEX):
                    search.index(self.db, int(cursor.lastrowid or 0), fields)
            if copy:
                self.mark_outcome(copy, "duplicate")
            else:
                self.mark_outcome(key, "stored" if state != "unchanged" else "unchanged")
        return state, version

    def articles(
        self,
        *,
        site: str | None = None,
        since: str | None = None,
        until: str | None = None,
        all_versions: bool = False,
    ) -> Iterator[StoredArticle]:
        """Articles in publication order; the latest version of each unless all_versions."""
        where, params = [], []
        if site:
            where.append("site = ?")
            params.append(site)
        if since:
            where.append("published_utc >= ?")
            params.append(utc_iso(since))
        if until:
            where.append("published_utc != '' AND published_utc < ?")
            params.append(utc_iso(until))
        if not all_versions:
            where.append(
                "version = (SELECT MAX(version) FROM articles AS a WHERE a.key = articles.key)"
            )
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        for row in self.db.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles {clause} ORDER BY published_utc, key, version",
            params,
        ):
            yield article_from_row(row)

    def replace_fields(
        self, article_id: int, fields: dict[str, Any], *, files: str, was: str
    ) -> bool:
        """A new parse of the same capture (defnews reparse): the row and its search entry.
        False, and nothing changed, when the row is no longer the latest version with the
        content hash `was` (a crawl stored a newer one meanwhile)."""
        with self._transaction():
            latest = self.db.execute(
                "SELECT 1 FROM articles AS a WHERE id = ? AND content_hash = ? AND version = "
                "(SELECT MAX(version) FROM articles WHERE key = a.key)",
                (article_id, was),
            ).fetchone()
            if latest is None:
                return False
            self.db.execute(
                "UPDATE articles SET fields = ?, content_hash = ?, url = ?, title = ?, "
                "published = ?, published_utc = ?, files = ? WHERE id = ?",
                (
                    json.dumps(fields, ensure_ascii=False, sort_keys=True),
                    content_hash(fields),
                    fields.get("url", ""),
                    fields.get("title", ""),
                    fields.get("published", ""),
                    utc_iso(str(fields.get("published", ""))),
                    files,
                    article_id,
                ),
            )
            with stage(SEARCH_INDEX):
                search.index(self.db, article_id, fields)
        return True

    def find(self, ident: str, *, version: int | None = None) -> StoredArticle | None:
        """An article by its ID (crawler.core.catalog.article_ids), by a version's row ID (the
        IDs of earlier releases), or by URL (as the site names it, or as it was fetched): its
        latest version, or the version asked for. A version's row ID with a version asked
        for names that article's other version."""
        if is_article_id(ident):
            keys = keys_of(self.db, ident)
            if len(keys) > 1:
                raise AmbiguousId(ident, keys)
            if not keys:
                return None
            key = keys[0]
        elif ident.isascii() and ident.isdigit():
            if int(ident) >= 2**63:
                return None
            row = self.db.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", (int(ident),)
            ).fetchone()
            if row is None or version is None:
                return article_from_row(row) if row else None
            key = str(row[1])
        else:
            key = normalize_key(ident)
            known = self.db.execute("SELECT 1 FROM articles WHERE key = ?", (key,)).fetchone()
            if known is None:  # a mirror's URL (--base-url): the one the record was fetched at
                by_url = self.db.execute(
                    "SELECT key FROM articles WHERE url = ? OR url = ?", (ident, key)
                ).fetchone()
                if by_url is None:
                    return None
                key = str(by_url[0])
        order = "version = ?" if version is not None else "1 = 1"
        row = self.db.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE key = ? AND {order} "
            "ORDER BY version DESC LIMIT 1",
            (key, version) if version is not None else (key,),
        ).fetchone()
        return article_from_row(row) if row else None

    def site_figures(self) -> list[dict[str, Any]]:
        """Per site: articles, versions, publication range, runs, last run, WARC files used."""
        figures: dict[str, dict[str, Any]] = {}
        for site, articles, versions, first, last in self.db.execute(
            "SELECT site, COUNT(DISTINCT key), COUNT(*), MIN(NULLIF(published, '')), "
            "MAX(NULLIF(published, '')) FROM articles GROUP BY site"
        ):
            figures[site] = {
                "site": site,
                "articles": articles,
                "versions": versions,
                "first_published": first or "",
                "last_published": last or "",
            }
        for site, runs, last_run in self.db.execute(
            "SELECT site, COUNT(*), MAX(started) FROM runs GROUP BY site"
        ):
            figures.setdefault(site, {"site": site, "articles": 0, "versions": 0})
            figures[site].update(runs=runs, last_run=last_run)
        for site, files in self.db.execute(
            "SELECT site, GROUP_CONCAT(DISTINCT warc_file) FROM urls WHERE warc_file != '' "
            "GROUP BY site"
        ):
            if site in figures:
                figures[site]["warc_files"] = sorted(str(files).split(","))
        return [figures[site] for site in sorted(figures)]
