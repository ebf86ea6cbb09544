"""What a spider's errback does with a failed request: one line, a count, a bounded list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scrapy import Spider
from twisted.python.failure import Failure

from crawler.logs import failure_reason

MAX_FAILURES_KEPT = 200  # a dead site must not fill memory with its failures


@dataclass(frozen=True)
class Failed:
    url: str
    reason: str  # "HTTP 404" or "ConnectionRefusedError: ..."
    response: Any  # the error response, when the server answered


def describe(failure: Failure) -> Failed:
    request = getattr(failure, "request", None)
    response = getattr(failure.value, "response", None)
    reason = f"HTTP {response.status}" if response is not None else failure_reason(failure.value)
    return Failed(request.url if request is not None else "?", reason, response)


def note_failure(spider: Spider, failed: Failed) -> None:
    """Count it, keep it for the run report (spider.failures), and say it in one line."""
    spider.crawler.stats.inc_value("defnews/request_errors")
    failures: list[dict[str, str]] = spider.__dict__.setdefault("failures", [])
    if len(failures) < MAX_FAILURES_KEPT:
        failures.append({"url": failed.url, "reason": failed.reason})
    spider.logger.warning("failed: %s (%s)", failed.url, failed.reason)
