"""Full-text search over the catalogue: SQLite FTS5, with or without Vietnamese diacritics.

The index holds a folded copy of each article's latest version (title, summary, text,
authors, tags): lower case, diacritics removed, and đ/Đ mapped to d, which Unicode
decomposition does not do (so FTS5's own remove_diacritics cannot find "dong" in "đồng").
Queries are folded the same way, so "le huy vinh" finds "Lê Huy Vịnh" and "Lê Huy Vịnh"
finds it too. Folding is done character by character and keeps the length, so a hit found in
the folded text marks the same span of the original in a snippet. Pure: no Scrapy.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from crawler.core.catalog import article_ids, search_filters
from crawler.core.catalog.search_filters import Filters
from crawler.core.catalog.search_fold import fold

FIELDS = ("title", "summary", "text", "authors", "tags")

SCHEMA = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    {", ".join(FIELDS)}, tokenize = 'unicode61'
);
"""

_WORD = re.compile(r"\w+\*?")
SNIPPET_CHARS = 90  # either side of the first hit


def _columns(fields: dict[str, Any]) -> list[str]:
    values = []
    for name in FIELDS:
        value = fields.get(name) or ""
        values.append(fold(" ; ".join(value) if isinstance(value, list) else str(value)))
    return values


def index(db: sqlite3.Connection, article_id: int, fields: dict[str, Any]) -> None:
    db.execute(
        f"INSERT OR REPLACE INTO articles_fts (rowid, {', '.join(FIELDS)}) VALUES (?, ?, ?, ?, ?, ?)",
        (article_id, *_columns(fields)),
    )


def unindex(db: sqlite3.Connection, article_id: int) -> None:
    db.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))


def in_step(db: sqlite3.Connection) -> bool:
    """Whether the index holds exactly the latest versions (a cheap check, on every open)."""
    indexed = db.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0]
    latest = db.execute("SELECT COUNT(DISTINCT key) FROM articles").fetchone()[0]
    return bool(indexed == latest)


def rebuild(db: sqlite3.Connection) -> int:
    """Index the latest version of every article (a catalogue made before the index)."""
    db.execute("DELETE FROM articles_fts")
    rows = db.execute(
        "SELECT id, fields FROM articles AS a "
        "WHERE version = (SELECT MAX(version) FROM articles WHERE key = a.key)"
    ).fetchall()
    for article_id, fields in rows:
        index(db, article_id, json.loads(fields))
    return len(rows)


_PHRASE = re.compile(r'"([^"]*)"')


def terms(query: str) -> list[str]:
    """The query's terms, folded, each once: its words, and each "quoted phrase" as one term
    of words joined by single spaces (the words must then occur next to each other, in that
    order). A trailing * makes a word (or a phrase's last word) a prefix; a lone quote is just
    punctuation. NFC first: some keyboards type Vietnamese decomposed (a letter, then its
    marks)."""
    folded = fold(unicodedata.normalize("NFC", query))
    found: list[str] = []
    for phrase in _PHRASE.findall(folded):
        found.append(" ".join(_WORD.findall(phrase)))
    found += _WORD.findall(_PHRASE.sub(" ", folded))
    return list(dict.fromkeys(term for term in found if term))


def match_expression(words: list[str]) -> str:
    """Every term must occur (AND), each quoted so FTS5 syntax in a query is just text (a
    phrase term is an FTS5 phrase: its words adjacent, in order)."""
    return " ".join(f'"{word.rstrip("*")}"' + ("*" if word.endswith("*") else "") for word in words)


@dataclass(frozen=True)
class Hit:
    article_id: int  # the version's row
    key: str
    site: str
    title: str
    published: str
    url: str
    snippet: str
    score: float
    version: int = 1
    section: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()

    @property
    def article(self) -> str:
        """The article's ID for people (crawler.core.catalog.article_ids)."""
        return article_ids.article_id(self.key)


def search(
    db: sqlite3.Connection,
    query: str,
    *,
    site: str | None = None,
    limit: int = 20,
    mark: tuple[str, str] = ("**", "**"),
    since: date | None = None,
    until: date | None = None,
    section: str | None = None,
    author: str | None = None,
) -> list[Hit]:
    """Ranked hits, ValueError for a query with no words. A "quoted phrase" must occur as
    written (its words adjacent, in order); other words anywhere. Articles holding all the
    words as one phrase come first; then the others; each group by bm25 with the title
    weighted highest. Hits in the snippets are put between mark's two strings. The keyword
    filters narrow the hits (crawler.core.catalog.search_filters: since and until are days of
    publication, inclusive)."""
    filters = Filters(site, since, until, section, author)
    words = _terms_or_error(query)
    expressions = [match_expression(words)]
    if len(words) > 1 and not any(word.endswith("*") for word in words):
        expressions.insert(0, '"' + " ".join(words) + '"')  # the phrase
    search_filters.prepare(db)
    found: dict[int, Hit] = {}
    for expression in expressions:
        for hit in _query(db, expression, words, filters, limit, mark):
            found.setdefault(hit.article_id, hit)
    return list(found.values())[:limit]


