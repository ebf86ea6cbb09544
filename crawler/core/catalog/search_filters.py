"""What narrows a search besides its words: the outlet, the days of publication, the section
and an author. Shared by full-text search (crawler.core.catalog.search) and the listing of
the latest articles that match filters alone (the web view's search with no words).

Days are the publication's own calendar days, as the article wrote its date (in the site's
zone): "until 2025-03-14" takes in the whole of that day there, which is the day a reader sees
printed beside the article. Section and author are compared folded (no diacritics, any case),
as the search words are. Pure: no Scrapy.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any

from crawler.core.catalog.search_fold import fold

SECTION_FUNCTION = "defnews_in_section"
AUTHOR_FUNCTION = "defnews_has_author"


@dataclass(frozen=True)
class Filters:
    site: str | None = None
    since: date | None = None  # published on or after this day
    until: date | None = None  # published on or before this day (the whole day)
    section: str | None = None  # one of the article's sections (breadcrumb levels)
    author: str | None = None  # the words of one of its authors' names, in order

    def __bool__(self) -> bool:
        return any(value for value in vars(self).values())

    def as_dict(self) -> dict[str, str]:
        """For people and JSON: ISO days, "" for no filter."""
        return {
            name: value.isoformat() if isinstance(value, date) else (value or "")
            for name, value in vars(self).items()
        }


def _names(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)] if value else []


def _in_section(fields_section: str | None, wanted: str) -> bool:
    """Whether any level of the article's section (a JSON list, or a string) is `wanted`."""
    try:
        sections = _names(json.loads(fields_section)) if fields_section else []
    except ValueError:
        sections = [fields_section or ""]
    return any(fold(name).strip() == wanted for name in sections)


def _has_author(fields_authors: str | None, wanted: str) -> bool:
    """Whether one author's name holds the words of `wanted` in order ("vinh" finds
    "Lê Huy Vịnh", "huy vinh" too, "vinh huy" not)."""
    try:
        authors = _names(json.loads(fields_authors)) if fields_authors else []
    except ValueError:
        authors = [fields_authors or ""]
    return any(f" {wanted} " in f" {' '.join(fold(name).split())} " for name in authors)


def prepare(db: sqlite3.Connection) -> None:
    """The SQL functions the clauses call (on any connection: a CLI's, Datasette's)."""
    db.create_function(SECTION_FUNCTION, 2, _in_section, deterministic=True)
    db.create_function(AUTHOR_FUNCTION, 2, _has_author, deterministic=True)


def clauses(filters: Filters, table: str = "a") -> tuple[str, list[Any]]:
    """SQL conditions on the articles table (aliased `table`), joined with AND ("1 = 1" for
    none), and their parameters. prepare() the connection first."""
    where, params = ["1 = 1"], []
    if filters.site:
        where.append(f"{table}.site = ?")
        params.append(filters.site)
    # published starts with the site's own calendar day (ISO 8601 as the page wrote it).
    day = f"substr({table}.published, 1, 10)"
    if filters.since:
        where.append(f"{table}.published != '' AND {day} >= ?")
        params.append(filters.since.isoformat())
    if filters.until:
        where.append(f"{table}.published != '' AND {day} <= ?")
        params.append(filters.until.isoformat())
    if filters.section and fold(filters.section).strip():
        where.append(f"{SECTION_FUNCTION}(json_extract({table}.fields, '$.section'), ?)")
        params.append(fold(filters.section).strip())
    if filters.author and fold(filters.author).split():
        words = " ".join(fold(filters.author).split())
        # The search index's authors column narrows first (an index, not a Python call per
        # article: seconds on a big archive); the function then keeps the words within one
        # name ("huy ; vinh" of two authors is a phrase to the index, no author's name).
        phrase = '"' + words.replace('"', '""') + '"'
        where.append(f"{table}.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(f"authors : {phrase}")
        where.append(f"{AUTHOR_FUNCTION}(json_extract({table}.fields, '$.authors'), ?)")
        params.append(words)
    return " AND ".join(where), params


def parse_day(text: str, name: str) -> date | None:
    """A YYYY-MM-DD day from a form or a command line ("" for none); ValueError naming the
    field otherwise."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{name}: not a day (YYYY-MM-DD): {text!r}") from None
