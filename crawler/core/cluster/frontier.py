"""One crawl's frontier in Redis, shared by every worker: the queue, the requests in flight
and whose they are, the fingerprints seen, the per-host politeness clock.

A request is never lost with a worker. A pop moves it from the queue into the in-flight hash
under the worker's name (one Lua script, so no other worker can see it half-moved); it leaves
that hash only when the worker is done with it. Workers refresh a heartbeat key; the in-flight
requests of a worker whose heartbeat expired (SIGKILL, a dead machine) go back to the front of
the queue. So delivery is at least once: a request a worker had finished but not yet
acknowledged when it died is fetched again, and the catalogue's versions take the repeat as
"unchanged". A worker that stops in order hands back what it took and did not finish.

The crawl is over only when nothing is queued, nothing is in flight and discovery is done,
read in one step (pending, finish). Every request is queued either by a worker holding the
lease of the request it came from (a page's links, a redirect), which it acknowledges only
after, or by discovery (the seed's start requests), which holds the discovery mark until its
last start request is queued. So there is no moment at which the frontier looks empty while
a worker is still about to queue something. There were two (a seed half queued; a page's
last link queued between two reads): a worker that looked then ended at once, exit 0 and
nothing said, and when the others stopped, the crawl's remaining articles were never
fetched. A discovery whose worker stopped or died first is taken over by another worker,
with its own start requests (take_discovery).

Pure: no Scrapy. Requests are opaque bytes here (crawler.cluster.scheduler encodes them).

Keys, under the prefix P (one per crawl, "defnews:<site>" by default):
  P:queue        ZSET  request id -> score (priority first, then arrival)
  P:requests     HASH  request id -> encoded request
  P:inflight     HASH  request id -> "<worker>|<score>"
  P:alive:<w>    STR   a worker's heartbeat (expires)
  P:seen         SET   fingerprints of requests enqueued in this crawl (the duplicate filter)
  P:seeded       STR   the crawl's generation: "<worker that began it>|<nonce>"
  P:discovery    STR   the worker running discovery, until it has queued all its start requests
  P:seq          STR   arrival counter
  P:host:<host>  STR   the earliest time (ms, Redis clock) the next request to host may start
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

# Higher Scrapy priority pops first; within one priority, first in first out.
_PRIORITY_SPAN = 2**40

# Begin the crawl (the generation and the discovery mark in one step: no worker may see a
# crawl begun and no discovery in it), or read the generation of the one under way.
_JOIN = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX') then
  redis.call('SET', KEYS[2], ARGV[2])
  return {1, ARGV[1]}
end
return {0, redis.call('GET', KEYS[1])}
"""

_POP = """
if redis.call('GET', KEYS[4]) ~= ARGV[2] then return -1 end
local popped = redis.call('ZPOPMIN', KEYS[1])
if #popped == 0 then return false end
local id, score = popped[1], popped[2]
redis.call('HSET', KEYS[2], id, ARGV[1] .. '|' .. score)
return {id, redis.call('HGET', KEYS[3], id)}
"""

# Only into the crawl the worker joined (ARGV[5]: its generation): a worker that stalled past
# its heartbeat, and woke up after the crawl ended, must not start it again. ARGV[7], when
# given, is the request's fingerprint: marked seen and queued in one step, or neither (0: seen
# before). Two steps lost pages: a worker killed or paused between them had marked a page
# seen that it never queued, and the worker that took its listing over then filtered it out.
# ARGV[4]: the in-flight request this one continues, acknowledged in the same step.
_PUSH = """
if redis.call('GET', KEYS[4]) ~= ARGV[5] then return -1 end
local queued = 1
if ARGV[7] ~= '' and redis.call('SADD', KEYS[5], ARGV[7]) == 0 then
  queued = 0
else
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
end
if ARGV[4] ~= '' then
  local lease = redis.call('HGET', KEYS[3], ARGV[4])
  if lease and string.sub(lease, 1, #ARGV[6] + 1) == ARGV[6] .. '|' then
    redis.call('HDEL', KEYS[3], ARGV[4])
    redis.call('HDEL', KEYS[2], ARGV[4])
  end
end
return queued
"""

# Only the worker holding the lease acknowledges: one whose lease was reaped (it stalled)
# must not end the lease of the worker that took the request over.
_ACK = """
local lease = redis.call('HGET', KEYS[1], ARGV[1])
if not lease or string.sub(lease, 1, #ARGV[2] + 1) ~= ARGV[2] .. '|' then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return 1
"""

# Requests in flight with a worker whose heartbeat is gone go back to the queue, in front
# (their old score). ARGV[1]: the heartbeat key prefix.
_REAP = """
local moved = 0
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local id, value = all[i], all[i + 1]
  local cut = string.find(value, '|', 1, true)
  local worker, score = string.sub(value, 1, cut - 1), string.sub(value, cut + 1)
  if redis.call('EXISTS', ARGV[1] .. worker) == 0 then
    redis.call('HDEL', KEYS[1], id)
    redis.call('ZADD', KEYS[2], score, id)
    moved = moved + 1
  end
end
return moved
"""

