"""The files of `defnews catalog merge` (crawler.core.jobs.merge): each worker's WARC, index
and run-report files copied into the destination, hard-linked where the file system allows.
Names never clash between workers (a WARC is named after its host and pid), so a file already
there with the same size is the same file, merged before. Pure: no Scrapy.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from crawler.core.archive.members import scan_members
from crawler.core.archive.repair import in_use, other_host
from crawler.core.archive.writer import OPEN_SUFFIX


class MergeError(Exception):
    """A source that cannot be merged (no catalogue, a file clash): one line."""


def copy_files(source: Path, dest: Path, notes: list[str], close_abandoned: bool) -> int:
    """The WARC, index and run-report files of source into dest (hard links where the file
    system allows); a killed worker's .open WARC up to its last whole record. How many were
    copied; what was left for a later merge, or closed here, goes to notes."""
    copied = 0
    for folder, pattern in (("warc", "*.warc.gz"), ("warc", "*.warc"), ("index", "*.cdxj"),
                            ("runs", "*.json")):  # fmt: skip
        for path in sorted((source / folder).glob(pattern)):
            target = dest / folder / path.name
            if target.exists():
                if target.stat().st_size != path.stat().st_size:
                    raise MergeError(f"{path}: a different {target} is already there")
                continue
            _link_or_copy(path, target)
            copied += 1
    for path in sorted((source / "warc").glob(f"*.warc.gz{OPEN_SUFFIX}")):
        # A killed worker's file: its whole records are taken (the source stays as it is;
        # that worker's next crawl closes it the same way). A live worker's is left.
        abandoned = close_abandoned or (not other_host(path.name) and not in_use(path))
        if not abandoned:
            why = "another machine's (--close-abandoned if its worker is dead)"
            if not other_host(path.name):
                why = "its crawl is running"
            notes.append(f"{path}: left for a later merge: {why}")
            continue
        target = dest / "warc" / path.name.removesuffix(OPEN_SUFFIX)
        whole = scan_members(path).complete_end
        if target.exists() or whole == 0:
            continue
        partial = target.with_name(target.name + ".merging")
        partial.parent.mkdir(parents=True, exist_ok=True)
        with path.open("rb") as origin, partial.open("wb") as copy:
            shutil.copyfileobj(_Limited(origin, whole), copy)
        partial.replace(target)
        copied += 1
        notes.append(f"{path}: closed in the merge at its last whole record ({whole} B)")
    return copied


class _Limited:
    """The first `limit` bytes of a file, for copyfileobj."""

    def __init__(self, handle: Any, limit: int) -> None:
        self.handle, self.left = handle, limit

    def read(self, size: int = -1) -> bytes:
        size = self.left if size < 0 else min(size, self.left)
        data = self.handle.read(size) if size else b""
        self.left -= len(data)
        return bytes(data)


def _link_or_copy(path: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".merging")
    partial.unlink(missing_ok=True)  # left by a merge killed here: link or copy it again
    try:
        os.link(path, partial)
    except OSError:  # another file system, or links not allowed: copy
        shutil.copy2(path, partial)
    partial.replace(target)
