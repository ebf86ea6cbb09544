"""Times as the catalogue stores them: ISO 8601 text in UTC, which sorts and compares as text."""

from __future__ import annotations

from datetime import UTC, datetime


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def utc_text(moment: datetime) -> str:
    """A time in UTC as ISO 8601 text: how the catalogue stores dates it compares as text."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def utc_iso(value: str) -> str:
    """utc_text of an ISO 8601 string (UTC when it names no offset); "" when it is no date."""
    try:
        moment = datetime.fromisoformat(value)
        return utc_text(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
    except (ValueError, OverflowError):  # not a date, or beyond year 9999 once in UTC
        return ""
