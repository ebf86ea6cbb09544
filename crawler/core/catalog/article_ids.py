"""An article's ID for people: one per article, the same in every run, every merged archive and
every rebuilt catalogue.

The catalogue's row IDs belong to versions and are handed out in insertion order, so they
differ between a worker's folder and the merged archive, and after a rebuild. An article's own
ID is therefore made from what identifies it, its key (crawler.core.catalog.keys): ten
characters of a SHA-256 of the key, in lower-case base32, the first always a letter, so an ID
is never mistaken for a version's number (those keep resolving: `show 15` still works).
50 bits: two articles of a million-article archive share an ID with odds below 1 in 2,000;
should it happen, a lookup by that ID says it is ambiguous rather than pick one.
"""

from __future__ import annotations

import base64
import hashlib
import re
import sqlite3

LENGTH = 10
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
PATTERN = re.compile(r"^[a-z][a-z2-7]{9}$")


class AmbiguousId(LookupError):
    """Two articles share an ID (a 50-bit collision): say so, and how to name either."""

    def __init__(self, ident: str, keys: list[str]) -> None:
        super().__init__(f"ID {ident} names {len(keys)} articles; give a URL: {', '.join(keys)}")


def article_id(key: str) -> str:
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    rest = base64.b32encode(digest[1:]).decode("ascii").lower()
    return _LETTERS[digest[0] % len(_LETTERS)] + rest[: LENGTH - 1]


def is_article_id(text: str) -> bool:
    return bool(PATTERN.match(text))


def _columns(db: sqlite3.Connection) -> set[str]:
    return {str(info[1]) for info in db.execute("PRAGMA table_info(articles)")}


def has_ids(db: sqlite3.Connection) -> bool:
    return "article" in _columns(db)


def needs_upgrade(db: sqlite3.Connection) -> bool:
    """A catalogue made before article IDs (no column), or one an older defnews wrote rows
    into since (rows without an ID): cheap, through the ID index."""
    if not has_ids(db):
        return True
    indexes = {str(row[1]) for row in db.execute("PRAGMA index_list(articles)")}
    if "articles_article" not in indexes:
        return True
    return db.execute("SELECT 1 FROM articles WHERE article = '' LIMIT 1").fetchone() is not None


def upgrade(db: sqlite3.Connection) -> None:
    """Give a catalogue made before article IDs its column, filled, and the index lookups by
    ID use. Run it in a transaction, when needs_upgrade."""
    if not has_ids(db):
        db.execute("ALTER TABLE articles ADD COLUMN article TEXT NOT NULL DEFAULT ''")
    missing = db.execute("SELECT DISTINCT key FROM articles WHERE article = ''").fetchall()
    db.executemany(
        "UPDATE articles SET article = ? WHERE key = ?",
        [(article_id(str(row[0])), str(row[0])) for row in missing],
    )
    db.execute("CREATE INDEX IF NOT EXISTS articles_article ON articles (article, version)")


def keys_of(db: sqlite3.Connection, ident: str) -> list[str]:
    """The article keys an ID names: one, none, or (a collision) several."""
    if has_ids(db):
        rows = db.execute("SELECT DISTINCT key FROM articles WHERE article = ?", (ident,))
        return [str(row[0]) for row in rows]
    # A catalogue made before IDs, opened read-only (a mounted backup): compute them.
    rows = db.execute("SELECT DISTINCT key FROM articles")
    return [str(row[0]) for row in rows if article_id(str(row[0])) == ident]
