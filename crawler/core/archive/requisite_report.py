"""What became of the photos and page requisites a run asked for, in words.

An image that could not be archived is no lost article, but it is something the archive does
not have: the run says which and why (and how many it never reached because it stopped
first), beside its other counts. Pure: no Scrapy (stats are duck-typed, as in not_stored).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crawler.core.archive.requisites import IMAGE
from crawler.core.not_stored import StatsLike

REQUESTED = "requisites/requested/{kind}"
ARCHIVED = "requisites/archived/{kind}"
FAILED = "requisites/failed/{kind}"
SHARED = "requisites/shared/{kind}"  # the scheduler had it already (a page, another worker)
SHARED_QUEUE = "requisites/shared_queue"  # a cluster worker: asked and fetched by different ones
OWED = "requisites/owed"  # photos earlier runs owed, asked for again this run
OWED_LEFT = "requisites/owed_left"  # and those left for later runs (IMAGES_CATCH_UP_PER_RUN)
FAILURES = "requisites/failures"  # [(url, what, reason)], the first MAX_NOTED
MAX_NOTED = 500
MAX_PRINTED = 20
NOUNS = {IMAGE: "photo", "requisite": "page requisite"}


def requested(stats: StatsLike, kind: str) -> None:
    stats.inc_value(REQUESTED.format(kind=kind))


def archived(stats: StatsLike, kind: str) -> None:
    stats.inc_value(ARCHIVED.format(kind=kind))


def shared(stats: StatsLike, kind: str) -> None:
    stats.inc_value(SHARED.format(kind=kind))


def failed(stats: StatsLike, kind: str, url: str, what: str, reason: str) -> None:
    stats.inc_value(FAILED.format(kind=kind))
    noted = stats.get_value(FAILURES)
    if noted is None:
        noted = []
        stats.set_value(FAILURES, noted)
    if len(noted) < MAX_NOTED:
        noted.append((url, what, reason))


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _counts(
    stats: Mapping[str, Any], kind: str, noun: str, asked: int, done: int, lost: int
) -> str:
    if stats.get(SHARED_QUEUE):  # a cluster worker fetches what others asked for
        return f"{noun}s: {done} archived by this worker" + (
            f", {lost} could not be" if lost else ""
        )
    elsewhere = int(stats.get(SHARED.format(kind=kind)) or 0)
    line = f"{noun}s: {done} of {asked} archived"
    if elsewhere:
        line += f", {elsewhere} already asked for by the crawl"
    if lost:
        line += f", {lost} could not be"
    if unreached := asked - done - lost - elsewhere:
        line += f", {unreached} not reached (the run stopped first; the next run asks again)"
    return line


def lines(stats: Mapping[str, Any]) -> list[str]:
    """One line of counts per kind asked for, then each one not archived, with its reason
    (from a run's final stats, a plain dict)."""
    out = []
    for kind, noun in NOUNS.items():
        asked = int(stats.get(REQUESTED.format(kind=kind)) or 0)
        done = int(stats.get(ARCHIVED.format(kind=kind)) or 0)
        lost = int(stats.get(FAILED.format(kind=kind)) or 0)
        if asked or done or lost:
            out.append(_counts(stats, kind, noun, asked, done, lost))
        if kind == IMAGE:  # the catch-up of photos, under the photos' line
            if owed := int(stats.get(OWED) or 0):
                out.append(f"  of which {owed} owed by earlier runs (not archived then)")
            if left := int(stats.get(OWED_LEFT) or 0):
                out.append(
                    f"  {_plural(left, 'photo')} of earlier articles still owed: later runs "
                    "fetch them (IMAGES_CATCH_UP_PER_RUN a run)"
                )
    noted = stats.get(FAILURES) or []
    for url, what, reason in noted[:MAX_PRINTED]:
        out.append(f"  not archived: {what} {url} ({reason})")
    if len(noted) > MAX_PRINTED:
        out.append(f"  ... and {_plural(len(noted) - MAX_PRINTED, 'more')} in the run report")
    return out
