"""`defnews verify`: is the archive whole? Gzip members, digests, every reference into the
WARCs, and every article: its capture, its own text files, no orphans."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from crawler.cli.errors import CliError
from crawler.cli.options import add_out


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "verify",
        help="check every WARC, every reference into them, and every article's capture and files",
        description="Check the archive in an output folder: every WARC record (gzip members, "
        "digests); every reference into them (article files, index, catalogue); every article "
        "and kept version: a readable capture of its URL, its own .json/.txt saying what the "
        "catalogue says, no files shared or without a catalogue row. Every problem is listed "
        "on stdout; exit 2 naming the first. Files a running crawl holds are skipped and named.",
    )
    add_out(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from crawler.core.jobs.verify import verify_output

    root = Path(args.out)
    if not (root / "warc").is_dir():
        raise CliError(f"no archive in {root}/ (no warc/ folder)")
    report = verify_output(root)
    for skipped in report.skipped:
        print(f"skipped: {skipped}")
    for note in [*report.open_files, *report.notes]:
        print(f"note: {note}")
    if report.problems:
        for problem in report.problems:
            print(f"problem: {problem}")
        sys.stdout.flush()
        more = len(report.problems) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''}, listed above)" if more else ""
        raise CliError(f"{report.problems[0]}{tail}")
    print(
        f"ok: {report.files} WARC files, {report.records} records, digests match; "
        f"{report.refs} references (articles, index, catalogue) point at their records; "
        f"{report.articles} article versions have their capture and their own "
        f"{report.text_files} text files, none shared, no orphans"
    )
    return 0
