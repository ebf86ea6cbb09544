"""`defnews replay`: pywb serving the archive on 127.0.0.1, for reading pages as they were served."""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path
from typing import Any

from crawler.cli.errors import CliError
from crawler.cli.options import add_out, port_number, stop_on_signals


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "replay",
        help="replay the archive with pywb on 127.0.0.1",
        description="Serve every capture in the output folder with pywb (needs the 'replay' "
        "extra: pip install 'defnews[replay]'). Ctrl-C stops it.",
    )
    add_out(parser)
    parser.add_argument(
        "--port", type=port_number, default=8080, help="port on 127.0.0.1 (default 8080)"
    )
    parser.set_defaults(run=run)


def _example(root: Path) -> str:
    for path in sorted((root / "articles").rglob("*.json")):
        return str(json.loads(path.read_text(encoding="utf-8")).get("url", ""))
    return ""


def run(args: argparse.Namespace) -> int:
    from crawler.web import pywb

    root = Path(args.out)
    if not (root / "warc").is_dir():
        raise CliError(f"no archive in {root}/ (no warc/ folder)")
    if importlib.util.find_spec("pywb") is None:
        raise CliError("replay needs pywb: pip install 'defnews[replay]'")
    try:
        pywb.check_port(args.port)
    except pywb.PortBusy as error:
        raise CliError(str(error)) from None
    server = pywb.start(root, args.port)
    base = f"http://127.0.0.1:{args.port}/{pywb.COLLECTION}/"
    print(f"replaying {root}/ with pywb at {base}")
    if example := _example(root):
        print(f"  e.g. {base}{example}")
    print("Ctrl-C to stop.", flush=True)
    stop_on_signals()
    try:
        status = server.wait()
    except KeyboardInterrupt:
        server.terminate()
        server.wait(timeout=10)
        return 0
    if status:
        raise CliError(f"pywb stopped with status {status} (is port {args.port} free?)")
    return 0
