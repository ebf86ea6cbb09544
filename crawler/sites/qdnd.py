"""qdnd.vn (Báo Quân đội nhân dân): discovery sources and a parser per layout era.

Eras (SITES.md §1-2): 2020 (empty control row in image tables, sapo in `.post-summary h2` with a
"QĐND -" dateline, captions in <em><span>), 2021-2023 (hidden left/center/right/del controls,
NBSP-led captions, `tr.alt_imgEditor`), 2025 (two-row image tables, captions in h2/p/figcaption,
`p.logo-online` sapo, promo line, CKEditor entities).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, ClassVar
from urllib.parse import urljoin

from lxml import html

from crawler.extraction import metadata as md
from crawler.extraction.body import Body, extract_body
from crawler.extraction.bylines import strip_dateline
from crawler.extraction.clean import generic_body
from crawler.extraction.dates import VIETNAM, in_timezone, parse_any, parse_dmy, parse_iso
from crawler.extraction.text import join_blocks, normalize_line
from crawler.items import Article, Image
from crawler.sites.base import (
    MISSING,
    PRIMARY,
    ArticleParser,
    Site,
    SiteParser,
    Sources,
    finish,
    split_tail,
)


def _first_text(doc: html.HtmlElement, *xpaths: str) -> str:
    """Text of the first non-empty match, trying the XPaths in the order given."""
    for xpath in xpaths:
        for element in doc.xpath(xpath):
            if text := normalize_line(element.text_content()):
                return text
    return ""


class QdndV2020(ArticleParser):
    site = "qdnd"
    version = "2020"
    VALID_FROM = date(2017, 1, 1)
    LANGUAGE: ClassVar[str] = "vi"  # when the page does not say

    TITLE = '//h1[contains(@class, "post-title")]'
    SUMMARY: tuple[str, ...] = ('//div[contains(@class, "post-summary")]//h2',)
    # The schema.org body first; the visual container when a template drops the itemprop.
    BODY: tuple[str, ...] = (
        '//div[@itemprop="articleBody"]',
        '//div[contains(@class, "post-content")]',
    )
    DATE = '//*[contains(@class, "post-subinfo")]|//*[contains(@class, "post-date")]'
    BREADCRUMB = '//a[@rel="v:url"][@property="v:title"]'
    TAGS = '//*[contains(@class, "post-tag")]//a[@itemprop="keywords"]'

    @classmethod
    def claims(cls, doc: html.HtmlElement) -> bool:
        return bool(doc.xpath('//div[contains(@class, "post-summary")]/h2'))

    def parse(self, doc: html.HtmlElement, url: str) -> Article:
        ld = md.json_ld_article(doc)
        found = Sources()
        canonical = md.canonical_url(doc, url)
        roots = [(xpath, hit[0]) for xpath in self.BODY if (hit := doc.xpath(xpath))]
        body = extract_body(roots[0][1], canonical) if roots else Body()
        # The schema.org container is the selector; the visual one and the generic extractor
        # are fallbacks.
        source = "articleBody" if roots and roots[0][0] == self.BODY[0] else "post-content"
        if not body.blocks:  # no known container: the generic extractor's body, chrome pruned
            body, source = generic_body(doc, canonical), "generic"
        found.note("text", source, primary=source == "articleBody")
        blocks, credit, authors = split_tail(body.blocks, body.emphasised)
        if not blocks:
            found.found["text"] = MISSING
        images = body.images
        if not images and (lead := md.meta(doc, "og:image")):
            images = [Image(url=urljoin(canonical, lead))]
        article = Article(
            url=url,
            site=self.site,
            canonical_url=canonical,
            language=md.language(doc, self.LANGUAGE),
            title=found.first(
                "title",
                ("h1.post-title", lambda: _first_text(doc, self.TITLE)),
                ("og:title", lambda: md.meta(doc, "og:title")),
                ("json-ld", lambda: md.ld_text(ld, "headline")),
                ("<title>", lambda: _first_text(doc, "//title")),
            ),
            summary=strip_dateline(
                found.first(
                    "summary",
                    ("post-summary", lambda: _first_text(doc, *self.SUMMARY)),
                    ("meta description", lambda: md.meta(doc, "description")),
                )
            ),
            text=join_blocks(blocks),
            authors=found.first(
                "authors",
                ("credit line", lambda: authors),
                ("json-ld", lambda: md.ld_names(ld.get("author"))),
            )
            or [],
            credit=credit,
            published=in_timezone(
                found.first("published", *self.dates(doc, ld), own=("json-ld", "post-date")),
                VIETNAM,
            ),
            modified=in_timezone(
                parse_any(md.ld_text(ld, "dateModified"))
                or parse_iso(md.meta(doc, "article:modified_time")),
                VIETNAM,
            ),
            section=found.first(
                "section",
                (
                    "breadcrumb",
                    lambda: [normalize_line(a.text_content()) for a in doc.xpath(self.BREADCRUMB)],
                ),
            )
            or [],
            tags=self.tags(doc, found),
            images=images,
            parser=self.name,
        )
        if credit and not article.authors:  # a translator's line: a credit naming no author
            found.found["authors"] = PRIMARY
        article.sources = found.found
        return finish(article)

    def dates(self, doc: html.HtmlElement, ld: dict[str, Any]) -> list[tuple[str, Any]]:
        """Where the publication time is, the machine-readable sources first: they carry the
        time and offset a visible date may lack."""
        return [
            ("json-ld", lambda: parse_any(md.ld_text(ld, "datePublished"))),
            ("meta", lambda: parse_iso(md.meta(doc, "article:published_time"))),
            ("post-date", lambda: parse_dmy(_first_text(doc, self.DATE))),
        ]

    def tags(self, doc: html.HtmlElement, found: Sources) -> list[str]:
        tags = found.first(
            "tags",
            ("post-tag", lambda: [normalize_line(a.text_content()) for a in doc.xpath(self.TAGS)]),
            (
                "meta keywords",
                # Blank keywords dropped first: no tags at all is "missing", not a fallback.
                lambda: [t for t in map(normalize_line, md.meta(doc, "keywords").split(",")) if t],
            ),
        )
        return list(dict.fromkeys(tag for tag in tags or [] if tag))


class QdndV2021(QdndV2020):
    """About 2021-2023: the image plugin's hidden controls and NBSP-led captions."""

    version = "2021"
    VALID_FROM = date(2021, 1, 1)
    SUMMARY = (
        '//div[contains(@class, "post-summary")]//p[contains(@class, "logo-online")]',
        '//div[contains(@class, "post-summary")]',
    )

    @classmethod
    def claims(cls, doc: html.HtmlElement) -> bool:
        # The plugin's caption row class, or the control row itself, inside the body.
        body = '//div[@itemprop="articleBody"]'
        return bool(
            doc.xpath(f'{body}//tr[contains(@class, "alt_imgEditor")]')
            or doc.xpath(f'{body}//tr[translate(normalize-space(.), " ", "")="leftcenterrightdel"]')
        )


