"""`defnews serve`: the archive in a browser, on 127.0.0.1 only.

Datasette over the catalogue (tables, facets, SQL, a search box that ignores diacritics), a
search page, and a page per article with the clean text beside pywb's replay of the capture
it came from. pywb runs as a child on the next port; both stop together, and if pywb stops
on its own, serve stops too (a page beside a dead replay would only mislead).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
from contextlib import closing
from pathlib import Path
from typing import Any

from crawler.cli.errors import CliError
from crawler.cli.options import add_out, open_catalog, port_number, stop_on_signals


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "serve",
        help="browse, search and compare the archive in a browser (127.0.0.1)",
        description="Serve the catalogue with Datasette and the archived pages with pywb, on "
        "127.0.0.1: /search finds articles with or without diacritics, /article/ID shows the "
        "clean text beside the archived original. Needs the 'serve' extra: pip install "
        "'defnews[serve]'. Ctrl-C stops it.",
    )
    add_out(parser)
    parser.add_argument("--port", type=port_number, default=8001, help="port (default 8001)")
    parser.add_argument(
        "--replay-port", type=port_number, help="pywb's port (default: the next one after --port)"
    )
    parser.set_defaults(run=run)


def _writable(root: Path) -> bool:
    catalog = root / "catalog.sqlite"
    return os.access(root, os.W_OK) and (not catalog.exists() or os.access(catalog, os.W_OK))


def _check_read_only(catalog: Path) -> None:
    """What open_catalog checks, without writing: a catalogue of ours, readable."""
    if not catalog.is_file():
        raise CliError(f"no catalogue in {catalog.parent}/ (nothing crawled into it yet?)")
    try:
        with (
            closing(sqlite3.connect(f"{catalog.resolve().as_uri()}?immutable=1", uri=True)) as db,
            db,
        ):
            db.execute("SELECT COUNT(*) FROM articles JOIN articles_fts ON 0").fetchone()
    except sqlite3.DatabaseError as error:
        raise CliError(f"{catalog} is not a usable catalogue: {error}") from None


def run(args: argparse.Namespace) -> int:
    from crawler.web import pywb

    root = Path(args.out)
    missing = [name for name in ("datasette", "pywb") if importlib.util.find_spec(name) is None]
    if missing:
        raise CliError(f"serve needs {' and '.join(missing)}: pip install 'defnews[serve]'")
    writable = _writable(root)
    if writable:
        # Opening it checks it (schema, a search index in step) before Datasette reads it.
        with open_catalog(root):
            pass
    else:
        # A read-only archive (a copy, a mounted backup): nothing can change it while we
        # serve it, so Datasette may open it immutable, and pywb's files go to a scratch folder.
        _check_read_only(root / "catalog.sqlite")
    replay_port = args.replay_port or args.port + 1
    if replay_port == args.port or replay_port > 65535:
        raise CliError(f"pywb needs a port of its own: give --replay-port (not {replay_port})")
    for port in (args.port, replay_port):
        try:
            pywb.check_port(port)
        except pywb.PortBusy as error:
            raise CliError(str(error)) from None
    replay_base = f"http://127.0.0.1:{replay_port}/{pywb.COLLECTION}/"
    with tempfile.TemporaryDirectory(prefix="defnews-serve-") as scratch:
        replayer = _Supervised(
            pywb.start(root, replay_port, work=None if writable else Path(scratch))
        )
        stop_on_signals()
        try:
            _serve(root, Path(scratch), args.port, replay_base, immutable=not writable)
        except KeyboardInterrupt:
            pass
        finally:
            replayer.stop()
    if replayer.died.is_set():
        status = replayer.child.returncode
        raise CliError(f"pywb stopped on its own (status {status}), so serve stopped too")
    return 0


class _Supervised:
    """pywb, watched: when it exits before we asked it to, serve is stopped (as SIGTERM does)."""

    def __init__(self, child: subprocess.Popen[bytes]) -> None:
        self.child = child
        self.stopping = threading.Event()
        self.died = threading.Event()
        threading.Thread(target=self._wait, name="pywb-watch", daemon=True).start()

    def _wait(self) -> None:
        status = self.child.wait()
        if self.stopping.is_set():
            return
        # Told to stop (a service manager signals every process of the unit at once): we stop
        # too, quietly. Anything else (a crash, the OOM killer's SIGKILL) is an error.
        if status not in (-signal.SIGTERM, -signal.SIGINT, -signal.SIGHUP):
            self.died.set()
            print("defnews: pywb stopped; stopping", file=sys.stderr, flush=True)
        os.kill(os.getpid(), signal.SIGTERM)

    def stop(self) -> None:
        self.stopping.set()
        self.child.terminate()
        try:
            self.child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.child.kill()
            self.child.wait()


def _serve(root: Path, scratch: Path, port: int, replay_base: str, *, immutable: bool) -> None:
    import uvicorn

    from crawler.web.app import build

    # Datasette puts the path in a SQLite URI without escaping it ("file:{path}?mode=ro"): a
    # folder named with # ? or % would open the wrong file. A link with a plain name does not
    # care; SQLite follows it, and finds the WAL beside the real file.
    link = scratch / "catalog.sqlite"
    link.symlink_to((root / "catalog.sqlite").resolve())
    datasette = build(root, link, replay_base, immutable=immutable)
    asyncio.run(datasette.invoke_startup())
    print(f"serving {root}/ at http://127.0.0.1:{port}/" + (" (read-only)" if immutable else ""))
    print(f"  latest:   http://127.0.0.1:{port}/ (each outlet's newest articles)")
    print(f"  search:   http://127.0.0.1:{port}/search?q=... (as JSON: /search.json?q=...)")
    print(
        f"  articles: http://127.0.0.1:{port}/article/ID "
        "(versions, what changed, the original beside the text)"
    )
    print(f"  tables:   http://127.0.0.1:{port}/catalog (Datasette: tables and SQL)")
    print(f"  replay:   {replay_base}")
    print("Ctrl-C to stop.", flush=True)
    # uvicorn takes SIGINT and SIGTERM itself and returns once it has shut down.
    uvicorn.run(datasette.app(), host="127.0.0.1", port=port, log_level="warning")