def count(db: sqlite3.Connection, query: str, filters: Filters | None = None) -> int:
    """How many articles search() finds for query and filters, without its limit."""
    words = _terms_or_error(query)
    filters = filters or Filters()
    search_filters.prepare(db)
    where, params = search_filters.clauses(filters)
    row = db.execute(
        "SELECT COUNT(*) FROM articles_fts JOIN articles AS a ON a.id = articles_fts.rowid "
        f"WHERE articles_fts MATCH ? AND {where}",
        (match_expression(words), *params),
    ).fetchone()
    return int(row[0])


def _terms_or_error(query: str) -> list[str]:
    words = terms(query)
    if not words:
        raise ValueError(f"nothing to search for in {query!r}")
    return words


def _query(
    db: sqlite3.Connection,
    expression: str,
    words: list[str],
    filters: Filters,
    limit: int,
    mark: tuple[str, str],
) -> list[Hit]:
    where, params = search_filters.clauses(filters)
    rows = db.execute(
        "SELECT a.id, a.key, a.site, a.title, a.published, a.version, a.fields, "
        "bm25(articles_fts, 10.0, 4.0, 1.0, 6.0, 3.0) AS score "
        "FROM articles_fts JOIN articles AS a ON a.id = articles_fts.rowid "
        f"WHERE articles_fts MATCH ? AND {where} ORDER BY score LIMIT ?",
        (expression, *params, limit),
    ).fetchall()
    return [_hit(row[:6], json.loads(row[6]), words, mark, row[7]) for row in rows]


def _hit(
    row: tuple[Any, ...],
    fields: dict[str, Any],
    words: list[str],
    mark: tuple[str, str],
    score: float,
) -> Hit:
    """A hit from an articles row (id, key, site, title, published, version) and its record,
    its snippet around the words (the summary's start when there are none)."""
    article, key, site_key, title, published, version = row
    return Hit(
        article,
        key,
        site_key,
        title,
        published,
        str(fields.get("url", key)),
        snippet(fields, words, mark),
        float(score),
        int(version),
        tuple(_names(fields.get("section"))),
        tuple(_names(fields.get("authors"))),
    )


def _names(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value if item]
    return [str(value)] if value else []


def latest(db: sqlite3.Connection, filters: Filters, *, limit: int = 20) -> tuple[list[Hit], int]:
    """The latest versions of the articles the filters keep, newest published first, with
    their summaries as snippets, and how many there are in all (a search with no words)."""
    search_filters.prepare(db)
    where, params = search_filters.clauses(filters)
    newest = "a.version = (SELECT MAX(version) FROM articles WHERE key = a.key)"
    total = db.execute(
        f"SELECT COUNT(*) FROM articles AS a WHERE {newest} AND {where}", params
    ).fetchone()[0]
    rows = db.execute(
        "SELECT a.id, a.key, a.site, a.title, a.published, a.version, a.fields "
        f"FROM articles AS a WHERE {newest} AND {where} "
        "ORDER BY a.published_utc DESC, a.id DESC LIMIT ?",
        (*params, limit),
    ).fetchall()
    hits = [_hit(row[:6], json.loads(row[6]), [], ("", ""), 0.0) for row in rows]
    return hits, int(total)


def _word_pattern(word: str) -> str:
    """A whole word (or, with a trailing *, any word it begins), in folded text; a phrase
    term's words with anything but a word between them, as FTS5 tokenizes."""
    tail = r"\w*" if word.endswith("*") else ""
    body = r"\W+".join(re.escape(part) for part in word.rstrip("*").split())
    return rf"(?<!\w){body}{tail}(?!\w)"


def _first_hit(folded: str, words: list[str]) -> int | None:
    """Where the words occur together as a phrase, else the first whole-word hit."""
    phrase = re.search(r"\W+".join(_word_pattern(w) for w in words), folded)
    if phrase:
        return phrase.start()
    starts = [m.start() for w in words for m in re.finditer(_word_pattern(w), folded)]
    return min(starts, default=None)


def highlight(text: str, words: list[str], mark: tuple[str, str] = ("**", "**")) -> str:
    """text with every whole-word (or prefix*) hit of words marked, found in its folded copy."""
    folded = fold(text)
    spans = [m.span() for word in words for m in re.finditer(_word_pattern(word), folded)]
    out, position = [], 0
    for start, end in sorted(spans):
        if start < position:
            continue  # overlapping hits: the first one is marked
        out += [text[position:start], mark[0], text[start:end], mark[1]]
        position = end
    return "".join([*out, text[position:]])


def snippet(fields: dict[str, Any], words: list[str], mark: tuple[str, str] = ("**", "**")) -> str:
    """About 180 characters of the text around the first hit (or the summary's start)."""
    # Single-character marks are sentinels (the web view's): drop any the text holds itself,
    # or the page would turn them into unbalanced <mark> tags.
    sentinels = {ord(m): None for m in mark if len(m) == 1}
    for name in ("text", "summary", "title") if words else ():
        text = " ".join(str(fields.get(name) or "").split()).translate(sentinels)
        first = _first_hit(fold(text), words)
        if first is not None:
            start = max(0, first - SNIPPET_CHARS)
            end = min(len(text), first + SNIPPET_CHARS)
            piece = highlight(text[start:end], words, mark)
            return ("…" if start else "") + piece + ("…" if end < len(text) else "")
    summary = " ".join(str(fields.get("summary") or fields.get("text") or "").split())
    summary = summary.translate(sentinels)
    return summary[: 2 * SNIPPET_CHARS] + ("…" if len(summary) > 2 * SNIPPET_CHARS else "")
