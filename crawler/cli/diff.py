"""`defnews diff`: what changed between two versions of an article, word by word."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from crawler.cli.errors import CliError
from crawler.cli.options import add_out, open_catalog, positive_int

# On a terminal: removed words red and struck through, added ones green and underlined.
_COLORS = {"removed": ("\x1b[31;9m", "\x1b[0m"), "added": ("\x1b[32;4m", "\x1b[0m")}
# In a pipe or a file: the markers of `git diff --word-diff=plain`.
_MARKERS = {"removed": ("[-", "-]"), "added": ("{+", "+}")}


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "diff",
        help="what changed between two versions of an article, word by word",
        description="Show the words of title, summary and text that changed between two "
        "versions of an article (the last two by default; for an earlier release's numeric "
        "version ID, that version and the one before), found by its ID or URL: colored "
        "on a terminal, [-removed-]{+added+} in a pipe; --json for programs.",
    )
    parser.add_argument("article", metavar="ID|URL")
    add_out(parser)
    parser.add_argument("--from", dest="old", type=positive_int, help="the older version")
    parser.add_argument("--to", dest="new", type=positive_int, help="the newer version")
    parser.add_argument("--json", action="store_true", help="the changes as JSON")
    parser.set_defaults(run=run)


def _render(diffs: list[Any], color: bool) -> str:
    from crawler.core.follow.diff import SAME

    marks = _COLORS if color else _MARKERS
    out = []
    for diff in diffs:
        if not diff.changed:
            continue
        out.append(f"{diff.name}:")
        shown_gap = False
        for paragraph in diff.paragraphs:
            if all(chunk.kind == SAME for chunk in paragraph):
                if not shown_gap:  # unchanged paragraphs: one "..." for each run of them
                    out.append("  ...")
                    shown_gap = True
                continue
            shown_gap = False
            line = "".join(
                chunk.text
                if chunk.kind == SAME
                else marks[chunk.kind][0] + chunk.text + marks[chunk.kind][1]
                for chunk in paragraph
            )
            out.append("  " + line)
    return "\n".join(out)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from crawler.core.catalog.article_ids import AmbiguousId
    from crawler.core.follow.diff import as_json, compare

    root = Path(args.out)
    with open_catalog(root) as catalog:
        try:
            found = catalog.find(args.article)
        except AmbiguousId as error:
            raise CliError(str(error)) from None
        if found is None:
            raise CliError(f"no article {args.article} in {root}/catalog.sqlite")
        versions = {stored.version: stored for stored in catalog.versions(found.key)}
    latest = max(versions)
    if args.article.isdigit() and not (args.old or args.new) and found.version > 1:
        # A version's numeric ID (as `changes` gave them): the change that made that version.
        args.new = found.version
    new = args.new or latest  # --from N alone: from N to the latest
    old = args.old or new - 1  # --to M alone: M against the one before
    if not args.old and new == 1 and args.new:
        raise CliError(f"article {args.article}: version 1 is the first, nothing before it")
    if len(versions) < 2 and not (args.old or args.new):
        raise CliError(f"article {args.article} has one version only: nothing to compare")
    for number in (new, old):  # the one asked for first
        if number not in versions:
            raise CliError(f"article {args.article} has no version {number} (it has 1 to {latest})")
    if old >= new:
        raise CliError(
            f"--from {old} is not older than --to {new}"
            if args.old and args.new
            else f"article {args.article}: no version before {new} and after {old} to compare"
        )
    before, after = versions[old], versions[new]
    diffs = compare(before.fields, after.fields)
    if args.json:
        record = {
            "id": after.article,
            "key": after.key,
            "url": after.fields.get("url", ""),
            "from": {"version": old, "version_id": before.id, "last_seen": before.last_seen},
            "to": {"version": new, "version_id": after.id, "first_seen": after.first_seen},
            "changes": as_json(diffs),
        }
        print(json.dumps(record, ensure_ascii=False, indent=1))
        return 0
    print(f"{after.article}  {after.fields.get('title', '')}\n{after.fields.get('url', '')}")
    print(f"version {old} (last seen {before.last_seen[:19]}) -> version {new} "
          f"(first seen {after.first_seen[:19]})\n")  # fmt: skip
    body = _render(diffs, color=sys.stdout.isatty())
    print(body or "no change in title, summary or text (something else a reader sees changed)")
    return 0
