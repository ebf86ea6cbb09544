"""What the reader's pages show: the home page (the latest articles of each outlet) and search
with filters, for the HTML pages and /search.json alike. Plain functions of a SQLite
connection, run in Datasette's database threads; knows nothing of Datasette or HTML.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from crawler.core.catalog.search import Hit, count, latest, search
from crawler.core.catalog.search_filters import Filters, parse_day
from crawler.core.sites import registry
from crawler.web import local_time
from crawler.web.addresses import page

# Marks around hits in snippets: private-use characters, which cleaned text never holds, so
# the page can escape the snippet and then turn exactly these into <mark> elements.
MARK = ("\ue000", "\ue001")
PLAIN = ("", "")  # JSON's snippets: plain text
PER_OUTLET = 8
MAX_PAGE = 20


def outlet_name(site: str) -> str:
    registry.load()
    profile = registry.REGISTRY.get(site)
    return profile.name if profile else site


@dataclass(frozen=True)
class Outlet:
    site: str
    name: str
    articles: int
    latest: list[Hit]


def sites(db: sqlite3.Connection) -> list[str]:
    return [str(row[0]) for row in db.execute("SELECT DISTINCT site FROM articles ORDER BY 1")]


def known_site(db: sqlite3.Connection, site: str) -> bool:
    """An outlet defnews knows, or one the catalogue holds (a generic crawl's host)."""
    from crawler.core.sites import REGISTRY

    if site in REGISTRY:
        return True
    found = db.execute("SELECT 1 FROM articles WHERE site = ? LIMIT 1", (site,)).fetchone()
    return found is not None


def home_view(db: sqlite3.Connection, per_outlet: int = PER_OUTLET) -> list[Outlet]:
    """Each outlet's latest articles (newest published first), outlets by name."""
    outlets = []
    for site in sites(db):
        hits, total = latest(db, Filters(site=site), limit=per_outlet)
        outlets.append(Outlet(site, outlet_name(site), total, hits))
    return sorted(outlets, key=lambda outlet: outlet.name.lower())


_SECTIONS: dict[tuple[int, int], list[str]] = {}


SECTIONS_FROM = 5000  # the most recently stored versions the suggestions are read from


def sections(db: sqlite3.Connection) -> list[str]:
    """The section names of the articles stored last, the commonest first: the form's
    suggestions (any name can be typed). Reading records is slow on a large archive, so only
    the last SECTIONS_FROM, kept until the catalogue changes (a crawl stores more)."""
    marker = db.execute("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM articles").fetchone()
    state = (int(marker[0]), int(marker[1]))
    if state not in _SECTIONS:
        rows = db.execute(
            "SELECT s.value, COUNT(*) FROM articles AS a, json_each(a.fields, '$.section') AS s "
            "WHERE a.id > ? AND s.type = 'text' GROUP BY s.value ORDER BY 2 DESC, 1 LIMIT 300",
            (state[1] - SECTIONS_FROM,),
        )
        _SECTIONS.clear()
        _SECTIONS[state] = [str(row[0]) for row in rows]
    return _SECTIONS[state]


@dataclass(frozen=True)
class Asked:
    """A search as the address gives it."""

    query: str = ""
    filters: Filters = field(default_factory=Filters)
    page: int = 1  # of `limit` hits each

    @property
    def anything(self) -> bool:
        return bool(self.query.strip()) or bool(self.filters)

    def params(self) -> dict[str, str]:
        """The filters by the names the address gives them (from, to: days)."""
        given = self.filters.as_dict()
        names = {"since": "from", "until": "to"}
        return {names.get(name, name): value for name, value in given.items()}


def _page(text: str) -> int:
    text = text.strip() or "1"
    if text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_PAGE:
        return int(text)
    raise ValueError(f"page: wants a number from 1 to {MAX_PAGE}, got {text!r}")


def asked(args: Mapping[str, str]) -> Asked:
    """The query, filters and page of a search address (q, site, from, to, section, author,
    page); ValueError for a day or a page that is none."""
    return Asked(
        page=_page(args.get("page", "")),
        query=args.get("q", ""),
        filters=Filters(
            site=args.get("site", "").strip() or None,
            since=parse_day(args.get("from", ""), "from"),
            until=parse_day(args.get("to", ""), "to"),
            section=args.get("section", "").strip() or None,
            author=args.get("author", "").strip() or None,
        ),
    )


@dataclass(frozen=True)
class Found:
    hits: list[Hit]
    total: int


def find(db: sqlite3.Connection, wanted: Asked, limit: int, mark: tuple[str, str]) -> Found:
    """A page of hits for a search (ranked), or with no words the latest articles the
    filters keep. ValueError (a query with no words and no filter) or sqlite3.OperationalError
    (FTS5 refusing a query) for a search that cannot be made."""
    # Ranking merges two queries (the words as a phrase first), so a page is cut from the
    # top hits rather than asked of SQLite with an OFFSET; MAX_PAGE bounds the work.
    skip, upto = (wanted.page - 1) * limit, wanted.page * limit
    if not wanted.query.strip():
        if not wanted.filters:
            raise ValueError("nothing to search for: give words (q) or a filter")
        hits, total = latest(db, wanted.filters, limit=upto)
        return Found(hits[skip:], total)
    f = wanted.filters
    hits = search(
        db,
        wanted.query,
        site=f.site,
        since=f.since,
        until=f.until,
        section=f.section,
        author=f.author,
        limit=upto,
        mark=mark,
    )
    return Found(hits[skip:], count(db, wanted.query, f))


def hit_json(hit: Hit, base: str) -> dict[str, Any]:
    """One hit of /search.json (its snippet plain text: search with PLAIN marks)."""
    return {
        "id": hit.article,
        "version": hit.version,
        "title": hit.title,
        "url": hit.url,
        "site": hit.site,
        "published": hit.published,
        "published_shown": local_time.published(hit.published),
        "section": list(hit.section),
        "authors": list(hit.authors),
        "snippet": hit.snippet,
        "page": base + page(hit.article),
    }
