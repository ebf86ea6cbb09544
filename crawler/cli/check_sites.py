"""`defnews check-sites`: fetch one recent article per outlet live and say, field by field,
whether its parser still finds its own selectors (for people with internet; never in CI)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from crawler.cli.errors import CliError


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "check-sites",
        help="fetch one recent article per outlet and check its parser, field by field",
        description="For each outlet (default: all), find its newest article in its feeds or "
        "sitemaps, fetch it (robots.txt obeyed, nothing archived) and show where each field "
        "came from: the site's own selector, a fallback, or nowhere. Exit status 3 when a "
        "parser fell back anywhere, 2 when an outlet could not be checked.",
    )
    parser.add_argument("sites", nargs="*", metavar="SITE", help="site keys (default: all)")
    parser.add_argument("--base-url", help="check a mirror (or the demo site) instead")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request (30)")
    parser.add_argument("--json", action="store_true", help="JSON lines instead of text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from crawler.core.sites import REGISTRY, UnknownSite, get_site
    from crawler.core.sites.check import CheckError, check_site

    try:
        sites = [get_site(key) for key in args.sites or sorted(REGISTRY)]
    except UnknownSite as error:
        raise CliError(str(error)) from None
    status, failures = 0, []
    for site in sites:
        try:
            check = check_site(site, base_url=args.base_url, timeout=args.timeout)
        except CheckError as error:
            failures.append(str(error))
            continue
        if check.drifted:
            status = 3
        if args.json:
            record = {"site": check.site, "url": check.url, "parser": check.parser}
            print(json.dumps({**record, "fields": check.sources}, ensure_ascii=False))
            continue
        verdict = "drift in " + ", ".join(check.drifted) if check.drifted else "all selectors found"
        print(f"{check.site}: {verdict}\n  {check.url} ({check.parser})")
        for name, source in check.sources.items():
            print(f"  {name:10} {source}")
    for failure in failures:
        print(f"defnews: error: {failure}", file=sys.stderr)
    return 2 if failures else status
