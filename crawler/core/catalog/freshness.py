"""Whether an article link is worth fetching in this run, from what the catalogue remembers.

Pure (no Scrapy): the spider asks, per link and with the date its sitemap or feed gives.
- new: never archived (or its last answer was a fault worth retrying);
- due: archived, but a sitemap or feed now dates it later than any date seen when we last
  fetched it (the site's clock against the site's clock: a date-only lastmod or a server
  clock behind ours cannot hide a change), or --refresh;
- known: archived, no news of a change;
- older: dated before --since (by a sitemap or feed, or by the page when an earlier --since
  run fetched it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from crawler.core.catalog.catalog import Catalog, Fetch
from crawler.core.times import utc_text

_AGE = re.compile(r"(\d+)\s*([mhdw])")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(value: str, now: datetime | None = None) -> datetime:
    """`--since`: an ISO 8601 date or time, or an age ("36h", "7d", "2w") back from now, as an
    aware datetime; a date or time without an offset is taken as UTC. ValueError otherwise."""
    text = value.strip()
    try:
        if match := _AGE.fullmatch(text.lower()):
            amount, unit = match.groups()
            return (now or datetime.now(UTC)) - timedelta(**{_UNITS[unit]: int(amount)})
        moment = datetime.fromisoformat(text)
        # In UTC (also checks that it stays within datetime's range once converted).
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    except (ValueError, OverflowError):
        raise ValueError(
            f"--since wants a date (2025-05-01), a time (2025-05-01T08:00+07:00) "
            f"or an age (36h, 7d), not {value!r}"
        ) from None


@dataclass
class Freshness:
    catalog: Catalog | None
    started: datetime
    since: datetime | None = None
    refresh: bool = False
    retry_after: timedelta = timedelta(days=7)
    # The archive is on: an article stored without its capture (a WARC write that failed, files
    # adopted without their WARC) is not done; the next run fetches it again.
    captures: bool = False

    def decide(self, key: str, dated: datetime | None) -> str:
        if self.since is not None and dated is not None and dated < self.since:
            return "older"
        known = self._known(key)
        if self._still_too_old(known):
            return "older"
        if known is None or not self._done(known):
            return "new"
        if self.refresh or (dated is not None and self._changed_since(known, dated)):
            return "due"
        return "known"

    def _still_too_old(self, known: Fetch | None) -> bool:
        """Fetched by an earlier --since run and found too old: too old for this one too?"""
        if known is None or known.outcome != "older" or self.since is None:
            return False
        return bool(known.source_date) and known.source_date < utc_text(self.since)

    @staticmethod
    def _changed_since(known: Fetch, dated: datetime) -> bool:
        if known.source_date:
            return utc_text(dated) > known.source_date
        # Never dated when we fetched it (found in a listing): our fetch time is all we have.
        return dated > known.fetched_at

    def archived_before(self, key: str) -> bool:
        """Archived by an earlier run (not this one): nothing new behind this link."""
        known = self._known(key)
        return known is not None and self._done(known) and known.fetched_at < self.started

    def _done(self, known: Fetch) -> bool:
        uncaptured = known.outcome in ("stored", "unchanged") and not known.warc_file
        return known.done(self.retry_after) and not (self.captures and uncaptured)

    def _known(self, key: str) -> Fetch | None:
        return self.catalog.fetch(key) if self.catalog is not None else None
