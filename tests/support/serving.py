"""`defnews serve` started for a test: the command, waiting until it answers, and making sure
the server that answers is ours (helpers share port blocks: another test may take a port
between our probe and our bind)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO, Any

from tests.support.server import free_ports


def serve_command(out: Path, port: int, replay_port: int) -> list[str]:
    return [
        sys.executable, "-m", "crawler", "serve", "--out", str(out),
        "--port", str(port), "--replay-port", str(replay_port),
    ]  # fmt: skip


def get(url: str) -> tuple[int, str]:
    """(status, body) of a GET, an HTTP error's too."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered at {url}")


def _ours(base: str, out: Path) -> bool:
    try:
        status, body = get(f"{base}/-/metadata.json")
    except OSError:
        return False
    return status == 200 and json.loads(body)["plugins"]["defnews"]["root"] == str(out.resolve())


def start_serving(
    out: Path, *, stderr: IO[Any] | int = subprocess.PIPE, tries: int = 5
) -> tuple[subprocess.Popen[str], str, int]:
    """serve on out once it answers, and pywb beside it: (process, base URL, pywb's port).
    Ports taken meanwhile: others, up to `tries` times."""
    for _ in range(tries):
        port, replay_port = free_ports(2)
        process = subprocess.Popen(
            serve_command(out, port, replay_port),
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            text=True,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while not _ours(base, out):
            if process.poll() is not None:
                break
            assert time.monotonic() < deadline, "serve never answered"
            time.sleep(0.2)
        else:
            wait_for(f"http://127.0.0.1:{replay_port}/")
            return process, base, replay_port
        _, said = process.communicate()
        # Taken meanwhile (our check, or the bind itself): try others.
        assert said is None or "port" in said or "already in use" in said, said
    raise AssertionError(f"serve found no free ports in {tries} tries")


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.terminate()
        process.communicate(timeout=30)
