"""`defnews catalog merge`: one archive from the output folders of a cluster's workers."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from crawler.cli.errors import CliError


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "catalog",
        help="work on catalogues: merge the output folders of a cluster's workers",
        description="Catalogue maintenance.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    merge = actions.add_parser(
        "merge",
        help="merge workers' output folders into one that verify, search and export read",
        description="Copy (hard-link where possible) the WARC, index and report files of each "
        "FOLDER into --into, and replay their catalogues into its catalogue: the latest fetch "
        "of each URL, every article version once, the runs. Merging again adds only what is "
        "new.",
    )
    merge.add_argument("folders", nargs="+", metavar="FOLDER", help="a worker's --out folder")
    merge.add_argument("--into", required=True, metavar="DIR", help="the merged output folder")
    merge.add_argument(
        "--close-abandoned",
        action="store_true",
        help="take the whole records of every .open WARC file, even one another machine "
        "wrote (only when its worker is dead: a live one is still writing it)",
    )
    merge.set_defaults(run=run_merge)


def run_merge(args: argparse.Namespace) -> int:
    from crawler.core.catalog.catalog import CatalogError
    from crawler.core.jobs.merge import MergeError, merge

    folders = [Path(folder) for folder in args.folders]
    for folder in folders:
        if not folder.is_dir():
            raise CliError(f"no such folder: {folder}")
    try:
        report = merge(folders, Path(args.into), close_abandoned=args.close_abandoned)
    except (MergeError, CatalogError) as error:
        raise CliError(str(error)) from None
    except OSError as error:
        raise CliError(f"cannot write {args.into}: {error.strerror or error}") from None
    print(
        f"merged {report.sources} folder(s) into {args.into}: {report.new_articles} new "
        f"article(s), {report.new_versions} new version(s), {report.repeats} already there; "
        f"{report.urls} fetch(es), {report.runs} run(s), {report.files} file(s) copied or linked"
    )
    for note in report.notes:
        print(f"note: {note}")
    if report.waiting:
        print(
            f"note: {report.waiting} record(s) wait for WARC files still being written; "
            "merge again when those workers are done"
        )
    return 0
