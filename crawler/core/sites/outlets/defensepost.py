"""thedefensepost.com (The Defense Post; WordPress with the Jannah theme).

Verified on the live site when the profile was written: article URLs /YYYY/MM/DD/<slug>/, the
/latest/ listing (/latest/page/<n>/), and the JSON-LD in script#tie-schema-json carrying name,
dates, description, keywords, publisher and the full articleBody (the body's fallback here).
Inferred: the feed (/feed/, as on any WordPress), the body container (Jannah's
div.entry-content), the title and tag selectors.
"""

from __future__ import annotations

import re
from datetime import date

from crawler.core.sites.base import Site, SiteParser
from crawler.core.sites.registry import register
from crawler.core.sites.selectors import SelectorParser


class DefensePostV2024(SelectorParser):
    version = "2024"
    VALID_FROM = date(2018, 1, 1)
    LANGUAGE = "en"
    # Not known: the pages seen give their dates with an offset, which is kept; one without
    # keeps its wall-clock time and no offset.
    TIMEZONE = None
    TITLE = '//h1[contains(@class, "entry-title")]'  # [I]
    BODY = ('//div[contains(@class, "entry-content")]',)  # [I]
    LD_BODY = True  # Jannah's JSON-LD holds the full text
    TAGS = '//div[contains(@class, "post-bottom-tags")]//a'  # [I]
    BYLINE = '//span[contains(@class, "meta-author")]//a'  # [I]
    BREADCRUMB = '//nav[@id="breadcrumb"]/a[position() > 1]'  # [I]; "Home" left out


SITE = register(
    Site(
        key="defensepost",
        name="The Defense Post (thedefensepost.com)",
        origin="https://thedefensepost.com",
        domains=("thedefensepost.com", "www.thedefensepost.com"),
        language="en",
        parser=SiteParser(DefensePostV2024),
        article_pattern=re.compile(r"^/\d{4}/\d{2}/\d{2}/[a-z0-9-]+/?$"),
        feeds=("/feed/",),  # [I]
        listings=("/latest/",),
        listing_links='//ul[@id="posts-container"]/li//h2[contains(@class, "post-title")]/a',
        listing_next='//div[contains(@class, "pages-nav")]//a',  # [I]
        max_listing_pages=3,
    )
)
