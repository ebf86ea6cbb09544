"""`defnews schedule`: the schedule file, next run times, and real scheduled crawls."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import IO

import pytest

from crawler.core.schedule.plan import (
    Job,
    ScheduleError,
    first_run,
    load_schedule,
    next_after,
    next_runs,
    parse_interval,
)
from crawler.demo.server import DemoServer
from tests.support.cli import FAST, run_cli

NOW = datetime(2024, 3, 1, 9, 20, 30, tzinfo=UTC)
HANOI = timezone(timedelta(hours=7))
STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"


def _write(folder: Path, text: str, name: str = "schedule.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _toml_list(values: list[str]) -> str:
    return json.dumps(values)  # a JSON list of strings is a TOML array


# --- the schedule file -----------------------------------------------------------------------


def test_a_full_file_is_read_with_paths_relative_to_its_folder(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        'out = "data"\nlog_dir = "logs-here"\n'
        "[sites.qdnd]\n"
        'every = "1h30m"\n'
        'args = ["--max-articles", "200", "--set", "DOWNLOAD_DELAY=2"]\n'
        'base_url = "http://127.0.0.1:8070"\n',
    )
    schedule = load_schedule(path)
    assert schedule.out == tmp_path / "data"
    assert schedule.log_dir == tmp_path / "logs-here"
    (job,) = schedule.jobs
    assert job.site == "qdnd"
    assert job.every == timedelta(hours=1, minutes=30)
    assert job.cron is None
    assert job.rule == "every 1h30m"
    assert job.args == ("--max-articles", "200", "--set", "DOWNLOAD_DELAY=2")
    assert job.base_url == "http://127.0.0.1:8070"


def test_defaults_output_and_its_logs_folder(tmp_path: Path) -> None:
    schedule = load_schedule(_write(tmp_path, '[sites.qdnd]\ncron = "15 */2 * * *"\n'))
    assert schedule.out == tmp_path / "output"
    assert schedule.log_dir == tmp_path / "output" / "logs"
    (job,) = schedule.jobs
    assert (job.every, job.cron, job.args, job.base_url) == (None, "15 */2 * * *", (), None)
    assert job.rule == "cron 15 */2 * * *"


def test_an_absolute_out_stays_where_it_points(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    folder = tmp_path / "conf"
    folder.mkdir()
    schedule = load_schedule(_write(folder, f'out = "{target}"\n[sites.qdnd]\nevery = "1d"\n'))
    assert schedule.out == target
    assert schedule.log_dir == target / "logs"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("45s", 45),
        ("15m", 900),
        ("1h", 3600),
        ("1d", 86400),
        ("1h30m", 5400),
        ("1h 30m", 5400),
        ("1d2h3m4s", 93784),
        ("1.5h", 5400),
        ("1s", 1),
    ],
)
def test_intervals(text: str, seconds: int) -> None:
    assert parse_interval(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "1", "h", "1x", "30m1h", "1h1h", "1h-", "-1h", "1 hour"])
def test_bad_intervals(text: str) -> None:
    with pytest.raises(ValueError, match="bad interval"):
        parse_interval(text)


@pytest.mark.parametrize("text", ["0s", "0.5s", "0m"])
def test_intervals_under_a_second(text: str) -> None:
    with pytest.raises(ValueError, match="under 1 s"):
        parse_interval(text)


# --- next run times --------------------------------------------------------------------------


def _job(every: str | None = None, cron: str | None = None) -> Job:
    return Job("qdnd", parse_interval(every) if every else None, cron, every_text=every or "")


def test_an_interval_job_runs_at_start_then_every_interval() -> None:
    job = _job(every="90m")
    assert first_run(job, NOW) == NOW
    assert next_runs(job, NOW, 3) == [
        NOW,
        NOW + timedelta(minutes=90),
        NOW + timedelta(minutes=180),
    ]
    # After a run that started at NOW, or a due time skipped at NOW:
    assert next_after(job, NOW) == NOW + timedelta(minutes=90)


def test_a_cron_job_runs_at_the_next_matching_minute() -> None:
    job = _job(cron="15 */2 * * *")
    expected = [datetime(2024, 3, 1, hour, 15, tzinfo=UTC) for hour in (10, 12, 14)]
    assert next_runs(job, NOW, 3, tz=UTC) == expected
    assert first_run(job, NOW, tz=UTC) == expected[0]
    assert next_after(job, expected[0], tz=UTC) == expected[1]  # strictly after, not again


def test_cron_matches_the_wall_clock_of_the_given_zone() -> None:
    # 09:20:30 UTC is 16:20:30 in Hanoi: the next even hour at :15 there is 18:15.
    times = next_runs(_job(cron="15 */2 * * *"), NOW, 2, tz=HANOI)
    assert times == [datetime(2024, 3, 1, hour, 15, tzinfo=HANOI) for hour in (18, 20)]
    assert times[0] == datetime(2024, 3, 1, 11, 15, tzinfo=UTC)


def test_cron_in_local_time_without_a_zone() -> None:
    times = next_runs(_job(cron="0 3 * * *"), NOW, 2)
    for moment in times:
        assert moment.tzinfo is not None
        assert (moment.hour, moment.minute) == (3, 0)  # 03:00 on this machine's clock
    assert NOW < times[0] < times[1] <= times[0] + timedelta(hours=25)


# --- mistakes in the file: one line each, through the real command ---------------------------

SITE = "[sites.qdnd]\n"
AT = r"\[sites\.qdnd\]: "  # site-level mistakes name the site after the file
BAD_FILES = [
    pytest.param(SITE + 'every = "1h"\ncron = \n', "not valid TOML: .*line 3", id="toml-syntax"),
    pytest.param('outt = "x"\n' + SITE + 'every = "1h"\n', "unknown key 'outt'", id="file-key"),
    pytest.param("out = 5\n" + SITE + 'every = "1h"\n', "out must be", id="out-type"),
    pytest.param('out = "x"\n', "no sites to crawl", id="no-sites"),
    pytest.param(
        '[sites.nosuch]\nevery = "1h"\n', r"\[sites\.nosuch\]: unknown site 'nosuch'", id="site"
    ),
    pytest.param(SITE + 'evry = "1h"\n', AT + "unknown key 'evry'", id="site-key"),
    pytest.param(SITE + 'every = "1h"\ncron = "* * * * *"\n', AT + "set exactly one", id="both"),
    pytest.param(SITE + 'args = ["-v"]\n', AT + "set exactly one of every and cron", id="neither"),
    pytest.param(SITE + 'every = "1x"\n', AT + "bad interval '1x'", id="interval"),
    pytest.param(SITE + "every = 3600\n", AT + "every must be a non-empty string", id="every-int"),
    pytest.param(SITE + 'every = "0.5s"\n', AT + "interval '0.5s' is under 1 s", id="too-short"),
    pytest.param(SITE + 'cron = "61 * * * *"\n', AT + "bad cron expression", id="cron-value"),
    pytest.param(SITE + 'cron = "0 0 * * * *"\n', AT + ".*want 5 fields", id="cron-fields"),
    pytest.param(SITE + 'cron = "0 0 31 2 *"\n', AT + "bad cron expression", id="cron-never"),
    pytest.param(
        SITE + 'every = "1h"\nargs = "--max-articles 3"\n', AT + "args must be a list", id="args"
    ),
    pytest.param(
        SITE + 'every = "1h"\nargs = ["--max-articles", 3]\n', AT + "args must be a list", id="arg"
    ),
    pytest.param(
        SITE + 'every = "1h"\nargs = ["--max-artcles", "3"]\n',
        AT + "args: unrecognized arguments: --max-artcles",
        id="args-option",
    ),
    pytest.param(
        SITE + 'every = "1h"\nargs = ["--max-articles", "lots"]\n',
        AT + "args: .*wants a whole number",
        id="args-value",
    ),
    pytest.param(
        SITE + 'every = "1h"\nargs = ["--since", "yesterday"]\n',
        AT + "args: --since wants a date",
        id="args-since",
    ),
    pytest.param(
        SITE + 'every = "1h"\nargs = ["--set", "OUTPUT_DIR=elsewhere"]\n',
        AT + "args: set out in the file",
        id="args-output-dir",
    ),
    pytest.param(
        SITE + 'every = "1h"\nargs = ["--set", "X"]\n', AT + "args: .*NAME=VALUE", id="set"
    ),
    pytest.param(
        SITE + 'every = "1h"\nargs = ["--out", "x"]\n', AT + "args: set out in the file", id="out"
    ),
    pytest.param(SITE + 'every = "1h"\nargs = ["--all"]\n', AT + "args: .*--all", id="args-all"),
    pytest.param(
        SITE + 'every = "1h"\nargs = ["--ou", "x"]\n', AT + "args: set out and base_url", id="ou"
    ),
    pytest.param(
        SITE + 'every = "1h"\nbase_url = "127.0.0.1:8070"\n', AT + "base_url is not an", id="url"
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD_FILES)
def test_each_mistake_is_one_line_naming_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    result = run_cli("schedule", "show", str(path))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    prefix = f"defnews: error: {path}: "
    assert lines[0].startswith(prefix), lines[0]
    assert re.match(message, lines[0].removeprefix(prefix)), lines[0]


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    result = run_cli("schedule", "run", str(tmp_path / "none.toml"))
    assert result.returncode == 2
    assert result.stderr == (
        f"defnews: error: cannot read schedule file {tmp_path / 'none.toml'}: "
        "No such file or directory\n"
    )


def test_the_library_raises_schedule_errors(tmp_path: Path) -> None:
    with pytest.raises(ScheduleError, match=r"\[sites.qdnd\]: set exactly one"):
        load_schedule(_write(tmp_path, SITE))


# --- schedule show ---------------------------------------------------------------------------


def test_show_an_interval_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")  # no DST there: a steady +07:00
    path = _write(tmp_path, '[sites.qdnd]\nevery = "1h30m"\nbase_url = "http://127.0.0.1:1"\n')
    before = datetime.now(UTC).replace(microsecond=0)
    result = run_cli("schedule", "show", str(path))
    after = datetime.now(UTC)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{path}: 1 site(s), output in {tmp_path / 'output'}/"
    assert lines[1] == (
        f"qdnd: every 1h30m, base_url http://127.0.0.1:1; log {tmp_path / 'output/logs/qdnd.log'}"
    )
    times = [datetime.fromisoformat(line.strip()) for line in lines[2:]]
    assert len(times) == 3
    assert all(moment.utcoffset() == timedelta(hours=7) for moment in times)
    assert before <= times[0] <= after  # the first run is at start
    assert [b - a for a, b in itertools.pairwise(times)] == [timedelta(minutes=90)] * 2


def test_show_a_cron_site_as_text_and_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    path = _write(
        tmp_path,
        'out = "/srv/news"\n[sites.qdnd]\ncron = "15 */2 * * *"\nargs = ["--max-articles", "5"]\n',
    )
    text = run_cli("schedule", "show", str(path), "--count", "4")
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[1] == "qdnd: cron 15 */2 * * *; log /srv/news/logs/qdnd.log"
    times = [datetime.fromisoformat(line.strip()) for line in lines[2:]]
    assert len(times) == 4
    for moment in times:
        assert moment.utcoffset() == timedelta(hours=7)
        assert (moment.minute, moment.second, moment.hour % 2) == (15, 0, 0)
    assert [b - a for a, b in itertools.pairwise(times)] == [timedelta(hours=2)] * 3

    as_json = run_cli("schedule", "show", str(path), "--count", "4", "--json")
    assert as_json.returncode == 0, as_json.stderr
    document = json.loads(as_json.stdout)
    assert document["file"] == str(path)
    assert document["out"] == "/srv/news"
    (site,) = document["sites"]
    assert site == {
        "site": "qdnd",
        "rule": "cron 15 */2 * * *",
        "every": None,
        "every_seconds": None,
        "cron": "15 */2 * * *",
        "base_url": None,
        "args": ["--max-articles", "5"],
        "log": "/srv/news/logs/qdnd.log",
        "next": site["next"],
    }
    assert len(site["next"]) == 4
    # The JSON call came a moment later: the same times, or one slot on if one passed between.
    shown = [line.strip() for line in lines[2:]]
    assert site["next"][:3] in (shown[:3], shown[1:4])


def test_show_json_for_an_interval(tmp_path: Path) -> None:
    path = _write(tmp_path, '[sites.qdnd]\nevery = "45s"\n')
    result = run_cli("schedule", "show", str(path), "--json", "--count", "2")
    assert result.returncode == 0, result.stderr
    (site,) = json.loads(result.stdout)["sites"]
    assert (site["rule"], site["every"], site["every_seconds"], site["cron"]) == (
        "every 45s",
        "45s",
        45.0,
        None,
    )
    first, second = (datetime.fromisoformat(moment) for moment in site["next"])
    assert second - first == timedelta(seconds=45)


# --- schedule run: real crawls of the demo site ----------------------------------------------


def _schedule_for(folder: Path, base_url: str, every: str, args: list[str]) -> Path:
    return _write(
        folder,
        f'out = "{folder / "out"}"\n'
        "[sites.qdnd]\n"
        f'every = "{every}"\n'
        f'base_url = "{base_url}"\n'
        f"args = {_toml_list(args)}\n",
    )


def _lines(stdout: str, kind: str, site: str = "qdnd") -> list[str]:
    return [line for line in stdout.splitlines() if re.match(f"{STAMP} {kind} {site} ", line)]


def _pid(line: str) -> int:
    match = re.search(r" pid (\d+) ", line)
    assert match, line
    return int(match[1])


@pytest.mark.slow
def test_the_scheduler_runs_a_site_twice_at_a_short_interval(
    tmp_path: Path, demo_server: DemoServer
) -> None:
    path = _schedule_for(tmp_path, demo_server.base_url, "2s", [*FAST, "--max-articles", "3"])
    before = len(demo_server.requests)
    result = run_cli("schedule", "run", str(path), "--max-runs", "2")
    requests = demo_server.requests[before:]
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    log = tmp_path / "out" / "logs" / "qdnd.log"
    starts, ends = _lines(result.stdout, "start"), _lines(result.stdout, "end")
    assert len(starts) == 2, result.stdout
    assert len(ends) == 2, result.stdout
    pids = [_pid(line) for line in starts]
    assert len(set(pids)) == 2
    for pid, end in zip(pids, ends, strict=True):
        assert re.search(rf" pid {pid} exit 0 after \d+\.\d s \(log {re.escape(str(log))}\)$", end)
    assert result.stdout.splitlines()[-1].endswith(" stopped after 2 run(s)")
    # A run is one `defnews crawl` against the server: robots.txt once each.
    assert [request.path for request in requests].count("/robots.txt") == 2
    text = log.read_text(encoding="utf-8")
    assert text.count("scheduled run: ") == 2
    assert text.count("\nfetched ") == 2  # each crawl's own summary
    assert text.count(" exit 0 after ") == 2
    assert len(list((tmp_path / "out" / "warc").glob("*.warc.gz"))) == 2


def test_a_failing_crawl_does_not_stop_the_schedule(tmp_path: Path) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        port = closed.getsockname()[1]
        path = _schedule_for(tmp_path, f"http://127.0.0.1:{port}", "1s", [])
        result = run_cli("schedule", "run", str(path), "--max-runs", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    ends = _lines(result.stdout, "end")
    assert len(ends) == 2, result.stdout
    assert all(" exit 2 after " in line and ", FAILED " in line for line in ends)
    log = (tmp_path / "out" / "logs" / "qdnd.log").read_text(encoding="utf-8")
    assert log.count(f"defnews: error: cannot reach http://127.0.0.1:{port}") == 2


class _Lines:
    """A child's stdout, line by line, read in a thread so that waiting for a line is bounded."""

    def __init__(self, stream: IO[str]) -> None:
        self._queue: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        self._thread = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        self._thread.start()

    def _pump(self, stream: IO[str]) -> None:
        for line in stream:
            self._queue.put(line)
        self._queue.put(None)

    def wait_for(self, pattern: str) -> str:
        deadline = time.monotonic() + 30
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            self.seen.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line matching {pattern!r} in:\n{''.join(self.seen)}")

    def all(self) -> str:
        """Everything, once the child has exited (its stdout then ends)."""
        while (line := self._queue.get(timeout=30)) is not None:
            self.seen.append(line)
        return "".join(self.seen)


