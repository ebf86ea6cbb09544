"""What happened to the archive's articles since a date: new, changed and removed ones.

Each version's first_seen is when a crawl first stored it: version 1 is the article's
arrival ("new"), any later version a change a reader can see ("changed"); a removal found by a
re-check is an event (crawler.core.catalog.events_table). Newest first.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from crawler.core.catalog.article_ids import article_id


@dataclass(frozen=True)
class Change:
    id: str  # the article's ID (`defnews show ID`, `defnews diff ID`)
    site: str
    url: str
    title: str
    kind: str  # new, changed, removed, or restored (back after a removal)
    version: int
    at: str  # when a crawl first stored this version, or found it removed (UTC, ISO 8601)
    detail: str = ""  # removed: what the page answered
    version_id: int = 0  # that version's catalogue row ID (what earlier releases called ID)


def _window(
    at: str, site_column: str, since: str, until: str, site: str
) -> tuple[list[str], list[str]]:
    """SQL conditions (and their parameters) for a time window and an outlet."""
    clauses, params = [f"{at} >= ?"], [since]
    if until:
        clauses.append(f"{at} < ?")
        params.append(until)
    if site:
        clauses.append(f"{site_column} = ?")
        params.append(site)
    return clauses, params


def changes(
    db: sqlite3.Connection, *, since: str = "", until: str = "", site: str = ""
) -> list[Change]:
    """Every version first seen at or after since and before until (UTC ISO; "" = no
    bound), of one site or all."""
    clauses, params = _window("first_seen", "site", since, until, site)
    rows = db.execute(
        "SELECT id, site, url, title, version, first_seen, key FROM articles "
        f"WHERE {' AND '.join(clauses)} ORDER BY first_seen DESC, id DESC",
        params,
    )
    found = [
        Change(
            article_id(str(row[6])),
            str(row[1]),
            str(row[2]),
            str(row[3]),
            "new" if int(row[4]) == 1 else "changed",
            int(row[4]),
            str(row[5]),
            version_id=int(row[0]),
        )
        for row in rows
    ]
    found += _removals(db, since, until, site)
    return sorted(found, key=lambda change: (change.at, change.version_id), reverse=True)


def _removals(db: sqlite3.Connection, since: str, until: str, site: str) -> list[Change]:
    """Each removal (and return after one), named by the article's latest version."""
    clauses, params = _window("e.at", "e.site", since, until, site)
    clauses.append("e.kind IN ('removed', 'restored')")
    try:
        rows = db.execute(
            "SELECT a.id, e.site, a.url, a.title, a.version, e.at, e.detail, e.kind, a.key "
            "FROM events e "
            "JOIN articles a ON a.key = e.key AND a.version = "
            "(SELECT MAX(version) FROM articles WHERE key = e.key) "
            f"WHERE {' AND '.join(clauses)}",
            params,
        ).fetchall()
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):  # a catalogue from before re-checks
            return []
        raise
    return [
        Change(
            article_id(str(r[8])),
            str(r[1]),
            str(r[2]),
            str(r[3]),
            str(r[7]),
            int(r[4]),
            str(r[5]),
            str(r[6]),
            version_id=int(r[0]),
        )
        for r in rows
    ]
