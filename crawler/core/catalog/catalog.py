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

Writes are short transactions in WAL mode: a reader (`defnews runs` during a crawl) never
blocks the crawl, and a process killed mid-write leaves the last committed state.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Self

from crawler.core.catalog import readonly, search
from crawler.core.catalog.adopt import adopt_text_outputs
from crawler.core.catalog.keys import normalize_key
from crawler.core.catalog.runs_table import RunLog
from crawler.core.times import now_iso, utc_iso

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    site TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT,
    status TEXT NOT NULL,          -- running, finished, partial, failed, interrupted, killed
    reason TEXT NOT NULL DEFAULT '',
    exit INTEGER,                  -- the exit status of the crawl (0, 2, 130)
    pid INTEGER,
    options TEXT NOT NULL DEFAULT '{}',
    pages INTEGER NOT NULL DEFAULT 0,
    article_pages INTEGER NOT NULL DEFAULT 0,
    new INTEGER NOT NULL DEFAULT 0,
    changed INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    not_modified INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,
    report TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS urls (
    key TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    kind TEXT NOT NULL,            -- article, sitemap, feed, listing, robots, other
    url TEXT NOT NULL,             -- as fetched (a mirror's origin under --base-url)
    status INTEGER NOT NULL,
    fetched_at TEXT NOT NULL,
    etag TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    content_type TEXT NOT NULL DEFAULT '',
    payload_digest TEXT NOT NULL DEFAULT '',
    warc_file TEXT NOT NULL DEFAULT '',   -- the last record holding its whole body
    warc_offset INTEGER NOT NULL DEFAULT 0,
    warc_length INTEGER NOT NULL DEFAULT 0,
    outcome TEXT NOT NULL DEFAULT '',     -- articles: stored, unchanged, not-article, gone, moved,
                                          -- older (than a --since run wanted: not stored)
    source_date TEXT NOT NULL DEFAULT '', -- the latest sitemap/feed date seen when last fetched
    run_id INTEGER
);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    site TEXT NOT NULL,
    version INTEGER NOT NULL,
    content_hash TEXT NOT NULL,    -- content_hash(): what a reader sees (older rows: the words)
    url TEXT NOT NULL,
    title TEXT NOT NULL,
    published TEXT NOT NULL,
    published_utc TEXT NOT NULL,   -- for date ranges across UTC offsets ('' when undated)
    fields TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    run_id INTEGER,
    files TEXT NOT NULL DEFAULT '',        -- stem of its .txt/.json, relative to OUTPUT_DIR
    UNIQUE (key, version)
);
CREATE INDEX IF NOT EXISTS articles_site_published ON articles (site, published_utc);
-- The same article under another URL is looked for among articles of the same title
-- (crawler.core.catalog.identity): an index, not a scan per stored article.
CREATE INDEX IF NOT EXISTS articles_site_title ON articles (site, title);
CREATE INDEX IF NOT EXISTS runs_site ON runs (site, started);
"""

# A fetch whose answer is final: the URL is not fetched again unless there is news of a change.
# "duplicate": the same article as one archived under another URL (crawler.core.catalog.identity).
DONE_OUTCOMES = ("stored", "unchanged", "moved", "duplicate")
# Final for a while only: a 404 or an empty page can be a passing fault of the site.
EXPIRING_OUTCOMES = ("not-article", "gone")
# Query parameters that only say where a link was shared: one article, one key.


# The fields a reader sees, besides the words: a change to any of them is a new version.
_VISIBLE = ("authors", "credit", "published", "section", "tags")


def content_hash(fields: dict[str, Any]) -> str:
    """What makes a new version: anything a reader of the article sees, not the page around
    it (a "most read" box changes every hour).

    The words (title, summary, text), and the metadata printed with them: authors and
    credit, the publication date, section, tags, and each image's caption and credit. A
    reader following quiet edits wants a date moved or an author removed kept as a version
    of its own, with the capture that shows it; the older version's files stay as for any
    change. Not counted: the modified date (many CMSs restamp it on every render, which
    would make every visit a version: it is refreshed on the latest version instead), image
    addresses (CDNs rotate them), the canonical link, language, parser and the capture.
    Catalogues written before this rule hashed the words only: comparisons recompute the
    hash from the stored fields (never trust an old row's column), so an upgrade makes no
    version by itself."""
    images = [
        [str(image.get("caption", "")), str(image.get("credit", ""))]
        for image in fields.get("images") or []
        if isinstance(image, dict)
    ]
    visible = {name: fields.get(name) or "" for name in _VISIBLE}
    parts = [
        words_hash(fields),
        json.dumps(visible, ensure_ascii=False, sort_keys=True),
        json.dumps(images, ensure_ascii=False),
    ]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


def words_hash(fields: dict[str, Any]) -> str:
    """The words only (title, summary, text): what tells the same article under another URL
    (crawler.core.catalog.identity), where a copy may lack the tags or captions of the original."""
    parts = [fields.get("title", ""), fields.get("summary", ""), fields.get("text", "")]
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def refreshed_fields(stored: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """An unchanged article's record after a new visit: the new fields (capture, modified
    date), but never a capture replaced by none (a crawl with the archive off)."""
    if fields.get("warc") is None and stored.get("warc") is not None:
        return {**fields, "warc": stored["warc"]}
    return fields


@dataclass(frozen=True)
class Fetch:
    """One URL's last fetch, as the catalogue remembers it."""

    key: str
    kind: str
    status: int
    fetched_at: datetime
    etag: str
    last_modified: str
    content_type: str
    warc_file: str
    warc_offset: int
    outcome: str
    source_date: str  # UTC ISO, "" when no sitemap or feed dated it

    def done(self, retry_after: timedelta) -> bool:
        """Nothing more to fetch here unless the site says it changed (an expiring outcome
        only until retry_after has passed)."""
        if self.outcome in EXPIRING_OUTCOMES:
            return datetime.now(UTC) - self.fetched_at < retry_after
        return self.outcome in DONE_OUTCOMES


