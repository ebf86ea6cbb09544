"""The file moves of `defnews catalog merge`, ordered so that a kill at any point loses no version.

A merge renumbers an article's versions: the files of what was the latest move to <stem>.vN
and the newer text takes the plain name. Renaming inside the catalogue's transaction is not
safe: a kill rolls the catalogue back but not the renames, and the rerun moves newer text onto
an old version's name. So the moves go in three steps:

1. Before the commit, every version that will change names gets a copy under a name of its
   own, <stem>.merging-<row id> (a hard link to its present file, or a copy of a source's).
   Nothing that exists is renamed or removed: a kill here leaves the destination as it was,
   and the next merge removes the stray copies before it starts.
2. The commit writes the catalogue with the final names and, in the same transaction, the
   journal: (staged name, final name) per moving version, and (old name, no final) for each
   name that no version keeps.
3. After the commit the journal is replayed: each staged copy is renamed onto its final name,
   the names nobody keeps are removed, and the journal is emptied. A rename is atomic and a
   staged name belongs to one version only, so a replay after a kill (the next merge replays
   first) ends as one clean run does: a staged file still there is moved, one already gone was
   moved before. A final name may still hold another version's file; that version is safe in
   its own staged copy until it moves too.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from crawler.core.catalog.article_files import SUFFIXES

STAGED = ".merging-"  # <stem>.merging-<row id>: a version's files on their way to their name

_SCHEMA = """
CREATE TABLE IF NOT EXISTS merge_moves (
    staged TEXT PRIMARY KEY,   -- a stem relative to the output folder (or a name to remove)
    final TEXT                 -- where it goes; NULL: the name is removed
)
"""


def staged_name(stem: str, row_id: int) -> str:
    return f"{stem}{STAGED}{row_id}"


def stage(origin: Path, dest: Path, staged: str, *, link: bool) -> None:
    """Copy one version's files (origin + suffix) to their staged name under dest. link: the
    origin is in dest itself, so a hard link holds the same bytes without copying them."""
    for suffix in SUFFIXES:
        source = origin.with_name(origin.name + suffix)
        if not source.is_file():
            continue
        target = dest / f"{staged}{suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)  # a stray of a killed merge (cleaned first; belt and braces)
        if link:
            try:
                os.link(source, target)
                continue
            except OSError:  # links not allowed here: copy
                pass
        shutil.copy2(source, target)


def journal(db: sqlite3.Connection, moves: dict[str, str], removals: set[str]) -> None:
    """Write the moves into the open transaction (step 2)."""
    db.execute(_SCHEMA)
    db.executemany("INSERT OR REPLACE INTO merge_moves VALUES (?, ?)", moves.items())
    db.executemany("INSERT OR REPLACE INTO merge_moves VALUES (?, NULL)", [(r,) for r in removals])


def replay(db: sqlite3.Connection, dest: Path) -> int:
    """Finish the moves a committed merge journaled (step 3); then remove the staged copies of
    a merge killed before its commit. Returns how many journaled moves were waiting."""
    db.execute(_SCHEMA)
    entries = db.execute("SELECT staged, final FROM merge_moves").fetchall()
    # Moves first, removals last: a name is removed only once no move can still need it.
    for staged, final in sorted(entries, key=lambda entry: entry[1] is None):
        for suffix in SUFFIXES:
            if final is None:
                (dest / f"{staged}{suffix}").unlink(missing_ok=True)
                continue
            source = dest / f"{staged}{suffix}"
            if source.exists():
                target = dest / f"{final}{suffix}"
                target.parent.mkdir(parents=True, exist_ok=True)
                source.replace(target)
                # rename() of two links to one file does nothing: the staged name must go.
                source.unlink(missing_ok=True)
    if entries:
        db.execute("DELETE FROM merge_moves")
        db.commit()
    for stray in sorted((dest / "articles").rglob(f"*{STAGED}*")):
        if stray.is_file():
            stray.unlink()
    return len(entries)
