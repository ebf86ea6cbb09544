"""What the watching pages of `defnews serve` show (changes, feeds, attention, health): plain
functions of a SQLite connection, run in Datasette's database threads. Knows nothing of
Datasette or HTML.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote

from crawler.core.catalog.article_ids import article_id, has_ids
from crawler.core.follow.attention import Attention, attention, expression
from crawler.core.follow.changes import Change, changes

KINDS = ("new", "changed", "removed", "restored")
FEED_KINDS = KINDS  # a takedown is news to a follower as much as an edit is


class BadInput(ValueError):
    """A filter a person typed that cannot be used: the page says why."""


def sites(db: sqlite3.Connection) -> list[str]:
    return [str(row[0]) for row in db.execute("SELECT DISTINCT site FROM articles ORDER BY 1")]


def shown_time(iso: str) -> str:
    """An ISO time as people read it, its UTC offset kept: 2026-12-07 11:52 +00:00."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    offset = moment.strftime("%z")
    zone = f" {offset[:3]}:{offset[3:]}" if offset else ""
    return f"{moment:%Y-%m-%d %H:%M}{zone}"


def utc_since(text: str) -> str:
    """A since filter (a date, or a date and time, with or without an offset; no offset means
    UTC) as the UTC ISO text the catalogue compares; BadInput for anything else."""
    text = text.strip()
    if not text:
        return ""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise BadInput(f"since must be a date such as 2026-12-01, not {text!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class ChangeRow:
    change: Change
    article: str  # the article's ID, for its page
    key: str
    published: str  # its published_utc ("" when undated)
    summary: str
    authors: list[str]

    @property
    def link(self) -> str:
        return f"/article/{self.article}"

    @property
    def diff_link(self) -> str:
        """The word-level diff of a changed version against the one before it ("" otherwise)."""
        if self.change.kind != "changed" or self.change.version < 2:
            return ""
        return (
            f"/article/{self.article}/diff?from={self.change.version - 1}&to={self.change.version}"
        )

    @property
    def when(self) -> str:
        return shown_time(self.change.at)


def _horizon(db: sqlite3.Connection, site: str, keys_from: str, depth: int) -> str:
    """The first_seen of the depth-th newest version (of the site, of the articles matching a
    search): changes() need look no further back for the newest `depth` of them, instead of
    reading every version of a large archive on each request."""
    clauses, params = ["1"], []
    if site:
        clauses.append("site = ?")
        params.append(site)
    if keys_from:
        clauses.append(f"key IN ({_MATCHING_KEYS})")
        params.append(keys_from)
    row = db.execute(
        f"SELECT first_seen FROM articles WHERE {' AND '.join(clauses)} "
        "ORDER BY first_seen DESC LIMIT 1 OFFSET ?",
        (*params, depth - 1),
    ).fetchone()
    return str(row[0]) if row else ""


_MATCHING_KEYS = (
    "SELECT m.key FROM articles_fts JOIN articles AS m ON m.id = articles_fts.rowid "
    "WHERE articles_fts MATCH ?"
)


def recent_changes(
    db: sqlite3.Connection,
    *,
    since: str = "",
    site: str = "",
    query: str = "",
    kinds: tuple[str, ...] = KINDS,
    limit: int = 200,
) -> list[ChangeRow]:
    """The newest changes, newest first, of one site or all, of the articles matching a query
    or all (BadInput for a query without words)."""
    matching = ""
    if query.strip():
        try:
            matching = expression(query)
        except ValueError as error:
            raise BadInput(str(error)) from None
    since = max(since, _horizon(db, site, matching, limit))
    found = [c for c in changes(db, since=since, site=site) if c.kind in kinds]
    rows = _describe(db, found)
    if matching:
        keys = {str(row[0]) for row in db.execute(_MATCHING_KEYS, (matching,))}
        rows = [row for row in rows if row.key in keys]
    return rows[:limit]


def _describe(db: sqlite3.Connection, found: list[Change]) -> list[ChangeRow]:
    """Each change with its article's ID, key, date, summary and authors (from its version)."""
    ids = sorted({change.version_id for change in found})
    column = "article" if has_ids(db) else "''"
    known: dict[int, tuple[str, str, str, str]] = {}
    for start in range(0, len(ids), 500):  # SQLite's limit on bound parameters
        chunk = ids[start : start + 500]
        for ident, key, article, published, fields in db.execute(
            f"SELECT id, key, {column}, published_utc, fields FROM articles "
            f"WHERE id IN ({', '.join('?' * len(chunk))})",
            chunk,
        ):
            known[int(ident)] = (str(key), str(article), str(published), str(fields))
    rows = []
    for change in found:
        key, article, published, fields_json = known[change.version_id]
        fields = json.loads(fields_json)
        authors = fields.get("authors") or []
        rows.append(
            ChangeRow(
                change=change,
                # A read-only catalogue from before article IDs has no column: computed alike.
                article=article or article_id(key),
                key=key,
                published=published,
                summary=str(fields.get("summary") or "")[:600],
                authors=[str(a) for a in authors] if isinstance(authors, list) else [str(authors)],
            )
        )
    return rows


@dataclass
class ChangesView:
    since: str
    site: str
    sites: list[str]
    rows: list[ChangeRow] = field(default_factory=list)
    error: str = ""


def changes_view(db: sqlite3.Connection, since: str, site: str, limit: int) -> ChangesView:
    view = ChangesView(since, site, sites(db))
    if site and site not in view.sites:
        view.error = f"no site {site!r} in this archive; it has {', '.join(view.sites) or 'none'}"
        return view
    try:
        view.rows = recent_changes(db, since=utc_since(since), site=site, limit=limit)
    except BadInput as error:
        view.error = str(error)
    return view


@dataclass
class AttentionView:
    query: str
    by: str
    site: str
    sites: list[str]
    found: Attention | None = None
    error: str = ""

    @property
    def search_link(self) -> str:
        site = f"&site={quote(self.site)}" if self.site else ""
        return f"/search?q={quote(self.query)}{site}"


def attention_view(db: sqlite3.Connection, query: str, by: str, site: str) -> AttentionView:
    view = AttentionView(query, by, site, sites(db))
    if not query.strip():
        return view
    if site and site not in view.sites:
        view.error = f"no site {site!r} in this archive; it has {', '.join(view.sites) or 'none'}"
        return view
    try:
        view.found = attention(db, query, by=by, site=site)
    except ValueError as error:
        view.error = str(error)
    except sqlite3.OperationalError as error:  # FTS5 refusing what it cannot parse
        view.error = f"cannot search for {query!r}: {error}"
    return view
