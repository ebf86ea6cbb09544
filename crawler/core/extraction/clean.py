"""The generic body extractor: trafilatura, configured once and deterministically, with the
rules around it that keep body text it would drop (crawler.core.extraction.generic_text)."""

from __future__ import annotations

import copy
import re
from typing import Any

import trafilatura
from lxml import html

from crawler.core.extraction.body import Body, take_image_tables
from crawler.core.extraction.boilerplate import strip_boilerplate
from crawler.core.extraction.generic_chrome import drop_generic_chrome
from crawler.core.extraction.generic_chunks import complete_chunks
from crawler.core.extraction.generic_text import (
    merge_passes,
    strip_comments,
    unhide,
    unwrap_page_forms,
)
from crawler.core.extraction.text import normalize_block


def extract_text(
    page: str | html.HtmlElement, url: str = "", *, favor_precision: bool = True
) -> str:
    """Body text by trafilatura, blocks separated by a blank line; "" when it finds none.

    page: HTML text, or a tree trafilatura may consume (it prunes the tree it is given)."""
    # deduplicate=False: trafilatura's duplicate filter is a process-wide LRU, which would make
    # the output depend on what was extracted before in the same process.
    text = trafilatura.extract(
        page,
        url=url or None,
        include_comments=False,
        include_tables=True,
        include_images=False,
        deduplicate=False,
        favor_precision=favor_precision,
        output_format="txt",
    )
    if not text:
        return ""
    # trafilatura separates paragraphs by one newline; the contract wants a blank line.
    return "\n\n".join(block for line in text.split("\n") if (block := normalize_block(line)))


def generic_body(doc: html.HtmlElement, url: str = "") -> Body:
    """trafilatura's body of a page, with our pruning first and image tables as images: its
    precise pass, with the paragraphs only its default pass kept inside the article."""
    tree = copy.deepcopy(doc)
    strip_comments(tree)
    unwrap_page_forms(tree)
    unhide(tree)
    drop_generic_chrome(tree)
    for body in tree.xpath("//body"):
        # The structural layer every parser runs, on the whole page, before the pruning
        # below drops the form controls it reads sign-up boxes by.
        strip_boilerplate(body)
    images = take_image_tables(tree, url)
    # Each pass prunes the tree it is given: they work on copies.
    precise = _blocks(extract_text(copy.deepcopy(tree), url))
    default = _blocks(extract_text(copy.deepcopy(tree), url, favor_precision=False))
    blocks = complete_chunks(tree, merge_passes(precise, default))
    return Body(blocks=blocks, images=images)


def _blocks(text: str) -> list[str]:
    return text.split("\n\n") if text else []


def extract_metadata(doc: html.HtmlElement, url: str = "") -> dict[str, Any]:
    """trafilatura's metadata (title, date, author, ...), as a plain dict, from a copy of the
    tree (trafilatura prunes what it is given; the caller still reads the original)."""
    document = trafilatura.extract_metadata(copy.deepcopy(doc), default_url=url or None)
    return document.as_dict() if document is not None else {}


# The page's own JSON-LD articleBody stands in for the text read from its markup only when the
# markup gave less than half of it: a page that renders its body from a script (the body is in
# the page only as data) or hides most of it. A short articleBody is a teaser, not a body.
MIN_LD_BODY = 400


def ld_body_if_fuller(ld_body: str, blocks: list[str]) -> list[str]:
    """The articleBody's paragraphs when it holds over twice the text the markup gave, else []."""
    if _MARKUP.search(ld_body):  # some CMSs put the body's HTML in it, tags and all
        fragment = html.fragment_fromstring(ld_body, create_parent="div")
        # Every block ends a line; nested blocks (a <p> in a <li>) are read once, and text
        # outside any block is kept.
        for element in fragment.iter(*_LD_BLOCKS):
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
        ld_body = fragment.text_content()
    if len(ld_body) < MIN_LD_BODY or sum(map(len, blocks)) * 2 >= len(ld_body):
        return []
    return [line for line in (normalize_block(part) for part in ld_body.split("\n")) if line]


_LD_BLOCKS = ("p", "br", "div", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "tr")
_MARKUP = re.compile(r"<(?:p|br|div|h[2-6]|li|blockquote)\b", re.IGNORECASE)
