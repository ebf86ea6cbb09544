"""NewsSpider's failed requests: one line each, and a failed discovery source never hides the
others. A failed priming page still lets the profile's feeds be tried; a profile source that
is gone (404, 410) sends the spider to the home page for where it went. How a failure is
described and counted is shared with the other spiders (crawler.spiders.failures).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from twisted.python.failure import Failure

from crawler.core.cookies import cookie_pairs
from crawler.runtime import meta
from crawler.spiders.failures import Failed, describe
from crawler.spiders.listings import ListingDiscovery


class Errbacks(ListingDiscovery):
    """The errback of every request NewsSpider makes, and robots.txt that never came."""

    def on_error(self, failure: Failure) -> list[Request]:
        """One line per failed request: users read tracebacks as crashes. A discovery source
        that failed is said in its coverage, and never hides the others: a failed priming
        page still lets the profile's feeds be tried, and a failed profile source sends the
        spider to the home page for where it went."""
        failed = describe(failure)
        robots = "robots.txt" in str(failure.value)  # RobotsTxtMiddleware's, for any host
        request = getattr(failure, "request", None)  # Scrapy sets it on a request's failure
        given: Mapping[str, Any] = request.meta if request is not None else {}
        if isinstance(failure.value, IgnoreRequest) and (robots or not self._allowed(failed.url)):
            # Forbidden by robots.txt: our choice, not a failure (robotstxt/forbidden counts it).
            self.logger.debug("skipped: %s (%s)", failed.url, failed.reason)
            return []
        # An archived article looked at again that is gone: its removal, recorded and said.
        if self.removed_by_answer(failed.url, failed.reason, failed.response):
            return []
        # Other IgnoreRequests are the limits at work (a body inflating past DOWNLOAD_MAXSIZE,
        # too many redirects, a redirect loop): the page was not had, so it counts.
        self._note(failed)
        if listed_by := given.get(meta.LISTED_BY):
            reason = failed.reason.lower()
            self.coverage.fetch_failed(listed_by, limit="max size" in reason or "maxsize" in reason)
        if key := given.get(meta.COVERAGE):
            kind = str(given.get(meta.COVERAGE_KIND, ""))
            return list(self._source_failed(str(key), kind, given, failed))
        return []

    def _source_failed(
        self, key: str, kind: str, given: Mapping[str, Any], failed: Failed
    ) -> Iterator[Request]:
        page = int(given.get(meta.PAGE, 1))
        self.coverage.failed(key, failed.reason, kind=kind, page=page)
        if kind == "priming" and not self._primed:
            cookies = (
                cookie_pairs(failed.response.request.headers.get("Cookie") or b"")
                if (failed.response is not None and failed.response.request is not None)
                else {}
            )
            self.coverage.note(key, "the feeds were tried without it")
            yield from self._profile_feeds(cookies)
        source = self.coverage.get(key)
        # Gone (404, 410): it may have moved, and the home page may say where. Not for a
        # CDN's refusal or a server error: the home page would only be refused or fail too.
        gone = failed.reason in ("HTTP 404", "HTTP 410")
        if gone and page == 1 and source is not None and source.profile and kind != "robots":
            yield from self._looked_for(key, kind)

    def _robots_failure(self) -> None:
        """robots.txt that could not be fetched at all (RobotsTxtMiddleware counts it only)."""
        if not self.site.robots or self.coverage.get(self._robots_key()) is not None:
            return
        errors = [
            name.rsplit("/", 1)[-1].strip("<>'")
            for name in self.crawler.stats.get_stats()
            if name.startswith("robotstxt/exception_count/")
        ]
        if errors:
            self.coverage.source(self._robots_key(), "robots")
            self.coverage.failed(self._robots_key(), errors[0].rsplit(".", 1)[-1], kind="robots")