@dataclass(frozen=True)
class StoredArticle:
    id: int
    key: str
    site: str
    version: int
    content_hash: str
    fields: dict[str, Any]
    first_seen: str
    last_seen: str
    files: str


class CatalogError(Exception):
    """The catalogue file cannot be opened or is not ours."""


class Catalog:
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
            self.db.executescript(_SCHEMA + search.SCHEMA)
            if not search.in_step(self.db):  # made before the index, or by an older defnews
                with self._transaction():
                    search.rebuild(self.db)
            if found < SCHEMA_VERSION:  # a new file, or one with payloads only (older defnews)
                adopt_text_outputs(self, path.parent)
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

    # -- urls ---------------------------------------------------------------------------------

    def fetch(self, key: str) -> Fetch | None:
        row = self.db.execute(
            "SELECT key, kind, status, fetched_at, etag, last_modified, content_type, "
            "warc_file, warc_offset, outcome, source_date FROM urls WHERE key = ?",
            (key,),
        ).fetchone()
        if row is None:
            return None
        return Fetch(row[0], row[1], row[2], datetime.fromisoformat(row[3]), *row[4:])

    def record_fetch(
        self,
        *,
        key: str,
        site: str,
        kind: str,
        url: str,
        status: int,
        etag: str = "",
        last_modified: str = "",
        content_type: str = "",
        payload_digest: str = "",
        body_location: tuple[str, int, int] | None = None,
        outcome: str = "",
        source_date: str = "",
        run_id: int | None = None,
        fetched_at: datetime | None = None,
    ) -> None:
        """Remember a fetch. A 304 keeps the validators and body location it confirmed; an
        article's outcome is cleared until its extraction is stored (mark_outcome), so a run
        killed in between fetches it again rather than believing it archived."""
        fetched = (fetched_at or datetime.now(UTC)).isoformat(timespec="microseconds")
        if status == 304:
            self.db.execute(
                "UPDATE urls SET status = 304, fetched_at = ?, run_id = ?, "
                "source_date = MAX(source_date, ?), "
                "etag = CASE WHEN ? != '' THEN ? ELSE etag END, "
                "last_modified = CASE WHEN ? != '' THEN ? ELSE last_modified END, "
                "outcome = CASE WHEN kind = 'article' THEN '' ELSE outcome END "
                "WHERE key = ?",
                (fetched, run_id, source_date, etag, etag, last_modified, last_modified, key),
            )
            return
        file, offset, length = body_location or ("", 0, 0)
        self.db.execute(
            "INSERT INTO urls (key, site, kind, url, status, fetched_at, etag, last_modified, "
            "content_type, payload_digest, warc_file, warc_offset, warc_length, outcome, "
            "source_date, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, url = excluded.url, "
            "status = excluded.status, fetched_at = excluded.fetched_at, etag = excluded.etag, "
            "last_modified = excluded.last_modified, content_type = excluded.content_type, "
            "payload_digest = excluded.payload_digest, warc_file = excluded.warc_file, "
            "warc_offset = excluded.warc_offset, warc_length = excluded.warc_length, "
            "outcome = excluded.outcome, run_id = excluded.run_id, "
            "source_date = MAX(urls.source_date, excluded.source_date)",
            (
                key,
                site,
                kind,
                url,
                status,
                fetched,
                etag,
                last_modified,
                content_type,
                payload_digest,
                file,
                offset,
                length,
                outcome,
                source_date,
                run_id,
            ),
        )

    def raise_source_date(self, key: str, date: str) -> None:
        self.db.execute(
            "UPDATE urls SET source_date = MAX(source_date, ?) WHERE key = ?", (date, key)
        )

    def mark_older(self, key: str, last_change: str) -> None:
        """Fetched, but older than a run's --since: not stored (crawler.core.catalog.freshness)."""
        self.db.execute(
            "UPDATE urls SET outcome = 'older', source_date = MAX(source_date, ?) WHERE key = ?",
            (last_change, key),
        )

    def mark_outcome(self, key: str, outcome: str) -> None:
        self.db.execute("UPDATE urls SET outcome = ? WHERE key = ?", (outcome, key))

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
            f"SELECT {_ARTICLE_COLUMNS} FROM articles AS a WHERE site = ? AND title = ? AND "
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
        return [_article(row) for row in rows]

    # -- articles -----------------------------------------------------------------------------

    def latest(self, key: str) -> StoredArticle | None:
        row = self.db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE key = ? ORDER BY version DESC LIMIT 1",
            (key,),
        ).fetchone()
        return _article(row) if row else None

    def versions(self, key: str) -> list[StoredArticle]:
        """Every version of the article at key, oldest first."""
        rows = self.db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE key = ? ORDER BY version", (key,)
        ).fetchall()
        return [_article(row) for row in rows]

    def store_article(
        self,
        key: str,
        fields: dict[str, Any],
        *,
        files: str | None = None,
        previous_files: str | None = None,
        run_id: int | None = None,
        copy: str = "",
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
        text files rewritten elsewhere); None keeps the recorded stem."""
        digest = content_hash(fields)
        seen = now_iso()
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
                    "published, published_utc, fields, first_seen, last_seen, run_id, files) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    ),
                )
                # Search finds the latest version of each article.
                if latest is not None:
                    search.unindex(self.db, latest.id)
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
            f"SELECT {_ARTICLE_COLUMNS} FROM articles {clause} ORDER BY published_utc, key, version",
            params,
        ):
            yield _article(row)

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
            search.index(self.db, article_id, fields)
        return True

    def find(self, ident: str, *, version: int | None = None) -> StoredArticle | None:
        """An article by catalogue id, or by URL (as the site names it, or as it was fetched):
        its latest version, or the version asked for."""
        if ident.isascii() and ident.isdigit():
            if int(ident) >= 2**63:
                return None
            row = self.db.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (int(ident),)
            ).fetchone()
            if row is None or version is None:
                return _article(row) if row else None
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
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE key = ? AND {order} "
            "ORDER BY version DESC LIMIT 1",
            (key, version) if version is not None else (key,),
        ).fetchone()
        return _article(row) if row else None

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

    # -- plumbing -----------------------------------------------------------------------------

    def _transaction(self) -> _Transaction:
        return _Transaction(self.db)


def kept_files(previous: StoredArticle) -> str:
    """Where a superseded version's text files are kept: <stem>.v<N>."""
    return f"{previous.files}.v{previous.version}"


def is_kept(stored: StoredArticle) -> bool:
    return stored.files.endswith(f".v{stored.version}")


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error): take the write lock up front, so two
    writers queue instead of failing halfway with SQLITE_BUSY."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")


_ARTICLE_COLUMNS = "id, key, site, version, content_hash, fields, first_seen, last_seen, files"


def _article(row: tuple[Any, ...]) -> StoredArticle:
    id_, key, site, version, digest, fields, first_seen, last_seen, files = row
    return StoredArticle(
        id_, key, site, version, digest, json.loads(fields), first_seen, last_seen, files
    )
