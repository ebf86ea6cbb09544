"""The catalogue's tables, its schema version, and the transaction every multi-statement
change runs in. The tables are described in crawler.core.catalog.catalog."""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 1

SCHEMA = """
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
    article TEXT NOT NULL DEFAULT '',      -- its ID for people (catalog.article_ids)
    UNIQUE (key, version)
);
-- Each photo an article showed, until the archive has it (crawler.core.catalog.photos_table).
CREATE TABLE IF NOT EXISTS photos (
    key TEXT PRIMARY KEY,          -- the urls table's key of the photo's URL
    site TEXT NOT NULL,
    url TEXT NOT NULL,             -- as the article named it
    state TEXT NOT NULL,           -- wanted, archived, failed
    final_key TEXT NOT NULL DEFAULT '',   -- archived after a redirect: the key it ended at
    reason TEXT NOT NULL DEFAULT '',      -- failed: why
    updated TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS photos_site_state ON photos (site, state);
-- The last article whose photos were read into the photos table, per site.
CREATE TABLE IF NOT EXISTS photo_scans (site TEXT PRIMARY KEY, last_id INTEGER NOT NULL);
-- What happened to an archived article besides a new version: a removal
-- (crawler.core.catalog.events_table).
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    site TEXT NOT NULL,
    kind TEXT NOT NULL,            -- removed
    at TEXT NOT NULL,              -- UTC ISO
    status INTEGER NOT NULL DEFAULT 0,
    detail TEXT NOT NULL DEFAULT '',
    warc_file TEXT NOT NULL DEFAULT '',   -- where the answer that said so is archived
    warc_offset INTEGER NOT NULL DEFAULT 0,
    run_id INTEGER
);
CREATE INDEX IF NOT EXISTS events_key ON events (key, at);
CREATE INDEX IF NOT EXISTS articles_site_published ON articles (site, published_utc);
-- The same article under another URL is looked for among articles of the same title
-- (crawler.core.catalog.identity): an index, not a scan per stored article.
CREATE INDEX IF NOT EXISTS articles_site_title ON articles (site, title);
CREATE INDEX IF NOT EXISTS runs_site ON runs (site, started);
"""


class CatalogError(Exception):
    """The catalogue file cannot be opened or is not ours."""


class Transaction:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error): take the write lock up front, so two
    writers queue instead of failing halfway with SQLITE_BUSY."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")


class Connected:
    """What each table's methods share: the open connection."""

    db: sqlite3.Connection

    def _transaction(self) -> Transaction:
        return Transaction(self.db)
