"""`defnews list` and `defnews stats`: what the catalogue holds, as tables or JSON lines."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from crawler.cli.dates import parse_bound, within
from crawler.cli.options import (
    add_json_lines,
    add_out,
    add_published_since,
    add_site_filter,
    known_site,
    open_catalog,
    positive_int,
)
from crawler.cli.terminal import width
from crawler.cli.text_table import render_table


def register(commands: Any) -> None:
    listing = commands.add_parser(
        "list",
        help="list the archived articles (latest versions), newest first",
        description="The catalogue's articles, newest first: ID (for `defnews show`), site, "
        "publication time, version and title.",
    )
    _shared_options(listing)
    add_site_filter(listing)
    add_published_since(listing)
    listing.add_argument(
        "--until", metavar="DATE", help="only articles published on or before DATE (its whole day)"
    )
    listing.add_argument("--limit", type=positive_int, help="at most N articles")
    listing.set_defaults(run=run_list)

    stats = commands.add_parser(
        "stats",
        help="per site: articles, versions, date range, runs, WARC bytes",
        description="Per site: articles (and versions), the range of publication dates, "
        "crawl runs and the last one, and the WARC files and bytes its captures are in.",
    )
    _shared_options(stats)
    stats.set_defaults(run=run_stats)


def _shared_options(parser: argparse.ArgumentParser) -> None:
    add_out(parser)
    add_json_lines(parser)


def _emit(
    rows: list[dict[str, Any]], columns: list[tuple[str, str]], as_json: bool, **fit: Any
) -> None:
    if as_json:
        sys.stdout.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    elif rows:
        print(render_table(rows, columns, width=width(), **fit))


def run_list(args: argparse.Namespace) -> int:
    since = parse_bound(args.since, "--since") if args.since else None
    until = parse_bound(args.until, "--until") if args.until else None
    with open_catalog(Path(args.out)) as catalog:
        known_site(catalog, args.site, Path(args.out))
        # A wide query in UTC, then each article's own day (crawler.cli.dates).
        found = [
            stored
            for stored in catalog.articles(
                site=args.site,
                since=since.widest_utc(until=False).isoformat() if since else None,
                until=until.widest_utc(until=True).isoformat() if until else None,
            )
            if within(str(stored.fields.get("published", "")), since, until)
        ]
    found.reverse()  # newest first
    rows = [
        {
            "id": a.article,
            "site": a.site,
            "published": str(a.fields.get("published", "")),
            "version": a.version,
            "version_id": a.id,
            "title": a.fields.get("title", ""),
            "url": a.fields.get("url", ""),
        }
        for a in found[: args.limit]
    ]
    columns = [("id", "ID"), ("site", "SITE"), ("published", "PUBLISHED"), ("version", "V")]
    if not args.json:
        for row in rows:
            # The site's own time, as its page gives it (the zone --since/--until read).
            row["published"] = str(row["published"])[:16].replace("T", " ")
    _emit(rows, [*columns, ("title", "TITLE")], args.json)
    if not rows and not args.json:
        print("no articles match", file=sys.stderr)
    return 0


def run_stats(args: argparse.Namespace) -> int:
    root = Path(args.out)
    with open_catalog(root) as catalog:
        figures = catalog.site_figures()
    for row in figures:
        # The files its captures are in, and every file named for it (a run of 304s and
        # revisits only is in none of the catalogue's rows, but it is on disk all the same).
        named = {
            p.relative_to(root).as_posix() for p in (root / "warc").glob(f"{row['site']}-*.warc.gz")
        }
        files = [root / name for name in sorted(named | set(row.pop("warc_files", [])))]
        row["warc_files"] = sum(path.is_file() for path in files)
        row["warc_bytes"] = sum(path.stat().st_size for path in files if path.is_file())
        row["warc_mb"] = f"{row['warc_bytes'] / 1e6:.1f}"
        row["range"] = " … ".join(
            filter(None, (str(row.get(k, ""))[:10] for k in ("first_published", "last_published")))
        )
        row["last_run"] = str(row.get("last_run", ""))[:19].replace("T", " ")
    columns = [
        ("site", "SITE"),
        ("articles", "ARTICLES"),
        ("versions", "VERSIONS"),
        ("range", "PUBLISHED"),
        ("runs", "RUNS"),
        ("last_run", "LAST RUN (UTC)"),
        ("warc_files", "WARC FILES"),
        ("warc_mb", "WARC MB"),
    ]
    # Nothing to shorten (dates, numbers): on a narrow terminal the least read columns go.
    _emit(figures, columns, args.json, flexible=(), optional=("versions", "warc_files"))
    return 0
