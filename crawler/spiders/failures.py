"""What a spider's errback does with a failed request: one line, a count, a bounded list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scrapy import Spider
from twisted.python.failure import Failure

from crawler.core.extraction.blocked import Block, block_page
from crawler.runtime.logs import failure_reason

MAX_FAILURES_KEPT = 200  # a dead site must not fill memory with its failures


@dataclass(frozen=True)
class Failed:
    url: str
    reason: str  # "HTTP 404" or "ConnectionRefusedError: ..."
    response: Any  # the error response, when the server answered
    block: Block | None = (
        None  # the response is a CDN's refusal page (crawler.core.extraction.blocked)
    )


def refusal(response: Any) -> Block | None:
    """The CDN block page a response is, if it is one (any status: some challenge with 200)."""
    server = response.headers.get(b"Server", b"").decode("latin-1")
    return block_page(response.body, server)


def describe(failure: Failure) -> Failed:
    request = getattr(failure, "request", None)
    response = getattr(failure.value, "response", None)
    url = request.url if request is not None else "?"
    if response is None:
        return Failed(url, failure_reason(failure.value), None)
    if block := refusal(response):
        return Failed(url, f"HTTP {response.status}: {block}", response, block)
    return Failed(url, f"HTTP {response.status}", response)


def note_failure(spider: Spider, failed: Failed) -> None:
    """Count it, keep it for the run report (spider.failures), and say it in one line."""
    stats = spider.crawler.stats
    stats.inc_value("defnews/request_errors")
    if failed.block is not None:  # said once at the end, with what the user can do about it
        stats.inc_value("blocked/count")
        stats.set_value("blocked/by", f"{failed.block.what} from {failed.block.cdn}")
    failures: list[dict[str, str]] = spider.__dict__.setdefault("failures", [])
    if len(failures) < MAX_FAILURES_KEPT:
        failures.append({"url": failed.url, "reason": failed.reason})
    spider.logger.warning("failed: %s (%s)", failed.url, failed.reason)
