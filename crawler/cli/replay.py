"""`defnews replay`: pywb serving the archive on 127.0.0.1, for reading pages as they were served."""

from __future__ import annotations

import argparse
import importlib.util
import json
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

from crawler.cli.errors import CliError

COLLECTION = "defnews"


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "replay",
        help="replay the archive with pywb on 127.0.0.1",
        description="Serve every capture in the output folder with pywb (needs the 'replay' "
        "extra: pip install 'defnews[replay]'). Ctrl-C stops it.",
    )
    parser.add_argument("--out", default="output", help="output folder (default: output/)")
    parser.add_argument("--port", type=int, default=8080, help="port on 127.0.0.1 (default 8080)")
    parser.set_defaults(run=run)


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


def _example(root: Path) -> str:
    for path in sorted((root / "articles").rglob("*.json")):
        return str(json.loads(path.read_text(encoding="utf-8")).get("url", ""))
    return ""


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _check_port(port: int) -> None:
    """A busy port is a one-line error, before pywb prints its own traceback about it."""
    with socket.socket() as probe:
        # As servers do: connections of a past run lingering in TIME_WAIT are no reason to fail.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            raise CliError(f"cannot serve on 127.0.0.1:{port}: {error.strerror or error}") from None


def run(args: argparse.Namespace) -> int:
    from crawler.archive.index import index_warc, missing_indexes

    root = Path(args.out)
    if not (root / "warc").is_dir():
        raise CliError(f"no archive in {root}/ (no warc/ folder)")
    if importlib.util.find_spec("pywb") is None:
        raise CliError("replay needs pywb: pip install 'defnews[replay]'")
    for warc in missing_indexes(root / "warc", root / "index"):
        index_warc(warc, root / "index")
    _check_port(args.port)
    folder = write_config(root)
    base = f"http://127.0.0.1:{args.port}/{COLLECTION}/"
    print(f"replaying {root}/ with pywb at {base}")
    if example := _example(root):
        print(f"  e.g. {base}{example}")
    print("Ctrl-C to stop.", flush=True)
    command = [sys.executable, "-c", "from pywb.apps.cli import wayback; wayback()"]
    server = subprocess.Popen(
        [*command, "--bind", "127.0.0.1", "--port", str(args.port)], cwd=folder
    )
    # SIGTERM (a service manager, `kill`) must take pywb down too, as Ctrl-C does.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        status = server.wait()
    except KeyboardInterrupt:
        server.terminate()
        server.wait(timeout=10)
        return 0
    if status:
        raise CliError(f"pywb stopped with status {status} (is port {args.port} free?)")
    return 0
