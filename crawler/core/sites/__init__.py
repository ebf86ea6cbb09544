"""The outlets: a key or a URL to its Site profile, with a generic fallback parser.

The profiles register themselves, one module each (crawler.core.sites.registry); this module
loads them and is the API the rest of the code uses.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from crawler.core.article import Article
from crawler.core.extraction.document import parse_document
from crawler.core.extraction.metadata import link_href
from crawler.core.sites.base import Site
from crawler.core.sites.generic_parser import GenericParser
from crawler.core.sites.registry import REGISTRY, load

load()
PROFILES = tuple(REGISTRY[key] for key in sorted(REGISTRY))
__all__ = [
    "PROFILES",
    "REGISTRY",
    "Site",
    "UnknownSite",
    "extract",
    "get_site",
    "is_article_page",
    "site_for_url",
]


class UnknownSite(KeyError):
    """A site key that no profile has."""

    def __str__(self) -> str:
        known = ", ".join(sorted(REGISTRY))
        return f"unknown site {self.args[0]!r} (known: {known})"


def get_site(key: str) -> Site:
    try:
        return REGISTRY[key]
    except KeyError:
        raise UnknownSite(key) from None


def site_for_url(url: str) -> Site | None:
    host = (urlsplit(url).hostname or "").lower()
    for site in REGISTRY.values():
        if host in site.domains:
            return site
    return None


def is_article_page(article: Article) -> bool:
    """Is this an article, not a listing or home page? By the site's URL pattern where known."""
    site = REGISTRY.get(article.site)
    if site is None:
        return bool(article.title and article.text)
    return site.is_article(urlsplit(article.canonical_url or article.url).path)


def extract(
    body: bytes | str,
    url: str,
    *,
    content_type: str | None = None,
    fetched_at: datetime | None = None,
    site: Site | None = None,
    before: Callable[[HtmlElement], None] | None = None,
) -> Article:
    """Parse one page: the claiming site's parser (by key or by URL), else the generic one.
    before: given the document as parsed, before a parser prunes it."""
    known = site or site_for_url(url)
    doc = parse_document(body, content_type, language=known.language if known else "")
    if before is not None:
        before(doc)
    # A saved page often arrives without its address: its canonical link then names the site.
    canonical = link_href(doc, "canonical")
    url = url or canonical
    site = known or (site_for_url(canonical) if canonical else None)
    if site is None:
        return GenericParser().parse(doc, url)
    return site.parser.choose(doc, fetched_at).parse(doc, url)
