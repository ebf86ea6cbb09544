"""Build the en.qdnd.vn fixture pages from two qdnd.vn fixture pages (the same CMS).

What is real and what is not: the page furniture, the image-table markup (2025 two-row table;
2021-23 table with the hidden left/center/right/del control row) and the JSON-LD shape come from
the qdnd.vn fixtures; the English edition's conventions were seen on its pages (a "PANO –" sapo
dateline, a "Translated by <Name>" footer); the English article texts are SYNTHETIC, written
for these fixtures. Writes crawler/core/sites/fixtures/qdnd-en/<name>.html.gz; make their expected
JSON with scripts/make_fixture.py and read it before committing.

Run: python scripts/en_qdnd_pages.py
"""

from __future__ import annotations

import copy
import gzip
import json
import re
from dataclasses import dataclass

from fixture_pages import FIXTURES, write_pages
from lxml import etree, html

ORIGIN = "https://en.qdnd.vn"


@dataclass(frozen=True)
class Page:
    name: str
    template: str  # a qdnd fixture
    path: str
    title: str
    sapo: str  # without the dateline
    paragraphs: tuple[str, ...]
    caption: str
    translator: str
    published: str
    shown_date: str
    section: tuple[tuple[str, str], ...]
    tags: tuple[str, ...]


PAGES = (
    Page(
        name="2025_pano-translated_819004",
        template="qdnd/2025_gtx-trans_812201",
        path="/military/news/dak-nong-sees-off-discharged-soldiers-819004",
        title="Dak Nong sees off soldiers completing military service",
        sapo=(
            "The Military Command of Dak Nong province on January 16 held a ceremony to see off "
            "nearly 500 soldiers who had completed their military service in 2025."
        ),
        paragraphs=(
            (
                "Speaking at the ceremony, Colonel Dinh Hong Tieng, Commander of the provincial "
                "Military Command, praised the soldiers for their discipline during 24 months of "
                "service in units of the local armed forces."
            ),
            (
                "Many of them were named emulation fighters, and several were admitted to the "
                "Communist Party of Vietnam while in the army."
            ),
            (
                "He asked the discharged soldiers to keep the qualities of Uncle Ho's soldiers, to "
                "take part in local movements and to stand ready to be called up when needed."
            ),
            (
                "On this occasion, the provincial Military Command presented certificates of merit "
                "to soldiers with outstanding achievements."
            ),
        ),
        caption="Colonel Dinh Hong Tieng speaks at the ceremony.",
        translator="Minh Anh",
        published="2025-01-16T10:30:00+07:00",
        shown_date="Thursday, 16/01/2025 - 10:30",
        section=(("Military", "/military"), ("News", "/military/news")),
        tags=("Military service", "Dak Nong"),
    ),
    Page(
        name="2022_controls-translated_711960",
        template="qdnd/2022_seed_711953",
        path="/military/news/general-department-of-technology-reviews-resolution-8-711960",
        title="General Department of Technology reviews 10 years of Resolution 8",
        sapo=(
            "The Party Committee of the General Department of Technology on October 27 held a "
            "conference to review 10 years of implementing the 8th Resolution of the 11th Party "
            "Central Committee on the Strategy for National Defence."
        ),
        paragraphs=(
            (
                "Lieutenant General Tran Duy Hung, Secretary of the Party Committee and Political "
                "Commissar of the General Department, chaired the conference."
            ),
            (
                "Delegates agreed that over the past 10 years the Party Committee had strictly "
                "implemented the resolution and advised the Central Military Commission well on "
                "technical work."
            ),
            (
                "Addressing the conference, Senior Lieutenant General Le Huy Vinh asked the General "
                "Department to push digital transformation and research in military technology."
            ),
        ),
        caption="Senior Lieutenant General Le Huy Vinh speaks at the conference.",
        translator="Thu Nguyen",
        published="2022-10-27T09:45:00+07:00",
        shown_date="Thursday, 27/10/2022 - 09:45",
        section=(("Military", "/military"), ("News", "/military/news")),
        tags=("Resolution 8", "General Department of Technology"),
    ),
)


def _set_text(element: html.HtmlElement, text: str) -> None:
    for child in list(element):
        element.remove(child)
    element.text = text


def _caption_cell(table: html.HtmlElement) -> html.HtmlElement:
    """The cell holding the caption: the last row's (both layouts put it there)."""
    return table.xpath(".//tr[last()]/td")[0]


