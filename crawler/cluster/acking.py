"""A popped request's callback and errback, wrapped: when the spider's has returned, the
cluster scheduler is told (`done`), and acknowledges the request once the scraper has handled
all it yielded (crawler.cluster.scheduler)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response


class Acking:
    """The spider's callback; `done(rid)` once it has returned (or raised)."""

    def __init__(self, callback: Callable[..., Any], done: Callable[[str], None], rid: str):
        self.__wrapped__ = callback
        self.done = done
        self.rid = rid

    async def __call__(self, response: Response, **kwargs: Any) -> AsyncIterator[Any]:
        from scrapy import Request

        try:
            result = self.__wrapped__(response, **kwargs)
            if hasattr(result, "__aiter__"):
                async for output in result:
                    yield output
            elif result is not None:
                single = isinstance(result, (Request, dict)) or not hasattr(result, "__iter__")
                for output in [result] if single else result:
                    yield output
        finally:
            self.done(self.rid)


class AckingErrback:
    def __init__(
        self, errback: Callable[..., Any] | None, done: Callable[[str], None], rid: str
    ) -> None:
        self.__wrapped__ = errback
        self.done = done
        self.rid = rid

    def __call__(self, failure: Any) -> Any:
        try:
            # No errback of its own: the failure goes on to Scrapy's logging, as it would.
            return self.__wrapped__(failure) if self.__wrapped__ is not None else failure
        finally:
            self.done(self.rid)


def unwrap(request: Request) -> None:
    """A continuation carries its original's wrapped callbacks: the spider's go in the queue."""
    if isinstance(request.callback, Acking):
        request.callback = request.callback.__wrapped__
    if isinstance(request.errback, AckingErrback):
        request.errback = request.errback.__wrapped__
