"""war.gov / defense.gov (the U.S. Department of War, until 2025 of Defense; DNN "ArticleCS").

Verified on the live site when the profile was written: the URL patterns
(/News/News-Stories/Article/Article/<id>/<slug>/, releases, contracts, speeches, transcripts,
feature stories, the same on both hosts with shared ids), the ArticleCS RSS feeds (ContentType 1
for stories, 9 for releases), the body in div.body. Seen in an old capture and in scrapers (not
in a current page): the article card article.adetail with its aside.meta list (a <time> holding
the AP-style date "Nov. 22, 2024", then the byline or "Press Operations"), the h1.maintitle
title, the breadcrumb in .skin-breadcrumb-container, image blocks div.media-inline with .caption
and a separate .credit (named in the site's stylesheet). Inferred: the byline's markup and the
tag links.

Akamai answers 403 "Access Denied" to cloud and datacenter addresses: a crawl from one is
refused outright, and says so (crawler.core.extraction.blocked) instead of archiving the refusal
as an article.
"""

from __future__ import annotations

import re
from datetime import date
from zoneinfo import ZoneInfo

from crawler.core.sites.base import Site, SiteParser
from crawler.core.sites.registry import register
from crawler.core.sites.selectors import SelectorParser

_CARD = '//article[contains(@class, "adetail")]'


# Washington's time, with its daylight saving: the zone its dates are written in.
EASTERN = ZoneInfo("America/New_York")


class DodV2019(SelectorParser):
    version = "2019"
    VALID_FROM = date(2015, 1, 1)
    LANGUAGE = "en"
    TIMEZONE = EASTERN  # the Pentagon's dates name no zone
    TITLE = '//h1[contains(@class, "maintitle")]'
    BODY = (
        f'{_CARD}//div[contains(concat(" ", normalize-space(@class), " "), " body ")]',
        '//div[@itemprop="articleBody"]',
    )
    DATE = f'{_CARD}//aside[contains(@class, "meta")]//time'
    BYLINE = f'{_CARD}//aside[contains(@class, "meta")]//li[starts-with(normalize-space(.), "By ")]'
    BREADCRUMB = '//*[contains(@class, "skin-breadcrumb-container")]//a[position() > 1]'
    TAGS = f'{_CARD}//a[contains(@href, "/News/Tag/")]'  # [I]
    FIGURES = (
        './/div[contains(@class, "media-inline")]',
        './/*[contains(@class, "caption")]',
        './/*[contains(@class, "credit")]',
    )


SITE = register(
    Site(
        key="dod",
        name="U.S. Department of War (war.gov, formerly defense.gov)",
        origin="https://www.war.gov",
        domains=("www.war.gov", "war.gov", "www.defense.gov", "defense.gov"),
        language="en",
        parser=SiteParser(DodV2019),
        article_pattern=re.compile(
            r"^/News/[A-Za-z-]+/[A-Za-z-]+/Article/\d+(?:/[A-Za-z0-9-]*)?/?$"
        ),
        feeds=(
            "/DesktopModules/ArticleCS/RSS.ashx?ContentType=1&Site=945&max=10",
            "/DesktopModules/ArticleCS/RSS.ashx?ContentType=9&Site=945&max=10",
        ),
        access_note=(
            "war.gov and defense.gov refuse cloud and datacenter addresses (their Akamai "
            "answers 403); crawl them from a residential or office network"
        ),
    )
)
