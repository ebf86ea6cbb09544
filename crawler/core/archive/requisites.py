"""What a page needs to be seen as it was: its photos, and the rest of its requisites.

An article's photos are evidence as much as its words (the weapon, the unit, the place), and
a replay without them shows broken images; the stylesheets, scripts, fonts and the chrome's
images make the replay look like the page. This module finds them in a page's HTML and in a
stylesheet's text; the crawl fetches and archives them (crawler.spiders.requisites). Pure: lxml
only, no Scrapy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeAlias
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from crawler.core.article import Article

# Kinds, as the catalogue's urls table and the run's counts name them.
IMAGE = "image"  # a photo the article shows (its images, its lead picture)
REQUISITE = "requisite"  # anything else the page loads

# url(...) in CSS, quoted or not; @import "x.css" without url().
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+?)\1\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(['"])([^'"]+)\1""", re.IGNORECASE)
_LEAD_META = (
    "og:image",
    "og:image:url",
    "og:image:secure_url",
    "twitter:image",
    "twitter:image:src",
)
# <link rel=...> values that a browser loads to show the page.
_LOADED_LINKS = {"stylesheet", "icon", "shortcut icon", "apple-touch-icon", "preload"}


@dataclass(frozen=True)
class Requisite:
    url: str
    kind: str  # IMAGE or REQUISITE
    what: str  # "photo", "lead picture", "stylesheet", "script", "image", "font", ...


# Second-level labels under which a country's registrations sit (news.com.vn, bbc.co.uk):
# there the site is the last three labels, not two. An approximation of the public suffix
# list that holds for news outlets; a miss only narrows what "site" requisites take.
_SECOND_LEVEL = {"com", "net", "org", "gov", "edu", "ac", "co", "mil", "info", "biz", "or", "ne"}


def site_of(host: str) -> str:
    """The registrable part of a host name (www.qdnd.vn -> qdnd.vn, file3.qdnd.vn -> qdnd.vn,
    static.bbc.co.uk -> bbc.co.uk); an IP address or a one-label name is itself."""
    host = host.lower().rstrip(".")
    labels = host.split(".")
    if len(labels) < 3 or host.replace(".", "").isdigit() or ":" in host:
        return host
    keep = 3 if len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def same_site(url: str, other: str) -> bool:
    """Are the two URLs' hosts one site (the page's own CDN included, an ad server not)?"""
    return site_of(urlsplit(url).hostname or "") == site_of(urlsplit(other).hostname or "")


SCOPES = ("off", "site", "all")


def requisite_scope(value: object) -> str:
    """PAGE_REQUISITES: "site" (the page's own site and its CDNs under the same domain),
    "all" (third parties too: ad servers, analytics, widgets) or "off"; True/False (and
    --set PAGE_REQUISITES=true) read as site/off."""
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "on"):
        return "site"
    if text in ("false", "0", "no", "", "none"):
        return "off"
    if text not in SCOPES:
        raise ValueError(f"PAGE_REQUISITES must be one of off, site, all; not {value!r}")
    return text


def fetchable(url: str, base: str) -> str:
    """url resolved against base, if it is something to fetch over HTTP(S) ("" otherwise:
    data:, blob:, javascript:, a broken URL); the fragment is no part of what is fetched."""
    url = url.strip()
    if not url or url.startswith(("data:", "blob:", "javascript:", "#", "about:")):
        return ""
    try:
        resolved = urljoin(base, url)
        parts = urlsplit(resolved)
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    return resolved.split("#", 1)[0]


def _srcset(value: str) -> Iterator[str]:
    """The URLs of a srcset, read as the HTML standard reads it: a URL is a run of non-space
    characters (commas inside it included: "/w_300,h_200/a.jpg 300w" is one URL, as image CDNs
    write them), ended by a comma only at its very end; its descriptors run to the next comma."""
    position, length = 0, len(value)
    while position < length:
        while position < length and (value[position].isspace() or value[position] == ","):
            position += 1
        start = position
        while position < length and not value[position].isspace():
            position += 1
        url = value[start:position]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            depth = 0  # a descriptor may hold a comma in parentheses
            while position < length and not (value[position] == "," and depth == 0):
                depth += {"(": 1, ")": -1 if depth else 0}.get(value[position], 0)
                position += 1
        if url:
            yield url


# The page's bytes or text, or the document it was parsed into (None: it could not be).
Page: TypeAlias = bytes | str | lxml_html.HtmlElement | None


