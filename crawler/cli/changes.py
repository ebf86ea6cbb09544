"""`defnews changes`: new and changed articles, newest first."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from datetime import UTC
from pathlib import Path
from typing import Any

from crawler.cli.dates import parse_bound, within
from crawler.cli.options import add_out, known_site, open_catalog
from crawler.cli.terminal import width
from crawler.cli.text_table import render_table


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "changes",
        help="new, changed and removed articles, newest first",
        description="Articles that arrived (new), changed (a new version a reader can see) or "
        "were found removed (or back) since DATE, newest first, each with its ID (for `show` "
        "and `diff`), kind, time (UTC), site and title. A DATE is a UTC day, as the "
        "times are shown; --until includes its whole day.",
    )
    parser.add_argument(
        "--since", metavar="DATE", help="only changes on or after DATE (or an age: 7d)"
    )
    parser.add_argument(
        "--until", metavar="DATE", help="only changes on or before DATE (its whole day)"
    )
    parser.add_argument("--site", help="only this site's articles")
    add_out(parser)
    parser.add_argument("--json", action="store_true", help="JSON lines instead of a table")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from crawler.core.follow.changes import changes

    since = parse_bound(args.since, "--since") if args.since else None
    until = parse_bound(args.until, "--until") if args.until else None
    with open_catalog(Path(args.out)) as catalog:
        known_site(catalog, args.site, Path(args.out))
        found = changes(
            catalog.db,
            since=since.widest_utc(until=False).astimezone(UTC).isoformat() if since else "",
            until=until.widest_utc(until=True).astimezone(UTC).isoformat() if until else "",
            site=args.site or "",
        )
    # The times are UTC, as shown: a bare date is a UTC day (crawler.cli.dates).
    rows = [dataclasses.asdict(change) for change in found if within(change.at, since, until)]
    if args.json:
        sys.stdout.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        return 0
    if not rows:
        print("no changes", file=sys.stderr)
        return 0
    for row in rows:
        row["at"] = row["at"][:16].replace("T", " ") + " UTC"
    columns = [
        ("id", "ID"),
        ("kind", "KIND"),
        ("at", "WHEN"),
        ("site", "SITE"),
        ("title", "TITLE"),
    ]
    print(render_table(rows, columns, width=width()))
    return 0
