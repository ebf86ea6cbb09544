"""Page-level metadata from JSON-LD, <meta> and <link>: the fields every outlet shares."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import html

from crawler.core.extraction.text import normalize_line

_ARTICLE_TYPES = {
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "BlogPosting",
    "AnalysisNewsArticle",
}


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def json_ld_article(doc: html.HtmlElement) -> dict[str, Any]:
    """The first JSON-LD object typed as an article, or {}; malformed blocks are skipped."""
    for script in doc.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        for node in _walk(data):
            kind = node.get("@type")
            kinds = set(kind) if isinstance(kind, list) else {kind}
            if kinds & _ARTICLE_TYPES:
                return node
    return {}


def _lower(attribute: str) -> str:
    return f'translate({attribute}, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")'


def meta(doc: html.HtmlElement, *names: str) -> str:
    """The first non-empty <meta name|property=...> content among names, in any case (DNN
    writes name="DESCRIPTION")."""
    for name in names:
        lower = name.lower()
        found = doc.xpath(f'//meta[{_lower("@name")}="{lower}" or {_lower("@property")}="{lower}"]')
        for value in (element.get("content", "") for element in found):
            if text := normalize_line(str(value)):
                return text
    return ""


def link_href(doc: html.HtmlElement, rel: str) -> str:
    for value in doc.xpath(f'//link[@rel="{rel}"]/@href'):
        if value.strip():
            return str(value).strip()
    return ""


def canonical_url(doc: html.HtmlElement, url: str) -> str:
    """The page's canonical address (link rel=canonical, then og:url), made absolute; the
    fetched URL when it names none, or only something that is not a web address: a page
    must not be able to file itself under javascript: or data: (it is shown as a link)."""
    for found in (link_href(doc, "canonical"), meta(doc, "og:url")):
        absolute = urljoin(url, found) if found else ""
        if urlsplit(absolute).scheme in ("http", "https") and urlsplit(absolute).netloc:
            return absolute
    return url


def language(doc: html.HtmlElement, default: str = "") -> str:
    lang = doc.get("lang") or meta(doc, "og:locale", "language", "content-language")
    return (lang.split("-")[0].split("_")[0].lower() if lang else default) or default


def ld_names(value: Any) -> list[str]:
    """Author names from a JSON-LD author value (string, object, or a list of either)."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and (clean := normalize_line(name)):
            names.append(clean)
    return names


def ld_text(node: dict[str, Any], key: str) -> str:
    value = node.get(key)
    if isinstance(value, list):
        value = value[0] if value else ""
    return normalize_line(value) if isinstance(value, str) else ""
