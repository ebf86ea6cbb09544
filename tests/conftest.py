"""Shared fixtures: the bundled sample site on a loopback server, and one crawl of it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawler.demo.server import DemoServer, LoggedRequest
from crawler.demo.site import DemoSite, build_site

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


@pytest.fixture(scope="session")
def demo_site() -> DemoSite:
    return build_site()


@pytest.fixture(scope="session")
def demo_server(demo_site: DemoSite) -> Iterator[DemoServer]:
    with DemoServer(demo_site) as server:
        yield server


@dataclass
class CrawlResult:
    out: Path
    result: subprocess.CompletedProcess[str]
    requests: list[LoggedRequest]
    base_url: str


@pytest.fixture(scope="session")
def demo_crawl(demo_server: DemoServer, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    """One full crawl of the sample site, shared by the end-to-end tests that only read it."""
    out = tmp_path_factory.mktemp("crawl")
    before = len(demo_server.requests)
    result = run_cli("crawl", "qdnd", "--base-url", demo_server.base_url, "--out", str(out), *FAST)
    assert result.returncode == 0, result.stderr
    return CrawlResult(out, result, list(demo_server.requests[before:]), demo_server.base_url)
