"""`defnews schedule`: show when each site of a schedule file runs, or run them (foreground).

Each run is a `defnews crawl` child process, so a crawl that fails or crashes is one failed
run, not a dead scheduler (and Twisted's reactor, which runs once per process, stays fresh).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import select
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

from crawler.cli.errors import CliError
from crawler.cli.launch import ensure_writable, parse_sets
from crawler.cli.options import parse_since, positive_int
from crawler.core.schedule.plan import (
    Job,
    Schedule,
    ScheduleError,
    first_run,
    load_schedule,
    next_after,
)
from crawler.core.schedule.plan import next_runs as job_next_runs

# Due times are wall-clock times: a clock change while waiting is noticed within this bound.
MAX_WAIT = 60.0


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


def crawl_command(schedule: Schedule, job: Job) -> list[str]:
    base = ["--base-url", job.base_url] if job.base_url else []
    command = [sys.executable, "-m", "crawler", "crawl", job.site, "--out", str(schedule.out)]
    return [*command, *base, *job.args]


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


def _stamp(moment: datetime | None = None) -> str:
    return (moment or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _say(message: str) -> None:
    print(f"{_stamp()} {message}", flush=True)


def _signal_name(number: int) -> str:
    return signal.Signals(number).name


@dataclass
class _Run:
    job: Job
    process: subprocess.Popen[bytes]
    log: Path
    started: float  # time.monotonic()
    asked_to_stop: bool = False


@dataclass
class _Scheduler:
    schedule: Schedule
    max_runs: int | None
    running: dict[str, _Run] = field(default_factory=dict)
    due: dict[str, datetime] = field(default_factory=dict)
    started: int = 0
    finished: int = 0
    stop_signal: int = 0  # the first SIGTERM/SIGINT received, 0 until then
    signals: int = 0

    def on_stop_signal(self, number: int, frame: object) -> None:
        # Only a flag: the loop acts on it, woken by the byte signal.set_wakeup_fd writes.
        self.signals += 1
        self.stop_signal = self.stop_signal or number

    def start(self, job: Job) -> None:
        log = self.schedule.log_dir / f"{job.site}.log"
        command = crawl_command(self.schedule, job)
        try:
            log_file = log.open("ab")
        except OSError as error:
            # Like a failed crawl, this does not end the schedule: the disk may have room later.
            _say(f"cannot start {job.site}: cannot write {log}: {error.strerror or error}")
            return
        with log_file:
            log_file.write(f"\n=== {_stamp()} scheduled run: {shlex.join(command)}\n".encode())
            log_file.flush()
            try:
                process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=log_file,
                    stderr=subprocess.STDOUT,
                    # Its own process group: Ctrl-C in a terminal reaches only the scheduler,
                    # which then sends one SIGTERM; a second would make Scrapy stop uncleanly.
                    process_group=0,
                )
            except OSError as error:
                _say(f"cannot start {job.site}: {error.strerror or error}")
                return
        self.running[job.site] = _Run(job, process, log, time.monotonic())
        self.started += 1
        _say(f"start {job.site} pid {process.pid} (log {log})")

    def reap(self) -> None:
        for site, run in list(self.running.items()):
            status = run.process.poll()
            if status is None:
                continue
            del self.running[site]
            self.finished += 1
            elapsed = time.monotonic() - run.started
            outcome = f"exit {status}" if status >= 0 else f"killed by {_signal_name(-status)}"
            with contextlib.suppress(OSError), run.log.open("ab") as log:
                log.write(f"=== {_stamp()} {outcome} after {elapsed:.1f} s\n".encode())
            if status == 0:
                note = ""
            elif run.asked_to_stop:
                note = ", stopped on request"
            else:
                note = ", FAILED"
            _say(
                f"end {site} pid {run.process.pid} {outcome} after {elapsed:.1f} s{note} "
                f"(log {run.log})"
            )

    def start_due(self) -> None:
        now = datetime.now(UTC)
        for job in self.schedule.jobs:
            if self.due[job.site] > now:
                continue
            if self.max_runs is not None and self.started >= self.max_runs:
                return
            if job.site in self.running:
                self.due[job.site] = next_after(job, now)
                pid = self.running[job.site].process.pid
                _say(
                    f"skip {job.site}: its run (pid {pid}) is still going; "
                    f"next at {_stamp(self.due[job.site])}"
                )
                continue
            self.start(job)
            self.due[job.site] = next_after(job, now)

    def wait_seconds(self) -> float:
        if self.max_runs is not None and self.started >= self.max_runs:
            return MAX_WAIT  # only waiting for runs to end: SIGCHLD wakes us
        soonest = min(self.due.values())
        return max(0.0, min(MAX_WAIT, (soonest - datetime.now(UTC)).total_seconds()))

    def done(self) -> bool:
        return self.max_runs is not None and self.finished >= self.max_runs

    def stop_running(self, wake: socket.socket) -> None:
        """SIGTERM once to each running crawl, then wait for all of them to end."""
        told = self.signals
        for run in self.running.values():
            run.asked_to_stop = True
            run.process.send_signal(signal.SIGTERM)
        # A crawl may have ended in the same wake-up as the stop signal: its SIGCHLD is spent.
        self.reap()
        while self.running:
            _sleep(wake, MAX_WAIT)
            if self.signals > told:
                # Asked again while waiting: pass it on; Scrapy then stops without finishing
                # (the next crawl repairs any WARC file it left open).
                told = self.signals
                for run in self.running.values():
                    run.process.send_signal(signal.SIGTERM)
            self.reap()


def _sleep(wake: socket.socket, timeout: float) -> None:
    """Wait until timeout or any signal (SIGCHLD, SIGTERM, SIGINT), whichever comes first."""
    readable, _, _ = select.select([wake], [], [], timeout)
    if readable:
        with contextlib.suppress(BlockingIOError):
            while wake.recv(4096):
                pass  # several signals may have arrived: read all their bytes


@contextlib.contextmanager
def _signals(scheduler: _Scheduler) -> Iterator[socket.socket]:
    """Signals wake the loop through a socket (set_wakeup_fd) instead of interrupting it."""
    wake, notify = socket.socketpair()
    wake.setblocking(False)
    notify.setblocking(False)
    previous_fd = signal.set_wakeup_fd(notify.fileno(), warn_on_full_buffer=False)
    handlers = {
        signal.SIGTERM: scheduler.on_stop_signal,
        signal.SIGINT: scheduler.on_stop_signal,
        # A Python handler, so that the end of a child writes to the wakeup socket too.
        signal.SIGCHLD: lambda number, frame: None,
    }
    previous = {number: signal.signal(number, handler) for number, handler in handlers.items()}
    try:
        yield wake
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        signal.set_wakeup_fd(previous_fd)
        wake.close()
        notify.close()


def run_run(args: argparse.Namespace) -> int:
    schedule = _load(args.file)
    ensure_writable(schedule.out)
    try:
        schedule.log_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CliError(f"cannot create log folder {schedule.log_dir}: {error.strerror}") from None
    scheduler = _Scheduler(schedule, args.max_runs)
    rules = ", ".join(f"{job.site} {job.rule}" for job in schedule.jobs)
    limit = f", stopping after {args.max_runs} run(s)" if args.max_runs else ""
    with _signals(scheduler) as wake:
        now = datetime.now(UTC)
        scheduler.due = {job.site: first_run(job, now) for job in schedule.jobs}
        _say(f"schedule {schedule.path}: {rules}; output in {schedule.out}/{limit}")
        try:
            while not scheduler.stop_signal:
                scheduler.reap()
                if scheduler.done():
                    _say(f"stopped after {scheduler.finished} run(s)")
                    return 0
                scheduler.start_due()
                _sleep(wake, scheduler.wait_seconds())
            names = " ".join(
                f"{site} (pid {run.process.pid})" for site, run in scheduler.running.items()
            )
            waiting = f"; waiting for {names} to finish" if names else ""
            _say(f"{_signal_name(scheduler.stop_signal)}: starting no more runs{waiting}")
        finally:
            # Also on an unexpected error: no crawl is left running without its scheduler.
            scheduler.stop_running(wake)
        _say(f"stopped ({_signal_name(scheduler.stop_signal)}) after {scheduler.finished} run(s)")
    return 0
