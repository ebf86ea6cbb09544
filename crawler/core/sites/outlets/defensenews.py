"""defensenews.com (Defense News, Sightline Media, on Arc XP). Its sister sites (militarytimes,
c4isrnet, armytimes) share the template.

Verified on the live site when the profile was written: article URLs
/<section>/<yyyy>/<mm>/<dd>/<slug>/ (video under /video/, not articles), the RSS and news
sitemap under /arc/outboundfeeds/, the body: the <article> in div[data-gtm-name="Article Body"],
read up to its share bar; the lead art in ArticleHeader__LeadArtWrapper with its figcaption;
meta description and keywords. Seen in scrapers (dated): the Heading__H1 title, Byline__Author
names, the first <time>'s ISO @datetime, in-body noise (interstitial links, newsletter sign-up,
the about-the-author box). Styled-components classes carry hashes that change: every selector
matches a stable part.
"""

from __future__ import annotations

import re
from datetime import date
from zoneinfo import ZoneInfo

from crawler.core.sites.base import Site, SiteParser
from crawler.core.sites.registry import register
from crawler.core.sites.selectors import SelectorParser

_SHARE = './/*[contains(@class, "ShareBar")]'


# Washington's time, with its daylight saving: the zone its dates are written in.
EASTERN = ZoneInfo("America/New_York")


class DefenseNewsV2021(SelectorParser):
    version = "2021"
    VALID_FROM = date(2019, 1, 1)
    LANGUAGE = "en"
    TIMEZONE = EASTERN  # the <time> is UTC; the outlet's dates are given in its own zone
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


SITE = register(
    Site(
        key="defensenews",
        name="Defense News (defensenews.com)",
        origin="https://www.defensenews.com",
        domains=("www.defensenews.com", "defensenews.com"),
        language="en",
        parser=SiteParser(DefenseNewsV2021),
        # Sections nest (/global/europe/); video pages are not articles.
        article_pattern=re.compile(r"^/(?!video/)(?:[a-z-]+/)+\d{4}/\d{2}/\d{2}/[a-z0-9-]+/?$"),
        sitemaps=("/arc/outboundfeeds/sitemap-news/?outputType=xml",),
        feeds=("/arc/outboundfeeds/rss/?outputType=xml",),
    )
)