def _wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.mark.slow
@pytest.mark.parametrize("how", ["SIGTERM", "Ctrl-C"])
def test_a_signal_stops_the_scheduler_and_lets_the_crawl_close_its_warc(
    tmp_path: Path, how: str
) -> None:
    with DemoServer(delay=0.2) as server:
        # Due every second while its first run crawls slowly: the due runs are skipped.
        path = _schedule_for(tmp_path, server.base_url, "1s", ["--set", "DOWNLOAD_DELAY=0.5"])
        with (
            (tmp_path / "stderr").open("w") as errors,
            subprocess.Popen(
                [sys.executable, "-m", "crawler", "schedule", "run", str(path)],
                stdout=subprocess.PIPE,
                stderr=errors,
                text=True,
                # As a shell runs a command: Ctrl-C goes to this whole process group.
                process_group=0,
            ) as scheduler,
        ):
            crawl_pid = 0
            try:
                assert scheduler.stdout is not None
                lines = _Lines(scheduler.stdout)
                start = lines.wait_for(rf"^{STAMP} start qdnd pid \d+ ")
                crawl_pid = _pid(start)
                lines.wait_for(rf"^{STAMP} skip qdnd: its run \(pid {crawl_pid}\) is still going")
                warc = tmp_path / "out" / "warc"
                _wait_for(lambda: any(warc.glob("*.warc.gz.open")), "the crawl to open its WARC")
                if how == "SIGTERM":
                    scheduler.send_signal(signal.SIGTERM)
                else:
                    os.killpg(scheduler.pid, signal.SIGINT)
                scheduler.wait(timeout=60)
                output = lines.all()
            finally:
                if scheduler.poll() is None:
                    # A failed test must not leave a crawl behind: it has its own process group.
                    scheduler.kill()
                    if crawl_pid:
                        with contextlib.suppress(ProcessLookupError):
                            os.killpg(crawl_pid, signal.SIGKILL)
    name = "SIGTERM" if how == "SIGTERM" else "SIGINT"
    assert scheduler.returncode == 0, output
    assert (tmp_path / "stderr").read_text() == ""
    assert len(_lines(output, "start")) == 1, output
    assert re.search(
        rf"{STAMP} {name}: starting no more runs; waiting for qdnd \(pid {crawl_pid}\)", output
    )
    # 130 is the crawl's own status for a graceful shutdown; a forced stop would differ.
    (end,) = _lines(output, "end")
    assert f" pid {crawl_pid} exit 130 after " in end, output
    assert ", stopped on request " in end
    assert output.splitlines()[-1].endswith(f" stopped ({name}) after 1 run(s)")
    assert list(warc.glob("*.warc.gz")), "the crawl wrote no WARC"
    assert not list(warc.glob("*.open")), list(warc.iterdir())


def test_a_signal_ends_the_wait_between_runs_at_once(
    tmp_path: Path, demo_server: DemoServer
) -> None:
    path = _schedule_for(tmp_path, demo_server.base_url, "1h", [*FAST, "--max-articles", "1"])
    with subprocess.Popen(
        [sys.executable, "-m", "crawler", "schedule", "run", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as scheduler:
        try:
            assert scheduler.stdout is not None
            lines = _Lines(scheduler.stdout)
            lines.wait_for(rf"^{STAMP} end qdnd pid \d+ exit 0 ")
            # Now waiting an hour for the next run; the wait is cut into chunks of a minute at
            # most, so an exit well within one chunk shows the signal woke it.
            scheduler.send_signal(signal.SIGTERM)
            assert scheduler.wait(timeout=20) == 0
        finally:
            if scheduler.poll() is None:
                scheduler.kill()
        output = lines.all()
    last = [line.split(" ", 1)[1] for line in output.splitlines()[-2:]]
    assert last == ["SIGTERM: starting no more runs", "stopped (SIGTERM) after 1 run(s)"], output
