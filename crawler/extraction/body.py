"""Walk an article body into text blocks and images, keeping captions and CMS debris out of the text.

The body of a CMS article is a flat run of paragraphs, intertitles, image tables and the odd
data table. Image tables (any <table> holding an <img>) become images with captions; tables
without images are data and stay in the text, one row per line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote, urljoin

from lxml import html

from crawler.extraction.bylines import split_photo_credit
from crawler.extraction.text import normalize_block, normalize_line, strip_artifacts
from crawler.items import Image

_DROP = (
    "script",
    "style",
    "noscript",
    "iframe",
    "object",
    "embed",
    "form",
    "button",
    "input",
    "svg",
)
_CONTAINERS = {"div", "section", "article", "main", "center", "ul", "ol", "dl", "tbody", "font"}
_BLOCKS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dd",
    "dt",
    "pre",
    "blockquote",
    "address",
}
_CONTROL_TOKENS = {"leftcenterrightdel", "leftcenterrightdelete"}
# Only short elements can be the controls; XPath filters them in C before Python looks.
_SHORT = "[string-length(normalize-space(.)) <= 40]"


@dataclass
class Body:
    blocks: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)


def _is_control(element: html.HtmlElement) -> bool:
    """The image plugin's hidden alignment/delete controls, however they are marked up."""
    compact = "".join("".join(element.itertext()).split()).lower()
    return compact in _CONTROL_TOKENS


def prune(root: html.HtmlElement) -> None:
    """Remove what is never content; mark <br> so text_content() keeps the line break."""
    for element in root.xpath("|".join(f".//{tag}" for tag in _DROP) + '|.//*[@id="gtx-trans"]'):
        element.drop_tree()
    candidates = "|".join(f".//{tag}{_SHORT}" for tag in ("tr", "td", "p", "div", "span", "a"))
    for element in root.xpath(candidates):
        if element.getparent() is not None and not element.xpath(".//img") and _is_control(element):
            element.drop_tree()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")


def _text(element: html.HtmlElement) -> str:
    return strip_artifacts(normalize_block(element.text_content()))


def _image_url(img: html.HtmlElement, base_url: str) -> str:
    src = img.get("src") or img.get("data-src") or img.get("data-original") or ""
    # File names with raw spaces are real on qdnd ("upload_2273/k 2.jpg"): encode, keep the rest.
    return quote(urljoin(base_url, src.strip()), safe=":/?&=%#;,+@!$'()*~")


def _image(url: str, caption_parts: list[str]) -> Image:
    caption, credit = split_photo_credit(normalize_line(" ".join(caption_parts)))
    return Image(url=url, caption=caption, credit=credit)


class _Walker:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.body = Body()
        self._inline: list[str] = []

    def _flush(self) -> None:
        if text := strip_artifacts(normalize_block("".join(self._inline))):
            self.body.blocks.append(text)
        self._inline = []

    def _block(self, text: str) -> None:
        self._flush()
        if text:
            self.body.blocks.append(text)

    def image_table(self, table: html.HtmlElement) -> None:
        self._flush()
        entries: list[tuple[str, list[str]]] = []
        orphans: list[str] = []
        for row in table.xpath(".//tr") or [table]:
            imgs = row.xpath(".//img")
            for img in imgs:
                entries.append((_image_url(img, self.base_url), []))
            if imgs:
                continue
            if caption := _text(row):
                (entries[-1][1] if entries else orphans).append(caption)
        if entries and orphans:  # a caption row above its image
            entries[0][1][:0] = orphans
        self.body.images.extend(_image(url, parts) for url, parts in entries)

    def data_table(self, table: html.HtmlElement) -> None:
        rows = []
        for row in table.xpath(".//tr"):
            cells = [normalize_line(cell.text_content()) for cell in row.xpath("./td|./th")]
            if any(cells):
                rows.append(" | ".join(cells))
        self._block("\n".join(rows))

    def figure(self, figure: html.HtmlElement) -> None:
        self._flush()
        captions = [_text(cap) for cap in figure.xpath(".//figcaption")]
        for img in figure.xpath(".//img"):
            self.body.images.append(_image(_image_url(img, self.base_url), captions))
            captions = []

    def walk(self, element: html.HtmlElement) -> None:
        if element.text:
            self._inline.append(element.text)
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "table":
                if child.xpath(".//img"):
                    self.image_table(child)
                else:
                    self.data_table(child)
            elif tag == "figure":
                self.figure(child)
            elif tag == "img":
                self._flush()
                self.body.images.append(Image(url=_image_url(child, self.base_url)))
            elif tag in _CONTAINERS or (
                tag in _BLOCKS and child.xpath(".//table|.//figure|.//img")
            ):
                self._flush()
                self.walk(child)
                self._flush()
            elif tag in _BLOCKS:
                self._block(_text(child))
            elif tag:
                self._inline.append(child.text_content())
            if child.tail:
                self._inline.append(child.tail)
        # A container's own inline run ends with the container.


def extract_body(root: html.HtmlElement, base_url: str) -> Body:
    """Blocks and images of an article body element. Mutates (prunes) the element."""
    prune(root)
    walker = _Walker(base_url)
    walker.walk(root)
    walker._flush()
    return walker.body
