"""The guard that keeps tests off the internet (tests/support/offline/sitecustomize.py) refuses
real host names, in the test process and in the processes it starts, and names them in the
log that fails the test; loopback names still resolve."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.offline import sitecustomize as offline


def test_a_real_host_name_is_refused_in_the_test_process_and_logged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "dns.log"
    monkeypatch.setenv(offline.LOG, str(log))  # not this test's own log, which would fail it
    with pytest.raises(socket.gaierror, match=r"tests never touch the internet: file3\.qdnd\.vn"):
        socket.getaddrinfo("file3.qdnd.vn", 443)
    with pytest.raises(socket.gaierror):
        socket.gethostbyname_ex("www.qdnd.vn")
    names = [line.split("\t")[0] for line in log.read_text(encoding="utf-8").splitlines()]
    assert names == ["file3.qdnd.vn", "www.qdnd.vn"]
    assert "test_offline_guard.py" in log.read_text(encoding="utf-8")  # which test asked
    # Loopback names and addresses resolve as ever.
    assert socket.gethostbyname("localhost") == "127.0.0.1"
    assert socket.getaddrinfo("127.0.0.1", 80)
    assert socket.getaddrinfo("::1", 80, socket.AF_INET6)


def test_a_process_the_test_starts_is_guarded_too(tmp_path: Path) -> None:
    log = tmp_path / "dns.log"
    code = "import socket; socket.gethostbyname('file3.qdnd.vn')"
    started = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, offline.LOG: str(log)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert started.returncode == 1
    assert "tests never touch the internet: file3.qdnd.vn" in started.stderr
    assert log.read_text(encoding="utf-8").startswith("file3.qdnd.vn\t")
