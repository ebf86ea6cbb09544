"""en.qdnd.vn (People's Army Newspaper, English edition): the same CMS as www.qdnd.vn.

Seen on its pages: articles at /<section>/<slug>-<id>, a sapo opening with the "PANO – "
dateline, a "Translated by <Name>" footer (a credit line naming the translator, not an author),
and qdnd's image tables and hidden controls. The layouts are qdnd's 2021-23 and 2025 eras, so
the parsers are qdnd's with English defaults. Inferred, not seen: the sitemap and feed paths
(taken from www.qdnd.vn; a crawl reads the robots.txt Sitemap lines first in any case) and the
section listings.
"""

from __future__ import annotations

import re

from crawler.core.extraction.bylines import datelines
from crawler.core.sites.base import Site, SiteParser
from crawler.core.sites.outlets.qdnd import QdndV2021, QdndV2025
from crawler.core.sites.registry import register

# The translator's footer: a credit, but it names no author of the article.
_TRANSLATED = re.compile(r"^translated(?: and edited)? by\s*:?\s*\S.{1,60}$", re.IGNORECASE)


class EnQdndV2021(QdndV2021):
    LANGUAGE = "en"
    DATELINE = datelines("PANO")
    NOT_AUTHOR_CREDITS = (_TRANSLATED,)


class EnQdndV2025(QdndV2025):
    LANGUAGE = "en"
    DATELINE = datelines("PANO")
    NOT_AUTHOR_CREDITS = (_TRANSLATED,)


SITE = register(
    Site(
        key="qdnd-en",
        name="People's Army Newspaper, English (en.qdnd.vn)",
        origin="https://en.qdnd.vn",
        domains=("en.qdnd.vn",),
        language="en",
        parser=SiteParser(EnQdndV2021, EnQdndV2025),
        article_pattern=re.compile(r"^/[a-z0-9-]+(?:/[a-z0-9-]+)*/[a-z0-9-]+-\d+/?$"),
        sitemaps=("/sitemaps/pid/feed-0.xml",),  # [I] as on www.qdnd.vn
        feeds=(),
        feed_priming_path="",
        listings=("/military", "/politics", "/international"),  # [I] section paths
        listing_links=(
            '//div[contains(@class, "list-news-category")]//article//a[@href]'
            '|//div[contains(@class, "list-news")]//a[@href]'
        ),
        listing_next='//div[contains(@class, "ex_page")]//a[@href]',
        max_listing_pages=5,
    )
)
