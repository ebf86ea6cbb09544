"""pywb as a child process on 127.0.0.1, serving every capture of an output folder.

A child, not a WSGI app in our process: importing pywb's app monkey-patches the whole
interpreter with gevent, which an asyncio server (Datasette's uvicorn) must not share.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

COLLECTION = "defnews"


class PortBusy(Exception):
    pass


def check_port(port: int) -> None:
    """PortBusy when nothing can listen on 127.0.0.1:port (before a server says it its way)."""
    with socket.socket() as probe:
        # As servers do: connections of a past run lingering in TIME_WAIT are no reason to fail.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            raise PortBusy(f"cannot serve on 127.0.0.1:{port}: {error.strerror or error}") from None


def index_missing(root: Path) -> None:
    """CDXJ indexes for the WARCs that have none yet (pywb finds captures through them)."""
    from crawler.archive.index import index_warc, missing_indexes

    for warc in missing_indexes(root / "warc", root / "index"):
        index_warc(warc, root / "index")


def write_config(root: Path) -> Path:
    """A pywb config naming our WARC and index folders as one collection."""
    folder = root / "replay"
    folder.mkdir(parents=True, exist_ok=True)
    config = {
        "collections": {
            COLLECTION: {
                # pywb joins this prefix with each index line's file name: it must end in "/".
                "archive_paths": f"{(root / 'warc').resolve()}/",
                "index_paths": f"{(root / 'index').resolve()}/",
            }
        }
    }
    # JSON is YAML: no YAML writer needed for a config this small.
    (folder / "config.yaml").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    return folder


def start(root: Path, port: int, *, quiet: bool = False) -> subprocess.Popen[bytes]:
    """pywb serving root's archive at http://127.0.0.1:port/defnews/ (indexes made first)."""
    index_missing(root)
    folder = write_config(root)
    command = [sys.executable, "-c", "from pywb.apps.cli import wayback; wayback()"]
    output = subprocess.DEVNULL if quiet else None
    return subprocess.Popen(
        [*command, "--bind", "127.0.0.1", "--port", str(port)],
        cwd=folder,
        stdout=output,
        stderr=output,
    )


def timestamp(warc_date: str) -> str:
    """pywb's 14-digit timestamp of a WARC-Date ('2026-11-24T08:12:03Z' → 20261124081203)."""
    return "".join(char for char in warc_date if char.isdigit())[:14]
