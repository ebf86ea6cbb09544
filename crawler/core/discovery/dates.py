"""The dates sitemaps and feeds give an article, as aware datetimes. Pure (no Scrapy)."""

from __future__ import annotations

from datetime import UTC, datetime

from crawler.core.extraction.feeds import Entry


def moment(value: str) -> datetime | None:
    """An ISO 8601 date or time as an aware datetime (UTC when it names no offset)."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def entry_date(entry: Entry | None) -> datetime | None:
    """The latest date a sitemap or feed gives for an entry: its last change as far as known."""
    dates = [moment(value) for value in (entry.modified, entry.published)] if entry else []
    return max((d for d in dates if d), default=None)
