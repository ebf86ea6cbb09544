"""Room kept on the output's disk for the end of a run: a full disk must not cost its record.

When the disk fills, a crawl still has to write its run report and its row in the catalogue
(the real status and counts). A crawl holds a small file of real bytes, OUTPUT_DIR/locks/
reserve-<pid>-<n>, from its start, and gives that room back just before it writes them; one left
by a killed crawl is removed by the next. Pure: no Scrapy.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

DEFAULT_BYTES = 1024 * 1024
_NAME = re.compile(r"^reserve-(\d+)(-.*)?$")


class DiskReserve:
    def __init__(self, root: Path, size: int = DEFAULT_BYTES, name: str = "") -> None:
        # One per crawl: `crawl --all` runs several in one process.
        suffix = f"-{name}" if name else ""
        self.path = root / "locks" / f"reserve-{os.getpid()}{suffix}"
        self.size = size

    def hold(self) -> bool:
        """Take the room now; False when it is not there (a disk already full: said later)."""
        _remove_stale(self.path.parent)
        if self.size <= 0:
            return False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("wb") as handle:
                # Written, not just sized: a sparse file would hold no room at all.
                handle.write(b"\0" * self.size)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError:
            self.release()
            return False
        return True

    def release(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)


def _remove_stale(folder: Path) -> None:
    """Reserves of crawls that died (SIGKILL) without giving theirs back."""
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            match = _NAME.match(path.name)
            if match and not alive(int(match[1])):
                path.unlink(missing_ok=True)


def alive(pid: int) -> bool:
    """Whether a process with this pid runs on this machine (someone else's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return pid > 0
