"""Sitemaps and feeds, parsed safely: no entity expansion, no network, bounded size.

Scrapy's SitemapSpider flattens Google-News entries and loses news:publication_date; this
parser keeps lastmod, the news date and title, so later runs can use them as change signals.
"""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass
from datetime import tzinfo

from lxml import etree

from crawler.core.extraction.dates import parse_any
from crawler.core.extraction.text import normalize_line
from crawler.core.extraction.xpath import elements

MAX_XML_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit per file


@dataclass(frozen=True)
class Entry:
    url: str
    # ISO 8601. A date the sitemap or feed wrote without an offset takes the zone the caller
    # passes (its outlet's), else stays without one: it is not known which instant it names.
    modified: str = ""  # sitemap lastmod / feed updated
    published: str = ""  # news:publication_date / RSS pubDate
    title: str = ""


@dataclass(frozen=True)
class Sitemap:
    is_index: bool
    entries: tuple[Entry, ...]


def _xml_root(body: bytes) -> etree._Element | None:
    if body[:2] == b"\x1f\x8b":  # a .xml.gz file served as application/gzip
        try:
            body = gzip.GzipFile(fileobj=io.BytesIO(body)).read(MAX_XML_BYTES + 1)
        except (OSError, EOFError, zlib.error):
            return None
    if len(body) > MAX_XML_BYTES:
        body = body[:MAX_XML_BYTES]
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, recover=True, remove_comments=True
    )
    try:
        return etree.fromstring(body.strip(), parser=parser)
    except etree.XMLSyntaxError:
        return None


def _nodes(element: etree._Element, xpath: str) -> list[etree._Element]:
    return elements(element, xpath, etree._Element)


def _child_text(element: etree._Element, *names: str) -> str:
    """Text of the first direct or nested child with one of these local names (any namespace)."""
    for name in names:
        for found in _nodes(element, f".//*[local-name()='{name}']"):
            if text := normalize_line("".join(str(part) for part in found.itertext())):
                return text
    return ""


SITEMAP_ROOTS = ("urlset", "sitemapindex")
FEED_ROOTS = ("rss", "feed", "RDF")  # RSS 2.0, Atom, RSS 1.0


def root_name(body: bytes) -> str:
    """The local name of the XML document's root element ("" when the body is not XML): a
    gate or error page served as 200 where a sitemap or feed should be is told apart by it."""
    root = _xml_root(body)
    return etree.QName(root).localname if root is not None else ""


def parse_sitemap(body: bytes, zone: tzinfo | None = None) -> Sitemap:
    root = _xml_root(body)
    if root is None:
        return Sitemap(False, ())
    is_index = etree.QName(root).localname == "sitemapindex"
    tag = "sitemap" if is_index else "url"
    entries = []
    for node in _nodes(root, f"./*[local-name()='{tag}']"):
        loc = _child_text(node, "loc")
        if not loc:
            continue
        entries.append(
            Entry(
                url=loc,
                modified=parse_any(_child_text(node, "lastmod"), zone),
                published=parse_any(_child_text(node, "publication_date"), zone),
                title=_child_text(node, "title"),
            )
        )
    return Sitemap(is_index, tuple(entries))


def parse_feed(body: bytes, zone: tzinfo | None = None) -> tuple[Entry, ...]:
    """RSS 2.0 items and Atom entries."""
    root = _xml_root(body)
    if root is None:
        return ()
    entries = []
    for node in _nodes(root, ".//*[local-name()='item' or local-name()='entry']"):
        link = _child_text(node, "link")
        if not link:  # Atom: <link href="..."/>
            links = _nodes(node, "./*[local-name()='link'][not(@rel) or @rel='alternate']")
            link = (links[0].get("href") or "").strip() if links else ""
        if not link:
            continue
        entries.append(
            Entry(
                url=link,
                modified=parse_any(_child_text(node, "updated"), zone),
                published=parse_any(_child_text(node, "pubDate", "published", "date"), zone),
                title=_child_text(node, "title"),
            )
        )
    return tuple(entries)
