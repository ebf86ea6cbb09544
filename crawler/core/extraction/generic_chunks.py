"""An article body cut into chunks, taken whole: the generic extractor keeps one of them.

Publishers cut long bodies into several containers of the same kind (one per screen, an ad or
a newsletter box between two): `<div class="body__inner-container">` five times over, or
a paragraph block repeated under one section. trafilatura takes the first and loses the rest
(on the tuning half of the real news pages, half the text of two publishers' pages). The
containers are recognised by the company they keep, not by a name: the element that holds most
of the paragraphs the extractor kept, and every element of the same tag and class that meets
one of those within six levels up through wrappers of the same shape, in the same <article>
(teasers that share the body's class in a sidebar meet it through other wrappers). Their paragraphs the extractor left out are put
in, each after the kept block before it in the page; the kept blocks keep their order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from copy import deepcopy

from lxml import html

from crawler.core.extraction.generic_text import ends_a_sentence
from crawler.core.extraction.text import normalize_line

_BLOCKS = ("p", "h2", "h3", "h4", "blockquote")
# How many levels above a chunk the extractor kept another chunk must meet it, below the page
# itself (meeting at <body> is no meeting: everything does).
NEAR = 6
_PAGE_LEVEL = frozenset(("body", "html"))
# A paragraph mostly made of links is a teaser or a "read more" line, not the body's.
MAX_LINK_SHARE = 0.3


def _text(element: html.HtmlElement) -> str:
    return normalize_line(" ".join(element.text_content().split()))


def _signature(element: html.HtmlElement) -> tuple[str, str]:
    return str(element.tag), " ".join((element.get("class") or "").split())


def _home(element: html.HtmlElement) -> html.HtmlElement | None:
    """The <article> the element is in: a chunk of another article is not this one's."""
    for ancestor in element.iterancestors("article"):
        return ancestor
    return None


def _kept_lines(element: html.HtmlElement, kept: set[str]) -> list[str]:
    """A paragraph with line breaks that the extractor kept as several blocks, one a line:
    its lines; else []."""
    if element.find(".//br") is None:
        return []
    copy = deepcopy(element)
    for br in copy.iter("br"):
        br.tail = "\n" + (br.tail or "")
    lines = [line for line in map(normalize_line, copy.text_content().split("\n")) if line]
    return lines if lines and all(line in kept for line in lines) else []


def _shape(element: html.HtmlElement) -> tuple[str, str, str]:
    return str(element.tag), " ".join((element.get("class") or "").split()), element.get("id") or ""


def _path_to(element: html.HtmlElement, ancestor: html.HtmlElement) -> list[tuple[str, str, str]]:
    path: list[tuple[str, str, str]] = []
    for parent in element.iterancestors():
        if parent is ancestor:
            return path
        path.append(_shape(parent))
    return path


def _alike(chunk: html.HtmlElement, kept: html.HtmlElement) -> bool:
    """Two chunks of one body: the same parent, or wrappers of the same shape (tag, class, id)
    up to where they meet, within NEAR levels and below the page itself. Teasers that share
    the body's class in a sidebar meet it through wrappers of another shape (#sidebar, #story)."""
    if chunk is kept or chunk.getparent() is kept.getparent():
        return True
    above = list(kept.iterancestors())[:NEAR]
    for ancestor in chunk.iterancestors():
        if ancestor.tag in _PAGE_LEVEL:
            return False
        if any(ancestor is a for a in above):
            return _path_to(chunk, ancestor) == _path_to(kept, ancestor)
    return False


def _is_body_paragraph(element: html.HtmlElement, text: str) -> bool:
    links = sum(len(_text(a)) for a in element.iter("a"))
    if links > MAX_LINK_SHARE * len(text):
        return False
    if element.tag == "p":
        return len(text) >= 60 or ends_a_sentence(text)
    return True


def complete_chunks(root: html.HtmlElement, blocks: Sequence[str]) -> list[str]:
    """The extractor's blocks, with the paragraphs of the body's other chunks put in place:
    each after the kept block that comes before it in the page. The kept blocks keep their
    order; a chunk's paragraph is one of its own children, never a nested box's."""
    kept = set(blocks)
    holders: Counter[tuple[str, str]] = Counter()
    for element in root.iter(*_BLOCKS):
        parent = element.getparent()
        if parent is not None and parent.get("class") and _text(element) in kept:
            holders[_signature(parent)] += 1
    if not holders:
        return list(blocks)
    kind = holders.most_common(1)[0][0]
    same = [e for e in root.iter(kind[0]) if _signature(e) == kind]
    matched = [e for e in same if any(_text(c) in kept for c in e.iterchildren(*_BLOCKS))]
    homes = {_home(e) for e in matched}
    chunks = {e for e in same if _home(e) in homes and any(_alike(e, m) for m in matched)}
    if len(chunks) < 2:
        return list(blocks)
    after: dict[str, list[str]] = {}
    leading: list[str] = []
    added: set[str] = set()
    previous = ""
    for element in root.iter(*_BLOCKS):
        text = _text(element)
        if not text:
            continue
        if text in kept:
            previous = text
        elif lines := _kept_lines(element, kept):
            previous = lines[-1]  # the extractor kept its lines, one block each
        elif (
            element.getparent() in chunks
            and text not in added
            and _is_body_paragraph(element, text)
        ):
            added.add(text)
            (after.setdefault(previous, []) if previous else leading).append(text)
    if not added:
        return list(blocks)
    merged = list(leading)
    for block in blocks:
        merged.append(block)
        merged += after.pop(block, [])
    return merged
