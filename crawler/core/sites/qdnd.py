"""qdnd.vn (Báo Quân đội nhân dân): discovery sources and a parser per layout era.

Eras (SITES.md §1-2): 2020 (empty control row in image tables, sapo in `.post-summary h2` with a
"QĐND -" dateline, captions in <em><span>), 2021-2023 (hidden left/center/right/del controls,
NBSP-led captions, `tr.alt_imgEditor`), 2025 (two-row image tables, captions in h2/p/figcaption,
`p.logo-online` sapo, promo line, CKEditor entities).
"""

from __future__ import annotations

import re
from datetime import date
from typing import ClassVar

from lxml import html

from crawler.core.extraction.dates import VIETNAM
from crawler.core.sites.base import ArticleParser, Site, SiteParser
from crawler.core.sites.selectors import SelectorParser


class QdndV2020(SelectorParser):
    site = "qdnd"
    version = "2020"
    VALID_FROM = date(2017, 1, 1)
    LANGUAGE = "vi"  # when the page does not say
    TIMEZONE = VIETNAM

    TITLE = '//h1[contains(@class, "post-title")]'
    SUMMARY: ClassVar[tuple[str, ...]] = ('//div[contains(@class, "post-summary")]//h2',)
    SUMMARY_META = ("description",)
    # The schema.org body first; the visual container when a template drops the itemprop.
    BODY = (
        '//div[@itemprop="articleBody"]',
        '//div[contains(@class, "post-content")]',
    )
    DATE = '//*[contains(@class, "post-subinfo")]|//*[contains(@class, "post-date")]'
    BREADCRUMB = '//a[@rel="v:url"][@property="v:title"]'
    TAGS = '//*[contains(@class, "post-tag")]//a[@itemprop="keywords"]'

    @classmethod
    def claims(cls, doc: html.HtmlElement) -> bool:
        return bool(doc.xpath('//div[contains(@class, "post-summary")]/h2'))


class QdndV2021(QdndV2020):
    """About 2021-2023: the image plugin's hidden controls and NBSP-led captions."""

    version = "2021"
    VALID_FROM = date(2021, 1, 1)
    SUMMARY: ClassVar[tuple[str, ...]] = (
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
