"""The schedule's process supervision (crawler.core.schedule.supervisor) on its own: real child
processes started, reaped, signalled and skipped, their log lines and the events it tells.
The whole `defnews schedule run` (real crawls of the demo site) is tests/test_schedule.py."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.core.schedule.plan import Job, Schedule
from crawler.core.schedule.supervisor import (
    MAX_WAIT,
    Run,
    Supervisor,
    crawl_command,
    wakeup_signals,
)

JOB = Job("qdnd", timedelta(hours=1), None, ("--max-articles", "3"), every_text="1h")


@pytest.fixture
def said() -> list[str]:
    return []


@pytest.fixture
def supervisor(tmp_path: Path, said: list[str]) -> Iterator[Supervisor]:
    schedule = Schedule(tmp_path / "s.toml", tmp_path / "out", tmp_path / "logs", (JOB,))
    schedule.log_dir.mkdir()
    supervisor = Supervisor(schedule, None, said.append)
    yield supervisor
    for run in supervisor.running.values():  # a failed test leaves no child behind
        run.process.kill()
        run.process.wait()


def _child(supervisor: Supervisor, code: str) -> Run:
    """A real child under the supervisor, as if it had started it for JOB."""
    log = supervisor.schedule.log_dir / f"{JOB.site}.log"
    process = subprocess.Popen([sys.executable, "-c", code])
    run = Run(JOB, process, log, time.monotonic())
    supervisor.running[JOB.site] = run
    supervisor.started += 1
    return run


def test_the_child_is_the_sites_crawl_into_the_schedules_folder(supervisor: Supervisor) -> None:
    out = str(supervisor.schedule.out)
    assert crawl_command(supervisor.schedule, JOB)[1:] == [
        "-m", "crawler", "crawl", "qdnd", "--out", out, "--max-articles", "3",
    ]  # fmt: skip
    mirrored = Job("qdnd", None, "0 * * * *", base_url="http://127.0.0.1:9")
    assert crawl_command(supervisor.schedule, mirrored)[-2:] == ["--base-url", "http://127.0.0.1:9"]


def test_a_failed_run_is_reaped_with_its_status_in_its_log_and_one_line(
    supervisor: Supervisor, said: list[str]
) -> None:
    run = _child(supervisor, "import sys; sys.exit(3)")
    run.process.wait()
    supervisor.reap()
    assert supervisor.running == {} and supervisor.finished == 1
    assert re.fullmatch(
        rf"end qdnd pid {run.process.pid} exit 3 after \d+\.\d s, FAILED \(log {run.log}\)",
        said[-1],
    )
    assert re.fullmatch(r"=== \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ exit 3 after \d+\.\d s\n",
                        run.log.read_text())  # fmt: skip


def test_a_run_still_going_is_not_reaped(supervisor: Supervisor, said: list[str]) -> None:
    _child(supervisor, "import time; time.sleep(30)")
    supervisor.reap()
    assert list(supervisor.running) == ["qdnd"] and supervisor.finished == 0 and said == []


def test_stopping_sends_one_sigterm_to_each_run_and_waits_for_it(
    supervisor: Supervisor, said: list[str]
) -> None:
    killed = _child(supervisor, "import time; time.sleep(30)")
    with wakeup_signals(supervisor) as wake:
        supervisor.stop_running(wake)
        assert signal.getsignal(signal.SIGTERM) == supervisor.on_stop_signal
    assert signal.getsignal(signal.SIGTERM) is not supervisor.on_stop_signal  # put back
    assert supervisor.running == {} and killed.process.returncode == -signal.SIGTERM
    assert said[-1].startswith(f"end qdnd pid {killed.process.pid} killed by SIGTERM after ")
    assert ", stopped on request (log " in said[-1]


def test_a_site_due_while_its_run_is_going_is_skipped_not_doubled(
    supervisor: Supervisor, said: list[str]
) -> None:
    run = _child(supervisor, "import time; time.sleep(30)")
    before = datetime.now(UTC)
    supervisor.due = {"qdnd": before - timedelta(seconds=1)}
    supervisor.start_due()
    assert supervisor.started == 1 and supervisor.running["qdnd"] is run
    assert supervisor.due["qdnd"] > before + timedelta(minutes=59)
    assert said[-1].startswith(
        f"skip qdnd: its run (pid {run.process.pid}) is still going; next at "
    )


def test_a_log_that_cannot_be_opened_is_one_line_and_no_run(
    supervisor: Supervisor, said: list[str], tmp_path: Path
) -> None:
    supervisor.schedule.log_dir.rmdir()
    supervisor.schedule.log_dir.write_text("a file where the log folder was")
    supervisor.start(JOB)
    assert supervisor.running == {} and supervisor.started == 0
    log = supervisor.schedule.log_dir / "qdnd.log"
    assert said == [f"cannot start qdnd: cannot write {log}: Not a directory"]


def test_waiting_is_bounded_and_max_runs_ends_it(supervisor: Supervisor) -> None:
    now = datetime.now(UTC)
    supervisor.due = {"qdnd": now + timedelta(hours=5)}
    assert supervisor.wait_seconds() == MAX_WAIT  # a clock change is noticed within a minute
    supervisor.due = {"qdnd": now + timedelta(seconds=10)}
    assert 0 < supervisor.wait_seconds() <= 10
    supervisor.due = {"qdnd": now - timedelta(seconds=10)}
    assert supervisor.wait_seconds() == 0
    supervisor.max_runs = 2
    supervisor.started, supervisor.finished = 2, 1
    assert supervisor.wait_seconds() == MAX_WAIT and not supervisor.done()
    supervisor.finished = 2
    assert supervisor.done()
