"""`defnews search`: full-text search of the catalogue, with or without diacritics."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from datetime import date
from pathlib import Path
from typing import Any

from crawler.cli.errors import CliError
from crawler.cli.options import (
    add_json_lines,
    add_out,
    add_site_filter,
    known_site,
    open_catalog,
    positive_int,
)
from crawler.cli.terminal import BOLD, clip, marked, show_marks, width, wrap


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "search",
        help="full-text search over title, summary, text, authors and tags",
        description="Ranked full-text search (SQLite FTS5) over the latest version of every "
        "article. Diacritics do not matter: 'le huy vinh' finds 'Lê Huy Vịnh', 'dong' finds "
        "'đồng'. Every word must occur; \"quoted words\" must stand together in that order; a "
        "trailing * matches a prefix (quan*). Each hit: its "
        "ID (for `show` and `diff`), date and title, a snippet (the words found in bold on a "
        "terminal, unmarked in a pipe; **like this** in --json) and its URL.",
    )
    parser.add_argument("query", nargs="+", metavar="WORD")
    add_out(parser)
    add_site_filter(parser)
    for name, what in (("--since", "on or after DAY"), ("--until", "on or before DAY")):
        parser.add_argument(
            name, type=_day, metavar="DAY", help=f"only articles the site dated {what}"
        )
    parser.add_argument("--section", help="only articles in this section (any level)")
    parser.add_argument("--author", help="only articles by an author with these words, in order")
    parser.add_argument("--limit", type=positive_int, default=20, help="at most N hits (20)")
    add_json_lines(parser, instead_of="text")
    parser.set_defaults(run=run)


def _day(text: str) -> date:
    """A publication day, as the site dates it (search's filters are days, not moments)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day: {text!r} (use YYYY-MM-DD)") from None


def run(args: argparse.Namespace) -> int:
    from crawler.core.catalog.article_ids import article_id
    from crawler.core.catalog.search import search

    query = " ".join(args.query)
    columns = width()
    # Bold hits for a person; none in a pipe (plain text for grep); JSON keeps its ** marks.
    mark = ("**", "**") if args.json else marked(BOLD if columns else None)
    with open_catalog(Path(args.out)) as catalog:
        known_site(catalog, args.site, Path(args.out))
        try:
            hits = search(
                catalog.db,
                query,
                site=args.site,
                limit=args.limit,
                mark=mark,
                since=args.since,
                until=args.until,
                section=args.section,
                author=args.author,
            )
        except ValueError as error:
            raise CliError(str(error)) from None
        versions = _versions(catalog.db, [hit.article_id for hit in hits])
    if args.json:
        sys.stdout.writelines(
            json.dumps(
                {
                    "id": article_id(hit.key),
                    "version": versions.get(hit.article_id),
                    "version_id": hit.article_id,
                    "site": hit.site,
                    "published": hit.published,
                    "title": hit.title,
                    "url": hit.url,
                    "snippet": hit.snippet,
                    "score": round(hit.score, 3),
                },
                ensure_ascii=False,
            )
            + "\n"
            for hit in hits
        )
        return 0
    indent = " " * 4
    for hit in hits:
        head = f"{article_id(hit.key)}  {hit.published[:10]}  {hit.title}"
        print(clip(head, columns) if columns else head)
        snippet = [indent + hit.snippet] if columns is None else wrap(hit.snippet, columns, indent)
        print("\n".join(show_marks(line, BOLD if columns else None) for line in snippet))
        print(f"{indent}{hit.url}\n")  # whole even on a terminal: a cut address opens nothing
    print(f"{len(hits)} hit(s) for {query!r} (at most {args.limit})", file=sys.stderr)
    return 0


def _versions(db: sqlite3.Connection, version_ids: list[int]) -> dict[int, int]:
    """Each hit's version number, by its version's row ID."""
    marks = ",".join("?" * len(version_ids))
    rows = db.execute(f"SELECT id, version FROM articles WHERE id IN ({marks})", version_ids)
    return {int(row[0]): int(row[1]) for row in rows}
