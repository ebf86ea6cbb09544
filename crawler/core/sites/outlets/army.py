"""army.mil (the U.S. Army's news site).

Verified on the live site when the profile was written: article URLs
/article/<id>/<slug_with_underscores> (the slug optional), the /news listings, the body in
div.ql-editor, the feeds /rss/static/1.xml (Army News) and /rss/home.xml; and, as page text,
photo captions that keep their own "(U.S. Army photo by X)" followed by a site-added "(Photo
Credit: X)" and a "VIEW ORIGINAL" link, and bylines such as "By Sgt. 1st Class Zach Sheely,
National Guard Bureau". Inferred: the markup of the title, date, byline, tags and photo blocks.
The feed is reported to answer only browser-like clients at times: a refusal is reported as such
(crawler.core.extraction.blocked).
"""

from __future__ import annotations

import re
from datetime import date
from zoneinfo import ZoneInfo

from crawler.core.sites.base import Site, SiteParser
from crawler.core.sites.registry import register
from crawler.core.sites.selectors import SelectorParser

# A photo: the picture, its caption, the site's credit line and a "VIEW ORIGINAL" link [I].
_PHOTO = (
    './/div[contains(@class, "photo-wrapper")]',
    './/*[contains(@class, "caption")]//p',
    './/*[contains(@class, "photo-credit")]',
)


# Washington's time, with its daylight saving: the zone its dates are written in.
EASTERN = ZoneInfo("America/New_York")


class ArmyV2020(SelectorParser):
    version = "2020"
    VALID_FROM = date(2015, 1, 1)
    LANGUAGE = "en"
    TIMEZONE = EASTERN
    TITLE = '//h1[contains(@class, "article-title")]'  # [I]
    BODY = ('//div[contains(@class, "ql-editor")]',)
    DATE = '//*[contains(@class, "article-date")]'  # [I]
    BYLINE = '//*[contains(@class, "article-byline")]'  # [I] "By X, Unit"
    TAGS = '//*[contains(@class, "article-tags")]//a'  # [I]
    FIGURES = _PHOTO
    LEAD = '//div[contains(@class, "lead-photo")]'  # [I]


SITE = register(
    Site(
        key="army",
        name="U.S. Army (army.mil)",
        origin="https://www.army.mil",
        domains=("www.army.mil", "army.mil"),
        language="en",
        parser=SiteParser(ArmyV2020),
        article_pattern=re.compile(r"^/article/\d+(?:/[A-Za-z0-9_-]*)?/?$"),
        feeds=("/rss/static/1.xml",),
        listings=("/news",),
        listing_links='//a[starts-with(@href, "/article/") or contains(@href, "army.mil/article/")]',
    )
)
