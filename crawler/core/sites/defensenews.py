"""defensenews.com (Defense News, Sightline Media, on Arc XP), SITES.md §4.1. Its sister sites
(militarytimes, c4isrnet, armytimes) share the template.

Verified there: article URLs /<section>/<yyyy>/<mm>/<dd>/<slug>/ (video under /video/, not
articles), the RSS and news sitemap under /arc/outboundfeeds/, the body: the <article> in
div[data-gtm-name="Article Body"], read up to its share bar; the lead art in
ArticleHeader__LeadArtWrapper with its figcaption; meta description and keywords. Seen in
scrapers (dated): the Heading__H1 title, Byline__Author names, the first <time>'s ISO
@datetime, in-body noise (interstitial links, newsletter sign-up, the about-the-author box).
Styled-components classes carry hashes that change: every selector matches a stable part.
"""

from __future__ import annotations

import re
from datetime import date
from typing import ClassVar

from crawler.core.extraction.dates import US_EASTERN
from crawler.core.sites.base import ArticleParser, Site, SiteParser
from crawler.core.sites.selectors import SelectorParser

_SHARE = './/*[contains(@class, "ShareBar")]'


class DefenseNewsV2021(SelectorParser):
    site = "defensenews"
    version = "2021"
    VALID_FROM = date(2019, 1, 1)
    LANGUAGE = "en"
    TIMEZONE = US_EASTERN  # the <time> is UTC; the outlet's dates are given in its own zone
    TITLE = '//h1[contains(@class, "Heading__H1")]'
    BODY = (
        '//div[@data-gtm-name="Article Body"]/article',
        '//article[contains(@class, "articleBody")]',
    )
    DATE = "(//time/@datetime)[1]"
    BYLINE = '//*[contains(@class, "Byline__Author")]'
    LEAD = '//div[contains(@class, "ArticleHeader__LeadArtWrapper")]//figure'
    # The share bar and all after it (newsletter, about the author), and the promos between
    # paragraphs ("interstitial" links to other stories, sign-up boxes).
    DROP = (
        f"{_SHARE}|{_SHARE}/following-sibling::*"
        '|.//*[contains(@class, "InterstitialLink") or contains(@class, "interstitial_link")]'
        '|.//*[contains(@class, "newsletter-subscribe") or contains(@class, "aboutAuthor")]'
    )


class DefenseNewsParser(SiteParser):
    versions: ClassVar[tuple[type[ArticleParser], ...]] = (DefenseNewsV2021,)


SITE = Site(
    key="defensenews",
    name="Defense News (defensenews.com)",
    origin="https://www.defensenews.com",
    domains=("www.defensenews.com", "defensenews.com"),
    language="en",
    parser=DefenseNewsParser(),
    # Sections nest (/global/europe/); video pages are not articles.
    article_pattern=re.compile(r"^/(?!video/)(?:[a-z-]+/)+\d{4}/\d{2}/\d{2}/[a-z0-9-]+/?$"),
    sitemaps=("/arc/outboundfeeds/sitemap-news/?outputType=xml",),
    feeds=("/arc/outboundfeeds/rss/?outputType=xml",),
)
