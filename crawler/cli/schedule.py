"""`defnews schedule`: show when each site of a schedule file runs, or run them (foreground).

This module parses the options, checks the file and prints; when each site runs is
crawler.core.schedule.plan, and the running (each run a `defnews crawl` child process,
watched, signalled and reaped) crawler.core.schedule.supervisor.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

from crawler.cli.errors import CliError
from crawler.cli.launch import ensure_writable, parse_sets
from crawler.cli.options import parse_since, positive_int
from crawler.core.schedule.plan import (
    Job,
    Schedule,
    ScheduleError,
    load_schedule,
)
from crawler.core.schedule.plan import next_runs as job_next_runs
from crawler.core.schedule.supervisor import Supervisor, crawl_command, stamp


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "schedule",
        help="run crawls on a schedule (TOML file)",
        description="Recurring crawls from a schedule file: `show` prints when each site runs "
        "next, `run` runs them in the foreground.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser(
        "show",
        help="print each site's rule and its next run times (local time)",
        description="Check a schedule file and print, for each site, its rule (every or cron) "
        "and its next run times in local time. Interval sites run at start, then every "
        "interval after the previous run's start; cron sites at the next matching minute.",
    )
    show.add_argument("file", metavar="FILE", help="the schedule file (TOML)")
    show.add_argument(
        "--count", type=positive_int, default=3, metavar="N", help="run times per site (default 3)"
    )
    show.add_argument("--json", action="store_true", help="print the same as JSON")
    show.set_defaults(run=run_show)

    run = actions.add_parser(
        "run",
        help="run the schedule in the foreground until stopped (SIGTERM, Ctrl-C)",
        description="Run each site's crawl when it is due, each as a `defnews crawl` child "
        "whose output is appended to LOG_DIR/SITE.log; one line per run start and end on "
        "stdout. A site never overlaps itself: a run due while the previous one is still going "
        "is skipped. SIGTERM or Ctrl-C stops starting runs, asks the running crawls to finish "
        "(their WARC files are closed properly) and exits 0 when they have.",
    )
    run.add_argument("file", metavar="FILE", help="the schedule file (TOML)")
    run.add_argument(
        "--max-runs",
        type=positive_int,
        metavar="N",
        help="stop after N runs in total have finished (default: run until stopped)",
    )
    run.set_defaults(run=run_run)


def _load(file: str) -> Schedule:
    try:
        schedule = load_schedule(Path(file))
    except ScheduleError as error:
        raise CliError(str(error)) from None
    for job in schedule.jobs:
        _check_crawl_args(schedule, job)
    return schedule


class _BadArgs(Exception):
    pass


class _RaisingParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _BadArgs(message)


def _check_crawl_args(schedule: Schedule, job: Job) -> None:
    """Parse a job's crawl command now, as `defnews crawl` will: a typo in args is one error
    at start-up, not a failed run every hour."""
    from crawler.cli import crawl

    where = f"{schedule.path}: [sites.{job.site}]: args"
    if {"-h", "--help"} & set(job.args):
        raise CliError(f"{where}: --help is no crawl option")
    parser = _RaisingParser(prog="defnews", add_help=False)
    crawl.register(parser.add_subparsers(dest="command"))
    try:
        parsed = parser.parse_args(crawl_command(schedule, job)[3:])
        if "OUTPUT_DIR" in parse_sets(parsed.set):
            raise CliError("set out in the file, not OUTPUT_DIR with --set")
        if parsed.since:
            parse_since(parsed.since)
    except _BadArgs as error:
        raise CliError(f"{where}: {error}") from None
    except CliError as error:
        raise CliError(f"{where}: {error}") from None
    if parsed.sites != [job.site] or parsed.all:
        raise CliError(f"{where}: other sites or --all (each site has its own [sites.NAME] table)")
    if parsed.out != str(schedule.out) or parsed.base_url != job.base_url:
        # argparse takes abbreviations: "--ou" is --out, past the check of the file itself.
        raise CliError(f"{where}: set out and base_url in the file, not in args")


def _local(moment: datetime) -> str:
    return moment.astimezone().isoformat(timespec="seconds")


def run_show(args: argparse.Namespace) -> int:
    schedule = _load(args.file)
    now = datetime.now().astimezone()
    times = {
        job.site: [_local(moment) for moment in job_next_runs(job, now, args.count)]
        for job in schedule.jobs
    }
    if args.json:
        sites: list[dict[str, Any]] = [
            {
                "site": job.site,
                "rule": job.rule,
                "every": job.every_text or None,
                "every_seconds": job.every.total_seconds() if job.every is not None else None,
                "cron": job.cron,
                "base_url": job.base_url,
                "args": list(job.args),
                "log": str(schedule.log_dir / f"{job.site}.log"),
                "next": times[job.site],
            }
            for job in schedule.jobs
        ]
        document = {"file": str(schedule.path), "out": str(schedule.out), "sites": sites}
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return 0
    print(f"{schedule.path}: {len(schedule.jobs)} site(s), output in {schedule.out}/")
    for job in schedule.jobs:
        extra = f", base_url {job.base_url}" if job.base_url else ""
        print(f"{job.site}: {job.rule}{extra}; log {schedule.log_dir / f'{job.site}.log'}")
        for moment in times[job.site]:
            print(f"  {moment}")
    return 0


def _say(message: str) -> None:
    print(f"{stamp()} {message}", flush=True)


def run_run(args: argparse.Namespace) -> int:
    schedule = _load(args.file)
    ensure_writable(schedule.out)
    try:
        schedule.log_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CliError(f"cannot create log folder {schedule.log_dir}: {error.strerror}") from None
    Supervisor(schedule, args.max_runs, _say).run()
    return 0
