"""A live progress line for long work, on a terminal only: redirected output stays clean."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Rewrites one line (at most ten times a second): label, done/total, rate, extras."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self.started = time.monotonic()
        self._shown = 0.0
        self._width = 0

    def update(self, done: int, total: int | None = None, unit: str = "", **extra: object) -> None:
        now = time.monotonic()
        if not self.live or (now - self._shown < 0.1 and done != total):
            return
        self._shown = now
        rate = done / max(now - self.started, 1e-6)
        count = f"{done}/{total}" if total else f"{done} {unit}".rstrip()
        details = "".join(f", {value} {name}" for name, value in extra.items())
        line = f"{self.label}: {count}{details} ({rate:.0f}/s)"
        self.stream.write("\r" + line.ljust(self._width))
        self._width = len(line)
        self.stream.flush()

    def finish(self) -> None:
        """Clear the line (a summary, or a log line, takes its place)."""
        if self.live and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0