# A stopping worker's requests that it took and did not finish go back in front (their old
# score), now rather than when its heartbeat expires. ARGV[1]: the worker; then the ids.
_HAND_BACK = """
local moved = 0
local mine = ARGV[1] .. '|'
for i = 2, #ARGV do
  local lease = redis.call('HGET', KEYS[1], ARGV[i])
  if lease and string.sub(lease, 1, #mine) == mine then
    redis.call('HDEL', KEYS[1], ARGV[i])
    redis.call('ZADD', KEYS[2], string.sub(lease, #mine + 1), ARGV[i])
    moved = moved + 1
  end
end
return moved
"""

# A worker with nothing left in flight forgets the entries it still holds: requests that were
# replaced on their way (a redirect's original) or that failed without an errback.
_FORGET = """
local dropped = 0
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local id, value = all[i], all[i + 1]
  if string.sub(value, 1, #ARGV[1] + 1) == ARGV[1] .. '|' then
    redis.call('HDEL', KEYS[1], id)
    redis.call('HDEL', KEYS[2], id)
    dropped = dropped + 1
  end
end
return dropped
"""

# Requests queued or in flight, and 1 while discovery runs: one read. Two reads (the queue,
# then the leases) saw nothing when a worker queued a page's last link after the first and
# acknowledged the page before the second.
_PENDING = """
local n = redis.call('ZCARD', KEYS[1]) + redis.call('HLEN', KEYS[2])
return n + redis.call('EXISTS', KEYS[3])
"""

# The crawl is over when nothing is queued or in flight and discovery is done: its seen-set
# and seed mark go, so the next scheduled run starts afresh.
_FINISH = """
if redis.call('ZCARD', KEYS[1]) > 0 or redis.call('HLEN', KEYS[2]) > 0
   or redis.call('EXISTS', KEYS[7]) == 1 then return 0 end
redis.call('DEL', KEYS[3], KEYS[4], KEYS[5], KEYS[6])
return 1
"""

