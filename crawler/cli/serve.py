"""`defnews serve`: the archive in a browser, on 127.0.0.1 only.

Datasette over the catalogue (tables, facets, SQL, a search box that ignores diacritics), a
search page, and a page per article with the clean text beside pywb's replay of the capture
it came from. pywb runs as a child on the next port; both stop together.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import signal
import subprocess
from pathlib import Path
from typing import Any

from crawler.cli.errors import CliError
from crawler.cli.options import open_catalog


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "serve",
        help="browse, search and compare the archive in a browser (127.0.0.1)",
        description="Serve the catalogue with Datasette and the archived pages with pywb, on "
        "127.0.0.1: /search finds articles with or without diacritics, /article/ID shows the "
        "clean text beside the archived original. Needs the 'serve' extra: pip install "
        "'defnews[serve]'. Ctrl-C stops it.",
    )
    parser.add_argument("--out", default="output", help="output folder (default: output/)")
    parser.add_argument("--port", type=_port, default=8001, help="port (default 8001)")
    parser.add_argument(
        "--replay-port", type=_port, help="pywb's port (default: the next one after --port)"
    )
    parser.set_defaults(run=run)


def _port(value: str) -> int:
    number = int(value) if value.isascii() and value.isdigit() else 0
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"wants a port number from 1 to 65535, got {value!r}")
    return number


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    from crawler.web import pywb

    root = Path(args.out)
    missing = [name for name in ("datasette", "pywb") if importlib.util.find_spec(name) is None]
    if missing:
        raise CliError(f"serve needs {' and '.join(missing)}: pip install 'defnews[serve]'")
    # Opening it checks it (schema, a search index in step) before Datasette reads it.
    with open_catalog(root):
        pass
    replay_port = args.replay_port or args.port + 1
    if replay_port == args.port or replay_port > 65535:
        raise CliError(f"pywb needs a port of its own: give --replay-port (not {replay_port})")
    for port in (args.port, replay_port):
        try:
            pywb.check_port(port)
        except pywb.PortBusy as error:
            raise CliError(str(error)) from None
    replay_base = f"http://127.0.0.1:{replay_port}/{pywb.COLLECTION}/"
    replayer = pywb.start(root, replay_port, quiet=True)
    signal.signal(signal.SIGTERM, _interrupt)  # a service manager stops it as Ctrl-C does
    try:
        _serve(root, args.port, replay_base)
    except KeyboardInterrupt:
        pass
    finally:
        _stop(replayer)
    return 0


def _serve(root: Path, port: int, replay_base: str) -> None:
    import uvicorn

    from crawler.web.app import build

    datasette = build(root, replay_base)
    asyncio.run(datasette.invoke_startup())
    print(f"serving {root}/ at http://127.0.0.1:{port}/")
    print(f"  search:   http://127.0.0.1:{port}/search?q=...")
    print(f"  articles: http://127.0.0.1:{port}/article/ID (clean text beside the original)")
    print(f"  replay:   {replay_base}")
    print("Ctrl-C to stop.", flush=True)
    # uvicorn takes SIGINT and SIGTERM itself and returns once it has shut down.
    uvicorn.run(datasette.app(), host="127.0.0.1", port=port, log_level="warning")


def _stop(child: subprocess.Popen[bytes]) -> None:
    child.terminate()
    try:
        child.wait(timeout=10)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
