"""Which version an article page's address names, and what changed between two versions.

An article's address is its ID for people (crawler.core.catalog.article_ids) with ?version=N
for an older version; the numeric version row IDs of earlier releases keep working as
redirects to that address, so a bookmark or a link in a note still opens the same text.
Plain functions of a SQLite connection; knows nothing of Datasette or HTML.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from urllib.parse import quote

from crawler.core.catalog.article_ids import AmbiguousId, article_id, is_article_id, keys_of
from crawler.core.follow.diff import FieldDiff, compare

_MAX_ROW = 2**63 - 1  # SQLite's largest integer: a longer number is no row


def page(ident: str, version: int | None = None) -> str:
    """An article page's address (the latest version's when version is None)."""
    return f"/article/{quote(ident)}" + (f"?version={version}" if version is not None else "")


@dataclass(frozen=True)
class Located:
    row: int | None = None  # the version's row to show
    redirect: str = ""  # where an old address lives now
    missing: str = ""  # why there is nothing to show (the 404 page and its log line)


def _shown(text: str) -> str:
    """User text in a message: quoted, control characters escaped, cut short."""
    return repr(text[:80] + ("…" if len(text) > 80 else ""))


def locate(db: sqlite3.Connection, ident: str, version: str = "") -> Located:
    """The version row an address names: an article ID (its latest version, or ?version=N),
    or an old numeric version ID (a redirect to the article's address)."""
    if ident.isascii() and ident.isdigit():
        row = None
        if int(ident) <= _MAX_ROW:
            row = db.execute(
                "SELECT key, version FROM articles WHERE id = ?", (int(ident),)
            ).fetchone()
        if row is None:
            return Located(missing=f"no article version {_shown(ident)}")
        return Located(redirect=page(article_id(str(row[0])), int(row[1])))
    if not is_article_id(ident):
        if is_article_id(ident.lower()):  # read aloud or copied from a headline in capitals
            return Located(redirect=page(ident.lower(), parse_version(version)))
        return Located(missing=f"not an article ID: {_shown(ident)}")
    keys = keys_of(db, ident)
    if len(keys) > 1:
        return Located(missing=str(AmbiguousId(ident, keys)))
    if not keys:
        return Located(missing=f"no article {ident}")
    number = parse_version(version)
    if number is None and version.strip():
        return Located(missing=f"version {_shown(version)} is not a version number")
    if number is None:
        row = db.execute(
            "SELECT id FROM articles WHERE key = ? ORDER BY version DESC LIMIT 1", (keys[0],)
        ).fetchone()
    else:
        row = db.execute(
            "SELECT id FROM articles WHERE key = ? AND version = ?", (keys[0], number)
        ).fetchone()
    if row is None:
        return Located(missing=f"article {ident} has no version {number}")
    return Located(row=int(row[0]))


def parse_version(text: str) -> int | None:
    """A version number from an address (None: none given, or not a number)."""
    text = text.strip()
    if text.isascii() and text.isdigit() and len(text) < 10:
        return int(text)
    return None


@dataclass(frozen=True)
class Side:
    version: int
    first_seen: str
    last_seen: str


@dataclass(frozen=True)
class DiffView:
    ident: str
    site: str
    title: str
    old: Side
    new: Side
    fields: list[FieldDiff]
    versions: list[int]

    @property
    def changed(self) -> bool:
        return any(f.changed for f in self.fields)


def diff_view(
    db: sqlite3.Connection, ident: str, old: str, new: str
) -> tuple[DiffView | None, str]:
    """Version `old` against version `new` of the article `ident` (by default the last two),
    word by word (crawler.core.follow.diff); or None and why not."""
    located = locate(db, ident)
    if located.row is None:
        return None, located.missing or f"not an article ID: {_shown(ident)}"
    key, site = db.execute("SELECT key, site FROM articles WHERE id = ?", (located.row,)).fetchone()
    rows = {
        int(number): (fields, first, last)
        for number, fields, first, last in db.execute(
            "SELECT version, fields, first_seen, last_seen FROM articles WHERE key = ?", (key,)
        )
    }
    numbers = sorted(rows)
    wanted_new = parse_version(new) if new.strip() else numbers[-1]
    if wanted_new is None or wanted_new not in rows:
        return None, f"article {ident} has no version {_shown(new)}"
    earlier = [n for n in numbers if n < wanted_new]
    wanted_old = parse_version(old) if old.strip() else (earlier[-1] if earlier else wanted_new)
    if wanted_old is None or wanted_old not in rows:
        return None, f"article {ident} has no version {_shown(old)}"
    before, after = (json.loads(rows[n][0]) for n in (wanted_old, wanted_new))
    return (
        DiffView(
            ident=ident,
            site=str(site),
            title=str(after.get("title", "")),
            old=Side(wanted_old, rows[wanted_old][1], rows[wanted_old][2]),
            new=Side(wanted_new, rows[wanted_new][1], rows[wanted_new][2]),
            fields=compare(before, after),
            versions=numbers,
        ),
        "",
    )
