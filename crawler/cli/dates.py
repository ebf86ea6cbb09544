"""The date filters (--since, --until) of the commands that show dated rows, with one rule:
a date is read in the zone the table shows.

- A bare DATE (2025-01-16) is a calendar day there: for publication dates (`list`, `export`)
  the day each article's own site printed (its page's time, with the site's offset), for
  crawl times (`changes`) the UTC day they are shown in. `--until DATE` includes that day.
- A time without an offset (2025-01-16T08:00) is a wall-clock time in that same zone.
- A time with an offset (2025-01-16T08:00+07:00), or an age (36h, 7d), is an exact moment.
A crawl's --since has no table, and reads it as `list` would: in each site's own zone.
So an article a Hanoi outlet dates 23:30 on the 16th is on the 16th, whatever the offset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from crawler.cli.options import parse_since

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Zones run from UTC-12 to UTC+14: a day in any of them lies within these bounds in UTC.
_ANY_ZONE = timedelta(hours=14)


@dataclass(frozen=True)
class Bound:
    """One end of a date filter: a day, a wall-clock time, or a moment (aware)."""

    option: str
    day: date | None = None
    wall: datetime | None = None
    moment: datetime | None = None

    def admits(self, value: datetime, *, until: bool) -> bool:
        """Is value (a row's time, aware when its zone is known) inside this end?"""
        if self.moment is not None and value.tzinfo is not None:
            return value <= self.moment if until else value >= self.moment
        local = value.replace(tzinfo=None)  # the time as the table shows it
        if self.day is not None:
            return local.date() <= self.day if until else local.date() >= self.day
        wall = self.wall or (self.moment.replace(tzinfo=None) if self.moment else local)
        return local <= wall if until else local >= wall

    def start_in(self, zone: tzinfo | None) -> datetime:
        """The moment this (lower) end starts for a site writing in zone (None: not known,
        UTC is taken): what a crawl's --since compares the sitemaps' dates with."""
        if self.moment is not None:
            return self.moment
        if self.day is not None:
            wall = datetime(self.day.year, self.day.month, self.day.day)
        else:
            assert self.wall is not None
            wall = self.wall
        try:
            return wall.replace(tzinfo=zone or UTC).astimezone(UTC)
        except OverflowError:  # a day at the very edge of the calendar: in UTC, then
            return wall.replace(tzinfo=UTC)

    def widest_utc(self, *, until: bool) -> datetime:
        """A UTC moment no row this end admits lies beyond, in any zone (for the query)."""
        try:
            return self._widest(until)
        except OverflowError:  # a day at the very edge of the calendar (0001-01-01)
            edge = datetime.max if until else datetime.min
            return edge.replace(tzinfo=UTC)

    def _widest(self, until: bool) -> datetime:
        if self.moment is not None:
            return self.moment + (_ANY_ZONE if until else -_ANY_ZONE)
        if self.day is not None:
            start = datetime(self.day.year, self.day.month, self.day.day, tzinfo=UTC)
            return start + timedelta(days=1) + _ANY_ZONE if until else start - _ANY_ZONE
        assert self.wall is not None
        return self.wall.replace(tzinfo=UTC) + (_ANY_ZONE if until else -_ANY_ZONE)


def parse_bound(value: str, option: str) -> Bound:
    """--since/--until's DATE as a Bound; a one-line error when it is none of the forms."""
    text = value.strip()
    moment = parse_since(text, option=option)  # checks every form, with the same message
    if _DAY.fullmatch(text):
        return Bound(option, day=date.fromisoformat(text))
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return Bound(option, moment=moment)  # an age
    if parsed.tzinfo is None:
        return Bound(option, wall=parsed)
    return Bound(option, moment=moment)


def row_time(text: str) -> datetime | None:
    """A row's ISO time (aware when it carries an offset); None when it is no date."""
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def within(text: str, since: Bound | None, until: Bound | None) -> bool:
    """Is the time text inside both ends? A row without a date is inside neither."""
    if since is None and until is None:
        return True
    value = row_time(text)
    if value is None:
        return False
    return (since is None or since.admits(value, until=False)) and (
        until is None or until.admits(value, until=True)
    )
