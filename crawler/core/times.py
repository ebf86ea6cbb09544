"""Times as the catalogue stores them: ISO 8601 text in UTC, which sorts and compares as text."""

from __future__ import annotations

from datetime import UTC, datetime


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def utc_text(moment: datetime) -> str:
    """A time in UTC as ISO 8601 text: how the catalogue stores dates it compares as text."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def utc_iso(value: str) -> str:
    """utc_text of an ISO 8601 string; "" when it is no date.

    A value without an offset (a page's date from a site whose zone is not known) is not
    converted, since its instant is not known: it comes back as the wall-clock time written,
    still without an offset, never relabelled as UTC. Where the catalogue needs an instant
    (published_utc, for ordering and --since/--until), that text stands in for it: it is within
    14 hours of the true instant (zones run from UTC-12 to UTC+14), and it sorts just before the
    same wall-clock time written in UTC."""
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            return moment.isoformat(timespec="seconds")
        return utc_text(moment)
    except (ValueError, OverflowError):  # not a date, or beyond year 9999 once in UTC
        return ""
