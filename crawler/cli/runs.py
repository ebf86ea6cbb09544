"""`defnews runs`: the run history from the catalogue, as a table, one run in full, or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from crawler.cli.errors import CliError
from crawler.cli.options import add_json_lines, add_out, known_site, open_catalog, positive_int
from crawler.cli.terminal import width
from crawler.cli.text_table import render_table
from crawler.core.discovery.coverage import from_dicts

COLUMNS = (
    ("id", "ID"),
    ("site", "SITE"),
    ("started", "STARTED (UTC)"),
    ("duration", "TIME"),
    ("status", "STATUS"),
    ("pages", "PAGES"),
    ("article_pages", "ART.PAGES"),
    ("new", "NEW"),
    ("changed", "CHANGED"),
    ("unchanged", "SAME"),
    ("skipped", "SKIPPED"),
    ("not_modified", "304"),
    ("errors", "ERRORS"),
    ("exit", "EXIT"),
)


# Shown as their own lines after the run's fields.
_LISTS = ("failures", "coverage", "discovery_drift", "limits")


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "runs",
        help="list past crawl runs with their counts and errors",
        description="The run history kept in the catalogue, newest first: status (finished, "
        "partial, interrupted, failed, killed, running), pages fetched, article pages fetched, "
        "new/changed/unchanged articles, archived articles skipped, 304 answers, errors. "
        "With a run ID: that run in full: each discovery source (what it answered, how "
        "many entries it listed: new, elsewhere (taken up through another source), archived, "
        "older than --since, refused by robots.txt, dropped by a limit), discovery drift, "
        "limits hit and the failures from its run report.",
    )
    parser.add_argument("run_id", nargs="?", type=int, metavar="ID", help="show this run in full")
    add_out(parser)
    parser.add_argument("--site", help="only this site's runs")
    parser.add_argument(
        "--limit", type=positive_int, default=20, help="at most N runs (default 20)"
    )
    add_json_lines(parser)
    parser.set_defaults(run=run)


def _row(run: Any) -> dict[str, Any]:
    duration = ""
    if run.finished:
        seconds = (
            datetime.fromisoformat(run.finished) - datetime.fromisoformat(run.started)
        ).total_seconds()
        duration = f"{seconds:.1f}s" if seconds < 120 else f"{seconds / 60:.1f}m"
    return {
        "id": run.id,
        "site": run.site,
        "started": run.started,
        "finished": run.finished,
        "duration": duration,
        "status": run.status,
        "reason": run.reason,
        "exit": run.exit,
        "pid": run.pid,
        "options": run.options,
        **run.counts,
        "report": run.report,
    }


def _table(rows: list[dict[str, Any]]) -> str:
    shown = [{**row, "started": str(row["started"])[:19].replace("T", " ")} for row in rows]
    # Nothing in a run's row reads cut (numbers, a time, a status): on a narrow terminal the
    # columns `runs ID` and --json still give are left out instead, the least read first.
    return render_table(
        shown,
        COLUMNS,
        width=width(),
        flexible=(),
        optional=("duration", "unchanged", "article_pages", "skipped", "not_modified", "exit"),
    )


def _report(report: str) -> dict[str, Any]:
    try:
        document = json.loads(Path(report).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return document if isinstance(document, dict) else {}


def run(args: argparse.Namespace) -> int:
    root = Path(args.out)
    with open_catalog(root) as catalog:
        if args.run_id is not None:
            found = [run for run in catalog.run_log.list() if run.id == args.run_id]
            if not found:
                raise CliError(f"no run {args.run_id} in {root}/catalog.sqlite")
            rows = [_row(found[0])]
            # The coverage is in the catalogue; a run report carries it too (older catalogues).
            rows[0]["coverage"] = catalog.run_log.sources(args.run_id)
        else:
            known_site(catalog, args.site, root)
            rows = [_row(run) for run in catalog.run_log.list(site=args.site, limit=args.limit)]
    if args.run_id is not None:
        document = _report(rows[0]["report"]) if rows[0]["report"] else {}
        rows[0]["failures"] = list(document.get("failures", []))
        rows[0]["coverage"] = rows[0]["coverage"] or list(document.get("coverage", []))
        rows[0]["discovery_drift"] = list(document.get("discovery_drift", []))
        rows[0]["limits"] = list(document.get("limits", []))
        # Copies of archived articles (the same words under another URL): in the report only.
        rows[0]["duplicates"] = int(document.get("duplicates", 0) or 0)
    if args.json:
        sys.stdout.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    elif args.run_id is not None:
        shown = rows[0]
        for name, value in shown.items():
            if name not in _LISTS:
                print(f"{name:14} {value}")
        if shown["coverage"]:
            print("sources:")
        for source in from_dicts(shown["coverage"]):
            print(f"  {source.describe()}")
        for alarm in shown["discovery_drift"]:
            print(f"  discovery drift: {alarm.get('message')}")
        for limit in shown["limits"]:
            print(f"  limit: {limit}")
        for failure in shown["failures"]:
            print(f"  failed: {failure.get('url')} ({failure.get('reason')})")
    elif rows:
        print(_table(rows))
    else:
        print(f"no runs recorded in {root}/ yet", file=sys.stderr)
    return 0
