"""The Scrapy scheduler of a cluster worker: requests go to the crawl's shared frontier in
Redis (crawler.core.cluster.frontier) and come back from it, to whichever worker asks first.

Settings: CLUSTER_REDIS_URL (turns it on; crawler.addon), CLUSTER_NAME (the crawl's name;
"" = "defnews:<site>"), CLUSTER_HEARTBEAT_S (a worker silent this long is taken for dead and
its requests go back to the queue), CLUSTER_POLL_S (how often an idle worker looks again
while others still work).

A request popped here is acknowledged when the worker is done with its response: once the
scraper has handled all that its callback (or errback) yielded, every link handed to this
scheduler (queued in Redis) and every item through the pipelines. Not when the callback
returns: Scrapy pulls a callback's whole output into a queue before it handles it, so a
worker killed or paused in between had acknowledged a listing whose links never reached
Redis, and they were lost (the cluster tests' missing article). A redirect or a retry
continues it: the new request is queued and the old one acknowledged in one step. Only the
worker that wins the seed runs discovery.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

from scrapy.core.scheduler import BaseScheduler
from scrapy.utils.request import request_from_dict
from twisted.internet import task
from valkey.exceptions import ValkeyError

from crawler.core.catalog.keys import normalize_key
from crawler.core.cluster.frontier import CrawlOver, Frontier
from crawler.runtime import defaults, spider_api
from crawler.runtime.meta import COOKIEJAR, FRONTIER_ID, IS_START_REQUEST

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)


def connect(url: str) -> Any:
    """A Redis client for the URL (redis://host:port/db), or a one-line ValueError."""
    import valkey

    try:
        client = valkey.Valkey.from_url(url, socket_connect_timeout=5, socket_timeout=30)
        client.ping()
    except (ValueError, valkey.exceptions.ValkeyError, OSError) as error:
        raise ValueError(f"cannot use Redis at {url}: {error}") from None
    return client


def seen_key(request: Request) -> str:
    """What makes two requests the same page: the catalogue's URL key (no tracking
    parameters, no fragment, no trailing slash), the method and the body."""
    digest = hashlib.sha1(request.method.encode())
    digest.update(normalize_key(request.url).encode())
    digest.update(request.body)
    return digest.hexdigest()


def encode_request(request: Request, spider: Spider | None) -> bytes:
    """JSON, never pickle: whoever can write to the Redis must not run code in a worker.
    Meta values JSON cannot carry are left out (with a warning), not the request."""
    data = request.to_dict(spider=spider)
    try:
        return json.dumps(_plain(data)).encode()
    except TypeError:
        meta = data.get("meta") or {}
        kept = {}
        for key, value in meta.items():
            try:
                kept[key] = _plain(value)
            except TypeError:
                logger.warning("request meta %r left out of the shared queue: not JSON", key)
        return json.dumps(_plain({**data, "meta": kept})).encode()


def decode_request(data: bytes, spider: Spider | None) -> Request:
    return request_from_dict(_restore(json.loads(data)), spider=spider)


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"$b": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dict):
        if all(isinstance(key, str) and not key.startswith("$") for key in value):
            return {key: _plain(item) for key, item in value.items()}
        return {"$d": [[_plain(key), _plain(item)] for key, item in value.items()]}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(type(value).__name__)


