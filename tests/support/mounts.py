"""Real mounts for the tests that need a filesystem to misbehave: a tmpfs that fills up, a
read-only mount even root cannot write to. Each is mounted at a folder under the test's own
tmp_path, so parallel workers never share one. A mount that fails fails the test: without it
the test proves nothing, so it must not skip."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    if done.returncode:
        pytest.fail(f"cannot mount (mount {' '.join(args)}; run as root): {done.stderr.strip()}")


@contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A fresh tmpfs of `size` (mount's syntax: 1200k, 64m) at the new folder `where`,
    unmounted when the block ends, however it ends."""
    where.mkdir()
    mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where))
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def remount_read_only(where: Path) -> None:
    mount("-o", "remount,ro", str(where))


def resize(where: Path, size: str) -> None:
    mount("-o", f"remount,size={size}", str(where))
