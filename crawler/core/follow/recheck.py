"""When an archived article is looked at again, to catch quiet edits and takedowns.

News is edited most in its first hours (a figure corrected, a name added), less over the next
days, and rarely after a month; a takedown comes as late as that. So an article is re-checked
at fixed ages after it was first seen (RECHECK_AFTER, by default 1 h, 6 h, 1 d, 3 d, 7 d and
30 d): it is due when its age has passed a checkpoint that its last fetch came before. A
sitemap or feed date that moves still makes it due at once (crawler.core.catalog.freshness).
Pure: no Scrapy.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

ASKED = "recheck/asked"  # stats: archived articles looked at again this run
REMOVALS = "recheck/removals"  # stats: [(url, what it answered)], removals found this run
LEFT = "recheck/left"  # stats: due, left for later runs (RECHECK_PER_RUN)
STILL_REMOVED = "recheck/still_removed"  # stats: removals earlier runs recorded, seen again
RESTORED_COUNT = "recheck/restored"  # stats: articles back after a recorded removal

_AGE = re.compile(r"^(\d+(?:\.\d+)?)([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_ages(text: str) -> list[timedelta]:
    """ "1h 6h 1d" (spaces or commas) -> the ages, in order; "" -> none (re-checks off).
    ValueError names what is wrong."""
    ages = []
    for word in re.split(r"[\s,]+", text.strip()):
        if not word:
            continue
        match = _AGE.match(word.lower())
        if match is None:
            raise ValueError(f"not an age: {word!r} (use a number and m, h, d or w: 6h, 3d)")
        ages.append(timedelta(**{_UNITS[match[2]]: float(match[1])}))
    return sorted(ages)


def due(
    born: datetime, last_fetched: datetime | None, now: datetime, ages: list[timedelta]
) -> bool:
    """Has the article's age passed a checkpoint since it was last fetched?"""
    passed = [born + age for age in ages if born + age <= now]
    if not passed:
        return False
    return last_fetched is None or last_fetched < passed[-1]


def lines(stats: Mapping[str, Any]) -> list[str]:
    """The summary's lines on re-checks: how many, and each removal found, with its answer."""
    asked = int(stats.get(ASKED) or 0)
    removals = stats.get(REMOVALS) or []
    left = int(stats.get(LEFT) or 0)
    still = int(stats.get(STILL_REMOVED) or 0)
    back = int(stats.get(RESTORED_COUNT) or 0)
    if not (asked or removals or back):
        return []
    # A takedown or a return can also be seen by a fetch a sitemap asked for: said as well.
    head = (
        f"re-checked {asked} archived article{'s' if asked != 1 else ''}"
        if asked
        else ("archived articles fetched again")
    )
    line = f"{head}: {len(removals)} removed"
    if still:
        line += f", {still} still removed (recorded before)"
    if back:
        line += f", {back} back after a removal"
    out = [line]
    if left:
        out.append(f"  {left} more due: later runs look at them (RECHECK_PER_RUN a run)")
    out += [f"  removed: {url} ({detail}); the archived copy stays" for url, detail in removals]
    return out
