"""Payload digests already archived, remembered on disk across runs (SQLite), for revisits.

The store lives at OUTPUT_DIR/catalog.sqlite, table `payloads` (the catalogue of later issues
adds its own tables beside it). A row is added only after its record is whole on disk, so a
crash can cost a duplicate copy next time, never a revisit pointing at nothing.

WARC files move after archiving (cold storage) or are deleted: a payload whose original lies
in a file no longer in the folder is not offered for a revisit (which would point at nothing);
its row is dropped, so the whole copy archived instead becomes the new original. Whether a
file is there is asked once per file for the life of the store (one run), not per record.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS payloads (
    digest TEXT PRIMARY KEY,
    uri TEXT NOT NULL,
    date TEXT NOT NULL,
    record_id TEXT NOT NULL,
    file TEXT NOT NULL,
    offset INTEGER NOT NULL
)
"""


@dataclass(frozen=True)
class Original:
    """Where a payload was first archived: what a revisit record refers to."""

    uri: str
    date: str
    record_id: str


class DigestStore:
    def __init__(self, path: Path) -> None:
        """path: the catalogue, in the output folder that file names are relative to."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self._root = path.parent
        self._present: dict[str, bool] = {}
        self._db = sqlite3.connect(path, isolation_level=None)  # autocommit: one row, one write
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)

    def find(self, digest: str) -> Original | None:
        """The original a revisit of this payload refers to; None when there is none, or when
        its WARC file is gone (the row is dropped: the next whole copy is the original)."""
        row = self._db.execute(
            "SELECT uri, date, record_id, file FROM payloads WHERE digest = ?", (digest,)
        ).fetchone()
        if row is None:
            return None
        if not self.present(str(row[3])):
            self._db.execute(
                "DELETE FROM payloads WHERE digest = ? AND file = ?", (digest, str(row[3]))
            )
            return None
        return Original(str(row[0]), str(row[1]), str(row[2]))

    def present(self, file: str) -> bool:
        """Is this WARC file (named as WarcRefs name it) in the folder, finished or still open?"""
        if file not in self._present:
            path = Path(file) if Path(file).is_absolute() else self._root / file
            self._present[file] = path.is_file() or path.with_name(path.name + ".open").is_file()
        return self._present[file]

    def location(self, digest: str) -> tuple[str, int] | None:
        """The file and offset of the record holding this payload."""
        row = self._db.execute(
            "SELECT file, offset FROM payloads WHERE digest = ?", (digest,)
        ).fetchone()
        return (str(row[0]), int(row[1])) if row else None

    def remember(
        self, digest: str, original: Original, file: str, offset: int, *, replace: bool = False
    ) -> None:
        """The first copy of a payload is its original; replace=True makes this one the
        original instead (the earlier copy could not be read back)."""
        verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
        self._db.execute(
            f"{verb} INTO payloads VALUES (?, ?, ?, ?, ?, ?)",
            (digest, original.uri, original.date, original.record_id, file, offset),
        )

    def forget_from(self, file: str, offset: int) -> int:
        """Rows for records a repair cut off (at or past offset in file): they point at nothing."""
        cursor = self._db.execute(
            "DELETE FROM payloads WHERE file = ? AND offset >= ?", (file, offset)
        )
        return int(cursor.rowcount)

    def close(self) -> None:
        self._db.close()
