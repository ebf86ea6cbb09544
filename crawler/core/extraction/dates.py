"""Dates as the contract wants them: ISO 8601 with the outlet's UTC offset, time kept.

No zone is assumed here. A date that names no offset takes the zone its caller passes (the
outlet's, which its parser declares); with none, it keeps the wall-clock time as written and
no offset ("2025-03-04T10:00:00"): the page did not say when that was in UTC, and neither do we.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

# "27/10/2022 - 09:45", "Thứ năm, 16/01/2025 - 09:15", "16/01/2025 09:15", "14-5-2020 17:32".
_DMY = re.compile(
    r"(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})"
    r"(?:\D{0,12}?(?P<H>\d{1,2})\s*[:hg]\s*(?P<M>\d{2})(?:\s*:\s*(?P<S>\d{2}))?)?"
)
# "09:15 16/01/2025", "09:15 - Thứ năm, 16/01/2025": the time before the date.
_TIME_FIRST = re.compile(
    r"(?P<H>\d{1,2})\s*[:hg]\s*(?P<M>\d{2})(?:\s*:\s*(?P<S>\d{2}))?\D{0,30}?\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}"
)

# English dates, month first: "November 23, 2024", "Nov. 22, 2024", "Saturday, November 23,
# 2024, 11:24 (GMT+7)", "Jan. 5, 2025 3:45 PM"; and US numeric ones with a 12-hour clock,
# "11/23/2024 11:24:00 AM" (no day-first site writes AM/PM).
_MONTHS = {
    name: number
    for number, names in enumerate(
        ("jan january", "feb february", "mar march", "apr april", "may", "jun june",
         "jul july", "aug august", "sep sept september", "oct october", "nov november",
         "dec december"),
        start=1,
    )
    for name in names.split()
}  # fmt: skip
_CLOCK = (
    r"(?:\D{0,6}?\b(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?"
    r"(?:\s*(?P<ampm>[ap])\.?m\b\.?)?)?"
    # A zone: "(GMT+7)", "GMT", "UTC", "+0200", "EST"; "" when none is named.
    r"(?:\s*\(?\s*(?P<zone>GMT|UTC|Z|[ECMP][SD]T|ET)?\b\s*"
    r"(?:(?P<off>[+-]\d{1,2})(?::?(?P<offm>\d{2}))?)?\)?)?"
)
# The U.S. zone names an American page prints, as offsets ("ET" follows daylight time).
_ZONES: dict[str, tzinfo] = {
    "GMT": UTC, "UTC": UTC, "Z": UTC, "ET": ZoneInfo("America/New_York"),
    **{f"{z}{kind}T": timezone(timedelta(hours=h + (kind == "D")))
       for z, h in (("E", -5), ("C", -6), ("M", -7), ("P", -8)) for kind in "SD"},
}  # fmt: skip
# A zone name the pattern does not know, right after a time it read.
_OTHER_ZONE = re.compile(r"\s*\(?[A-Z]{2,5}\b")
_MONTH_FIRST = re.compile(
    r"\b(?P<mon>[a-z]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})" + _CLOCK,
    re.IGNORECASE,
)
_US_NUMERIC = re.compile(
    r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})\s+(?P<H>\d{1,2}):(?P<M>\d{2})"
    r"(?::(?P<S>\d{2}))?\s*(?P<ampm>[ap])\.?m\b",
    re.IGNORECASE,
)


# A CMS writes its "no date" value as a date: .NET's DateTime.MinValue (0001-01-01), 9999-12-31.
# Nothing on the web was published before 1990 or years from now: treat those as missing.
EARLIEST_YEAR = 1990


def _plausible(moment: datetime) -> bool:
    return EARLIEST_YEAR <= moment.year <= datetime.now().year + 1


def to_iso(moment: datetime, default_tz: tzinfo | None = None) -> str:
    """ISO 8601 to the second; a moment without a zone takes default_tz, or stays without."""
    if moment.tzinfo is None and default_tz is not None:
        moment = moment.replace(tzinfo=default_tz)
    return moment.isoformat(timespec="seconds") if _plausible(moment) else ""


def parse_iso(value: str, default_tz: tzinfo | None = None) -> str:
    """Normalise an ISO-8601 string (JSON-LD, meta); "" when it is not one."""
    value = value.strip()
    if not value:
        return ""
    candidate = value.replace("Z", "+00:00") if value.endswith("Z") else value
    # "+0700" is common in feeds and meta tags; fromisoformat wants "+07:00" before 3.11 forms.
    candidate = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", candidate)
    try:
        return to_iso(datetime.fromisoformat(candidate), default_tz)
    except ValueError:
        return ""


def parse_dmy(value: str, default_tz: tzinfo | None = None) -> str:
    """A visible Vietnamese date (day first) with an optional time; "" when none is found."""
    match = _DMY.search(value)
    if not match:
        return ""
    parts = {key: int(val) if val else 0 for key, val in match.groupdict().items()}
    if match.group("H") is None and (early := _TIME_FIRST.search(value)):
        parts.update({key: int(val) if val else 0 for key, val in early.groupdict().items()})
    try:
        moment = datetime(parts["y"], parts["m"], parts["d"], parts["H"], parts["M"], parts["S"])
    except ValueError:
        return ""
    return to_iso(moment, default_tz)


def parse_english(value: str, default_tz: tzinfo | None = None) -> str:
    """A visible English date, month first, with an optional time and zone ("(GMT+7)", "EST",
    "+0200"); "" if none, or if it names a zone this does not know."""
    fields: dict[str, str | None] = {}
    month = 0
    for found in _MONTH_FIRST.finditer(value):  # "Issue 12, 2024 - November 23, 2024"
        if number := _MONTHS.get(found["mon"].lower()):
            match, fields, month = found, found.groupdict(), number
            break
    else:
        numeric = _US_NUMERIC.search(value)
        if numeric is None:
            return ""
        match, fields, month = numeric, numeric.groupdict(), int(numeric["m"])
    named = fields.get("zone") or fields.get("off")
    if fields.get("H") and not named and _OTHER_ZONE.match(value, match.end()):
        return ""  # a time in a zone not known here ("JST"): no date rather than a wrong one
    hour = int(fields["H"] or 0)
    if ampm := (fields.get("ampm") or "").lower():
        hour = hour % 12 + (12 if ampm == "p" else 0)
    zone: tzinfo | None = _ZONES.get(fields.get("zone") or "", default_tz)
    if offset := fields.get("off"):
        sign = -1 if offset.startswith("-") else 1
        zone = timezone(sign * timedelta(hours=abs(int(offset)), minutes=int(fields["offm"] or 0)))
    try:
        moment = datetime(
            int(fields["y"] or 0), month, int(fields["d"] or 0), hour,
            int(fields["M"] or 0), int(fields["S"] or 0), tzinfo=zone,
        )  # fmt: skip
    except ValueError:
        return ""
    return to_iso(moment, default_tz)


def parse_rfc822(value: str, default_tz: tzinfo | None = None) -> str:
    """RSS pubDate; "" when it does not parse. One without a zone (or "-0000", RFC 5322's
    "zone unknown") takes default_tz, or stays without an offset."""
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return ""
    return to_iso(moment, default_tz)


def in_timezone(value: str, zone: tzinfo) -> str:
    """The same instant in the outlet's own offset ("2025-01-16T02:15:00+00:00" for Hanoi
    becomes "2025-01-16T09:15:00+07:00"), so dates and the folders named after them agree. A
    value without an offset is a wall-clock time in that zone (never the machine's own)."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=zone)
        return moment.astimezone(zone).isoformat(timespec="seconds")
    except (ValueError, OverflowError):
        return ""


def parse_any(value: str, default_tz: tzinfo | None = None) -> str:
    return (
        parse_iso(value, default_tz)
        # Before RFC 822's parser, which reads "November 23, 2024, 11:24 (GMT+7)" as UTC.
        or parse_english(value, default_tz)
        or parse_rfc822(value, default_tz)
        or parse_dmy(value, default_tz)
    )
