"""One crawl per site and output folder at a time: an flock on OUTPUT_DIR/locks/<site>.lock.

A lock, unlike a pid file, dies with its process: a run killed with SIGKILL never leaves the
site locked. Locks are held per process and re-entrant within it, so the CLI can take them
before Scrapy starts (for a one-line refusal) and the run ledger take them again (for runs
started by `scrapy crawl`) without locking itself out.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from crawler.core.sites.keys import safe_key

_HELD: dict[Path, int] = {}


class SiteBusy(Exception):
    """Another live process is crawling this site into this output folder."""

    def __init__(self, site: str, holder: str) -> None:
        who = f" (pid {holder})" if holder else ""
        super().__init__(f"another crawl of {site} into this folder is running{who}")
        self.site = site


def lock_path(output_root: Path, site: str) -> Path:
    return output_root / "locks" / f"{safe_key(site)}.lock"


def hold_site(output_root: Path, site: str) -> None:
    """Take the site's lock for the rest of this process; raise SiteBusy if another has it."""
    path = lock_path(output_root, site).resolve()
    if path in _HELD:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
        os.close(descriptor)
        raise SiteBusy(site, holder) from None
    # The pid is only for the message a refused run prints; the lock is the flock itself.
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, f"{os.getpid()}\n".encode("ascii"), 0)
    _HELD[path] = descriptor


def release_site(output_root: Path, site: str) -> None:
    descriptor = _HELD.pop(lock_path(output_root, site).resolve(), None)
    if descriptor is not None:
        os.close(descriptor)  # closing the last descriptor releases the flock