def build(page: Page) -> bytes:
    source = FIXTURES / f"{page.template}.html.gz"
    doc = html.document_fromstring(gzip.decompress(source.read_bytes()))
    url = ORIGIN + page.path
    doc.set("lang", "en")
    for node in doc.xpath("//title"):
        node.text = page.title
    meta_values = {
        "description": page.sapo,
        "og:title": page.title,
        "og:description": page.sapo,
        "og:url": url,
        "keywords": ", ".join(page.tags),
    }
    for meta in doc.xpath("//meta[@name or @property]"):
        key = meta.get("name") or meta.get("property")
        if key in meta_values:
            meta.set("content", meta_values[key])
    for link in doc.xpath('//link[@rel="canonical"]'):
        link.set("href", url)
    for script in doc.xpath('//script[@type="application/ld+json"]'):
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "headline": page.title,
            "description": page.sapo,
            "datePublished": page.published,
            "publisher": {"@type": "Organization", "name": "People's Army Newspaper"},
        }
        script.text = json.dumps(data, ensure_ascii=False, indent=1)
    _set_text(doc.xpath('//h1[contains(@class, "post-title")]')[0], page.title)
    for dated in doc.xpath(
        '//*[contains(@class, "post-date")]|//*[contains(@class, "post-subinfo")]'
    ):
        _set_text(dated, page.shown_date)
    summary = doc.xpath('//div[contains(@class, "post-summary")]')[0]
    _set_text(summary, "")
    sapo = etree.SubElement(summary, "p", {"class": "logo-online"})
    sapo.text = f"PANO – {page.sapo}"
    crumbs = doc.xpath('//a[@rel="v:url"][@property="v:title"]')
    for anchor, (name, path) in zip(crumbs, page.section, strict=True):
        anchor.text = name
        anchor.set("href", ORIGIN + path)
    tag_box = doc.xpath('//*[contains(@class, "post-tag")]')[0]
    _set_text(tag_box, "Tags: ")
    for tag in page.tags:
        anchor = etree.SubElement(tag_box, "a", {"itemprop": "keywords", "href": f"{ORIGIN}/tag/x"})
        anchor.text = tag
        anchor.tail = " "
    body = doc.xpath('//div[@itemprop="articleBody"]')[0]
    table = copy.deepcopy(body.xpath(".//table")[0])
    cell = _caption_cell(table)
    spans = cell.xpath(".//span")
    # The 2025 layout puts the caption in <h2><span>; the 2021 one in the cell, NBSP first.
    if spans:
        spans[-1].text = page.caption
    else:
        _set_text(cell, "\u00a0" + page.caption)
    for child in list(body):
        body.remove(child)
    body.text = "\n"
    first, *rest = page.paragraphs
    etree.SubElement(body, "p").text = first
    table.tail = "\n"
    body.append(table)
    for paragraph in rest:
        etree.SubElement(body, "p").text = paragraph
    credit = etree.SubElement(body, "p", {"style": "text-align: right;"})
    etree.SubElement(credit, "strong").text = f"Translated by {page.translator}"
    english_chrome(doc)
    markup = html.tostring(doc, encoding="unicode", doctype="<!DOCTYPE html>")
    return markup.replace("https://www.qdnd.vn", ORIGIN).encode("utf-8")


# The English edition's chrome: its sections, labels and headlines in English (the template
# is www.qdnd.vn's; the English site's own menu is not documented, so these are plausible).
SECTIONS = {
    "quoc-phong-an-ninh": "military",
    "chinh-tri": "politics",
    "quoc-te": "international",
    "da-phuong-tien": "photos",
}
LABELS = {
    "Xem tất cả": "View all",
    "Tin liên quan": "Related news",
    "Đọc nhiều": "Most read",
    "Chia sẻ:": "Share:",
    "Mã nhúng": "Embed",
    "In bài": "Print",
    "Truyền hình": "TV",
    "Đường dây nóng:": "Hotline:",
    "Ý kiến bạn đọc": "Readers' comments",
    "Gửi bình luận": "Send",
    "Từ khóa:": "Tags:",
}
HEADLINES = (
    "Defence Minister receives Lao delegation",
    "Naval units hold joint search and rescue drill",
    "Border guards help people in flooded areas",
    "Military region reviews training results",
    "Vietnamese peacekeepers complete mission",
    "Army engineers build rural bridges",
)
_VIETNAMESE = re.compile(
    "[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", re.IGNORECASE
)


def english_chrome(doc: html.HtmlElement) -> None:
    """Outside the article itself: English labels and headlines, English section links."""
    keep = doc.xpath(
        '//div[@itemprop="articleBody"]|//h1[contains(@class, "post-title")]'
        '|//div[contains(@class, "post-summary")]|//*[contains(@class, "post-tag")]'
        "|//script|//style|//title"
    )
    kept = {id(node) for node in keep}
    headlines = iter(HEADLINES * 40)
    for element in doc.iter():
        if not isinstance(element.tag, str) or any(
            id(a) in kept for a in [element, *element.iterancestors()]
        ):
            continue
        for attribute in ("text", "tail"):
            value = getattr(element, attribute) or ""
            if not _VIETNAMESE.search(value):
                continue
            stripped = value.strip()
            replacement = LABELS.get(stripped) or (
                next(headlines) if len(stripped) > 25 else "News"
            )
            setattr(element, attribute, value.replace(stripped, replacement))
        href = element.get("href") if element.tag == "a" else None
        if href and ("qdnd.vn/" in href or href.startswith("/")):
            path = re.sub(r"^https?://[^/]+", "", href)
            first, _, rest = path.strip("/").partition("/")
            section = SECTIONS.get(first, "society" if first else "")
            ident = re.search(r"-(\d+)$", rest)
            tail = f"/news/story-{ident.group(1)}" if ident else ""
            element.set("href", f"{ORIGIN}/{section}{tail}" if section else ORIGIN + "/")


def main() -> None:
    write_pages("qdnd-en", ((page.name, ORIGIN + page.path, build(page)) for page in PAGES))


if __name__ == "__main__":
    main()
