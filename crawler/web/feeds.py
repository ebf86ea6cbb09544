"""Atom 1.0 (RFC 4287) feeds of the archive's changes, for feed readers: one entry per new or
changed version of an article, and per removal or return found by a re-check.

Built with lxml, so every title, summary and URL is escaped as XML wants (an article's text may
hold anything, control characters included: those are dropped, since XML 1.0 cannot carry
them). Entry IDs are tag: URIs (RFC 4151) made from the article's ID, its version and what
happened, so they stay the same in every run, merged archive and rebuilt catalogue, and a feed
reader shows each entry once.
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from crawler.web.watch_views import ChangeRow

ATOM = "http://www.w3.org/2005/Atom"
# The tagging entity: a name and a fixed date (RFC 4151 wants the date the name was owned; a
# fixed one keeps the IDs stable).
TAG = "tag:defnews,2026:"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_WORDS = {
    "new": "",
    "changed": "Changed: ",
    "removed": "Removed: ",
    "restored": "Back: ",
}


@dataclass(frozen=True)
class Feed:
    title: str
    self_url: str  # this feed's own address, absolute
    page_url: str  # the page showing the same changes, absolute
    ident: str  # the feed's stable ID (a tag: URI)
    base: str  # scheme and host the article links start with


def entry_id(row: ChangeRow) -> str:
    # A removal or a return is an event with its own time: an article taken down, back and
    # down again (no new version between) is two removals, two entries a reader sees.
    if row.change.kind in ("removed", "restored"):
        moment = "".join(char for char in row.change.at if char.isdigit())
        return f"{TAG}article/{row.article}/v{row.change.version}/{row.change.kind}/{moment}"
    return f"{TAG}article/{row.article}/v{row.change.version}/{row.change.kind}"


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def rfc3339(iso: str) -> str:
    """An ISO time as Atom wants it (an offset always): one without an offset is taken as UTC,
    as the catalogue writes its own times in UTC."""
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat(timespec="seconds")


def _text(parent: etree._Element, name: str, value: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
    element.text = _clean(value)
    return element


def _link(parent: etree._Element, href: str, rel: str = "alternate", kind: str = "") -> None:
    attributes = {"href": _clean(href), "rel": rel}
    if kind:
        attributes["type"] = kind
    etree.SubElement(parent, f"{{{ATOM}}}link", attributes)


def atom(feed: Feed, rows: list[ChangeRow], now: datetime | None = None) -> bytes:
    """The feed document, UTF-8, newest entry first (rows come newest first)."""
    root = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})  # type: ignore[dict-item]  # None: the default namespace (lxml-stubs wants str keys)
    _text(root, "id", feed.ident)
    _text(root, "title", feed.title)
    # The feed changed when its newest entry did; an empty feed says now.
    newest = rows[0].change.at if rows else (now or datetime.now(UTC)).isoformat()
    _text(root, "updated", rfc3339(newest))
    _link(root, feed.self_url, "self", "application/atom+xml")
    _link(root, feed.page_url, "alternate", "text/html")
    _text(_sub(root, "author"), "name", "defnews archive")
    _text(root, "generator", "defnews")
    for row in rows:
        _entry(root, feed, row)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))


def _sub(parent: etree._Element, name: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{ATOM}}}{name}")


def _entry(root: etree._Element, feed: Feed, row: ChangeRow) -> None:
    change = row.change
    entry = _sub(root, "entry")
    _text(entry, "id", entry_id(row))
    _text(entry, "title", _WORDS.get(change.kind, "") + (change.title or change.url))
    _text(entry, "updated", rfc3339(change.at))
    if row.published:
        # A date the page gave that is no ISO time: the entry goes without one.
        with suppress(ValueError):
            _text(entry, "published", rfc3339(row.published))
    _link(entry, feed.base + row.link)
    if row.diff_link:
        _link(entry, feed.base + row.diff_link, "related", "text/html")
    _link(entry, change.url, "via")
    author = _sub(entry, "author")
    _text(author, "name", ", ".join(row.authors) or change.site)
    _text(entry, "category", "", term=change.kind)
    _text(entry, "category", "", term=change.site)
    _text(entry, "summary", _summary(row))


def _summary(row: ChangeRow) -> str:
    change = row.change
    said = {
        "new": f"New on {change.site}.",
        "changed": f"Version {change.version} on {change.site}: its words changed.",
        "removed": f"Taken down on {change.site} ({change.detail}); the archived copy stays.",
        "restored": f"Back on {change.site} after a removal ({change.detail}).",
    }.get(change.kind, "")
    return f"{said} {row.summary}".strip()
