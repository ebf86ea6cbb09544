"""Why a page became no article, in words, per URL: "wrote 0 articles" alone leaves a user
guessing between a wrong URL, an outlet without a profile and a broken parser.

The spiders and the validation pipeline note each page they fetched but did not store
(note()); the run summary prints the notes (lines()): always for `archive` (the user named
each URL), and for a crawl when it stored nothing. Pure: no Scrapy (stats are duck-typed).
"""

from __future__ import annotations

from typing import Any, Protocol

from crawler.core.article import Article

PAGES = "not_stored/pages"  # [(url, reason)], the first MAX_NOTED
COUNT = "not_stored/count"
ALWAYS = "not_stored/always"  # set by runs whose every URL was asked for (`archive`)
MAX_NOTED = 1000  # a crawl of a big site drops thousands of section pages: keep memory flat
MAX_PRINTED = 20

# The validation pipeline's reasons (crawler.pipelines.validate), in words.
WORDS = {
    "no-title": "not an article: no title",
    "no-text": "not an article: no text",
    "no-date": "not an article: no publication date (an about, section or sign-up page?)",
}

# Where the publication time came from when no selector found it: not a date the page states.
_GUESSED = ("missing", "fallback:htmldate")


class StatsLike(Protocol):
    def get_value(self, key: str, default: Any = None) -> Any: ...
    def set_value(self, key: str, value: Any) -> None: ...
    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None: ...


def note(stats: StatsLike, url: str, reason: str) -> None:
    """Remember that url was fetched but not stored, and why (a code of WORDS, or words)."""
    stats.inc_value(COUNT)
    pages = stats.get_value(PAGES)
    if pages is None:
        pages = []
        stats.set_value(PAGES, pages)
    if len(pages) < MAX_NOTED:
        pages.append((url, WORDS.get(reason, reason)))


def article_gap(article: Article) -> str:
    """What keeps an extraction from being an article: a code of WORDS, or ""."""
    if not article.title:
        return "no-title"
    if not article.text:
        return "no-text"
    dated_by = article.sources.get("published", "primary" if article.published else "missing")
    if article.parser.startswith("generic/") and dated_by in _GUESSED:
        return "no-date"
    return ""


def not_html(body: bytes, content_type: str | None = None) -> str:
    """Empty for something a parser can read as a page; else why not, in words."""
    if content_type and not any(kind in content_type.lower() for kind in ("html", "xml")):
        return f"not HTML ({content_type.split(';')[0].strip()})"
    head = body[:2048]
    if not head.strip():
        return "empty"
    if b"\0" in head:
        return "not HTML (binary data)"
    if b"<" not in head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1024]:
        return "not HTML (no markup)"
    return ""


def lines(stats: dict[str, Any]) -> list[str]:
    """What the summary prints: each page not stored and why, when the user needs it."""
    count = int(stats.get(COUNT, 0))
    written = int(stats.get("articles/written", 0))
    out = []
    if count and (stats.get(ALWAYS) or not written):
        pages = stats.get(PAGES) or []
        out += [f"not stored: {url}: {reason}" for url, reason in pages[:MAX_PRINTED]]
        if count > MAX_PRINTED:
            out.append(f"not stored: and {count - MAX_PRINTED} more page(s)")
    elif not written and not stats.get(ALWAYS) and _no_article_page(stats):
        fetched = int(stats.get("downloader/response_count", 0))
        out.append(
            f"not stored: none of the {fetched} pages fetched looked like an article (only "
            "home, section, feed and sitemap pages): no article links found from the start"
        )
    return out


def _no_article_page(stats: dict[str, Any]) -> bool:
    """A crawl that fetched pages, none of them an article page, and skipped none as known."""
    quiet = ("incremental/article_pages", "incremental/skipped", "incremental/not_modified")
    return bool(stats.get("downloader/response_count")) and not any(stats.get(k) for k in quiet)
