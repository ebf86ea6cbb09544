"""Links out of listing pages, feed indexes and pages that name their feeds: pure functions the
spider calls."""

from __future__ import annotations

from typing import TypeAlias
from urllib.parse import urljoin

from lxml import html

from crawler.core.extraction.document import parse_document
from crawler.core.extraction.xpath import elements

Page: TypeAlias = str | html.HtmlElement  # the text, or the tree when the caller parsed it


def _anchors(page: Page, xpath: str) -> list[html.HtmlElement]:
    doc = parse_document(page) if isinstance(page, str) else page
    return elements(doc, xpath, html.HtmlElement)


def hrefs(page: Page, base_url: str, xpath: str = "//a[@href]") -> list[str]:
    """Absolute hrefs of the anchors an XPath selects, in page order, without repeats."""
    found = (urljoin(base_url, a.get("href", "").strip()) for a in _anchors(page, xpath))
    return list(dict.fromkeys(url for url in found if url.startswith(("http://", "https://"))))


def next_page(page: Page, base_url: str, pager_xpath: str, number: int) -> str | None:
    """The pager link labelled with the next page number, if the page has one."""
    for link in _anchors(page, pager_xpath):
        if link.text_content().strip() == str(number + 1) and link.get("href"):
            return urljoin(base_url, str(link.get("href")))
    return None


_FEED_TYPES = {"application/rss+xml", "application/atom+xml"}


def feed_links(page: Page, base_url: str) -> list[str]:
    """The feeds a page names in <link rel="alternate" type="application/rss+xml"> (or Atom)."""
    doc = parse_document(page) if isinstance(page, str) else page
    links = elements(
        doc, '//link[@href][contains(concat(" ", @rel, " "), " alternate ")]', html.HtmlElement
    )
    found = [
        urljoin(base_url, str(link.get("href", "")).strip())
        for link in links
        if str(link.get("type", "")).split(";")[0].strip().lower() in _FEED_TYPES
    ]
    return list(dict.fromkeys(url for url in found if url.startswith(("http://", "https://"))))
