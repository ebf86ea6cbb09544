"""Scrapy's RobotsTxtMiddleware, with every request waiting on a host's robots.txt judged by it.

Scrapy (2.19) has each request that arrives while a host's robots.txt is still being fetched
await one shared Deferred through Deferred.asFuture, which hands the parser to the first
waiter and fires the Deferred on with None for the others: every request but one of that
first burst was let through unjudged. A burst is the usual case: a crawl's sitemaps, feeds and
listings start together, and an article's photos reach their CDN host all at once. Here each
waiter gets a Deferred of its own, fired with the parser the shared one delivers.

Enabled by the add-on in Scrapy's place (priority 100).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.robotstxt import RobotParser


class SharedRobotsTxtMiddleware(RobotsTxtMiddleware):
    async def robot_parser(self, request: Request) -> RobotParser | None:
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if not isinstance(pending, Deferred):
            return await super().robot_parser(request)  # known, or the first to ask
        mine: Deferred[RobotParser | None] = Deferred()

        def hand_on(result: Any) -> Any:
            # A parser, None (no robots.txt to be had), or a Failure: each waiter gets it.
            if isinstance(result, Failure):
                mine.errback(result)
            else:
                mine.callback(result)
            return result  # for the next waiter, unchanged

        pending.addBoth(hand_on)
        return await maybe_deferred_to_future(mine)
