"""pywb as a child process on 127.0.0.1, serving every capture of an output folder.

A child, not a WSGI app in our process: importing pywb's app monkey-patches the whole
interpreter with gevent, which an asyncio server (Datasette's uvicorn) must not share.
"""

from __future__ import annotations

import ctypes
import json
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

COLLECTION = "defnews"
_PR_SET_PDEATHSIG = 1


class PortBusy(Exception):
    pass


def check_port(port: int) -> None:
    """PortBusy when nothing can listen on 127.0.0.1:port, said before a server fails on it
    with a traceback of its own."""
    with socket.socket() as probe:
        # As servers do: connections of a past run lingering in TIME_WAIT are no reason to fail.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            raise PortBusy(f"cannot serve on 127.0.0.1:{port}: {error.strerror or error}") from None


def prepare(root: Path, work: Path) -> Path:
    """A pywb config (and the CDXJ indexes it needs) in work: root itself when it can be
    written to, else a scratch folder (a read-only archive is served all the same, its
    existing indexes copied and the missing ones made there). The folder to run pywb in."""
    from crawler.core.archive.index import index_warc, missing_indexes

    index = root / "index"
    if work != root:
        index = work / "index"
        index.mkdir(parents=True, exist_ok=True)
        for existing in (root / "index").glob("*.cdxj"):
            shutil.copy2(existing, index / existing.name)
    for warc in missing_indexes(root / "warc", index):
        index_warc(warc, index)
    folder = work / "replay"
    folder.mkdir(parents=True, exist_ok=True)
    config = {
        "collections": {
            COLLECTION: {
                # pywb joins this prefix with each index line's file name: it must end in "/".
                "archive_paths": f"{(root / 'warc').resolve()}/",
                "index_paths": f"{index.resolve()}/",
            }
        }
    }
    # JSON is YAML: no YAML writer needed for a config this small.
    (folder / "config.yaml").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    return folder


def _die_with_parent() -> None:
    """In the child before pywb starts: SIGTERM when our process dies, however it dies (a
    SIGKILL cannot be caught to stop pywb, and an orphan would keep the port)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # not Linux: stopped on our way out only


def start(root: Path, port: int, *, work: Path | None = None) -> subprocess.Popen[bytes]:
    """pywb serving root's archive at http://127.0.0.1:port/defnews/ (indexes made first).
    Its request log is dropped; its errors reach our stderr."""
    folder = prepare(root, work or root)
    # pywb's Py3AMF imports pkg_resources, which new setuptools warns about on every start.
    quiet = ["-W", "ignore:pkg_resources is deprecated:UserWarning"]
    command = [sys.executable, *quiet, "-c", "from pywb.apps.cli import wayback; wayback()"]
    return subprocess.Popen(
        [*command, "--bind", "127.0.0.1", "--port", str(port)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        # Out of our process group: Ctrl-C, `timeout` and the like signal the group, and we,
        # not pywb, decide when it stops (it dies with us all the same: _die_with_parent).
        start_new_session=True,
        # Called before any thread of ours starts, and it only calls prctl.
        preexec_fn=_die_with_parent,  # noqa: PLW1509
    )


def timestamp(warc_date: str) -> str:
    """pywb's 14-digit timestamp of a WARC-Date ('2026-11-24T08:12:03Z' → 20261124081203)."""
    return "".join(char for char in warc_date if char.isdigit())[:14]
