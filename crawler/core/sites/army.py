"""army.mil (the U.S. Army's news site), SITES.md §4.5.

Verified there: article URLs /article/<id>/<slug_with_underscores> (the slug optional), the
/news listings, the body in div.ql-editor, the feeds /rss/static/1.xml (Army News) and
/rss/home.xml; and, as page text, photo captions that keep their own "(U.S. Army photo by X)"
followed by a site-added "(Photo Credit: X)" and a "VIEW ORIGINAL" link, and bylines such as
"By Sgt. 1st Class Zach Sheely, National Guard Bureau". Inferred: the markup of the title,
date, byline, tags and photo blocks. The feed is reported to answer only browser-like
clients at times: a refusal is reported as such (crawler.core.extraction.blocked).
"""

from __future__ import annotations

import re
from datetime import date
from typing import ClassVar

from crawler.core.extraction.dates import US_EASTERN
from crawler.core.sites.base import ArticleParser, Site, SiteParser
from crawler.core.sites.selectors import SelectorParser

# A photo: the picture, its caption, the site's credit line and a "VIEW ORIGINAL" link [I].
_PHOTO = (
    './/div[contains(@class, "photo-wrapper")]',
    './/*[contains(@class, "caption")]//p',
    './/*[contains(@class, "photo-credit")]',
)


class ArmyV2020(SelectorParser):
    site = "army"
    version = "2020"
    VALID_FROM = date(2015, 1, 1)
    LANGUAGE = "en"
    TIMEZONE = US_EASTERN
    TITLE = '//h1[contains(@class, "article-title")]'  # [I]
    BODY = ('//div[contains(@class, "ql-editor")]',)
    DATE = '//*[contains(@class, "article-date")]'  # [I]
    BYLINE = '//*[contains(@class, "article-byline")]'  # [I] "By X, Unit"
    TAGS = '//*[contains(@class, "article-tags")]//a'  # [I]
    FIGURES = _PHOTO
    LEAD = '//div[contains(@class, "lead-photo")]'  # [I]


class ArmyParser(SiteParser):
    versions: ClassVar[tuple[type[ArticleParser], ...]] = (ArmyV2020,)


SITE = Site(
    key="army",
    name="U.S. Army (army.mil)",
    origin="https://www.army.mil",
    domains=("www.army.mil", "army.mil"),
    language="en",
    parser=ArmyParser(),
    article_pattern=re.compile(r"^/article/\d+(?:/[A-Za-z0-9_-]*)?/?$"),
    feeds=("/rss/static/1.xml",),
    listings=("/news",),
    listing_links='//a[starts-with(@href, "/article/") or contains(@href, "army.mil/article/")]',
)
