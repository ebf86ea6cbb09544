"""Option values the commands share: whole numbers of at least 1, and `--since`."""

from __future__ import annotations

import argparse
from datetime import datetime

from crawler.cli.errors import CliError


def parse_since(value: str, now: datetime | None = None) -> datetime:
    """crawler.store.freshness.parse_since, with its complaint as a one-line CLI error."""
    from crawler.store.freshness import parse_since as parse

    try:
        return parse(value, now)
    except ValueError as error:
        raise CliError(str(error)) from None


def positive_int(value: str) -> int:
    """An argparse type: a whole number of at least 1, or a usage error naming the value."""
    number = int(value) if value.strip().isdigit() else 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"wants a whole number of at least 1, got {value!r}")
    return number