# Discovery is done: its mark goes, if it is still this worker's (one that stalled and was
# taken over must not end the discovery of the worker that took it).
_DISCOVERED = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
"""

# Take over a discovery whose worker is gone (stopped before its last start request, killed,
# stalled past its heartbeat). ARGV: the heartbeat key prefix, this worker, its generation.
_TAKE_DISCOVERY = """
if redis.call('GET', KEYS[2]) ~= ARGV[3] then return -1 end
local holder = redis.call('GET', KEYS[1])
if not holder or holder == ARGV[2] then return 0 end
if redis.call('EXISTS', ARGV[1] .. holder) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1
"""

# Politeness shared by all workers: reserve the next start time for a host and say how long
# to wait for it (ms). Redis's clock, so workers on machines with skewed clocks agree.
_RESERVE = """
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local next_start = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(ms, next_start)
redis.call('SET', KEYS[1], start + tonumber(ARGV[1]), 'PX', tonumber(ARGV[1]) + 600000)
return start - ms
"""


@dataclass(frozen=True)
class Popped:
    id: str
    data: bytes


class CrawlOver(Exception):
    """The crawl this worker joined has ended (its seed mark is gone or another's)."""


class Frontier:
    """The shared frontier of one crawl (see the module's docstring for its keys)."""

    def __init__(self, client: Any, prefix: str, worker: str) -> None:
        self.client = client
        self.prefix = prefix
        self.worker = worker
        self.generation = ""  # set by join()
        self._join = client.register_script(_JOIN)
        self._pop = client.register_script(_POP)
        self._push = client.register_script(_PUSH)
        self._ack = client.register_script(_ACK)
        self._reap = client.register_script(_REAP)
        self._forget = client.register_script(_FORGET)
        self._hand_back = client.register_script(_HAND_BACK)
        self._pending = client.register_script(_PENDING)
        self._finish = client.register_script(_FINISH)
        self._discovered = client.register_script(_DISCOVERED)
        self._take_discovery = client.register_script(_TAKE_DISCOVERY)
        self._reserve = client.register_script(_RESERVE)

    def key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    # -- the queue ----------------------------------------------------------------------------

    def push(
        self, data: bytes, priority: int = 0, *, replaces: str = "", fingerprint: str = ""
    ) -> str:
        """Queue a request; `replaces`: the in-flight request it continues (a redirect's or a
        retry's original), acknowledged in the same step. `fingerprint`: queued only if no
        request with it was queued before in this crawl, and marked seen in the same step;
        "" (nothing queued) when one was. Raises CrawlOver when the crawl this worker joined
        has ended (or another has begun)."""
        request_id = uuid.uuid4().hex
        arrival = int(self.client.incr(self.key("seq")))
        score = -priority * _PRIORITY_SPAN + arrival
        keys = [self.key("queue"), self.key("requests"), self.key("inflight"), self.key("seeded"),
                self.key("seen")]  # fmt: skip
        args = [request_id, score, data, replaces, self.generation, self.worker, fingerprint]
        queued = int(self._push(keys=keys, args=args))
        if queued < 0:
            raise CrawlOver(self.prefix)
        return request_id if queued else ""

    def pop(self) -> Popped | None:
        keys = [self.key("queue"), self.key("inflight"), self.key("requests"), self.key("seeded")]
        found = self._pop(keys=keys, args=[self.worker, self.generation])
        if found == -1:
            raise CrawlOver(self.prefix)
        if not found:
            return None
        request_id, data = found
        if data is None:  # acknowledged by a replacement meanwhile: nothing left to do
            self.ack(_text(request_id))
            return None
        return Popped(_text(request_id), bytes(data))

    def ack(self, request_id: str) -> bool:
        """Done with a request; False when its lease is no longer this worker's."""
        keys = [self.key("inflight"), self.key("requests")]
        return bool(self._ack(keys=keys, args=[request_id, self.worker]))

    def queued(self) -> int:
        return int(self.client.zcard(self.key("queue")))

    def in_flight(self) -> int:
        return int(self.client.hlen(self.key("inflight")))

    def pending(self) -> int:
        """Requests queued or in flight anywhere, plus one while discovery runs, read in one
        step: while any, the crawl is not over."""
        keys = [self.key("queue"), self.key("inflight"), self.key("discovery")]
        return int(self._pending(keys=keys))

    # -- workers ------------------------------------------------------------------------------

    def heartbeat(self, ttl_ms: int) -> None:
        self.client.set(self.key(f"alive:{self.worker}"), 1, px=ttl_ms)

    def reap(self) -> int:
        """Put the requests of dead workers back in the queue."""
        keys = [self.key("inflight"), self.key("queue")]
        return int(self._reap(keys=keys, args=[self.key("alive:")]))

    def hand_back(self, request_ids: list[str]) -> int:
        """Put these requests of this worker back in the queue, in front: it took them and
        will not finish them (it is stopping). Those no longer its own are left alone."""
        if not request_ids:
            return 0
        keys = [self.key("inflight"), self.key("queue")]
        return int(self._hand_back(keys=keys, args=[self.worker, *request_ids]))

    def forget_mine(self) -> int:
        return int(
            self._forget(keys=[self.key("inflight"), self.key("requests")], args=[self.worker])
        )

    def leave(self) -> None:
        self.client.delete(self.key(f"alive:{self.worker}"))

    # -- one crawl ----------------------------------------------------------------------------

    def join(self) -> bool:
        """Join the crawl under way, or begin one: True for the one worker that begins it (and
        runs discovery, until discovered()). The crawl's generation is remembered: pushes into
        another fail."""
        generation = f"{self.worker}|{uuid.uuid4().hex[:8]}"
        keys = [self.key("seeded"), self.key("discovery")]
        began, current = self._join(keys=keys, args=[generation, self.worker])
        self.generation = _text(current)
        return bool(int(began))

    def discovered(self) -> bool:
        """This worker's discovery has queued all its start requests: the crawl may end once
        they are done. False when the discovery is not (or no longer) this worker's."""
        return bool(self._discovered(keys=[self.key("discovery")], args=[self.worker]))

    def discovering(self) -> str | None:
        """The worker running discovery, None once it is done."""
        holder = self.client.get(self.key("discovery"))
        return None if holder is None else _text(holder)

    def take_discovery(self) -> bool:
        """Take over a discovery whose worker is gone (its heartbeat too): True when this
        worker now runs it, and must queue its own start requests, then call discovered()."""
        keys = [self.key("discovery"), self.key("seeded")]
        taken = int(self._take_discovery(keys=keys, args=[self.key("alive:"), self.worker,
                                                          self.generation]))  # fmt: skip
        if taken < 0:
            raise CrawlOver(self.prefix)
        return taken == 1

    def alive(self) -> bool:
        """Is this worker's heartbeat still there (not lapsed while it stalled)?"""
        return bool(self.client.exists(self.key(f"alive:{self.worker}")))

    def finish(self) -> bool:
        """End the crawl if nothing is left in it (queued, in flight, or discovery)."""
        keys = [
            self.key("queue"),
            self.key("inflight"),
            self.key("seen"),
            self.key("seeded"),
            self.key("requests"),
            self.key("seq"),
            self.key("discovery"),
        ]
        return bool(self._finish(keys=keys))

    # -- politeness ---------------------------------------------------------------------------

    def reserve(self, host: str, delay_ms: int) -> int:
        """Milliseconds to wait before a request to host may start (0: go now)."""
        return int(self._reserve(keys=[self.key(f"host:{host}")], args=[delay_ms]))


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)
