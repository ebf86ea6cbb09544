"""What happened to the archive's articles since a date: new ones and changed ones.

Each version's first_seen is when a crawl first stored it: version 1 is the article's
arrival ("new"), any later version a change a reader can see ("changed"). Newest first.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    id: int  # the version's catalogue ID (`defnews show ID`, `defnews diff ID`)
    site: str
    url: str
    title: str
    kind: str  # new or changed
    version: int
    at: str  # when a crawl first stored this version (UTC, ISO 8601)


def changes(db: sqlite3.Connection, *, since: str = "", site: str = "") -> list[Change]:
    """Every version first seen at or after since (UTC ISO; "" = ever), of one site or all."""
    clauses, params = ["first_seen >= ?"], [since]
    if site:
        clauses.append("site = ?")
        params.append(site)
    rows = db.execute(
        "SELECT id, site, url, title, version, first_seen FROM articles "
        f"WHERE {' AND '.join(clauses)} ORDER BY first_seen DESC, id DESC",
        params,
    )
    return [
        Change(
            int(row[0]),
            str(row[1]),
            str(row[2]),
            str(row[3]),
            "new" if int(row[4]) == 1 else "changed",
            int(row[4]),
            str(row[5]),
        )
        for row in rows
    ]
