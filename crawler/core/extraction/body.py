"""Walk an article body into text blocks and images, keeping captions and CMS debris out of the text.

The body of a CMS article is a flat run of paragraphs, intertitles, image tables and the odd
data table. Image tables (any <table> holding an <img>) become images with captions; tables
without images are data and stay in the text, one row per line.
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin

from lxml import etree, html

from crawler.core.article import Image
from crawler.core.extraction.boilerplate import strip_boilerplate
from crawler.core.extraction.bylines import split_photo_credit
from crawler.core.extraction.figures import take_credit
from crawler.core.extraction.text import normalize_block, normalize_line, strip_artifacts

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
_BLOCK_DESCENDANTS = ".//" + "|.//".join(sorted(_BLOCKS | _CONTAINERS | {"table", "figure", "img"}))
_CONTROL_TOKENS = {"leftcenterrightdel", "leftcenterrightdelete"}
# Only short elements can be the controls; XPath filters them in C before Python looks.
_SHORT = "[string-length(normalize-space(.)) <= 40]"


@dataclass
class Body:
    blocks: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    # Blocks set in bold or aligned right: where qdnd puts a bare credit line ("PHAN TUỆ").
    emphasised: set[str] = field(default_factory=set)


def _is_control(element: html.HtmlElement) -> bool:
    """The image plugin's hidden alignment/delete controls, however they are marked up."""
    compact = "".join("".join(element.itertext()).split()).lower()
    return compact in _CONTROL_TOKENS


def _drop_control_runs(root: html.HtmlElement) -> None:
    """The four controls as sibling elements beside other content (a caption, an image):
    drop the run of siblings whose texts are left, center, right, del (an image plugin's)."""
    for first in root.xpath('.//*[translate(normalize-space(.), "LEFT", "left")="left"]'):
        run = [first, *first.itersiblings()][:4]
        texts = ["".join(element.itertext()).strip().lower() for element in run]
        if texts == ["left", "center", "right", "del"] and first.getparent() is not None:
            for element in run:
                element.drop_tree()


def prune(root: html.HtmlElement) -> None:
    """Remove what is never content; mark <br> so text_content() keeps the line break."""
    for element in root.xpath("|".join(f".//{tag}" for tag in _DROP) + '|.//*[@id="gtx-trans"]'):
        element.drop_tree()
    candidates = "|".join(f".//{tag}{_SHORT}" for tag in ("tr", "td", "p", "div", "span", "a"))
    for element in root.xpath(candidates):
        if element.getparent() is not None and not element.xpath(".//img") and _is_control(element):
            element.drop_tree()
    _drop_control_runs(root)
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    # Paragraphs inside a table cell must not run into each other in text_content().
    for block in root.xpath(".//td//p|.//td//div|.//td//h2|.//td//h3|.//th//p|.//th//div"):
        block.tail = "\n" + (block.tail or "")


def _text(element: html.HtmlElement) -> str:
    return strip_artifacts(normalize_block(element.text_content()))


def _image_url(img: html.HtmlElement, base_url: str) -> str:
    src = img.get("src") or img.get("data-src") or img.get("data-original") or ""
    # File names with raw spaces are real on qdnd ("upload_2273/k 2.jpg"): encode, keep the rest.
    return quote(urljoin(base_url, src.strip()), safe=":/?&=%#;,+@!$'()*~")


def _cell(cell: html.HtmlElement) -> str:
    return normalize_line(" ".join(normalize_block(cell.text_content()).split("\n")))


def is_image_table(table: html.HtmlElement) -> bool:
    """A table of photos and their captions: no row holds both an image and text.

    A data table with flag icons beside country names is data; qdnd's image tables keep
    the photo and its caption in separate rows."""
    if not table.xpath(".//img"):
        return False
    return not any(row.xpath(".//img") and _uncaptioned_text(row) for row in table.xpath(".//tr"))


def _uncaptioned_text(row: html.HtmlElement) -> str:
    """A row's text outside <figcaption> (a CKEditor 5 figure pasted into a table cell)."""
    captions = "".join(normalize_line(c.text_content()) for c in row.xpath(".//figcaption"))
    return _cell(row).replace(" ", "").replace(captions.replace(" ", ""), "", 1)


