"""Finish the WARC files a killed crawl left open: cut back to the last whole record, close.

A file is written as NAME.warc.gz.open and renamed when closed. One still open at start-up
belongs to a crawl that died (SIGKILL, power loss) unless its writer is alive on this host.
"""

from __future__ import annotations

import logging
import os
import re
import socket
from dataclasses import dataclass
from pathlib import Path

from crawler.archive.members import scan_members
from crawler.archive.writer import OPEN_SUFFIX

logger = logging.getLogger(__name__)

# PREFIX-TIMESTAMP17-SERIAL-PID~HOST.warc.gz.open (the host may contain dots and dashes).
_OWNER = re.compile(r"-(?P<pid>\d+)~(?P<host>.+)\.warc\.gz\.open$")


@dataclass(frozen=True)
class Repair:
    path: Path  # the closed file, or the quarantined one when nothing whole was left
    cut_bytes: int
    kept_records: int


def _writer_alive(name: str) -> bool:
    """Is the process named in the file name still running here (another crawl writing it)?"""
    match = _OWNER.search(name)
    if not match or match["host"] != socket.gethostname():
        return False
    pid = int(match["pid"])
    if pid == os.getpid():
        return True  # another crawler in this very process (`crawl --all`) is writing it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by someone else
    return True


def repair_open_files(directory: Path) -> list[Repair]:
    """Close every abandoned .open WARC in directory; returns what was done, file by file."""
    repairs = []
    for path in sorted(directory.glob(f"*.warc.gz{OPEN_SUFFIX}")):
        if _writer_alive(path.name):
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
        repairs.append(Repair(final, scan.size - scan.complete_end, max(scan.members - 1, 0)))
        logger.warning(
            "repaired %s left open by a killed crawl: kept %d records, cut %d bytes",
            final.name,
            max(scan.members - 1, 0),
            scan.size - scan.complete_end,
        )
    return repairs
