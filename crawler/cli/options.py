"""What the commands share: whole numbers of at least 1, `--since`, the catalogue to read."""

from __future__ import annotations

import argparse
import signal
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from crawler.cli.errors import CliError

if TYPE_CHECKING:
    from crawler.store.catalog import Catalog


def parse_since(value: str, now: datetime | None = None, option: str = "--since") -> datetime:
    """crawler.store.freshness.parse_since, with its complaint as a one-line CLI error."""
    from crawler.store.freshness import parse_since as parse

    try:
        return parse(value, now)
    except ValueError as error:
        raise CliError(str(error).replace("--since", option, 1)) from None


def open_catalog(root: Path) -> Catalog:
    """The catalogue of an output folder for reading; created (adopting the article files)
    when the folder has articles but no catalogue, a one-line error when it has neither."""
    from crawler.store.catalog import Catalog, CatalogError

    try:
        return Catalog(root / "catalog.sqlite", create=(root / "articles").is_dir())
    except CatalogError as error:
        raise CliError(f"{error} (nothing crawled into {root}/ yet?)") from None


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
