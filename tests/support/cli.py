"""`defnews` in a child process, and what a crawl of the demo site leaves for the tests."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from crawler.demo.server import LoggedRequest

# No politeness against our own loopback servers: the crawls finish in seconds.
FAST = [
    "--set",
    "DOWNLOAD_DELAY=0",
    "--set",
    "AUTOTHROTTLE_ENABLED=False",
    "--set",
    "CONCURRENT_REQUESTS_PER_DOMAIN=8",
]


def run_cli(
    *args: str, cwd: Path | None = None, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    """`defnews ARGS` in a child process: Twisted's reactor runs once per process."""
    command = [sys.executable, "-m", "crawler", *args]
    done = subprocess.run(
        command, cwd=cwd, input=stdin, capture_output=True, timeout=300, check=False
    )
    return subprocess.CompletedProcess(
        command, done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    )


@dataclass
class CrawlResult:
    out: Path
    result: subprocess.CompletedProcess[str]
    requests: list[LoggedRequest]
    base_url: str
