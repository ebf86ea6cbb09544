"""The catalogue's keys: one per page a reader would call one page, and an article record's
key as a crawl made it (the fetched URL, moved onto its site's own origin from a mirror)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|zarsrc|mc_[a-z]+)$", re.IGNORECASE)


@lru_cache(maxsize=8192)  # a page's key is asked for by several components in turn
def normalize_key(url: str) -> str:
    """The catalogue's key for a URL: no fragment, no tracking parameters, host in lower case,
    no trailing slash on a path (example.org/a/ and example.org/a are one page to a reader),
    query parameters sorted by name (?id=5&lang=en and ?lang=en&id=5 are one page: no server
    reads different parameters by position). A repeated parameter keeps its values in their
    order (a stable sort by name only): ?id=1&id=2 and ?id=2&id=1 are two pages on servers
    that read the first value, or the list in order."""
    parts = urlsplit(url.strip())
    pairs = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    ]
    query = urlencode(sorted(pairs, key=lambda pair: pair[0]))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def record_key(fields: dict[str, Any]) -> str:
    """The catalogue key of an article record, as NewsSpider.site_url and url_key make it."""
    from crawler.core.sites import REGISTRY

    url = str(fields["url"])
    site = REGISTRY.get(str(fields.get("site", "")))
    parts = urlsplit(url)
    if site is not None and (parts.hostname or "").lower() not in site.domains:
        origin = urlsplit(site.origin)  # crawled from a mirror (--base-url): the site's URL
        url = urlunsplit((origin.scheme, origin.netloc, parts.path, parts.query, ""))
    return normalize_key(url)
