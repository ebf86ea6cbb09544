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
continues it: the new request is queued and the old one acknowledged in one step.

Only the worker that wins the seed runs discovery; it holds the crawl's discovery mark until
Scrapy has taken the last of its start requests, so no other worker finds the crawl empty
and ends while the seed is still being queued. The other workers keep their own start
requests aside: when the discovering worker stops or dies first, one of them takes
discovery over with them. A worker that stops hands back what it took and did not finish.
Re-checks stay with the worker that asks for them: their articles are in its catalogue.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.core.scheduler import BaseScheduler
from twisted.internet import task
from valkey.exceptions import ValkeyError

from crawler.cluster.acking import Acking, AckingErrback, unwrap
from crawler.cluster.codec import carry_cookies, decode_request, encode_request, seen_key
from crawler.core.cluster.frontier import CrawlOver, Frontier
from crawler.runtime import defaults, spider_api
from crawler.runtime.meta import FRONTIER_ID, IS_START_REQUEST, RECHECK

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

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
        self.discovering = False  # this worker holds the crawl's discovery mark
        self.lapsed = False  # this worker stalled past its heartbeat: its work went to others
        self.over = False  # the crawl it joined has ended
        self.released = False  # stopping: what it took is acknowledged or handed back
        self._beat: task.LoopingCall | None = None
        # Popped requests by id, and those whose callback or errback has returned: each is
        # acknowledged once the scraper no longer holds its response (_ack_finished).
        self._popped: dict[str, Request] = {}
        self._finished: set[str] = set()
        # Another worker runs discovery: this one's own start requests, kept to take it over
        # should that worker stop or die before it has queued all of its own.
        self._standby: list[Request] = []
        # Re-checks of articles archived in this worker's own catalogue: they stay here, so
        # the worker that knows the article (its versions, its removals) reads the answer.
        # Not leased in Redis: one lost with the worker is still due at the next run.
        self._own: list[Request] = []
        self._own_turn = False

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
        self.seeding = self.discovering = self.frontier.join()
        spider.crawler.stats.set_value("cluster/worker", self.frontier.worker)
        spider.crawler.stats.set_value("cluster/seeded", self.seeding)
        # A second Ctrl-C or SIGTERM closes the outputs without closing the scheduler.
        self.crawler.signals.connect(self._closed_now, signal=signals.spider_closed)
        self._beat = task.LoopingCall(self._tick)
        self._beat.start(self.poll_s, now=False)

    def close(self, reason: str) -> None:
        if self._beat is not None and self._beat.running:
            self._beat.stop()
        if self.frontier is None:
            return
        # Scrapy closes the scheduler once the requests in progress are through (a SIGTERM
        # or a first Ctrl-C lets them finish): what this worker took is done, and is
        # acknowledged; anything not done goes back to the queue for the others.
        self._release()
        if reason == "finished" and not self.lapsed and not self.over:
            self._finish()
        self.frontier.leave()

    def _closed_now(self) -> None:
        """spider_closed: after close() in an ordinary stop; alone after a second Ctrl-C or
        SIGTERM, when the reactor stops next. Then the requests in flight go back to the
        queue now, not when this worker's heartbeat expires."""
        if self.released or self.frontier is None:
            return
        if self._beat is not None and self._beat.running:
            self._beat.stop()
        self._release()
        self.frontier.leave()

    def has_pending_requests(self) -> bool:
        frontier = self._frontier()
        if self.lapsed or self.released:
            return False
        if self.over or self._own:
            return bool(self._own)
        self._ack_finished()
        self._discovery_done()
        if self._locally_idle():
            # Nothing of ours is in flight: what the frontier still lists under our name was
            # finished on another path (a redirect's original, a failure without errback).
            frontier.forget_mine()
            self._popped.clear()
            self._finished.clear()
        # Queued, in flight with any worker, or discovery still queueing: one read, so no
        # moment between a page's links and its acknowledgement looks empty.
        return frontier.pending() > 0

    def enqueue_request(self, request: Request) -> bool:
        frontier = self._frontier()
        if (request.meta.get(RECHECK) or self.over) and not self.lapsed:
            # A re-check's redirects too; and after the shared crawl ended under a worker
            # still re-checking, what those lead to (a new version's photos) is its own.
            self._own.append(request)
            return True
        if self.lapsed:
            # Before the seen-set: a lapsed worker's late links must not mark pages seen that
            # the worker which took its work over is about to queue.
            return False
        continues = str(request.meta.pop(FRONTIER_ID, "") or "")
        # Discovery is the seeding worker's: another worker keeps its own start requests
        # aside, to take discovery over if need be (a popped one's redirect still carries the
        # start mark, and is no start request).
        if request.meta.get(IS_START_REQUEST) and not continues and not self.seeding:
            self._standby.append(request)
            return False
        unwrap(request)
        if continues:
            carry_cookies(self.crawler, request)
        # Seen and queued in one step (a redirect to a page already had: the original is done
        # all the same): a worker killed or paused in between must not hide a page it never
        # queued from the worker that takes its listing over.
        fingerprint = "" if request.dont_filter else seen_key(request)
        try:
            pushed = frontier.push(encode_request(request, self.spider), request.priority,
                                   replaces=continues, fingerprint=fingerprint)  # fmt: skip
        except CrawlOver:
            self._crawl_over()
            self._own.append(request)
            return True
        self._popped.pop(continues, None)  # acknowledged by the push
        if not pushed:
            self.crawler.stats.inc_value("cluster/filtered")
            return False
        logger.debug("queued %s as %s (continues %r)", request.url, pushed, continues)
        self.crawler.stats.inc_value("cluster/enqueued")
        return True

    def next_request(self) -> Request | None:
        if self.lapsed or self.released:
            return None
        # Shared work and this worker's re-checks in turn: neither waits for the other.
        self._own_turn = not self._own_turn
        if self._own and (self._own_turn or self.over):
            return self._own.pop(0)
        return self._next_shared() or (self._own.pop(0) if self._own else None)

    def _next_shared(self) -> Request | None:
        if self.over:
            return None
        self._ack_finished()
        self._discovery_done()  # soon after the last start request: a takeover repeats less
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

    # -- acknowledgement ----------------------------------------------------------------------

    def _wrap(self, request: Request, request_id: str) -> None:
        callback = request.callback or self._frontier_spider().parse  # Scrapy's default
        request.callback = Acking(callback, self._finished.add, request_id)
        request.errback = AckingErrback(request.errback, self._finished.add, request_id)

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

    def _release(self) -> None:
        """Stopping: what this worker took is acknowledged if done, handed back if not (a
        hard stop's requests in flight); an unfinished discovery is left to another worker."""
        self.released = True
        frontier = self._frontier()
        try:
            self._ack_finished()
            self._discovery_done()
            # Idle after an ordinary stop (Scrapy finished all it took): the rest is done too.
            left = [] if self._locally_idle() else list(self._popped)
            if handed := frontier.hand_back(left):
                logger.warning(
                    "%d request(s) this worker took and did not finish went back to the shared "
                    "queue, for the other workers (or the next one started)",
                    handed,
                )
                self.crawler.stats.inc_value("cluster/handed_back", handed)
            self._popped.clear()
            self._finished.clear()
            frontier.forget_mine()  # finished on another path (see has_pending_requests)
        except (ValkeyError, OSError) as error:
            logger.warning(
                "cannot hand this worker's requests back (%s): they go back to the queue when "
                "its heartbeat expires",
                error,
            )
        if self.discovering:
            logger.warning(
                "this worker stopped before it had queued all of the site's sources: another "
                "worker of the crawl (or the next one started) takes discovery over"
            )
            self.crawler.stats.set_value("cluster/discovery_left", True)

    def _finish(self) -> None:
        """No more work here: the crawl is over, or what is left in it is said."""
        frontier = self._frontier()
        if frontier.finish():
            logger.info("cluster crawl %s is over", frontier.prefix)
            return
        running = frontier.discovering()
        left = frontier.pending() - (1 if running else 0)
        logger.warning(
            "this worker ends with the shared crawl unfinished: %d request(s) still queued or "
            "in flight with other workers%s; they take them (or the next one started does)",
            left,
            f", discovery still running in {running}" if running else "",
        )
        self.crawler.stats.set_value("cluster/left_unfinished", left)

    def _crawl_over(self) -> None:
        if not self.over:
            self.over = True
            logger.warning("the shared crawl ended (or another began) while this worker ran")

    # -- discovery ----------------------------------------------------------------------------

    def _start_exhausted(self) -> bool:
        """Scrapy has taken the spider's last start request (its start iterator is gone only
        then): every one of them has reached enqueue_request."""
        engine = self.crawler.engine
        return engine is not None and getattr(engine, "_start", None) is None

    def _discovery_done(self) -> None:
        if self.discovering and self._start_exhausted():
            self.discovering = False
            if not self._frontier().discovered():  # stalled, and taken over meanwhile
                logger.debug("discovery was taken over by another worker")

    def _take_discovery(self) -> None:
        """The worker running discovery is gone before queueing all its start requests: take
        it over, with this worker's own (the seen-set drops what that worker had queued)."""
        engine = self.crawler.engine
        if self.discovering or engine is None or not self._start_exhausted():
            return
        if not self._frontier().take_discovery():
            return
        logger.warning(
            "the worker running discovery stopped before it had queued all of the site's "
            "sources: this worker takes discovery over"
        )
        self.crawler.stats.set_value("cluster/took_discovery", True)
        self.seeding = self.discovering = True
        standby, self._standby = self._standby, []
        for request in standby:
            engine.crawl(request)
        self._discovery_done()

    def _tick(self) -> None:
        frontier = self._frontier()
        if self.lapsed or self.released:
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
            self._discovery_done()
            if reaped := frontier.reap():
                logger.warning("%d request(s) of a stopped worker queued again", reaped)
                self.crawler.stats.inc_value("cluster/reaped", reaped)
            self._take_discovery()
            queued = frontier.queued()
        except CrawlOver:
            self._crawl_over()
            return
        except (ValkeyError, OSError) as error:  # a Redis hiccup: say it, keep beating
            logger.warning("cluster heartbeat failed: %s", error)
            return
        slot = self.crawler.engine._slot if self.crawler.engine is not None else None
        if queued and slot is not None:
            # Another worker queued work: ask the engine now, not at its 5 s heartbeat.
            slot.nextcall.schedule()

    def _locally_idle(self) -> bool:
        engine = self.crawler.engine
        if engine is None or engine._slot is None or engine._slot.inprogress:
            return False
        slot = engine.scraper.slot
        return not engine.downloader.active and slot is not None and slot.is_idle()

    def _frontier(self) -> Frontier:
        if self.frontier is None:
            raise RuntimeError("the cluster scheduler is not open")
        return self.frontier

    def _frontier_spider(self) -> Spider:
        if self.spider is None:
            raise RuntimeError("the cluster scheduler is not open")
        return self.spider
