"""pywb, started by `defnews replay` on 127.0.0.1, replays an archived article from our WARC."""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.support.cli import CrawlResult
from tests.support.server import free_port


def test_pywb_replays_an_article_from_our_warc(demo_crawl: CrawlResult, tmp_path: Path) -> None:
    out = Path(shutil.copytree(demo_crawl.out, tmp_path / "out"))
    shutil.rmtree(out / "index")  # replay indexes what has no index yet
    article = json.loads(
        next(p for p in (out / "articles").rglob("*.json") if "711953" in p.name).read_text(
            encoding="utf-8"
        )
    )
    port = free_port()
    replay = subprocess.Popen(
        [sys.executable, "-m", "crawler", "replay", "--out", str(out), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # mp_: the archived page itself, not pywb's frame around it.
    url = f"http://127.0.0.1:{port}/defnews/mp_/{article['url']}"
    page = ""
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not page:
            try:
                with urllib.request.urlopen(url, timeout=5) as answer:
                    page = answer.read().decode("utf-8")
            except OSError:
                time.sleep(0.3)
        busy = subprocess.run(
            [sys.executable, "-m", "crawler", "replay", "--out", str(out), "--port", str(port)],
            capture_output=True, text=True, check=False, timeout=60,
        )  # fmt: skip
    finally:
        replay.send_signal(signal.SIGTERM)  # as a service manager stops it
        stdout, _ = replay.communicate(timeout=30)
    assert page, "pywb never answered"
    assert busy.returncode == 2
    assert (
        busy.stderr.strip()
        == f"defnews: error: cannot serve on 127.0.0.1:{port}: Address already in use"
    )
    time.sleep(0.5)
    with socket.socket() as probe:  # pywb went down with it: nothing listens there any more
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", port))
    assert article["title"] in page
    assert "Thượng tướng Lê Huy Vịnh phát biểu chỉ đạo tại hội nghị." in page
    assert f"http://127.0.0.1:{port}/defnews/" in stdout
    assert list((out / "index").glob("*.cdxj"))