def _restore(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$b"}:
            return base64.b64decode(value["$b"])
        if set(value) == {"$d"}:
            return {_restore(key): _restore(item) for key, item in value["$d"]}
        return {key: _restore(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_restore(item) for item in value]
    return value


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class ClusterScheduler(BaseScheduler):
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = defaults.settings_of(crawler)
        self.url = str(settings.get("CLUSTER_REDIS_URL"))
        self.name = str(settings.get("CLUSTER_NAME") or "")
        self.heartbeat_ms = int(settings.getfloat("CLUSTER_HEARTBEAT_S") * 1000)
        self.poll_s = min(settings.getfloat("CLUSTER_POLL_S"), self.heartbeat_ms / 3000)
        self.frontier: Frontier | None = None
        self.spider: Spider | None = None
        self.seeding = False
        self.lapsed = False  # this worker stalled past its heartbeat: its work went to others
        self.over = False  # the crawl it joined has ended
        self._beat: task.LoopingCall | None = None
        # Popped requests by id, and those whose callback or errback has returned: each is
        # acknowledged once the scraper no longer holds its response (_ack_finished).
        self._popped: dict[str, Request] = {}
        self._finished: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    # -- Scrapy's scheduler interface ---------------------------------------------------------

    def open(self, spider: Spider) -> None:
        self.spider = spider
        site = spider_api.site_key(spider)
        # One crawl per site: `crawl a b --cluster-name X` shares two crawls, X:a and X:b.
        prefix = f"{self.name or 'defnews'}:{site}"
        self.frontier = Frontier(connect(self.url), prefix, worker_name())
        self.frontier.heartbeat(self.heartbeat_ms)
        # Whatever a dead worker of an earlier start left in flight is queued again first.
        if reaped := self.frontier.reap():
            logger.warning("%d request(s) of a stopped worker queued again", reaped)
        self.seeding = self.frontier.join()
        spider.crawler.stats.set_value("cluster/worker", self.frontier.worker)
        spider.crawler.stats.set_value("cluster/seeded", self.seeding)
        self._beat = task.LoopingCall(self._tick)
        self._beat.start(self.poll_s, now=False)

    def close(self, reason: str) -> None:
        if self._beat is not None and self._beat.running:
            self._beat.stop()
        if self.frontier is None:
            return
        # Scrapy closes the scheduler only once the requests in progress are through (a
        # SIGTERM or a first Ctrl-C lets them finish): what the frontier still lists under
        # this worker is done. A harder stop never gets here; the heartbeat's expiry then
        # puts its requests back. The queue itself stays for the other workers.
        self.frontier.forget_mine()
        if reason == "finished" and not self.lapsed and self.frontier.finish():
            logger.info("cluster crawl %s is over", self.frontier.prefix)
        self.frontier.leave()

    def has_pending_requests(self) -> bool:
        frontier = self._frontier()
        if self.lapsed or self.over:
            return False
        self._ack_finished()
        if self._locally_idle():
            # Nothing of ours is in flight: what the frontier still lists under our name was
            # finished on another path (a redirect's original, a failure without errback).
            frontier.forget_mine()
            self._popped.clear()
            self._finished.clear()
        return frontier.pending() > 0 or frontier.seeder_starting()

    def enqueue_request(self, request: Request) -> bool:
        frontier = self._frontier()
        if self.lapsed or self.over:
            # Before the seen-set: a lapsed worker's late links must not mark pages seen that
            # the worker which took its work over is about to queue.
            return False
        continues = str(request.meta.pop(FRONTIER_ID, "") or "")
        # Discovery is the seeding worker's: another worker's own start requests are dropped
        # (a popped one's redirect still carries the start mark, and is no start request).
        if request.meta.get(IS_START_REQUEST) and not continues and not self.seeding:
            return False
        _unwrap(request)
        if continues:
            self._carry_cookies(request)
        # Seen and queued in one step (a redirect to a page already had: the original is done
        # all the same): a worker killed or paused in between must not hide a page it never
        # queued from the worker that takes its listing over.
        fingerprint = "" if request.dont_filter else seen_key(request)
        try:
            pushed = frontier.push(encode_request(request, self.spider), request.priority,
                                   replaces=continues, fingerprint=fingerprint)  # fmt: skip
        except CrawlOver:
            self._crawl_over()
            return False
        self._popped.pop(continues, None)  # acknowledged by the push
        if not pushed:
            self.crawler.stats.inc_value("cluster/filtered")
            return False
        logger.debug("queued %s as %s (continues %r)", request.url, pushed, continues)
        self.crawler.stats.inc_value("cluster/enqueued")
        return True

    def next_request(self) -> Request | None:
        if self.lapsed or self.over:
            return None
        self._ack_finished()
        try:
            popped = self._frontier().pop()
        except CrawlOver:
            self._crawl_over()
            return None
        if popped is None:
            return None
        try:
            request = decode_request(popped.data, self.spider)
        except (ValueError, KeyError, AttributeError, TypeError) as error:
            # Queued by another version of defnews (a renamed callback, say): said, and done.
            logger.warning("cannot take a queued request (%s): dropped", error)
            self.crawler.stats.inc_value("cluster/undecodable")
            self._ack(popped.id)
            return None
        request.meta[FRONTIER_ID] = popped.id
        self._popped[popped.id] = request
        logger.debug("popped %s as %s", request.url, popped.id)
        self._wrap(request, popped.id)
        self.crawler.stats.inc_value("cluster/popped")
        return request

    def _carry_cookies(self, request: Request) -> None:
        """A redirect continues in whichever worker pops it: the cookies this worker's jar
        holds for it (a session set on the way, as qdnd.vn's /rss gate sets one) go with it."""
        from scrapy.downloadermiddlewares.cookies import CookiesMiddleware

        from crawler.core.cookies import cookie_pairs

        engine = self.crawler.engine
        middlewares = engine.downloader.middleware.middlewares if engine is not None else ()
        for middleware in middlewares:
            if isinstance(middleware, CookiesMiddleware):
                probe = request.replace(headers={})
                middleware.jars[request.meta.get(COOKIEJAR)].add_cookie_header(probe)
                if jar_cookies := cookie_pairs(probe.headers.get("Cookie") or b""):
                    merged: dict[str | bytes, Any] = {}
                    merged.update(jar_cookies)
                    if isinstance(request.cookies, dict):
                        merged.update(request.cookies)  # the request's own win
                    request.cookies = merged
                return

    # -- acknowledgement ----------------------------------------------------------------------

    def _wrap(self, request: Request, request_id: str) -> None:
        callback = request.callback or self._frontier_spider().parse
        errback = request.errback
        request.callback = _Acking(callback, self, request_id)
        request.errback = _AckingErrback(errback, self, request_id)

    def _callback_finished(self, request_id: str) -> None:
        self._finished.add(request_id)

    def _ack_finished(self) -> None:
        """Acknowledge the popped requests whose callback returned and whose output the
        scraper has handled (it holds a response in its slot until then)."""
        engine = self.crawler.engine
        slot = engine.scraper.slot if engine is not None else None
        busy = slot.active if slot is not None else set()
        for request_id in [rid for rid in self._finished if self._popped.get(rid) not in busy]:
            self._finished.discard(request_id)
            self._popped.pop(request_id, None)
            self._ack(request_id)

    def _ack(self, request_id: str) -> None:
        logger.debug("done with %s", request_id)
        if not self._frontier().ack(request_id):
            self.crawler.stats.inc_value("cluster/lease_lost")

    def _crawl_over(self) -> None:
        if not self.over:
            self.over = True
            logger.warning("the shared crawl ended (or another began) while this worker ran")

    # -- helpers ------------------------------------------------------------------------------

    def _tick(self) -> None:
        frontier = self._frontier()
        if self.lapsed:
            return
        try:
            if not frontier.alive():
                # Stalled longer than the heartbeat (the reactor blocked, the machine paused):
                # the others took its requests over. Going on would do their work twice.
                self.lapsed = True
                logger.warning(
                    "this worker's heartbeat lapsed: its requests went to the other workers; "
                    "it stops taking work"
                )
                self.crawler.stats.set_value("cluster/lapsed", True)
                return
            frontier.heartbeat(self.heartbeat_ms)
            self._ack_finished()
            if reaped := frontier.reap():
                logger.warning("%d request(s) of a stopped worker queued again", reaped)
                self.crawler.stats.inc_value("cluster/reaped", reaped)
            queued = frontier.queued()
        except (ValkeyError, OSError) as error:  # a Redis hiccup: say it, keep beating
            logger.warning("cluster heartbeat failed: %s", error)
            return
        slot = self.crawler.engine._slot if self.crawler.engine is not None else None
        if queued and slot is not None:
            # Another worker queued work: ask the engine now, not at its 5 s heartbeat.
            slot.nextcall.schedule()

    def _locally_idle(self) -> bool:
        engine = self.crawler.engine
        if engine is None or engine._slot is None:
            return False
        return (
            not engine.downloader.active
            and engine.scraper.slot is not None
            and (engine.scraper.slot.is_idle())
        )

    def _frontier(self) -> Frontier:
        if self.frontier is None:
            raise RuntimeError("the cluster scheduler is not open")
        return self.frontier

    def _frontier_spider(self) -> Spider:
        if self.spider is None:
            raise RuntimeError("the cluster scheduler is not open")
        return self.spider


class _Acking:
    """A popped request's callback: the spider's; when it has returned, the request is
    acknowledged as soon as the scraper has handled all it yielded (_ack_finished)."""

    def __init__(self, callback: Callable[..., Any], scheduler: ClusterScheduler, rid: str):
        self.__wrapped__ = callback
        self.scheduler = scheduler
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
            self.scheduler._callback_finished(self.rid)


class _AckingErrback:
    def __init__(
        self, errback: Callable[..., Any] | None, scheduler: ClusterScheduler, rid: str
    ) -> None:
        self.__wrapped__ = errback
        self.scheduler = scheduler
        self.rid = rid

    def __call__(self, failure: Any) -> Any:
        try:
            # No errback of its own: the failure goes on to Scrapy's logging, as it would.
            return self.__wrapped__(failure) if self.__wrapped__ is not None else failure
        finally:
            self.scheduler._callback_finished(self.rid)


def _unwrap(request: Request) -> None:
    """A continuation carries its original's wrapped callbacks: the spider's go in the queue."""
    if isinstance(request.callback, _Acking):
        request.callback = request.callback.__wrapped__
    if isinstance(request.errback, _AckingErrback):
        request.errback = request.errback.__wrapped__
