"""A figure's credit as its own element, and the lead figure right above an article body.

Templates mark the photographer apart from the caption: `<span class="credit">`, an
itemprop="copyrightHolder", a `<small class="photo-byline">`. Read out of the caption, the
credit is the image's, not the caption's words: "(Sgt. A/U.S. Army)" or "Ảnh: TUẤN" as text
is left to bylines.split_photo_credit. Pure: lxml only.
"""

from __future__ import annotations

import re

from lxml import html

from crawler.core.extraction.boilerplate import attribute_words
from crawler.core.extraction.text import normalize_line

# Class and itemprop words that name a picture's credit.
_CREDIT_WORDS = frozenset(
    ("credit", "credits", "byline", "copyright", "author", "source", "photographer", "attribution")
)
_CREDIT_PROPS = frozenset(("copyrightholder", "credittext", "copyrightnotice", "author"))
# A label the credit element may keep: "Photo: ", "Photo by ", "Ảnh: ", "Credit: ", "© ".
_LABEL = re.compile(
    r"^(?:(?:photos?|images?|pictures?|credits?|ảnh|nguồn)\s*(?:by|credit|courtesy(?:\s+of)?)?"
    r"\s*[:：]?\s+|©\s*)",
    re.IGNORECASE,
)
# How far above the body a lead figure may sit: the body, its parent, its grandparent, and a
# few siblings before each; a sibling with this much text is another part of the page.
_LEVELS = 3
_SIBLINGS = 3
_HEADER_CHARS = 400
_NOT_LEAD = frozenset(("author", "byline", "avatar", "headshot", "profile", "logo", "icon"))
_MIN_SIDE = 120  # pixels: a thumbnail or an icon, not a lead photo


def _is_credit(element: html.HtmlElement) -> bool:
    prop = (element.get("itemprop") or "").strip().lower()
    if prop in _CREDIT_PROPS:
        return True
    return any(word in _CREDIT_WORDS for word in attribute_words(element.get("class") or ""))


def clean_credit(text: str) -> str:
    """ "(Sgt. A/U.S. Army)" -> "Sgt. A/U.S. Army"; "Photo: Jane Roe" -> "Jane Roe"."""
    text = normalize_line(text)
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    return normalize_line(_LABEL.sub("", text)).rstrip(".")


def take_credit(figure: html.HtmlElement) -> str:
    """The credit element's text inside a figure, removed from the tree (so the caption is
    left without it); "" when the figure marks none."""
    for element in figure.iter():
        if element is figure or not isinstance(element.tag, str) or element.tag == "img":
            continue
        if element.xpath(".//img|.//picture"):
            continue  # a wrapper of the picture ("image-source"), not its credit line
        if element.tag == "figcaption" or element.xpath(".//figcaption"):
            continue  # the caption itself ("caption-credit"): a credit is a part of it
        if _is_credit(element) and (credit := clean_credit(element.text_content())):
            element.drop_tree()  # its tail stays the caption's
            return credit
    return ""


def _is_picture(figure: html.HtmlElement, top: html.HtmlElement) -> bool:
    """A figure with a picture that is no one's portrait or logo: an author's headshot in the
    byline sits right above the body too."""
    imgs = figure.xpath(".//img")
    if not imgs:
        return False
    for element in (figure, *figure.iterancestors()):
        words = attribute_words(f"{element.get('class') or ''} {element.get('id') or ''}")
        if any(word in _NOT_LEAD for word in words):
            return False
        if element is top:
            break
    sizes = [imgs[0].get(name, "") for name in ("width", "height")]
    return not any(size.isdigit() and int(size) < _MIN_SIDE for size in sizes)


def lead_figure(body: html.HtmlElement) -> html.HtmlElement | None:
    """The figure right above an article body: a previous sibling of the body (or of its
    parent, or grandparent), or the last figure inside one, as a lead photo sits above the
    text in an article's header. None when text comes between them."""
    node: html.HtmlElement | None = body
    for _ in range(_LEVELS):
        if node is None:
            return None
        seen = 0
        for sibling in node.itersiblings(preceding=True):
            if not isinstance(sibling.tag, str):
                continue
            figures = [sibling] if sibling.tag == "figure" else sibling.xpath(".//figure")
            if figures := [figure for figure in figures if _is_picture(figure, sibling)]:
                return figures[-1]  # the nearest to the body
            seen += 1
            text = "".join(sibling.itertext()) if sibling.tag not in ("script", "style") else ""
            if seen >= _SIBLINGS or len(text.strip()) > _HEADER_CHARS:
                break
        node = node.getparent()
    return None
