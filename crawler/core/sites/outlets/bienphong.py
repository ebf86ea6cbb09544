"""bienphong.com.vn (Báo Biên phòng, the Border Guard newspaper).

Verified on the live site when the profile was written: article URLs /<slug>-post<id>.html, RSS
/rss/<category>.rss, the title (h1.bp-detail-content-title-h1), sapo (p.bp-detail-sapo), body
(div.bp-detail-text-content) and date (span.bp-date-time) selectors. Inferred: the tag and
breadcrumb boxes, the date's exact format, which feeds exist beyond /rss/kinh-te.rss; each field
falls back to JSON-LD and <meta> when its selector finds nothing (crawler.core.sites.selectors).
"""

from __future__ import annotations

import re
from datetime import date, timedelta, timezone

from crawler.core.sites.base import Site, SiteParser
from crawler.core.sites.registry import register
from crawler.core.sites.selectors import SelectorParser

HANOI = timezone(timedelta(hours=7))


class BienphongV2024(SelectorParser):
    version = "2024"
    VALID_FROM = date(2020, 1, 1)
    LANGUAGE = "vi"
    TIMEZONE = HANOI
    TITLE = '//h1[contains(@class, "bp-detail-content-title-h1")]'
    SUMMARY = ('//p[contains(@class, "bp-detail-sapo")]',)
    BODY = ('//div[contains(@class, "bp-detail-text-content")]',)
    DATE = '//span[contains(@class, "bp-date-time")]'
    TAGS = '//div[contains(@class, "bp-detail-tags")]//a'  # [I]
    BREADCRUMB = '//div[contains(@class, "bp-breadcrumb")]//a'  # [I]


SITE = register(
    Site(
        key="bienphong",
        name="Báo Biên phòng (bienphong.com.vn)",
        origin="https://www.bienphong.com.vn",
        domains=("www.bienphong.com.vn", "bienphong.com.vn"),
        language="vi",
        parser=SiteParser(BienphongV2024),
        article_pattern=re.compile(r"^/[a-z0-9-]+-post\d+\.html$"),
        feeds=("/rss/home.rss", "/rss/kinh-te.rss"),  # home.rss [I]
        listings=(),
    )
)
