"""Gold extraction data: what a perfect extractor returns for one article spec."""

from __future__ import annotations

import copy
import re

from lxml import html as lxml_html

from crawler.demo.encoding import normalize, normalize_lines
from crawler.demo.model import DemoArticle, GoldImage
from crawler.demo.spec import SECTIONS, Spec, iso


def gold_article(spec: Spec) -> DemoArticle:
    """The gold record of one spec; fails the build if the body's credit is not the expected one."""
    paragraphs, credit, images = _gold_body(spec.body)
    if normalize(credit) != spec.credit:
        raise ValueError(f"article {spec.article_id}: credit {credit!r} != {spec.credit!r}")
    return DemoArticle(
        path=spec.path,
        article_id=spec.article_id,
        era=spec.era,
        discovery=spec.discovery,
        disallowed=spec.disallowed,
        title=normalize(spec.title),
        summary=normalize(spec.summary),
        paragraphs=tuple(paragraphs),
        credit=spec.credit,
        authors=spec.authors,
        published=iso(spec.published),
        modified=iso(spec.modified),
        section=tuple(name for name, _path in SECTIONS[spec.section]),
        tags=spec.tags,
        images=tuple(images),
        encoding=spec.encoding,
    )


_PROMO = re.compile(r"^\*\s*(?:Mời\s+bạn đọc|Chuyên mục)\b")
_CONTROLS = re.compile(r"^left\s*center\s*right\s*del$", re.IGNORECASE)
_CAPTION_CREDIT = re.compile(
    r"^(?P<caption>(?:.*[.!?…])?)\s*Ảnh(?: minh họa)?\s*:\s*(?P<credit>.+)$"
)
_BREAK = "\u2029"  # stands for <br> while flattening an element to text


def _flat_text(element: lxml_html.HtmlElement) -> str:
    """Element text where only <br> breaks lines (source newlines are plain whitespace)."""
    clone = copy.deepcopy(element)
    clone.tail = None
    for br in clone.iter("br"):
        br.tail = _BREAK + (br.tail or "")
    text = clone.text_content().replace("\n", " ").replace(_BREAK, "\n")
    return normalize_lines(text)


def _gold_images(table: lxml_html.HtmlElement) -> list[GoldImage]:
    captions = []
    for row in table.iter("tr"):
        if row.find(".//img") is not None:
            continue
        text = normalize(_flat_text(row))
        if text and not _CONTROLS.match(text):
            captions.append(text)
    caption, credit = " ".join(captions), ""
    if match := _CAPTION_CREDIT.match(caption):
        caption, credit = match["caption"].strip(), match["credit"].strip()
    return [
        GoldImage(url=img.get("src", "").replace(" ", "%20"), caption=caption, credit=credit)
        for img in table.iter("img")
    ]


def _table_block(table: lxml_html.HtmlElement) -> str:
    rows = []
    for row in table.iter("tr"):
        cells = [normalize(cell.text_content()) for cell in row if cell.tag in ("td", "th")]
        rows.append(" | ".join(cells))
    return "\n".join(rows)


def _gold_body(body: str) -> tuple[list[str], str, list[GoldImage]]:
    """(paragraphs, credit, images): blocks in order, promo lines dropped, last block = credit."""
    root = lxml_html.fragment_fromstring(body, create_parent="div")
    blocks: list[str] = []
    images: list[GoldImage] = []
    for child in root:
        if not isinstance(child.tag, str) or child.get("id") == "gtx-trans":
            continue
        if child.tag == "table" and child.find(".//img") is not None:
            images.extend(_gold_images(child))
        elif child.tag == "table":
            blocks.append(_table_block(child))
        elif text := _flat_text(child):
            blocks.append(text)
    blocks = [block for block in blocks if not _PROMO.match(block)]
    return blocks[:-1], blocks[-1], images
