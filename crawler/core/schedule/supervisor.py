"""Running a schedule: each due crawl started as a `defnews crawl` child process, watched,
signalled and reaped, until the schedule is stopped (SIGTERM, SIGINT) or has run its runs.

A child per run: a crawl that fails or crashes is one failed run, not a dead scheduler (and
Twisted's reactor, which runs once per process, stays fresh). Signals wake the loop through a
socket (signal.set_wakeup_fd) instead of interrupting it. What happens is told, one line per
event, to the `say` callable the command passes (crawler/cli/schedule.py prints it with a time
stamp); each run's own output goes to LOG_DIR/SITE.log. No Scrapy here.
"""

from __future__ import annotations

import contextlib
import select
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from crawler.core.schedule.plan import Job, Schedule, first_run, next_after

# Due times are wall-clock times: a clock change while waiting is noticed within this bound.
MAX_WAIT = 60.0


def crawl_command(schedule: Schedule, job: Job) -> list[str]:
    """The child's command line: `defnews crawl SITE --out OUT [--base-url URL] ARGS`."""
    base = ["--base-url", job.base_url] if job.base_url else []
    command = [sys.executable, "-m", "crawler", "crawl", job.site, "--out", str(schedule.out)]
    return [*command, *base, *job.args]


def stamp(moment: datetime | None = None) -> str:
    """A UTC time to the second, as every line the scheduler writes starts."""
    return (moment or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def signal_name(number: int) -> str:
    return signal.Signals(number).name


@dataclass
class Run:
    """One crawl child: its process, where its output goes, when it started."""

    job: Job
    process: subprocess.Popen[bytes]
    log: Path
    started: float  # time.monotonic()
    asked_to_stop: bool = False


@dataclass
class Supervisor:
    """The running schedule: the crawls under way (one per site at most), when each site is
    due next, and the counts that --max-runs is checked against."""

    schedule: Schedule
    max_runs: int | None
    say: Callable[[str], None]
    running: dict[str, Run] = field(default_factory=dict)
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
            self.say(f"cannot start {job.site}: cannot write {log}: {error.strerror or error}")
            return
        with log_file:
            log_file.write(f"\n=== {stamp()} scheduled run: {shlex.join(command)}\n".encode())
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
                self.say(f"cannot start {job.site}: {error.strerror or error}")
                return
        self.running[job.site] = Run(job, process, log, time.monotonic())
        self.started += 1
        self.say(f"start {job.site} pid {process.pid} (log {log})")

    def reap(self) -> None:
        for site, run in list(self.running.items()):
            status = run.process.poll()
            if status is None:
                continue
            del self.running[site]
            self.finished += 1
            elapsed = time.monotonic() - run.started
            outcome = f"exit {status}" if status >= 0 else f"killed by {signal_name(-status)}"
            with contextlib.suppress(OSError), run.log.open("ab") as log:
                log.write(f"=== {stamp()} {outcome} after {elapsed:.1f} s\n".encode())
            if status == 0:
                note = ""
            elif run.asked_to_stop:
                note = ", stopped on request"
            else:
                note = ", FAILED"
            self.say(
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
                self.say(
                    f"skip {job.site}: its run (pid {pid}) is still going; "
                    f"next at {stamp(self.due[job.site])}"
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
            sleep(wake, MAX_WAIT)
            if self.signals > told:
                # Asked again while waiting: pass it on; Scrapy then stops without finishing
                # (the next crawl repairs any WARC file it left open).
                told = self.signals
                for run in self.running.values():
                    run.process.send_signal(signal.SIGTERM)
            self.reap()

    def run(self) -> None:
        """Start runs as they fall due until a stop signal or max_runs; then stop the
        running crawls and wait for them (also on an unexpected error: no crawl is left
        running without its scheduler)."""
        schedule = self.schedule
        rules = ", ".join(f"{job.site} {job.rule}" for job in schedule.jobs)
        limit = f", stopping after {self.max_runs} run(s)" if self.max_runs else ""
        with wakeup_signals(self) as wake:
            now = datetime.now(UTC)
            self.due = {job.site: first_run(job, now) for job in schedule.jobs}
            self.say(f"schedule {schedule.path}: {rules}; output in {schedule.out}/{limit}")
            try:
                while not self.stop_signal:
                    self.reap()
                    if self.done():
                        self.say(f"stopped after {self.finished} run(s)")
                        return
                    self.start_due()
                    sleep(wake, self.wait_seconds())
                names = " ".join(
                    f"{site} (pid {run.process.pid})" for site, run in self.running.items()
                )
                waiting = f"; waiting for {names} to finish" if names else ""
                self.say(f"{signal_name(self.stop_signal)}: starting no more runs{waiting}")
            finally:
                self.stop_running(wake)
            self.say(f"stopped ({signal_name(self.stop_signal)}) after {self.finished} run(s)")


def sleep(wake: socket.socket, timeout: float) -> None:
    """Wait until timeout or any signal (SIGCHLD, SIGTERM, SIGINT), whichever comes first."""
    readable, _, _ = select.select([wake], [], [], timeout)
    if readable:
        with contextlib.suppress(BlockingIOError):
            while wake.recv(4096):
                pass  # several signals may have arrived: read all their bytes


@contextlib.contextmanager
def wakeup_signals(supervisor: Supervisor) -> Iterator[socket.socket]:
    """Signals wake the loop through a socket (set_wakeup_fd) instead of interrupting it."""
    wake, notify = socket.socketpair()
    wake.setblocking(False)
    notify.setblocking(False)
    previous_fd = signal.set_wakeup_fd(notify.fileno(), warn_on_full_buffer=False)
    handlers = {
        signal.SIGTERM: supervisor.on_stop_signal,
        signal.SIGINT: supervisor.on_stop_signal,
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
