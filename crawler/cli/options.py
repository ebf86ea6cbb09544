"""What the commands share: the options several of them take (declared once here, so each
has one spelling, default and help text), whole numbers of at least 1, `--since`, the
catalogue to read."""

from __future__ import annotations

import argparse
import os
import signal
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from crawler.cli.errors import CliError

if TYPE_CHECKING:
    from crawler.core.catalog.catalog import Catalog


DEFAULT_OUT = "output"


def add_out(parser: argparse.ArgumentParser) -> None:
    """--out: the output folder every command reads or writes; DEFNEWS_OUT sets the default,
    for people who keep one archive and type no --out."""
    default = os.environ.get("DEFNEWS_OUT") or DEFAULT_OUT
    parser.add_argument(
        "--out", default=default, help=f"output folder (default: $DEFNEWS_OUT, else {DEFAULT_OUT}/)"
    )


def known_site(catalog: Catalog, site: str | None, root: Path) -> None:
    """A --site that names nothing is a mistake to say, not a reason for empty results: it
    must be an outlet defnews knows or one the catalogue holds (a generic crawl's host)."""
    from crawler.core.sites import REGISTRY

    if not site or site in REGISTRY:
        return
    for table in ("articles", "runs"):
        if catalog.db.execute(f"SELECT 1 FROM {table} WHERE site = ? LIMIT 1", (site,)).fetchone():
            return
    raise CliError(
        f"unknown site {site!r}: no outlet of that key (see `defnews sites`) and none in "
        f"{root}/catalog.sqlite"
    )


def add_site_filter(parser: argparse.ArgumentParser) -> None:
    """--site: one site's articles only."""
    parser.add_argument("--site", help="only this site's articles")


def add_published_since(parser: argparse.ArgumentParser) -> None:
    """--since: articles by publication date (read it with crawler.cli.dates.parse_bound)."""
    parser.add_argument(
        "--since",
        metavar="DATE",
        help="only articles published on or after DATE, a day as the site dates it "
        "(or a time with its offset, or an age: 7d)",
    )


def add_json_lines(parser: argparse.ArgumentParser, *, instead_of: str = "a table") -> None:
    """--json: JSON lines (one object per row or hit) instead of the usual output."""
    parser.add_argument("--json", action="store_true", help=f"JSON lines instead of {instead_of}")


def parse_since(value: str, now: datetime | None = None, option: str = "--since") -> datetime:
    """crawler.core.catalog.freshness.parse_since, with its complaint as a one-line CLI error."""
    from crawler.core.catalog.freshness import parse_since as parse

    try:
        return parse(value, now)
    except ValueError as error:
        raise CliError(str(error).replace("--since", option, 1)) from None


def open_catalog(root: Path, *, write: bool = False) -> Catalog:
    """The catalogue of an output folder. For reading (the default) it is opened read-only,
    so a mounted backup or a read-only copy can be read; only a catalogue that needs work
    first (made by an older defnews, or none yet beside article files: adopted) is opened for
    writing, when the folder allows it. write=True: for a command that changes it. A one-line
    error when there is none."""
    from crawler.core.catalog.catalog import Catalog, CatalogError

    path = root / "catalog.sqlite"
    try:
        if not write and path.is_file():
            catalog = Catalog(path, read_only=True)
            if catalog.current() or not _writable(root):
                return catalog
            catalog.close()
        return Catalog(path, create=(root / "articles").is_dir())
    except CatalogError as error:
        raise CliError(f"{error} (nothing crawled into {root}/ yet?)") from None


def _writable(root: Path) -> bool:
    """May this process change files in root? (A read-only mount says no even to root.)"""
    catalog = root / "catalog.sqlite"
    return os.access(root, os.W_OK) and (not catalog.exists() or os.access(catalog, os.W_OK))


def positive_int(value: str) -> int:
    """An argparse type: a whole number of at least 1, or a usage error naming the value."""
    digits = value.strip()
    number = int(digits) if digits.isascii() and digits.isdigit() else 0
    if not 1 <= number < 2**63:  # SQLite's integers end there
        raise argparse.ArgumentTypeError(f"wants a whole number of at least 1, got {value!r}")
    return number


def port_number(value: str) -> int:
    """An argparse type: a TCP port, 1 to 65535."""
    digits = value.strip()
    number = int(digits) if digits.isascii() and digits.isdigit() else 0
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"wants a port number from 1 to 65535, got {value!r}")
    return number


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def stop_on_signals() -> None:
    """SIGTERM (a service manager, `kill`) and SIGHUP (the terminal closing) stop a server
    as Ctrl-C does, so it takes its children down with it."""
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, _interrupt)
