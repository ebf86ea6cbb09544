"""Redirect loops end at once, as counted failures.

Scrapy follows a redirect back to a URL it has already fetched only to drop it silently in
the duplicate filter (A → A, A → B → A): the article is lost and no run report says so.
A redirect that sets a cookie is let through (a session gate, below). This
downloader middleware sits just before RedirectMiddleware (600) and turns such a redirect into
an IgnoreRequest naming the loop, which the spider's errback counts. Longer chains are ended
by REDIRECT_MAX_TIMES.

Setting: REDIRECT_LOOPS_ENABLED (default True).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.exceptions import IgnoreRequest, NotConfigured
from w3lib.url import safe_url_string

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

_REDIRECTS = (301, 302, 303, 307, 308)


class RedirectLoopMiddleware:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("REDIRECT_LOOPS_ENABLED", True):
            raise NotConfigured
        return cls()

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        location = response.headers.get(b"Location")
        if response.status not in _REDIRECTS or not location:
            return response
        target = safe_url_string(response.urljoin(location.decode("latin-1")))
        chain = [*request.meta.get("redirect_urls", []), request.url]
        # With a Set-Cookie it is a session gate, not a loop: qdnd.vn's /rss redirects to
        # itself until its cookie is sent (REDIRECT_MAX_TIMES still bounds a gate that never
        # opens).
        if target in chain and b"Set-Cookie" not in response.headers:
            hops = " → ".join([*chain[chain.index(target) :], target])
            raise IgnoreRequest(f"redirect loop: {hops}")
        return response
