"""The removals and returns re-checks found, also as a line each in OUTPUT/events.jsonl: the
catalogue can be rebuilt from the folder's files (crawler.core.catalog.adopt), and an archive's
takedown history must survive that as its article versions do.

Appended and synced per event (events are rare: a takedown, a return); a line torn by a kill
is skipped when read. Read back only into a new catalogue, each event once. Pure: no Scrapy.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path

LOG_NAME = "events.jsonl"


@dataclass(frozen=True)
class Event:
    key: str
    site: str
    kind: str
    at: str  # UTC ISO
    status: int
    detail: str  # in words: "HTTP 404", "redirected to https://..."
    warc_file: str
    warc_offset: int


def append(root: Path, events: list[Event]) -> None:
    if not events:
        return
    lines = "".join(json.dumps(asdict(e), ensure_ascii=False) + "\n" for e in events)
    with (root / LOG_NAME).open("a", encoding="utf-8") as log:
        log.write(lines)
        log.flush()
        os.fsync(log.fileno())


def read(root: Path) -> list[Event]:
    try:
        text = (root / LOG_NAME).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    found = []
    for line in text.splitlines():
        try:
            found.append(Event(**json.loads(line)))
        except (ValueError, TypeError):
            continue  # a line cut short by a kill mid-write
    return found


def adopt_events(db: sqlite3.Connection, root: Path) -> int:
    """The log's events the events table lacks, into it; how many."""
    added = 0
    for event in read(root):
        known = db.execute(
            "SELECT 1 FROM events WHERE key = ? AND kind = ? AND at = ?",
            (event.key, event.kind, event.at),
        ).fetchone()
        if known is None:
            db.execute(
                "INSERT INTO events (key, site, kind, at, status, detail, warc_file, "
                "warc_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (event.key, event.site, event.kind, event.at, event.status, event.detail,
                 event.warc_file, event.warc_offset),
            )  # fmt: skip
            added += 1
    return added


def backfill(db: sqlite3.Connection, root: Path) -> int:
    """A catalogue whose events came before the log (an archive re-checked by an earlier
    release): the log is written from the table, once, so a rebuild keeps them too."""
    if (root / LOG_NAME).exists():
        return 0
    rows = db.execute(
        "SELECT key, site, kind, at, status, detail, warc_file, warc_offset FROM events "
        "ORDER BY at, id"
    ).fetchall()
    append(root, [Event(*tuple(row)) for row in rows])
    return len(rows)
