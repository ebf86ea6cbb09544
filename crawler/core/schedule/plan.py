"""Recurring crawls: the schedule file (TOML) and when each site runs next.

Pure logic: no Scrapy, no processes. crawler.core.schedule.supervisor runs it for
`defnews schedule run` (crawler/cli/schedule.py).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cronsim import CronSim, CronSimError

from crawler.core.sites import UnknownSite, get_site

FILE_KEYS = ("log_dir", "out", "sites")
SITE_KEYS = ("args", "base_url", "cron", "every")
# Set by the scheduler itself; a second value in args would silently win over it.
RESERVED_ARGS = ("--out", "--base-url")

_UNITS = {"d": 86400.0, "h": 3600.0, "m": 60.0, "s": 1.0}
MAX_INTERVAL = timedelta(days=366)
_PART = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([dhms])")


class ScheduleError(ValueError):
    """A mistake in the schedule file, as one line naming the file (and the site)."""


@dataclass(frozen=True)
class Job:
    site: str
    every: timedelta | None  # exactly one of every and cron is set
    cron: str | None
    args: tuple[str, ...] = ()
    base_url: str | None = None
    every_text: str = ""  # the interval as written, for display

    @property
    def rule(self) -> str:
        return f"every {self.every_text}" if self.every is not None else f"cron {self.cron}"


@dataclass(frozen=True)
class Schedule:
    path: Path
    out: Path
    log_dir: Path
    jobs: tuple[Job, ...]


def parse_interval(text: str) -> timedelta:
    """An interval such as 45s, 15m, 1h30m or 1d: units largest first, each at most once."""
    position, seen, seconds = 0, "", 0.0
    for match in _PART.finditer(text):
        unit = match[2]
        if match.start() != position or (seen and "dhms".index(unit) <= "dhms".index(seen[-1])):
            break
        seconds += float(match[1]) * _UNITS[unit]
        seen += unit
        position = match.end()
    if not seen or text[position:].strip():
        raise ValueError(f'bad interval {text!r} (want e.g. "45s", "15m", "1h30m", "1d")')
    if seconds < 1:
        raise ValueError(f"interval {text!r} is under 1 s")
    if seconds > MAX_INTERVAL.total_seconds():  # and timedelta arithmetic stays in range
        raise ValueError(f"interval {text!r} is over a year (use a cron expression)")
    return timedelta(seconds=seconds)


def check_cron(expression: str) -> None:
    if len(expression.split()) != 5:
        raise ValueError(
            f"bad cron expression {expression!r}: want 5 fields (minute hour day month weekday)"
        )
    try:
        matches = CronSim(expression, datetime(2000, 1, 1))
    except CronSimError as error:
        raise ValueError(f"bad cron expression {expression!r}: {error}") from None
    if next(matches, None) is None:
        raise ValueError(f"cron expression {expression!r} never matches")


def cron_times(expression: str, after: datetime, tz: tzinfo | None = None) -> Iterator[datetime]:
    """The minutes matching expression strictly after `after` (aware), in the wall time of tz.

    tz None is the machine's local time, as crontab uses; times come back aware."""
    wall = after.astimezone(tz).replace(tzinfo=None)
    for match in CronSim(expression, wall):
        # Attaching the zone after matching keeps "at 02:30" at 02:30 on both sides of a DST
        # change; a naive time's astimezone() reads it as the machine's local time.
        yield match.replace(tzinfo=tz) if tz is not None else match.astimezone()


def next_after(job: Job, now: datetime, tz: tzinfo | None = None) -> datetime:
    """When a job is due again, counting from `now` (a run's start, or a skipped due time)."""
    if job.every is not None:
        return now + job.every
    assert job.cron is not None
    return next(cron_times(job.cron, now, tz))


def first_run(job: Job, now: datetime, tz: tzinfo | None = None) -> datetime:
    """An interval job runs as soon as the scheduler starts; a cron job at its next minute."""
    if job.every is not None:
        return now
    return next_after(job, now, tz)


def next_runs(job: Job, now: datetime, count: int, tz: tzinfo | None = None) -> list[datetime]:
    """The next `count` run times of a job, if every run ends before the next is due."""
    if job.every is not None:
        return [now + job.every * index for index in range(count)]
    assert job.cron is not None
    return list(islice(cron_times(job.cron, now, tz), count))


def load_schedule(path: Path) -> Schedule:
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as error:
        raise ScheduleError(
            f"cannot read schedule file {path}: {error.strerror or error}"
        ) from None
    except UnicodeDecodeError as error:
        raise ScheduleError(f"{path}: not UTF-8 text ({error.reason})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ScheduleError(f"{path}: not valid TOML: {error}") from None
    return parse_schedule(data, path)


def parse_schedule(data: dict[str, Any], path: Path) -> Schedule:
    """A schedule from a parsed TOML document; relative paths are relative to path's folder."""
    where = str(path)
    _check_keys(data, FILE_KEYS, where)
    out = path.parent / _string(data, "out", where, "output")
    log_dir_text = _string(data, "log_dir", where, "")
    log_dir = path.parent / log_dir_text if log_dir_text else out / "logs"
    sites = data.get("sites")
    if not isinstance(sites, dict) or not sites:
        raise ScheduleError(f"{where}: no sites to crawl (add a [sites.NAME] table)")
    jobs = []
    for key, table in sites.items():
        site_where = f"{where}: [sites.{key}]"
        if not isinstance(table, dict):
            raise ScheduleError(f"{site_where}: must be a table, with every or cron")
        try:
            get_site(key)
        except UnknownSite as error:
            raise ScheduleError(f"{site_where}: {error}") from None
        jobs.append(_job(key, table, site_where))
    return Schedule(path, out, log_dir, tuple(jobs))


def _job(key: str, table: dict[str, Any], where: str) -> Job:
    _check_keys(table, SITE_KEYS, where)
    if ("every" in table) == ("cron" in table):
        raise ScheduleError(f"{where}: set exactly one of every and cron")
    every_text = _string(table, "every", where, "")
    cron = _string(table, "cron", where, "") or None
    try:
        every = parse_interval(every_text) if cron is None else None
        if cron is not None:
            check_cron(cron)
    except ValueError as error:
        raise ScheduleError(f"{where}: {error}") from None
    args = table.get("args", [])
    if not isinstance(args, list) or not all(isinstance(arg, str) for arg in args):
        raise ScheduleError(
            f'{where}: args must be a list of strings, e.g. ["--max-articles", "200"]'
        )
    for arg in args:
        option = arg.split("=", 1)[0]
        if option in RESERVED_ARGS:
            name = option.removeprefix("--").replace("-", "_")
            raise ScheduleError(f"{where}: args: set {name} in the file, not {option} in args")
    base_url = _string(table, "base_url", where, "") or None
    if base_url is not None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ScheduleError(f"{where}: base_url is not an http(s) URL: {base_url!r}")
    return Job(key, every, cron, tuple(args), base_url, every_text)


def _check_keys(table: dict[str, Any], known: tuple[str, ...], where: str) -> None:
    for key in table:
        if key not in known:
            raise ScheduleError(f"{where}: unknown key {key!r} (known: {', '.join(known)})")


def _string(table: dict[str, Any], key: str, where: str, default: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or (key in table and not value.strip()):
        raise ScheduleError(f"{where}: {key} must be a non-empty string, got {value!r}")
    return value
