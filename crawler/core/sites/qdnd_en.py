"""en.qdnd.vn (People's Army Newspaper, English edition): the same CMS as www.qdnd.vn.

SITES.md §2.1 and §3: articles at /<section>/<slug>-<id>, the "PANO –" sapo dateline and a
"Translated by <Name>" footer (a credit line naming the translator, not an author), the same
image tables and hidden controls. The page layouts are qdnd's 2021-23 and 2025 eras, so the
parsers are qdnd's with the English defaults. Inferred, not seen: the sitemap and feed paths
(taken from www.qdnd.vn: the robots.txt Sitemap lines are read first in any case) and the
section listings.
"""

from __future__ import annotations

import re
from typing import ClassVar

from crawler.core.sites.base import ArticleParser, Site, SiteParser
from crawler.core.sites.qdnd import QdndV2021, QdndV2025


class EnQdndV2021(QdndV2021):
    site = "qdnd-en"
    LANGUAGE = "en"


class EnQdndV2025(QdndV2025):
    site = "qdnd-en"
    LANGUAGE = "en"


class EnQdndParser(SiteParser):
    versions: ClassVar[tuple[type[ArticleParser], ...]] = (EnQdndV2021, EnQdndV2025)


SITE = Site(
    key="qdnd-en",
    name="People's Army Newspaper, English (en.qdnd.vn)",
    origin="https://en.qdnd.vn",
    domains=("en.qdnd.vn",),
    language="en",
    parser=EnQdndParser(),
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
