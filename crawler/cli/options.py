"""Option values the commands share: whole numbers of at least 1, and `--since`."""

from __future__ import annotations

import argparse
import re
from datetime import UTC, datetime, timedelta

from crawler.cli.errors import CliError

_AGE = re.compile(r"(\d+)\s*([mhdw])")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(value: str, now: datetime | None = None) -> datetime:
    """`--since`: an ISO 8601 date or time, or an age ("36h", "7d", "2w") back from now, as an
    aware datetime; a date or time without an offset is taken as UTC."""
    text = value.strip()
    try:
        if match := _AGE.fullmatch(text.lower()):
            amount, unit = match.groups()
            return (now or datetime.now(UTC)) - timedelta(**{_UNITS[unit]: int(amount)})
        moment = datetime.fromisoformat(text)
    except (ValueError, OverflowError):
        raise CliError(
            f"--since wants a date (2025-05-01), a time (2025-05-01T08:00+07:00) "
            f"or an age (36h, 7d), not {value!r}"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def positive_int(value: str) -> int:
    """An argparse type: a whole number of at least 1, or a usage error naming the value."""
    number = int(value) if value.strip().isdigit() else 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"wants a whole number of at least 1, got {value!r}")
    return number
