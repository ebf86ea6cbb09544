"""`defnews verify`: is the archive whole? Gzip members, digests, and every article's WarcRef."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from crawler.cli.errors import CliError


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "verify",
        help="check every WARC (gzip members, digests) and every article's WARC reference",
        description="Check the archive in an output folder; exit 2 naming the first bad file "
        "and offset.",
    )
    parser.add_argument("--out", default="output", help="output folder (default: output/)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from crawler.archive.verify import verify_output

    root = Path(args.out)
    if not (root / "warc").is_dir():
        raise CliError(f"no archive in {root}/ (no warc/ folder)")
    report = verify_output(root)
    if report.problems:
        more = len(report.problems) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise CliError(f"{report.problems[0]}{tail}")
    print(
        f"ok: {report.files} WARC files, {report.records} records, digests match; "
        f"{report.refs} references (articles, index, catalogue) point at their records"
    )
    if report.open_files:
        print(
            f"note: {len(report.open_files)} file(s) still .open (a crawl running, or killed: "
            "the next crawl repairs them): " + ", ".join(report.open_files)
        )
    return 0
