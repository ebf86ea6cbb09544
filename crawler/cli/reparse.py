"""`defnews reparse`: re-extract archived articles from the WARCs with today's parsers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from crawler.cli.launch import hold_sites
from crawler.cli.options import add_out, add_site_filter, known_site, open_catalog
from crawler.core.status_line import Progress


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "reparse",
        help="re-extract every archived article from the WARCs with today's parsers",
        description="Parse each article's latest version again, from the very capture it came "
        "from (read from the WARC by offset), with the parsers of this defnews; where the "
        "result differs, the text files, the catalogue row and the search index are updated. "
        "Nothing is fetched.",
    )
    add_out(parser)
    add_site_filter(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from crawler.core.catalog.article_ids import article_id
    from crawler.core.jobs.reparse import reparse

    root = Path(args.out)
    progress = Progress("reparsing")
    with open_catalog(root, write=True) as catalog:
        known_site(catalog, args.site, root)
        sites = [args.site] if args.site else [f["site"] for f in catalog.site_figures()]
        hold_sites(root, sites)  # no crawl may store a new version under our feet
        outcome = reparse(
            root, catalog, site=args.site, progress=lambda done, total: progress.update(done, total)
        )
        # Each failure by the article's ID and version (the core names the version's row).
        names = {
            int(row[0]): f"{article_id(str(row[1]))} version {row[2]}"
            for row in catalog.db.execute(
                "SELECT id, key, version FROM articles WHERE id IN "
                f"({','.join('?' * len(outcome.failed[:20]))})",
                [version_id for version_id, _ in outcome.failed[:20]],
            )
        }
    progress.finish()
    for version_id, why in outcome.failed[:20]:
        print(
            f"defnews: article {names.get(version_id, version_id)} not reparsed: {why}",
            file=sys.stderr,
        )
    if len(outcome.failed) > 20:
        print(f"defnews: and {len(outcome.failed) - 20} more not reparsed", file=sys.stderr)
    same = outcome.articles - outcome.changed - outcome.not_archived - outcome.superseded
    same -= len(outcome.failed)
    extra = [
        f"{count} {what}"
        for count, what in (
            (outcome.repaired, "of them with their missing text files written again"),
            (outcome.not_archived, "not archived (crawled without WARC)"),
            (outcome.superseded, "superseded by a newer version meanwhile"),
        )
        if count
    ]
    print(
        f"reparsed {outcome.articles} article(s): {outcome.changed} changed, {same} the same, "
        f"{len(outcome.failed)} could not be read" + "".join(f"; {e}" for e in extra)
    )
    return 2 if outcome.failed else 0