def parse_page(page: Page, encoding: str | None) -> lxml_html.HtmlElement | None:
    """The page as an lxml document (None when it is none): parse it once, and hand the
    document to both article_photos and page_requisites."""
    if page is None or isinstance(page, lxml_html.HtmlElement):
        return page
    if not page:
        return None
    try:
        if isinstance(page, bytes):
            if encoding:
                parser = lxml_html.HTMLParser(encoding=encoding)
                return lxml_html.document_fromstring(page, parser=parser)
            return lxml_html.document_fromstring(page)
        return lxml_html.document_fromstring(page)
    except (ValueError, LookupError, etree.ParserError):
        return None


def lead_picture(doc: lxml_html.HtmlElement, base: str) -> str:
    """The picture a page names as its own (Open Graph, Twitter card, image_src): what a
    reader sees on a share card, and usually the article's lead photo."""
    for tag in doc.iter("meta"):
        name = (tag.get("property") or tag.get("name") or "").strip().lower()
        if name in _LEAD_META and (url := fetchable(tag.get("content") or "", base)):
            return url
    for link in doc.iter("link"):
        rel = (link.get("rel") or "").strip().lower()
        if rel == "image_src" and (url := fetchable(link.get("href") or "", base)):
            return url
    return ""


def article_photos(article: Article, page: Page, encoding: str | None) -> list[Requisite]:
    """The photos an article shows: its images (as the parser found them) and its lead
    picture, each once, in page order."""
    doc = parse_page(page, encoding)
    return photos_of(article, lead_picture(doc, article.url) if doc is not None else "")


def photos_of(article: Article, lead: str) -> list[Requisite]:
    """The article's images, after its lead picture (lead_picture; "" when it has none)."""
    base = article.url
    found = [
        Requisite(url, IMAGE, "photo") for i in article.images if (url := fetchable(i.url, base))
    ]
    if lead:
        found.insert(0, Requisite(lead, IMAGE, "lead picture"))
    return _once(found)


@dataclass(frozen=True)
class Found:
    """What a page shows, found where it was parsed (an extraction worker): its article's
    photos, and its page requisites (every one: the spider keeps those in its scope)."""

    photos: list[Requisite]
    requisites: list[Requisite]
    problem: str = ""  # why the page could not be read for them (the article is kept)


def page_requisites(page: Page, base: str, encoding: str | None) -> list[Requisite]:
    """Everything else the page loads to look as it did: stylesheets (linked and inline
    url()s), scripts, icons, preloads, and every image, poster and source in the page."""
    doc = parse_page(page, encoding)
    if doc is None:
        return []
    base_tag = doc.find(".//base[@href]")
    if base_tag is not None:
        base = fetchable(base_tag.get("href") or "", base) or base
    found: list[Requisite] = []

    def add(value: str | None, what: str) -> None:
        if value and (url := fetchable(value, base)):
            found.append(Requisite(url, REQUISITE, what))

    for link in doc.iter("link"):
        rel = (link.get("rel") or "").strip().lower()
        if rel in _LOADED_LINKS or "icon" in rel.split():
            kind = "stylesheet" if rel == "stylesheet" or link.get("as") == "style" else "icon"
            if rel == "preload":
                kind = link.get("as") or "preload"
            add(link.get("href"), kind)
    for script in doc.iter("script"):
        add(script.get("src"), "script")
    for element in doc.iter("img", "source", "video", "audio", "input", "embed", "track"):
        add(element.get("src"), "image" if element.tag == "img" else element.tag)
        add(element.get("poster"), "image")
        add(element.get("data-src"), "image")  # lazy loading: the script swaps it in
        for candidate in _srcset(element.get("srcset") or ""):
            add(candidate, "image")
    for style in doc.iter("style"):
        for url in css_references(style.text or "", base):
            found.append(Requisite(url, REQUISITE, css_loaded(url)))
    for element in doc.xpath("//*[@style]"):
        for url in css_references(element.get("style") or "", base):
            found.append(Requisite(url, REQUISITE, css_loaded(url)))
    return _once(found)


def css_loaded(url: str) -> str:
    """What a url() or @import of a stylesheet loads, in words, by its name."""
    path = urlsplit(url).path.lower()
    if path.endswith(".css"):
        return "stylesheet"
    if path.endswith((".woff2", ".woff", ".ttf", ".otf", ".eot")):
        return "font"
    return "image"


def css_references(css: bytes | str, base: str) -> list[str]:
    """What a stylesheet loads: its url()s (fonts, backgrounds) and @imports."""
    text = css.decode("utf-8", "replace") if isinstance(css, bytes) else css
    urls = [m.group(2) for m in _CSS_URL.finditer(text)]
    urls += [m.group(2) for m in _CSS_IMPORT.finditer(text)]
    return list(dict.fromkeys(u for value in urls if (u := fetchable(value, base))))


def _once(found: Iterable[Requisite]) -> list[Requisite]:
    seen: dict[str, Requisite] = {}
    for requisite in found:
        seen.setdefault(requisite.url, requisite)
    return list(seen.values())
