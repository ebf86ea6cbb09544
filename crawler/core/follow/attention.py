"""How much an outlet wrote about a story over time: the articles matching a query, counted per
day or per week of their publication date, per outlet. The picture people use to watch a story
rise and fade.

Counts come from the full-text index (crawler.core.catalog.search), which holds the latest
version of each article, folded: each article counts once, on the day it says it was published
(the outlet's own calendar day, as its page prints the date: the day search's date filters
and `defnews list` read, so an article published at 06:00 +07:00 is not charted on the day
before). Articles without a date are counted apart, since they belong to no day. Pure: no
Scrapy.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date, timedelta

from crawler.core.catalog.search import match_expression, terms

BY = ("day", "week")
_QUOTED = re.compile(r'"([^"]*)"')

# A week is the ISO one, named by its Monday: SQLite's 'weekday 0' goes forward to the next
# Sunday (or stays on one), and six days back from there is that week's Monday.
_DAY = "date(substr(a.published, 1, 10))"  # published is ISO 8601 in the site's own time
_BUCKET = {"day": _DAY, "week": f"date({_DAY}, 'weekday 0', '-6 days')"}


@dataclass
class Attention:
    query: str
    by: str
    site: str
    buckets: list[str] = field(default_factory=list)  # days or Mondays, oldest first, no gaps
    sites: list[str] = field(default_factory=list)
    counts: dict[tuple[str, str], int] = field(default_factory=dict)  # (bucket, site) -> n
    undated: dict[str, int] = field(default_factory=dict)  # site -> matching undated articles
    gaps_kept: bool = True  # False: too long a span to list every day, only those with matches

    def count(self, bucket: str, site: str) -> int:
        return self.counts.get((bucket, site), 0)

    def count_in(self, bucket: str) -> int:
        """Matching articles of every outlet in one day or week."""
        return sum(self.count(bucket, site) for site in self.sites)

    def total(self, site: str) -> int:
        return sum(n for (_, where), n in self.counts.items() if where == site)

    @property
    def peak(self) -> int:
        return max(self.counts.values(), default=0)

    def as_dict(self) -> dict[str, object]:
        return {
            "query": self.query,
            "by": self.by,
            "site": self.site,
            "buckets": self.buckets,
            "sites": self.sites,
            "counts": {
                site: [self.count(bucket, site) for bucket in self.buckets] for site in self.sites
            },
            "undated": self.undated,
            "gaps_kept": self.gaps_kept,
        }


def expression(query: str) -> str:
    """An FTS5 expression for a query: quoted parts are phrases, other words must all occur
    (as `defnews search` takes them); ValueError when nothing is left to look for."""
    parts = []
    for phrase in _QUOTED.findall(query):
        words = [word.rstrip("*") for word in terms(phrase)]
        if words:
            parts.append('"' + " ".join(words) + '"')
    loose = terms(_QUOTED.sub(" ", query))
    if loose:
        parts.append(match_expression(loose))
    if not parts:
        raise ValueError(f"nothing to search for in {query!r}")
    return " ".join(parts)


def attention(db: sqlite3.Connection, query: str, *, by: str = "day", site: str = "") -> Attention:
    """The counts; ValueError for a query without words or an unknown `by`."""
    if by not in BY:
        raise ValueError(f"by must be day or week, not {by!r}")
    where, params = ["articles_fts MATCH ?"], [expression(query)]
    if site:
        where.append("a.site = ?")
        params.append(site)
    rows = db.execute(
        f"SELECT CASE WHEN a.published_utc = '' THEN '' ELSE {_BUCKET[by]} END, a.site, "
        "COUNT(*) FROM articles_fts JOIN articles AS a ON a.id = articles_fts.rowid "
        f"WHERE {' AND '.join(where)} GROUP BY 1, 2",
        params,
    ).fetchall()
    found = Attention(query, by, site)
    for bucket, where_, n in rows:
        # A date SQLite cannot read (an odd published value) has no day either.
        if bucket:
            found.counts[(str(bucket), str(where_))] = int(n)
        else:
            found.undated[str(where_)] = found.undated.get(str(where_), 0) + int(n)
    found.sites = sorted({name for _, name in found.counts} | set(found.undated))
    seen = sorted({bucket for bucket, _ in found.counts})
    span = _span(seen, by)
    found.buckets, found.gaps_kept = (span, True) if span is not None else (seen, False)
    return found


MAX_BUCKETS = 1500  # about four years of days, or thirty of weeks


def _span(seen: list[str], by: str) -> list[str] | None:
    """Every day (or week) from the first to the last seen, empty ones too: a chart without the
    quiet days would hide the rise. None when that is more than MAX_BUCKETS (a query matching
    one article of 2009 and one of today would make thousands of empty columns)."""
    if not seen:
        return []
    step = timedelta(days=1 if by == "day" else 7)
    first, last = date.fromisoformat(seen[0]), date.fromisoformat(seen[-1])
    if (last - first) // step >= MAX_BUCKETS:
        return None
    return [(first + n * step).isoformat() for n in range((last - first) // step + 1)]
