"""Finish the WARC files a killed crawl left open: cut back to the last whole record, close.

A file is written as NAME.warc.gz.open and renamed when closed. One still open at start-up
belongs to a crawl that died (SIGKILL, power loss) unless a live writer holds its lock; files
written on another host (a shared folder) are left to that host.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import socket
from dataclasses import dataclass
from pathlib import Path

from crawler.core.archive.members import scan_members
from crawler.core.archive.writer import OPEN_SUFFIX, this_host

logger = logging.getLogger(__name__)

# PREFIX-TIMESTAMP17-SERIAL-PID-HOST.warc.gz.open (the host may contain dots and dashes; the
# 17 and 5 digits before the pid say where it starts), or the older PID~HOST.
_OWNER = re.compile(
    r"(-\d{17}-\d{5}-(?P<pid>\d+)-|-(?P<old_pid>\d+)~)(?P<host>.+)\.warc\.gz\.open$"
)


def writer_pid(name: str) -> int | None:
    """The process id a .open file's name says is writing it."""
    match = _OWNER.search(name)
    if match is None:
        return None
    return int(match["pid"] or match["old_pid"])


@dataclass(frozen=True)
class Repair:
    path: Path  # the closed file, or the quarantined one when nothing whole was left
    cut_bytes: int
    kept_records: int
    kept_bytes: int  # records that started at or past this offset are gone


def in_use(path: Path) -> bool:
    """Does a live writer hold the file's lock (this process's other spider included)?"""
    with path.open("rb") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    return False


def other_host(name: str) -> str:
    """The host a file's name says wrote it, when that is not this one (a shared folder)."""
    match = _OWNER.search(name)
    host = match["host"] if match else ""
    return host if host and host not in (this_host(), socket.gethostname()) else ""


def repair_open_files(directory: Path) -> list[Repair]:
    """Close every abandoned .open WARC in directory; returns what was done, file by file."""
    repairs = []
    for path in sorted(directory.glob(f"*.warc.gz{OPEN_SUFFIX}")):
        if host := other_host(path.name):
            # File locks do not reach across machines: only its own host may close it.
            logger.warning("leaving %s open: it was written on %s", path.name, host)
            continue
        if in_use(path):
            logger.info("leaving %s: its crawl is still running", path.name)
            continue
        scan = scan_members(path)
        final = path.with_name(path.name.removesuffix(OPEN_SUFFIX))
        if scan.complete_end == 0:
            # Not even the warcinfo record is whole: keep the bytes aside, never as a WARC.
            final = path.with_name(path.name + ".corrupt")
        else:
            with path.open("r+b") as handle:
                handle.truncate(scan.complete_end)
                handle.flush()
                os.fsync(handle.fileno())
        path.rename(final)
        repairs.append(
            Repair(
                final, scan.size - scan.complete_end, max(scan.members - 1, 0), scan.complete_end
            )
        )
        logger.warning(
            "repaired %s left open by a killed crawl: kept %d records, cut %d bytes",
            final.name,
            max(scan.members - 1, 0),
            scan.size - scan.complete_end,
        )
    return repairs
