"""What the generic body extractor does around trafilatura, so that no body text is lost to it.

Measured on the tuning half of the real news pages (crawler.core.jobs.real_news), each rule
for a loss seen there:
- HTML comments go before trafilatura sees the tree, their following text kept (it dropped it).
- A page-wide <form> (ASP.NET wraps the whole page in `aspnetForm`) is unwrapped, not dropped:
  dropping forms as chrome dropped every word of such a page.
- A block that holds article paragraphs keeps them even when its class or id says paywall or
  hidden: the text is in the page as served (the archive's copy of it), and trafilatura drops
  every element so marked.
- trafilatura's precise pass drops body paragraphs (a quote, a paragraph after an embed) on some
  pages; its default pass keeps them but keeps more chrome too. The text is the precise pass,
  with the default pass's lines that fall in a short gap between two of its lines and read as
  prose: a dropped paragraph sits inside the article, chrome mostly around it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree, html

# Class, id and style words under which publishers keep text the reader sees after paying or
# clicking: trafilatura discards every element so marked.
_HIDING = re.compile(r"paywall|hidden|hide|blurred|obfuscated|truncat|locked", re.IGNORECASE)
# Longer runs of lines the precise pass left out are chrome more often than body (comments,
# lists of teasers); a paragraph or two is a dropped quote or a paragraph after an embed.
MAX_GAP = 2
# A line that ends a sentence, or is long enough to be one: prose, not a label or a link.
_SENTENCE_END = re.compile(r"[.!?。！？…]['\"”’»)]?\s*$")


def strip_comments(root: html.HtmlElement) -> None:
    """Take out HTML comments, keeping the text after them: React writes `<!-- -->` inside
    sentences, and trafilatura, given a tree, drops a comment with the words that follow it
    (a paragraph of AP's ended at "recovered from the pandemic")."""
    etree.strip_tags(root, etree.Comment)


def unwrap_page_forms(root: html.HtmlElement) -> None:
    """A form holding most of the page's text is the page's frame: keep what it holds."""
    total = _visible_length(root) or 1
    for form in root.xpath("//form"):
        if _visible_length(form) > total / 2 and form.getparent() is not None:
            form.drop_tag()


def _visible_length(element: html.HtmlElement) -> int:
    """Characters of text a reader sees: not a script's or a style sheet's (a page's inline
    scripts in <head> can outweigh its whole body)."""
    texts = element.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]")
    return sum(len(text.strip()) for text in texts)


def unhide(root: html.HtmlElement) -> None:
    """Take the paywall and hidden marks off elements that hold article paragraphs."""
    for element in root.xpath("//*[@class or @id or @style or @aria-hidden]"):
        marks = " ".join(element.get(name, "") for name in ("class", "id", "style"))
        if not _HIDING.search(marks) and element.get("aria-hidden") != "true":
            continue
        if not any(len(p.text_content()) > 80 for p in element.iter("p")):
            continue
        if classes := element.get("class"):
            element.set("class", " ".join(c for c in classes.split() if not _HIDING.search(c)))
        for name in ("id", "style", "aria-hidden"):
            if name in element.attrib and (
                name == "aria-hidden" or _HIDING.search(element.get(name, ""))
            ):
                del element.attrib[name]


def ends_a_sentence(line: str) -> bool:
    return _SENTENCE_END.search(line) is not None


def reads_as_prose(line: str) -> bool:
    return len(line) >= 60 or (len(line) >= 15 and ends_a_sentence(line))


def merge_passes(precise: Sequence[str], default: Sequence[str]) -> list[str]:
    """The default pass's lines, where the precise pass has them or they fill a short gap
    between two of its lines with prose; the precise pass alone when the two share nothing.
    Nothing when the precise pass found nothing: on a listing or a home page the default pass
    finds chrome (a hotline number, teasers), and such a page must read as no article (a
    re-checked article redirected to the home page is a takedown, not a new story)."""
    kept_lines = set(precise)
    shared = [line in kept_lines for line in default]
    if not any(shared):
        return list(precise)
    merged: list[str] = []
    index = 0
    while index < len(default):
        if shared[index]:
            merged.append(default[index])
            index += 1
            continue
        end = index
        while end < len(default) and not shared[end]:
            end += 1
        inside = index > 0 and end < len(default)
        if inside and end - index <= MAX_GAP:
            merged += [line for line in default[index:end] if reads_as_prose(line)]
        index = end
    return merged