class QdndV2025(QdndV2021):
    """2025 re-platform: two-row image tables, captions in h2/p/figcaption, promo footer."""

    version = "2025"
    VALID_FROM = date(2024, 6, 1)

    @classmethod
    def claims(cls, doc: html.HtmlElement) -> bool:
        return bool(
            doc.xpath('//div[contains(@class, "post-summary")]//p[contains(@class, "logo-online")]')
        )


class QdndParser(SiteParser):
    versions: ClassVar[tuple[type[ArticleParser], ...]] = (QdndV2020, QdndV2021, QdndV2025)


SITE = Site(
    key="qdnd",
    name="Báo Quân đội nhân dân (qdnd.vn)",
    origin="https://www.qdnd.vn",
    domains=("www.qdnd.vn", "qdnd.vn"),
    language="vi",
    parser=QdndParser(),
    # /<cat>/<subcat>/<slug>-<id>: no extension, no trailing slash (SITES.md §2.1).
    article_pattern=re.compile(r"^/[a-z0-9-]+(?:/[a-z0-9-]+)*/[a-z0-9-]+-\d+/?$"),
    sitemaps=("/sitemaps/pid/feed-0.xml", "/sitemaps/0/top300article.xml"),
    feeds=(
        "/rss/cate/tin-tuc-moi-nhat.rss",
        "/rss/cate/quoc-phong-an-ninh-3424.rss",
        "/rss/cate/chinh-tri-3429.rss",
    ),
    feed_priming_path="/rss",
    listings=("/quoc-phong-an-ninh/tin-tuc", "/chinh-tri", "/quoc-te"),
    listing_links=(
        '//div[contains(@class, "list-news-category")]//article//a[@href]'
        '|//div[contains(@class, "list-news")]//a[@href]'
    ),
    listing_next='//div[contains(@class, "ex_page")]//a[@href]',
    max_listing_pages=5,
)
