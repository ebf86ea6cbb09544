"""Links out of listing pages and feed indexes: pure functions the spider calls."""

from __future__ import annotations

from urllib.parse import urljoin

from lxml import html

from crawler.extraction.document import parse_document
from crawler.extraction.xpath import elements


def _anchors(text: str, xpath: str) -> list[html.HtmlElement]:
    return elements(parse_document(text), xpath, html.HtmlElement)


def hrefs(text: str, base_url: str, xpath: str = "//a[@href]") -> list[str]:
    """Absolute hrefs of the anchors an XPath selects, in page order, without repeats."""
    found = (urljoin(base_url, a.get("href", "").strip()) for a in _anchors(text, xpath))
    return list(dict.fromkeys(url for url in found if url.startswith(("http://", "https://"))))


def next_page(text: str, base_url: str, pager_xpath: str, page: int) -> str | None:
    """The pager link labelled with the next page number, if the page has one."""
    for link in _anchors(text, pager_xpath):
        if link.text_content().strip() == str(page + 1) and link.get("href"):
            return urljoin(base_url, str(link.get("href")))
    return None
