"""A headline as the page shows it, from a page nobody profiled.

The machine-readable titles (JSON-LD headline, og:title, <title>) are often written for search
engines and social cards: HTML-escaped a second time ("&quot;", "R&uuml;ckbau") and followed by
the site's name ("… - The Namibian", "…-정치ㅣ한국일보", "… | Sport"). The visible <h1> is what a
reader sees; when it is the start of the machine title, the rest is the site's tail.
"""

from __future__ import annotations

import html as entities
import re

from lxml import html

from crawler.core.extraction.text import normalize_line

# The separators templates put between a headline and a site's or section's name.
_SEPARATOR = re.compile(r"\s[|–—\-·»:]\s|\s?ㅣ\s?")
# What may follow the <h1> in the machine title: a separator, then a short tail.
_AFTER_HEADLINE = re.compile(r"^\s*(?:[|–—\-·»:]|ㅣ)\s*(?P<tail>\S.*)$")
# Enough of a headline that matching it is no accident.
MIN_HEADLINE = 12


def unescape(title: str) -> str:
    """A title escaped twice reads as the page shows it ("&quot;" is a quote mark)."""
    return normalize_line(entities.unescape(title)) if "&" in title else title


def _visible_headlines(doc: html.HtmlElement) -> list[str]:
    found = (normalize_line(h.text_content()) for h in doc.xpath("//h1"))
    return [text for text in found if len(text) >= MIN_HEADLINE]


def _key(name: str) -> str:
    return re.sub(r"\W+", "", name.casefold())


def _is_site_name(tail: str, names: tuple[str, ...]) -> bool:
    """The tail is the site's name, a part of it, or its domain ("namibian.com.na")."""
    key, domain = _key(tail), _key(tail.split(".")[0])
    for name in map(_key, names):
        if name and (key == name or (len(key) >= 4 and key in name) or domain == name):
            return True
        # The site's full name ending in its domain's word: "Die Neue Südtiroler Tageszeitung".
        if len(name) >= 6 and key.endswith(name) and len(tail.split()) <= _SITE_NAME_WORDS:
            return True
    return False


_SITE_NAME_WORDS = 5
# A section's name glued to the headline before the site's ("…-정치ㅣ한국일보").
_GLUED_SECTION = re.compile(r"-[^\s-]{1,8}$")


def without_site_tail(title: str, doc: html.HtmlElement, site_names: tuple[str, ...]) -> str:
    """The title less a trailing site or section name: where the page's <h1> is the part before
    it and the rest is short (a section's name: "… | Sport"), or the part after the last
    separator is the site's name. A headline is never cut at a separator inside it."""
    for headline in _visible_headlines(doc):
        if (
            title == headline
            or not title.startswith(headline)
            or _is_site_name(headline, site_names)
        ):
            continue  # a logo in an <h1> is the site's name, not the story's headline
        rest = _AFTER_HEADLINE.match(title[len(headline) :])
        if rest and len(rest.group("tail")) <= len(headline) / 2:
            return headline
    # From the last separator back: the site's name, or its name and a tagline after it
    # ("… | Kyiv Post - Ukraine's Global Voice").
    for separator in reversed(list(_SEPARATOR.finditer(title))):
        head, tail = title[: separator.start()].rstrip(), title[separator.end() :].strip()
        if len(head) < MIN_HEADLINE:
            break
        if _is_site_name(tail, site_names) or _opens_with_site_name(tail, site_names):
            if "ㅣ" in separator.group(0):
                head = _GLUED_SECTION.sub("", head)
            return head
    return title


def _opens_with_site_name(tail: str, names: tuple[str, ...]) -> bool:
    """ "BBC News" for a site called BBC; "Kyiv Post - Ukraine's Global Voice": the name, then
    one word or a separator and a tagline. A headline's words after a name are more."""
    for name in names:
        if len(name) < 3 or not tail.casefold().startswith(name.casefold()):
            continue
        rest = tail[len(name) :]
        if rest and not rest[0].isspace():
            continue  # "Foxconn" does not open with "Fox", nor "Posted" with "Post"
        rest = rest.strip()
        if not rest or _SEPARATOR.match(f" {rest}"):
            return True
        # One more word in capitals, as sites name their news desk: "BBC News", not "BBC responds".
        if len(rest.split()) == 1 and rest[0].isupper():
            return True
    return False


def clean_title(title: str, doc: html.HtmlElement, site_names: tuple[str, ...]) -> str:
    """The headline from a machine title: unescaped, the site's name taken off its end. (The
    visible <h1> instead, whenever it is the story's? On the tuning half of the real pages that
    got fewer titles right: 0.81 against 0.86; the two differ as often by an editor's choice.)"""
    names = tuple(n.casefold() for n in site_names if len(n) >= 3)
    return without_site_tail(normalize_line(unescape(title)), doc, names)
