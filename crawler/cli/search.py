"""`defnews search`: full-text search of the catalogue, with or without diacritics."""

from __future__ import annotations

import argparse
import json
import sys
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


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "search",
        help="full-text search over title, summary, text, authors and tags",
        description="Ranked full-text search (SQLite FTS5) over the latest version of every "
        "article. Diacritics do not matter: 'le huy vinh' finds 'Lê Huy Vịnh', 'dong' finds "
        "'đồng'. Every word must occur; a trailing * matches a prefix (quan*). Hits are "
        "marked **like this** in the snippets.",
    )
    parser.add_argument("query", nargs="+", metavar="WORD")
    add_out(parser)
    add_site_filter(parser)
    parser.add_argument("--limit", type=positive_int, default=20, help="at most N hits (20)")
    add_json_lines(parser, instead_of="text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from crawler.core.catalog.search import search

    query = " ".join(args.query)
    with open_catalog(Path(args.out)) as catalog:
        known_site(catalog, args.site, Path(args.out))
        try:
            hits = search(catalog.db, query, site=args.site, limit=args.limit)
        except ValueError as error:
            raise CliError(str(error)) from None
    if args.json:
        sys.stdout.writelines(
            json.dumps(
                {
                    "id": hit.article_id,
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
    for hit in hits:
        print(f"{hit.article_id:>5}  {hit.published[:10]}  {hit.title}")
        print(f"       {hit.snippet}")
        print(f"       {hit.url}\n")
    print(f"{len(hits)} hit(s) for {query!r} (at most {args.limit})", file=sys.stderr)
    return 0
