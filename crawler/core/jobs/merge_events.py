"""A merge's share of what re-checks found: each worker's removals and returns, into the
destination's events table, once each however often the same folders are merged again.

In a cluster, a re-check may be fetched by another worker than the one whose catalogue holds
the article, so the event can sit in a catalogue without the article: merged, it meets its
article under the same key. Pure: no Scrapy."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from crawler.core.catalog import event_log
from crawler.core.catalog.event_log import Event

_COLUMNS = "key, site, kind, at, status, detail, warc_file, warc_offset, run_id"


def merge_events(
    db: sqlite3.Connection, src: sqlite3.Connection, runs: dict[int, int], dest: Path
) -> int:
    """Copy src's events into db (run IDs mapped by runs) and dest's event log; how many."""
    if not src.execute("SELECT 1 FROM sqlite_master WHERE name = 'events'").fetchone():
        return 0  # a catalogue from before re-checks
    copied: list[Event] = []
    for row in src.execute(f"SELECT {_COLUMNS} FROM events ORDER BY at, id").fetchall():
        key, _site, kind, at, *_rest, run_id = tuple(row)
        known = db.execute(
            "SELECT 1 FROM events WHERE key = ? AND kind = ? AND at = ?", (key, kind, at)
        ).fetchone()
        if known:
            continue
        values = (*tuple(row)[:-1], runs.get(run_id) if run_id else None)
        db.execute(f"INSERT INTO events ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
        copied.append(Event(*tuple(row)[:-1]))
    # Before the merge commits: a merge undone leaves lines a rebuild reads once each, and
    # only for articles the folder then holds; a line missing would lose the event.
    event_log.append(dest, copied)
    return len(copied)
