"""`defnews reparse`: re-extract archived articles from the WARCs with today's parsers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from crawler.cli.options import open_catalog
from crawler.progress import Progress


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "reparse",
        help="re-extract every archived article from the WARCs with today's parsers",
        description="Parse each article's latest version again, from the very capture it came "
        "from (read from the WARC by offset), with the parsers of this defnews; where the "
        "result differs, the text files, the catalogue row and the search index are updated. "
        "Nothing is fetched.",
    )
    parser.add_argument("--out", default="output", help="output folder (default: output/)")
    parser.add_argument("--site", help="only this site's articles")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from crawler.store.reparse import reparse

    root = Path(args.out)
    progress = Progress("reparsing")
    with open_catalog(root) as catalog:
        outcome = reparse(
            root, catalog, site=args.site, progress=lambda done, total: progress.update(done, total)
        )
    progress.finish()
    for article_id, why in outcome.failed[:20]:
        print(f"defnews: article {article_id} not reparsed: {why}", file=sys.stderr)
    print(
        f"reparsed {outcome.articles} article(s): {outcome.changed} changed, "
        f"{outcome.articles - outcome.changed - len(outcome.failed)} the same, "
        f"{len(outcome.failed)} could not be read"
    )
    return 2 if outcome.failed else 0
