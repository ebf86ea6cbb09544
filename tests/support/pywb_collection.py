"""Stock pywb, driven as a user drives it: `wb-manager init` and `wb-manager add` build a
collection from our WARCs or (`--unpack-wacz`) from our WACZ, `wayback` serves the folder, and
fetch() asks it for one URL the way a client would, with a timeout so that a replay that never
ends (a record shorter than its Content-Length) fails a test instead of hanging it."""

from __future__ import annotations

import codecs
import html
import http.client
import re
import signal
import subprocess
import sys
import time
import unicodedata
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Self

# The venv's own console scripts: the pywb that `pip install pywb` gives a user.
BIN = Path(sys.executable).parent
WB_MANAGER = BIN / "wb-manager"
WAYBACK = BIN / "wayback"

FETCH_TIMEOUT = 10.0  # seconds without a byte from wayback before a fetch fails
START_TIMEOUT = 60.0  # wayback imports gevent and pywb: a few seconds on a busy machine


def _wb_manager(root: Path, *args: str) -> None:
    done = subprocess.run(
        [str(WB_MANAGER), *args], cwd=root, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, f"wb-manager {' '.join(args)}: {done.stderr.strip()}"


def _check_built(root: Path, coll: str) -> Path:
    """wb-manager only logs a warning for a WACZ without WARCs or index and exits 0: a
    collection with nothing to replay must fail here, not as 404s further on."""
    folder = root / "collections" / coll
    archives = sorted(p.name for p in (folder / "archive").iterdir())
    index = folder / "indexes" / "index.cdxj"
    assert archives, f"wb-manager put no WARC into {folder / 'archive'}"
    assert index.is_file() and index.stat().st_size > 0, f"wb-manager wrote no index for {coll}"
    return folder


def collection_from_warcs(root: Path, coll: str, warcs: Sequence[Path]) -> Path:
    """`wb-manager init COLL` then `wb-manager add COLL WARC...`, run in root."""
    assert warcs, "no WARC files to add"
    _wb_manager(root, "init", coll)
    _wb_manager(root, "add", coll, *map(str, warcs))
    return _check_built(root, coll)


def collection_from_wacz(root: Path, coll: str, wacz: Path) -> Path:
    """`wb-manager init COLL` then `wb-manager add --unpack-wacz COLL FILE.wacz`: pywb copies
    the WACZ's WARCs and merges the index the WACZ carries (it does not index them again)."""
    _wb_manager(root, "init", coll)
    _wb_manager(root, "add", "--unpack-wacz", coll, str(wacz))
    return _check_built(root, coll)


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]  # names lower-cased
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    def texts(self) -> list[str]:
        """The body as a reader may see it: decoded by each charset the response declares
        (its Content-Type, its <meta>; UTF-8 when neither does), entities resolved, composed
        to NFC. Both count because pages disagree with themselves: one demo page, like some
        real ones, is UTF-8 labelled ISO-8859-1 by its server, and replay must hand those
        bytes back as they were. NFC because legacy Vietnamese charsets (windows-1258) spell a
        letter as base + combining mark, and the titles we extracted are composed."""
        texts = []
        for charset in dict.fromkeys(_charsets(self.content_type, self.body)):
            text = self.body.decode(charset, "replace")
            texts.append(unicodedata.normalize("NFC", html.unescape(text)))
        return texts


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


def _charsets(content_type: str, body: bytes) -> list[str]:
    header = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    meta = _META_CHARSET.search(body[:16384])
    names = [header.group(1) if header else "", meta.group(1).decode("ascii") if meta else ""]
    found = []
    for name in filter(None, names):
        try:
            found.append(codecs.lookup(name).name)
        except LookupError:
            continue  # a label no codec knows: a browser would ignore it too
    return found or ["utf-8"]


def fetch(url: str, timeout: float = FETCH_TIMEOUT) -> Reply:
    """GET url once: redirects are answers, not followed (a replay that redirects elsewhere is
    what a test must see); a stalled body raises AssertionError naming the URL."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    connection = http.client.HTTPConnection(parts.netloc, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "identity"})
        answer = connection.getresponse()
        body = answer.read()
    except TimeoutError:
        raise AssertionError(f"no answer within {timeout:g} s from {url}") from None
    except http.client.IncompleteRead as error:
        raise AssertionError(
            f"{url}: body ended after {len(error.partial)} bytes, "
            f"{error.expected} more were announced"
        ) from None
    finally:
        connection.close()
    headers = {name.lower(): value for name, value in answer.getheaders()}
    return Reply(answer.status, headers, body)


class Wayback:
    """Stock `wayback` serving every collection under root, on 127.0.0.1:port.
    `with Wayback(root, port) as server:` starts it, waits until it answers, and stops it."""

    def __init__(self, root: Path, port: int) -> None:
        self.root = root
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        self.log = root / "wayback.log"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> Self:
        # Its output goes to a file: a pipe nobody reads would block it once full.
        with self.log.open("wb") as log:
            self._process = subprocess.Popen(
                [str(WAYBACK), "-p", str(self.port), "-b", "127.0.0.1"],
                cwd=self.root,  # pywb finds collections/ in its working folder
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise AssertionError(f"wayback exited: {self._tail()}")
            try:
                if fetch(f"{self.base_url}/", timeout=2).status == 200:
                    return self
            except (OSError, AssertionError):
                pass  # not listening yet
            time.sleep(0.2)
        self.stop()
        raise AssertionError(f"wayback did not answer within {START_TIMEOUT:g} s: {self._tail()}")

    def _tail(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-2000:]

    def stop(self) -> None:
        """SIGTERM as a service manager sends it; SIGKILL if it is still up 10 s later."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def url(self, coll: str, modifier: str, target: str) -> str:
        """The replay URL of target: modifier is `TIMESTAMPid_`, `id_`, `mp_` and so on."""
        return f"{self.base_url}/{coll}/{modifier}/{target}"

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
