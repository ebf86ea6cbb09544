"""The order of an article's versions when they come from several places (a merge of workers'
folders, a catalogue rebuilt from text files), without trusting a clock that can go back.

The rule, strongest evidence first:
1. Within one history (one folder's catalogue, one folder's <stem>.vN files, the destination
   of a merge) the order is kept as it is: version numbers are given in run order by one
   catalogue, whatever its machine's clock said.
2. Between versions of different histories, the site's own evidence: the article's modified
   time when both versions carry one and they differ; else, when neither carries one, its
   publication time if both carry one and their words differ (a republished article is
   dated later). Not when only the date differs: a corrected publication date is a version
   of its own, and the correction may well move the date back.
3. Only without such evidence, the time the versions were first seen (a worker's clock).
Histories are interleaved by always taking, of the versions next in each history, the one
that the others do not precede: the order within each history never changes.
Pure: no Scrapy.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from crawler.core.times import utc_iso


def _field(version: dict[str, Any], name: str) -> str:
    fields = version.get("fields")
    if isinstance(fields, str):
        fields = json.loads(fields)
    return utc_iso(str((fields or {}).get(name) or ""))


def _words(version: dict[str, Any]) -> tuple[str, ...]:
    fields = version.get("fields")
    if isinstance(fields, str):
        fields = json.loads(fields)
    return tuple(str((fields or {}).get(name) or "") for name in ("title", "summary", "text"))


def precedes(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """Whether version `first` came before `second` (rows with fields and first_seen)."""
    a, b = _field(first, "modified"), _field(second, "modified")
    if a and b and a != b:
        return a < b
    if not a and not b and _words(first) != _words(second):
        a, b = _field(first, "published"), _field(second, "published")
        if a and b and a != b:
            return a < b
    return str(first.get("first_seen", "")) < str(second.get("first_seen", ""))


def interleave(histories: Sequence[Sequence[dict[str, Any]]]) -> list[dict[str, Any]]:
    """One order of all versions, each history's own order kept. On a tie the earlier history
    goes first (the destination's, then the sources in the order given)."""
    heads = [0] * len(histories)
    ordered: list[dict[str, Any]] = []
    while True:
        waiting = [i for i, history in enumerate(histories) if heads[i] < len(history)]
        if not waiting:
            return ordered
        best = waiting[0]
        for i in waiting[1:]:
            if precedes(histories[i][heads[i]], histories[best][heads[best]]):
                best = i
        ordered.append(histories[best][heads[best]])
        heads[best] += 1
