"""`defnews sites`: the outlets defnews knows, from the registry."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from crawler.cli.terminal import width
from crawler.cli.text_table import render_table


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "sites",
        help="the outlets defnews has a profile for",
        description="Each outlet's key (for `defnews crawl KEY`), domains, discovery sources, "
        "parser versions and fixture pages.",
    )
    view = parser.add_mutually_exclusive_group()
    view.add_argument("--json", action="store_true", help="JSON lines instead of a table")
    view.add_argument("--markdown", action="store_true", help="the table as README carries it")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from crawler.core.sites.table import COLUMNS, markdown, rows

    if args.markdown:
        sys.stdout.write(markdown())
    elif args.json:
        sys.stdout.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows())
    else:
        print(
            render_table(
                rows(),
                list(COLUMNS),
                width=width(),
                flexible=("name", "domains", "discovery", "parsers"),
            )
        )
    return 0
