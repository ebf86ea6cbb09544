"""Logging policy: a failed download is one line, never a traceback users read as a crash."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from scrapy.exceptions import ResponseDataLossError
from scrapy.logformatter import LogFormatter, LogFormatterResult

# Scrapy components that log a failed download at ERROR with the traceback attached (robots.txt
# has no errback of ours), or that log a failure our errback reports anyway (retry's "Gave up").
NOISY_LOGGERS = ("scrapy.downloadermiddlewares.robotstxt",)
REPEATING_LOGGERS = ("scrapy.downloadermiddlewares.retry",)


class OneLineWarnings(logging.Filter):
    """Keep the message, drop the traceback, and report it as the warning it is."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            record.exc_info = None
            record.exc_text = None
            record.levelno = logging.WARNING
            record.levelname = "WARNING"
        return True


class DropErrors(logging.Filter):
    """Drop ERROR records whose failure the spider's errback reports in its own line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno < logging.ERROR


class OutputFaultsInOneLine(logging.Filter):
    """A pipeline that could not store an article for want of disk (OSError, a full SQLite
    file) is a fault of the output, said in one line: not a traceback per article."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, (OSError, sqlite3.Error)):
            record.exc_info = None
            record.exc_text = None
        return True


def _add(name: str, kind: type[logging.Filter]) -> None:
    logger = logging.getLogger(name)
    if not any(isinstance(existing, kind) for existing in logger.filters):
        logger.addFilter(kind())


def install() -> None:
    for name in NOISY_LOGGERS:
        _add(name, OneLineWarnings)
    for name in REPEATING_LOGGERS:
        _add(name, DropErrors)
    _add("scrapy.core.scraper", OutputFaultsInOneLine)


def failure_reason(value: BaseException | None) -> str:
    """The cause in one line ("ParseError: ..."), not a repr of a list of Twisted failures."""
    if value is None:
        return "unknown error"
    if isinstance(value, ResponseDataLossError):
        # Raised bare, from Twisted's ResponseFailed whose first reason is a misleading
        # "ConnectionDone: Connection was closed cleanly".
        return "ResponseDataLossError: the connection closed before the body was complete"
    # Scrapy raises DownloadFailedError from Twisted's ResponseFailed, which holds a list of
    # failures: the first one's exception is the cause worth a line.
    while value.__cause__ is not None:
        value = value.__cause__
    reasons = getattr(value, "reasons", None)
    if reasons and isinstance(getattr(reasons[0], "value", None), BaseException):
        value = reasons[0].value
    text = str(value).strip()
    return f"{type(value).__name__}: {text}" if text else type(value).__name__


class QuietLogFormatter(LogFormatter):
    """A dropped item is logged by its reason (which names the URL), not by its whole text."""

    def dropped(
        self, item: Any, exception: BaseException, response: Any, spider: Any
    ) -> LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        return {**result, "msg": "Dropped: %(exception)s", "args": {"exception": exception}}

    def item_error(
        self, item: Any, exception: BaseException, response: Any, spider: Any
    ) -> LogFormatterResult:
        """An item's URL, not the whole article (hundreds of lines per failed article)."""
        url = getattr(item, "url", "") or "an item"
        if isinstance(exception, (OSError, sqlite3.Error)):
            return {
                "level": logging.WARNING,
                "msg": "not stored: %(url)s (%(reason)s)",
                "args": {"url": url, "reason": failure_reason(exception)},
            }
        return {"level": logging.ERROR, "msg": "error storing %(url)s", "args": {"url": url}}