def _is_emphasised(element: html.HtmlElement) -> bool:
    text = normalize_line(element.text_content())
    bold = " ".join(normalize_line(b.text_content()) for b in element.xpath(".//strong|.//b"))
    styles = " ".join(element.xpath("@style|.//@style|@align|.//@align")).replace(" ", "").lower()
    return bool(text) and (normalize_line(bold) == text or "right" in styles)


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

    def _block(self, text: str, *, emphasised: bool = False) -> None:
        self._flush()
        if text:
            self.body.blocks.append(text)
            if emphasised:
                self.body.emphasised.add(text)

    def image_table(self, table: html.HtmlElement) -> None:
        self._flush()
        entries: list[tuple[str, list[str]]] = []
        row_images: list[int] = []  # entries of the latest row of images
        orphans: list[str] = []
        for row in table.xpath(".//tr") or [table]:
            if imgs := row.xpath(".//img"):
                row_images = list(range(len(entries), len(entries) + len(imgs)))
                entries += [(_image_url(img, self.base_url), []) for img in imgs]
                for index, caption in zip(row_images, row.xpath(".//figcaption"), strict=False):
                    entries[index][1].append(_text(caption))
                continue
            cells = [strip_artifacts(_cell(cell)) for cell in row.xpath("./td|./th")]
            if not any(cells):
                continue
            if len(row_images) > 1 and len(cells) == len(row_images):  # photos side by side
                for index, caption in zip(row_images, cells, strict=True):
                    entries[index][1].append(caption)
            elif entries:
                entries[row_images[-1] if row_images else -1][1].append(" ".join(cells))
            else:
                orphans.append(" ".join(cells))
        if entries and orphans:  # a caption row above its image
            entries[0][1][:0] = orphans
        self.body.images.extend(_image(url, parts) for url, parts in entries)

    def data_table(self, table: html.HtmlElement) -> None:
        rows = []
        for row in table.xpath(".//tr"):
            cells = [_cell(cell) for cell in row.xpath("./td|./th")]
            if any(cells):
                rows.append(normalize_line(" | ".join(cells)))
        self._block("\n".join(rows))

    def figure(self, figure: html.HtmlElement) -> None:
        self._flush()
        credit = figure.get(CREDIT_ATTRIBUTE, "") or take_credit(figure)
        captions = [_text(cap) for cap in figure.xpath(".//figcaption")]
        for img in figure.xpath(".//img"):
            image = _image(_image_url(img, self.base_url), captions)
            if credit:  # the site's own credit element outranks one read out of the caption
                image = Image(url=image.url, caption=image.caption, credit=credit)
            self.body.images.append(image)
            captions, credit = [], ""

    def walk(self, element: html.HtmlElement) -> None:
        if element.text:
            self._inline.append(element.text)
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "table":
                if is_image_table(child):
                    self.image_table(child)
                else:
                    self.data_table(child)
            elif tag == "figure":
                self.figure(child)
            elif tag == "img":
                self._flush()
                self.body.images.append(Image(url=_image_url(child, self.base_url)))
            elif tag in _CONTAINERS and not child.xpath(_BLOCK_DESCENDANTS):
                # A <div> holding only text is a paragraph (a right-aligned credit line, say).
                self._block(_text(child), emphasised=_is_emphasised(child))
            elif (
                tag in _CONTAINERS
                or (tag in _BLOCKS and child.xpath(".//table|.//figure|.//img"))
                or (tag not in _BLOCKS and child.xpath(_BLOCK_DESCENDANTS))
            ):
                self._flush()
                self.walk(child)
                self._flush()
            elif tag in _BLOCKS:
                self._block(_text(child), emphasised=_is_emphasised(child))
            elif tag:
                self._inline.append(child.text_content())
            if child.tail:
                self._inline.append(child.tail)
        # A container's own inline run ends with the container.


CREDIT_ATTRIBUTE = "data-defnews-credit"
_CREDIT_LABEL = re.compile(r"^\(?\s*(?:photo|image)\s*(?:by|credit)?\s*:\s*|\)$", re.IGNORECASE)


def mark_figures(root: html.HtmlElement, blocks: str, caption: str, credit: str) -> None:
    """A site's own image blocks (a <div> of picture, caption and credit, as DNN's ArticleCS
    writes them) rewritten as <figure>s, so the walk lifts them as images; their texts,
    photo titles and "view original" links never reach the article's text."""
    for block in root.xpath(blocks):
        parent, imgs = block.getparent(), block.xpath(".//img")
        if parent is None or not imgs:
            continue
        figure = html.Element("figure")
        picture = deepcopy(imgs[0])  # every source attribute kept (src, data-src, srcset)
        picture.tail = None
        figure.append(picture)
        text = " ".join(normalize_line(c.text_content()) for c in block.xpath(caption))
        etree.SubElement(figure, "figcaption").text = text
        if named := " ".join(normalize_line(c.text_content()) for c in block.xpath(credit)):
            figure.set(CREDIT_ATTRIBUTE, normalize_line(_CREDIT_LABEL.sub("", named)))
        figure.tail = block.tail
        parent.replace(block, figure)


def extract_body(root: html.HtmlElement, base_url: str) -> Body:
    """Blocks and images of an article body element. Mutates (prunes) the element.

    The structural chrome goes first, while its forms and buttons still say what it is: a
    sign-up box or a list of related links a parser's own rules never named."""
    strip_boilerplate(root)
    prune(root)
    walker = _Walker(base_url)
    walker.walk(root)
    walker._flush()
    return walker.body


def take_image_tables(root: html.HtmlElement, base_url: str) -> list[Image]:
    """Prune, then lift every image table and figure out of the tree as images with captions.

    For a page no body selector found: what stays is fit for a generic extractor, which
    would otherwise print captions (and the control row) as text."""
    prune(root)
    walker = _Walker(base_url)
    for table in root.xpath("//table"):
        if table.getparent() is not None and is_image_table(table):
            walker.image_table(table)
            table.drop_tree()
    # HTML5 figures (WordPress, Arc XP): the picture and its caption, never body text.
    for figure in root.xpath("//figure[.//img]"):
        if figure.getparent() is None:
            continue
        credit = take_credit(figure)
        captions = [normalize_block(c.text_content()) for c in figure.xpath(".//figcaption")]
        for img in figure.xpath(".//img")[:1]:
            image = _image(_image_url(img, base_url), captions)
            if credit:  # the template's own credit element, as in a body's figure
                image = Image(url=image.url, caption=image.caption, credit=credit)
            walker.body.images.append(image)
        figure.drop_tree()
    return walker.body.images
