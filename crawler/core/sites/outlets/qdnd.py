"""qdnd.vn (Báo Quân đội nhân dân): discovery sources and a parser per layout era.

Eras, as described from the site's pages when the profile was written: 2020 (empty control row
in image tables, sapo in `.post-summary h2` with a "QĐND -" dateline, captions in <em><span>),
2021-2023 (hidden left/center/right/del controls, NBSP-led captions, `tr.alt_imgEditor`), 2025
(two-row image tables, captions in h2/p/figcaption, `p.logo-online` sapo, promo line, CKEditor
entities).

Its own lines: the sapo opens with a dateline ("QĐND - ", "QĐND Online - ", or the agency a
reprint comes from: "(QK7 Online) - ", "VOV.VN - "), and the body may end with a promo for a
column ("* Mời bạn đọc vào chuyên mục ... xem các tin, bài liên quan.", "* Chuyên mục ... gửi
tới bạn đọc ..."). Dates are Hanoi time, UTC+7 (no daylight saving).
"""

from __future__ import annotations

import re
from datetime import date, timedelta, timezone
from typing import ClassVar

from lxml import html

from crawler.core.extraction.bylines import datelines
from crawler.core.sites.base import Site, SiteParser
from crawler.core.sites.registry import register
from crawler.core.sites.selectors import SelectorParser

HANOI = timezone(timedelta(hours=7))
# Also at the foot of its articles other outlets repost (tapchiqptd.vn).
PROMOS = (
    re.compile(r"^\*?\s*Mời\s+bạn\s+đọc\s+vào\s+chuyên\s+mục\b.*xem\s+các\s+tin", re.IGNORECASE),
    re.compile(r"^\*?\s*Chuyên\s+mục\b.+gửi\s+tới\s+bạn\s+đọc", re.IGNORECASE),
)
_DATELINE = datelines(
    r"QĐND(?:\s+Online)?", r"QK\d\s+Online", "QPVN", "PLVN", "BKTO", "GLO", "TPO", r"VOV\.VN",
    r"VTV\.vn", "Kinhtedothi", "VNTN",
)  # fmt: skip


class QdndV2020(SelectorParser):
    version = "2020"
    VALID_FROM = date(2017, 1, 1)
    LANGUAGE = "vi"  # when the page does not say
    TIMEZONE = HANOI
    PROMOS = PROMOS
    DATELINE = _DATELINE

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


SITE = register(
    Site(
        key="qdnd",
        name="Báo Quân đội nhân dân (qdnd.vn)",
        origin="https://www.qdnd.vn",
        domains=("www.qdnd.vn", "qdnd.vn"),
        language="vi",
        parser=SiteParser(QdndV2020, QdndV2021, QdndV2025),
        # /<cat>/<subcat>/<slug>-<id>: no extension, no trailing slash.
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
)
