"""Open a catalogue for reading only: nothing on disk changes, and a read-only folder (a
mounted backup, a snapshot, a copy on read-only media) can be read.

SQLite's WAL mode wants a -shm file beside the database even to read. `mode=ro` works while
the folder is writable or the -shm is there; in a read-only folder without one, a catalogue
closed cleanly (no -wal, or an empty one) is opened `immutable=1`, which needs no -shm and
misses nothing. A -wal holding commits not yet checkpointed (a backup taken while a crawl
ran) would be ignored by `immutable`, so the database and its WAL are copied to a scratch
folder and read there instead. Pure: no Scrapy.
"""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
from pathlib import Path


class Unreadable(Exception):
    """The file is not a catalogue this version can read."""


def _check(db: sqlite3.Connection, schema_version: int) -> None:
    found = int(db.execute("PRAGMA user_version").fetchone()[0])
    if found > schema_version:
        raise Unreadable(
            f"written by a newer defnews (catalogue schema {found}, this version reads "
            f"{schema_version})"
        )
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "articles" not in tables:
        raise Unreadable("it has no articles table")


def _open(uri: str, schema_version: int) -> sqlite3.Connection:
    db = sqlite3.connect(uri, uri=True, isolation_level=None)
    try:
        _check(db, schema_version)  # the first read opens the file for real
    except BaseException:
        db.close()
        raise
    return db


def connect(path: Path, schema_version: int) -> tuple[sqlite3.Connection, Path | None]:
    """(a connection that cannot write, the scratch folder to remove on close or None)."""
    uri = path.resolve().as_uri()
    try:
        return _open(f"{uri}?mode=ro", schema_version), None
    except sqlite3.OperationalError:
        pass  # no -shm and no right to make one: a read-only folder
    wal = path.with_name(path.name + "-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        return _open(f"{uri}?immutable=1", schema_version), None
    scratch = Path(tempfile.mkdtemp(prefix="defnews-catalog-"))
    atexit.register(discard, scratch)  # a caller that only closes the connection
    try:
        copy = scratch / path.name
        shutil.copyfile(path, copy)
        shutil.copyfile(wal, scratch / wal.name)
        # Writable here so SQLite can replay the WAL; the original is never touched.
        db = sqlite3.connect(copy, isolation_level=None)
        _check(db, schema_version)
        db.execute("PRAGMA query_only = ON")
    except BaseException:
        discard(scratch)
        raise
    return db, scratch


def discard(scratch: Path) -> None:
    shutil.rmtree(scratch, ignore_errors=True)
