"""breakingdefense.com (Breaking Defense; WordPress), a Washington outlet.

Verified on the live site when the profile was written: article URLs /YYYY/MM/<slug>/ (some with
a day, /YYYY/MM/DD/<slug>/), the feeds /feed/ and /full-rss-feed/, the /category/<name>/
listings with post-card links, the article:published_time and :modified_time metas, and the body
in div.content > div.post-single__content. Inferred: the title, byline and tag selectors.
"""

from __future__ import annotations

import re
from datetime import date
from zoneinfo import ZoneInfo

from crawler.core.sites.base import Site, SiteParser
from crawler.core.sites.registry import register
from crawler.core.sites.selectors import SelectorParser

# Washington's time, with its daylight saving: the zone its dates are written in.
EASTERN = ZoneInfo("America/New_York")


class BreakingDefenseV2024(SelectorParser):
    version = "2024"
    VALID_FROM = date(2018, 1, 1)
    LANGUAGE = "en"
    TIMEZONE = EASTERN  # a Washington outlet: its dates without an offset are Eastern
    TITLE = '//h1[contains(@class, "post-single__title")]|//h1'  # [I]
    BODY = ('//div[contains(@class, "post-single__content")]',)
    BYLINE = '//*[contains(@class, "post-single__author")]//a'  # [I]
    TAGS = '//*[contains(@class, "post-single__tags")]//a'  # [I]
    BREADCRUMB = '//*[contains(@class, "post-single__category")]//a'  # [I]
    # "RELATED: <headline>" cross-links between paragraphs, and newsletter boxes [I].
    DROP = './/p[starts-with(normalize-space(.), "RELATED:")]|.//*[contains(@class, "newsletter")]'


SITE = register(
    Site(
        key="breakingdefense",
        name="Breaking Defense (breakingdefense.com)",
        origin="https://breakingdefense.com",
        domains=("breakingdefense.com", "www.breakingdefense.com"),
        language="en",
        parser=SiteParser(BreakingDefenseV2024),
        article_pattern=re.compile(r"^/\d{4}/\d{2}/(?:\d{2}/)?[a-z0-9-]+/?$"),
        feeds=("/feed/",),
        listings=("/category/global/",),
        listing_links='//div[contains(@class, "post-card__wrapper")]//h3[contains(@class, "post-card__title")]/a',
    )
)
