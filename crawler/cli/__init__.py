"""The `defnews` command: one small function per subcommand; Scrapy is imported only to crawl.

Each module here is named after the subcommand it registers (cli/runs.py is `defnews runs`,
cli/verify.py `defnews verify`; crawl.py also `demo` and `archive`) and only parses options,
calls the core (or, to crawl, launch) and prints. The others say their job: launch (running a
crawl: settings from flags, checks, the summary), options (the options several commands
share), list_stats (`list` and `stats`), text_table, errors.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Sequence
from typing import NoReturn

import crawler
from crawler.cli.errors import CliError


class OneLineParser(argparse.ArgumentParser):
    """Usage mistakes get the same one-line error and status 2 as any other bad input."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    from crawler.cli import (
        catalog,
        changes,
        check_sites,
        crawl,
        diff,
        export,
        extract,
        list_stats,
        reparse,
        replay,
        runs,
        schedule,
        search,
        serve,
        show,
        sites,
        verify,
    )

    parser = OneLineParser(
        prog="defnews",
        description="Crawl defense news into clean text and WARC archives, and inspect them.",
    )
    parser.add_argument("--version", action="version", version=f"defnews {crawler.__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    crawl.register(commands)
    catalog.register(commands)
    extract.register(commands)
    verify.register(commands)
    replay.register(commands)
    export.register(commands)
    runs.register(commands)
    list_stats.register(commands)
    search.register(commands)
    show.register(commands)
    diff.register(commands)
    changes.register(commands)
    reparse.register(commands)
    serve.register(commands)
    sites.register(commands)
    check_sites.register(commands)
    schedule.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except CliError as error:
        print(f"defnews: error: {error}", file=sys.stderr)
        return 2
    except sqlite3.DatabaseError as error:
        # A catalogue damaged, or written by another version, found while reading it.
        print(f"defnews: error: the catalogue cannot be read ({error})", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("defnews: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`defnews export | head`): not an error, and nothing to flush.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
