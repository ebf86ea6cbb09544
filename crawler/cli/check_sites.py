"""`defnews check-sites`: fetch one recent article per outlet live and say, field by field,
whether its parser still finds its own selectors (for people with internet; never in CI).
With --save-fixture, the page fetched is kept as a fixture with its provenance."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
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
    parser.add_argument(
        "--save-fixture",
        action="store_true",
        help="keep each page fetched as a fixture of its outlet, with its provenance (URL, "
        "fetch time, HTTP status, content type); write its expected JSON with "
        "scripts/make_fixture.py",
    )
    parser.add_argument(
        "--fixtures",
        type=Path,
        metavar="DIR",
        help="with --save-fixture: the fixture root to write to, DIR/<site>/ (default: the "
        "package's crawler/core/sites/fixtures)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from crawler.core.sites import REGISTRY, UnknownSite, get_site
    from crawler.core.sites.check import CheckError, check_site
    from crawler.core.sites.fixture_files import FIXTURE_ROOT

    try:
        sites = [get_site(key) for key in args.sites or sorted(REGISTRY)]
    except UnknownSite as error:
        raise CliError(str(error)) from None
    if args.fixtures is not None and not args.save_fixture:
        raise CliError("--fixtures names where --save-fixture writes: give both")
    save_to = (args.fixtures or FIXTURE_ROOT) if args.save_fixture else None
    status, failures = 0, []
    for site in sites:
        try:
            check = check_site(site, base_url=args.base_url, timeout=args.timeout, save_to=save_to)
        except CheckError as error:
            failures.append(str(error))
            continue
        except OSError as error:  # the fixture folder cannot be written
            raise CliError(f"cannot save the fixture: {error}") from None
        if check.drifted:
            status = 3
        if args.json:
            record = {"site": check.site, "url": check.url, "parser": check.parser}
            saved = {"saved": str(check.saved)} if check.saved else {}
            print(json.dumps({**record, "fields": check.sources, **saved}, ensure_ascii=False))
            continue
        verdict = "drift in " + ", ".join(check.drifted) if check.drifted else "all selectors found"
        print(f"{check.site}: {verdict}\n  {check.url} ({check.parser})")
        for name, source in check.sources.items():
            print(f"  {name:10} {source}")
        if check.saved:
            print(
                f"  saved {check.saved}; its expected JSON: python scripts/make_fixture.py "
                f"{check.saved} {check.article.url if check.article else check.url}"
            )
    for failure in failures:
        print(f"defnews: error: {failure}", file=sys.stderr)
    return 2 if failures else status
