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
from typing import Any

FIELDS = ("title", "summary", "text", "authors", "tags")

SCHEMA = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    {", ".join(FIELDS)}, tokenize = 'unicode61'
);
"""

_WORD = re.compile(r"\w+\*?")
SNIPPET_CHARS = 90  # either side of the first hit


# Letters with a stroke that do not decompose either, as đ: one letter for one.
_STROKES = {"đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ħ": "h", "Ħ": "h"}


def fold_char(char: str) -> str:
    if char in _STROKES:
        return _STROKES[char]
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    base = base or char  # a stray combining mark stays itself
    lowered = base.lower()
    # One character for one, always: "İ".lower() is two, Hangul decomposes into several.
    if len(lowered) == 1:
        return lowered
    return base if len(base) == 1 else char


class _FoldTable(dict[int, str]):
    """str.translate's table, filled on first sight of each character: folding runs at C speed
    (it is on the crawl's path: every stored article is indexed)."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        if code < 0x10000:  # at most 65,536 entries, a few MB: a long-lived serve stays bounded
            self[code] = folded
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower case without diacritics, one character for one: positions stay the same."""
    return text.translate(_TABLE)


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


def terms(query: str) -> list[str]:
    """The query's words, folded, each once; a trailing * makes a word a prefix. NFC first:
    some keyboards type Vietnamese decomposed (a letter, then its marks)."""
    return list(dict.fromkeys(_WORD.findall(fold(unicodedata.normalize("NFC", query)))))


def match_expression(words: list[str]) -> str:
    """Every word must occur (AND), each quoted so FTS5 syntax in a query is just text."""
    return " ".join(f'"{word.rstrip("*")}"' + ("*" if word.endswith("*") else "") for word in words)


@dataclass(frozen=True)
class Hit:
    article_id: int
    key: str
    site: str
    title: str
    published: str
    url: str
    snippet: str
    score: float


def search(
    db: sqlite3.Connection,
    query: str,
    *,
    site: str | None = None,
    limit: int = 20,
    mark: tuple[str, str] = ("**", "**"),
) -> list[Hit]:
    """Ranked hits, ValueError for a query with no words. Articles holding the words as a
    phrase come first; then those holding them all anywhere; each group by bm25 with the
    title weighted highest. Hits in the snippets are put between mark's two strings."""
    words = terms(query)
    if not words:
        raise ValueError(f"nothing to search for in {query!r}")
    expressions = [match_expression(words)]
    if len(words) > 1 and not any(word.endswith("*") for word in words):
        expressions.insert(0, '"' + " ".join(words) + '"')  # the phrase
    found: dict[int, Hit] = {}
    for expression in expressions:
        for hit in _query(db, expression, words, site, limit, mark):
            found.setdefault(hit.article_id, hit)
    return list(found.values())[:limit]


def _query(
    db: sqlite3.Connection,
    expression: str,
    words: list[str],
    site: str | None,
    limit: int,
    mark: tuple[str, str],
) -> list[Hit]:
    where, params = "articles_fts MATCH ?", [expression]
    if site:
        where += " AND a.site = ?"
        params.append(site)
    rows = db.execute(
        "SELECT a.id, a.key, a.site, a.title, a.published, a.fields, "
        "bm25(articles_fts, 10.0, 4.0, 1.0, 6.0, 3.0) AS score "
        f"FROM articles_fts JOIN articles AS a ON a.id = articles_fts.rowid WHERE {where} "
        "ORDER BY score LIMIT ?",
        (*params, limit),
    ).fetchall()
    hits = []
    for article_id, key, site_key, title, published, fields_json, score in rows:
        fields = json.loads(fields_json)
        url = str(fields.get("url", key))
        snip = snippet(fields, words, mark)
        hits.append(Hit(article_id, key, site_key, title, published, url, snip, float(score)))
    return hits


def _word_pattern(word: str) -> str:
    """A whole word (or, with a trailing *, any word it begins), in folded text."""
    tail = r"\w*" if word.endswith("*") else ""
    return rf"(?<!\w){re.escape(word.rstrip('*'))}{tail}(?!\w)"


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
    for name in ("text", "summary", "title"):
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
