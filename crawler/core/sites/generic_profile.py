"""A site profile made up from a start URL, for outlets defnews has no profile for
(`defnews crawl --start URL`).

Discovery as for any outlet: robots.txt's Sitemap lines, the feeds the start page names in its
<link rel="alternate"> tags, and the links of the start page itself. Which links are articles
is guessed from the URL (a slug of three words or more, or a long numeric id, outside tag,
category, author and search pages), and the generic parser decides for good: a page with no
title, no text or no publication date is not stored as an article.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from crawler.core.sites.base import Site, SiteParser
from crawler.core.sites.generic_parser import GenericParser
from crawler.core.sites.keys import safe_key

# Last path segment: three hyphenated words or more ("army-tests-new-howitzer"), or an id of
# five digits or more; not under the sections every CMS has for lists of articles.
ARTICLE_PATH = re.compile(
    r"^(?!/(?:tags?|category|categories|topics?|authors?|page|search|about|contact)(?:/|$))"
    r"/(?:[^/?#]+/)*(?:[^/?#]*[a-z0-9]+-[a-z0-9]+-[a-z0-9]+[^/?#]*|[^/?#]*\d{5,}[^/?#]*)/?$",
    re.IGNORECASE,
)


def generic_site(start_url: str) -> Site:
    """ValueError for a start URL that is not an absolute http(s) URL."""
    parts = urlsplit(start_url.strip())
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        raise ValueError(f"not an http(s) URL: {start_url!r}")
    bare = host.removeprefix("www.")
    return Site(
        key=safe_key(bare.replace(".", "-")),
        name=bare,
        origin=f"{parts.scheme}://{parts.netloc}",
        domains=tuple(dict.fromkeys((host, bare, f"www.{bare}"))),
        language="",
        parser=SiteParser(GenericParser),
        article_pattern=ARTICLE_PATH,
        listings=(parts.path or "/",),
        listing_links="//a[@href]",
        max_listing_pages=1,
        generic=True,
    )
