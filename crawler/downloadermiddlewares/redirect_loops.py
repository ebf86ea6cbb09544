"""Redirect loops end at once, as counted failures.

Scrapy follows a redirect back to a URL already in its own chain (A → A, A → B → A, A → A#top)
only to drop it silently in the duplicate filter: the article is lost and no run report says
so. This downloader middleware sits just before RedirectMiddleware (600) and turns such a
redirect into an IgnoreRequest naming the loop, which the spider's errback counts. URLs are
compared as the duplicate filter compares them (canonicalised, no fragment). Requests that
bypass the filter are checked too: a retried request carries dont_filter, so an article whose
first try failed on a loaded server was followed round its loop REDIRECT_MAX_TIMES over. Only
a cookie-priming request (qdnd's /rss redirects to itself on purpose) is left to
REDIRECT_MAX_TIMES, whose end Scrapy reports to the errback as well.

Setting: REDIRECT_LOOPS_ENABLED.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.exceptions import IgnoreRequest, NotConfigured
from w3lib.url import canonicalize_url, safe_url_string

from crawler.runtime import meta
from crawler.runtime.defaults import settings_of

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

_REDIRECTS = (301, 302, 303, 307, 308)


class RedirectLoopMiddleware:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not settings_of(crawler).getbool("REDIRECT_LOOPS_ENABLED"):
            raise NotConfigured
        return cls()

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        location = response.headers.get(b"Location")
        if response.status not in _REDIRECTS or not location:
            return response
        if request.meta.get(meta.COVERAGE_KIND) == "priming":
            return response  # a cookie gate redirects to itself on purpose (qdnd.vn's /rss)
        target = safe_url_string(response.urljoin(location.decode("latin-1")))
        chain = [*request.meta.get(meta.REDIRECT_URLS, []), request.url]
        seen = [canonicalize_url(url) for url in chain]
        if canonicalize_url(target) in seen:
            hops = " → ".join([*chain[seen.index(canonicalize_url(target)) :], target])
            raise IgnoreRequest(f"redirect loop: {hops}")
        return response
