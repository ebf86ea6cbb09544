"""An article body cut into chunks, taken whole: the generic extractor keeps one of them.

Publishers cut long bodies into several containers of the same kind (one per screen, an ad or
a newsletter box between two): `<div class="body__inner-container">` five times over, or
a paragraph block repeated under one section. trafilatura takes the first and loses the rest
(on the tuning half of the real news pages, half the text of two publishers' pages). The
containers are recognised by the company they keep, not by a name: the element that holds most
of the paragraphs the extractor kept, and every element of the same tag and class in the same
<article> (or, in a page with none, anywhere under the same parent section). Their paragraphs,
in page order, replace the kept ones; what the extractor kept outside them stays where it was.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from lxml import html

from crawler.core.extraction.text import normalize_line

_BLOCKS = ("p", "h2", "h3", "h4", "blockquote")
_SENTENCE_END = re.compile(r"[.!?。！？…]['\"”’»)]?\s*$")
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


def _is_body_paragraph(element: html.HtmlElement, text: str) -> bool:
    links = sum(len(_text(a)) for a in element.iter("a"))
    if links > MAX_LINK_SHARE * len(text):
        return False
    if element.tag == "p":
        return len(text) >= 60 or _SENTENCE_END.search(text) is not None
    return True


def complete_chunks(root: html.HtmlElement, blocks: Sequence[str]) -> list[str]:
    """The extractor's blocks, with the paragraphs of the body's other chunks put in place."""
    kept = set(blocks)
    holders: Counter[tuple[str, str]] = Counter()
    for element in root.iter(*_BLOCKS):
        parent = element.getparent()
        if parent is not None and parent.get("class") and _text(element) in kept:
            holders[_signature(parent)] += 1
    if not holders:
        return list(blocks)
    tag, classes = holders.most_common(1)[0][0]
    same = [e for e in root.iter(tag) if _signature(e) == (tag, classes)]
    homes = {_home(e) for e in same if any(_text(c) in kept for c in e.iterchildren(*_BLOCKS))}
    chunks = [e for e in same if _home(e) in homes]
    if len(chunks) < 2:
        return list(blocks)
    ordered: list[str] = []
    for chunk in chunks:
        for child in chunk.iterchildren(*_BLOCKS):
            text = _text(child)
            if text and (text in kept or _is_body_paragraph(child, text)):
                ordered.append(text)
    if not set(ordered) - kept:
        return list(blocks)
    inside = set(ordered)
    first = next((i for i, block in enumerate(blocks) if block in inside), len(blocks))
    before = [block for block in blocks[:first] if block not in inside]
    after = [block for block in blocks[first:] if block not in inside]
    return before + list(dict.fromkeys(ordered)) + after
