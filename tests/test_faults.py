"""Faults end cleanly (issue 14, items 6 and 8): Ctrl-C and SIGTERM, a full disk, a WARC that
cannot be written, an output folder deleted or moved mid-crawl.

Every test is a real crawl (`python -m crawler crawl` in a child process) of the demo site on
127.0.0.1. The full disk is a real one: a small tmpfs mounted for the test (CI runs as root);
a failed mount fails the test, it never skips it.
"""

from __future__ import annotations

import errno
import itertools
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.core.archive.records import response_record
from crawler.core.archive.writer import WarcWriter
from crawler.demo.server import DemoServer
from crawler.demo.site import DemoSite
from tests.support.checks import QDND, article_paths
from tests.support.cli import FAST, run_cli
from tests.support.mounts import resize, tmpfs

ARTICLES = 21  # what the demo site lists that robots.txt allows


def _rows(out: Path, query: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(out / "catalog.sqlite")) as db, db:
        return list(db.execute(query))


def _stored(out: Path) -> int:
    return len(list((out / "articles").rglob("*.json")))


def _wait_for(condition: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert condition(), "the crawl never got there"


def _crawl(server: DemoServer, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_cli("crawl", "qdnd", "--base-url", server.base_url, "--out", str(out), *FAST, *extra)


_STARTED: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def _no_crawl_left_behind() -> Iterator[None]:
    """A failed assertion must not leave a crawl running into the next test."""
    yield
    while _STARTED:
        process = _STARTED.pop()
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


class _Child:
    """A crawl in a child process whose stderr is read line by line as it comes."""

    def __init__(self, server: DemoServer, out: Path, *extra: str) -> None:
        command = [sys.executable, "-m", "crawler", "crawl", "qdnd", "--base-url", server.base_url, "--out", str(out), *FAST, *extra]  # fmt: skip
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        _STARTED.append(self.process)
        self.lines: list[str] = []
        self.stdout = ""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def said(self, words: str) -> bool:
        return any(words in line for line in self.lines)

    def finish(self, timeout: float = 90) -> int:
        assert self.process.stdout is not None
        self.stdout = self.process.stdout.read()
        code = self.process.wait(timeout=timeout)
        self._reader.join(timeout=10)
        return code

    @property
    def stderr(self) -> str:
        return "\n".join(self.lines)


def _assert_whole_warcs(out: Path, warc_dir: Path | None = None) -> int:
    """No file left .open, and every record of every WARC readable to its end."""
    folder = warc_dir or out / "warc"
    assert not list(folder.glob("*.open")), sorted(p.name for p in folder.iterdir())
    records = 0
    for path in folder.glob("*.warc.gz"):
        subprocess.run(["gzip", "-t", str(path)], check=True)
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                record.content_stream().read()
                records += 1
    return records


def _no_hidden_leftovers(out: Path) -> None:
    leftovers = [p for p in out.rglob(".*") if p.is_file() and p.name != ".gitignore"]
    assert leftovers == []
    assert not list((out / "locks").glob("reserve-*")) if (out / "locks").is_dir() else True


def _articles_with_captures(out: Path) -> tuple[int, int]:
    """(articles in the catalogue, of them with a WARC reference)."""
    fields = [json.loads(str(f)) for (f,) in _rows(out, "SELECT fields FROM articles")]
    return len(fields), sum(1 for f in fields if f.get("warc"))


# -- Ctrl-C and SIGTERM -------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM])
def test_a_second_signal_stops_at_once_closes_the_warc_and_records_the_run(
    demo_site: DemoSite, tmp_path: Path, how: signal.Signals
) -> None:
    """The first Ctrl-C says at once that the pages in flight are being finished; the second
    stops now: WARC closed, the run recorded as interrupted with its counts, exit 130."""
    with DemoServer(demo_site, delay=1.5) as server:
        child = _Child(server, tmp_path)
        _wait_for(lambda: _stored(tmp_path) >= 3)
        child.process.send_signal(how)
        # Said while the pages in flight are still being fetched (each takes 1.5 s here).
        _wait_for(lambda: child.said("finishing the pages in flight"), timeout=20)
        assert child.process.poll() is None
        child.process.send_signal(how)
        code = child.finish()
        # In the catalogue: files of a page stopped between its files and its row are
        # fetched again, as after a kill -9.
        ((stored,),) = _rows(tmp_path, "SELECT COUNT(*) FROM articles")
        server.delay = 0
        rerun = _crawl(server, tmp_path)
    assert code == 130, child.stderr
    assert "Traceback" not in child.stderr
    assert child.lines[-1].startswith("defnews: interrupted: stopped at once; "), child.stderr
    assert f"{stored} articles stored in this run" in child.lines[-1]
    # The run as it was: interrupted, exit 130, with the pages and articles it really did.
    ((status, reason, exit_, pages, new, report),) = _rows(
        tmp_path, "SELECT status, reason, exit, pages, new, report FROM runs ORDER BY id LIMIT 1"
    )
    assert (status, reason, exit_) == ("interrupted", "shutdown", 130)
    assert new == stored and int(str(stored)) >= 2 and int(str(pages)) > int(str(stored))
    assert Path(str(report)).is_file()
    assert "runs/" in child.stdout  # the summary was printed, with the report
    # Closed properly by the interrupted run itself, not repaired by the next one.
    assert "repaired" not in rerun.stdout
    assert rerun.returncode == 0, rerun.stderr
    keys = _rows(tmp_path, "SELECT key, COUNT(*) FROM articles GROUP BY key")
    assert len(keys) == ARTICLES and all(count == 1 for _, count in keys)
    _assert_whole_warcs(tmp_path)
    verify = run_cli("verify", "--out", str(tmp_path))
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_verify_passes_right_after_a_second_ctrl_c(demo_site: DemoSite, tmp_path: Path) -> None:
    """No crawl in between: the interrupted run itself left a whole, closed archive."""
    with DemoServer(demo_site, delay=1.5) as server:
        child = _Child(server, tmp_path)
        _wait_for(lambda: _stored(tmp_path) >= 2)
        child.process.send_signal(signal.SIGINT)
        _wait_for(lambda: child.said("finishing the pages in flight"), timeout=20)
        child.process.send_signal(signal.SIGINT)
        assert child.finish() == 130, child.stderr
    _assert_whole_warcs(tmp_path)
    assert _rows(tmp_path, "SELECT status FROM runs") == [("interrupted",)]
    verify = run_cli("verify", "--out", str(tmp_path))
    assert verify.returncode == 0, verify.stdout + verify.stderr


# -- a full disk --------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real filesystem that fills up: a tmpfs of 1200 KiB (the whole crawl needs more)."""
    with tmpfs(tmp_path / "disk", "1200k") as mount:
        yield mount


def test_a_full_disk_ends_in_one_line_with_the_run_recorded_and_nothing_half_written(
    demo_site: DemoSite, small_disk: Path
) -> None:
    out = small_disk / "out"
    with DemoServer(demo_site) as server:
        full = _crawl(server, out, "--set", "DISK_RESERVE_BYTES=65536")
        stopped_with = _rows(out, "SELECT COUNT(*) FROM articles")[0][0]
        run = _rows(out, "SELECT status, reason, exit, pages, errors, report FROM runs")
        _no_hidden_leftovers(out)
        _assert_whole_warcs(out)
        named = full.stdout.strip().splitlines()[-1]
        existing = {name for name in ("warc", "index", "articles", "runs") if (out / name).is_dir()}
        resize(small_disk, "64m")  # room made: the next run completes the archive
        rerun = _crawl(server, out)
    assert full.returncode == 2
    assert "Traceback" not in full.stderr
    assert len(full.stderr.splitlines()) < 60, full.stderr  # lines, not pages of dumps
    last = full.stderr.strip().splitlines()[-1]
    assert last.startswith("defnews: error: the crawl stopped early: cannot "), last
    assert "No space left on device" in last or "disk is full" in last
    assert "_error" not in last  # words, not internal codes
    ((status, reason, exit_, pages, errors, report),) = run
    assert (status, exit_) == ("failed", 2) and reason in ("warc_error", "output_error")
    assert int(str(pages)) > 0 and int(str(errors)) > 0
    assert Path(str(report)).is_file()  # the run report was written despite the full disk
    for folder in ("warc", "index", "articles", "runs"):
        assert (f"{folder}/" in named) == (folder in existing), named
    assert int(str(stopped_with)) < ARTICLES
    assert rerun.returncode == 0, rerun.stderr
    keys = _rows(out, "SELECT key, COUNT(*) FROM articles GROUP BY key")
    assert len(keys) == ARTICLES and all(count == 1 for _, count in keys)
    assert _articles_with_captures(out) == (ARTICLES, ARTICLES)
    verify = run_cli("verify", "--out", str(out))
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_a_warc_disk_that_fills_up_stores_no_article_without_its_capture(
    demo_site: DemoSite, tmp_path: Path, small_disk: Path
) -> None:
    """The WARC folder on its own (full) disk: the articles in flight are failures, not bare
    articles, and the next run fetches them again."""
    out, warc = tmp_path / "out", small_disk / "warc"
    # The disk holds a few pages' worth: fill it so that the WARC runs out mid-crawl.
    ballast = small_disk / "ballast"
    ballast.write_bytes(b"\0" * 900 * 1024)
    # The third article page asked for is answered only once the WARC has run out: an article
    # surely in flight then (a slow server only made one likely, and once there was none).
    asked = itertools.count()
    with DemoServer(demo_site) as server:
        release = server.hold(lambda path: QDND.is_article(path.split("?")[0]) and next(asked) == 2)
        child = _Child(server, out, "--set", f"WARC_DIR={warc}")
        try:
            _wait_for(
                lambda: child.said("cannot write the WARC") or child.process.poll() is not None
            )
        finally:
            release.set()
        code = child.finish()
        first = subprocess.CompletedProcess(child.process.args, code, child.stdout, child.stderr)
        total, captured = _articles_with_captures(out)
        outcomes = _rows(
            out, "SELECT COUNT(*) FROM urls WHERE kind = 'article' AND outcome = 'stored'"
        )
        _assert_whole_warcs(out, warc)
        ballast.unlink()
        resize(small_disk, "64m")
        second = _crawl(server, out, "--set", f"WARC_DIR={warc}")
    assert first.returncode == 2, first.stdout + first.stderr
    assert "Traceback" not in first.stderr
    said = first.stdout + first.stderr
    assert total == captured < ARTICLES, said  # nothing stored bare
    assert outcomes == [(total,)], said  # and no other URL marked archived
    assert "not stored: their pages could not be written to the WARC" in first.stdout, said
    assert (
        first.stderr.strip()
        .splitlines()[-1]
        .startswith("defnews: error: the crawl stopped early: cannot write the WARC in ")
    )
    assert second.returncode == 0, second.stderr
    assert _articles_with_captures(out) == (ARTICLES, ARTICLES)


def test_articles_stored_without_a_capture_are_fetched_again_and_get_one(
    demo_site: DemoSite, tmp_path: Path
) -> None:
    """An archive where an older defnews stored articles bare (`warc: null`, URL marked
    stored): the next crawl fetches those pages again and attaches their capture."""
    with DemoServer(demo_site) as server:
        assert _crawl(server, tmp_path).returncode == 0
        with closing(sqlite3.connect(tmp_path / "catalog.sqlite")) as db, db:
            bare = [key for (key,) in db.execute("SELECT key FROM articles LIMIT 3")]
            for key in bare:
                (fields,) = db.execute(
                    "SELECT fields FROM articles WHERE key = ?", (key,)
                ).fetchone()
                stripped = {**json.loads(fields), "warc": None}
                db.execute(
                    "UPDATE articles SET fields = ? WHERE key = ?", (json.dumps(stripped), key)
                )
                db.execute("UPDATE urls SET warc_file = '', warc_offset = 0 WHERE key = ?", (key,))
                (files,) = db.execute("SELECT files FROM articles WHERE key = ?", (key,)).fetchone()
                record = tmp_path / f"{files}.json"
                on_disk = json.loads(record.read_text(encoding="utf-8"))
                record.write_text(
                    json.dumps({**on_disk, "warc": None}, ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8",
                )
        before = len(server.requests)
        again = _crawl(server, tmp_path)
        fetched = article_paths(server.requests[before:])
    assert again.returncode == 0, again.stderr
    assert sorted(fetched) == sorted(urlsplit(str(key)).path for key in bare)
    assert _articles_with_captures(tmp_path) == (ARTICLES, ARTICLES)
    assert _rows(tmp_path, "SELECT MAX(version) FROM articles") == [(1,)]
    records = [
        json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "articles").rglob("*.json")
    ]
    assert len(records) == ARTICLES and all(record["warc"] for record in records)
    verify = run_cli("verify", "--out", str(tmp_path))
    assert verify.returncode == 0, verify.stdout + verify.stderr


# -- the output folder vanishes -----------------------------------------------------------------


@pytest.mark.parametrize("how", ["deleted", "moved"])
def test_an_output_folder_deleted_or_moved_mid_crawl_stops_the_crawl(
    demo_site: DemoSite, tmp_path: Path, how: str
) -> None:
    out, moved = tmp_path / "out", tmp_path / "moved"
    with DemoServer(demo_site, delay=0.3) as server:
        child = _Child(server, out)
        _wait_for(lambda: _stored(out) >= 3)
        if how == "deleted":
            # As `rm -rf` run again until it succeeds: a page being written races the first.
            while out.exists():
                shutil.rmtree(out, ignore_errors=True)
        else:
            out.rename(moved)
        code = child.finish()
    assert code == 2, child.stderr
    assert "Traceback" not in child.stderr
    # The folder, or the catalogue in it (rm -rf takes the files before the folder).
    last = child.lines[-1]
    assert last.startswith(
        f"defnews: error: the crawl stopped early: the {'' if how == 'deleted' else 'output folder '}"
    ), last
    assert " was deleted or " in last and last.endswith(" while crawling"), last
    # Nothing made a new, near-empty output folder where the old one was.
    assert not out.exists(), sorted(str(p) for p in out.rglob("*"))
    assert "wrote " in child.stdout and f"the output folder {out}/ is not there" in child.stdout
    if how == "moved":  # recorded where it could be: in the catalogue that moved
        ((status, reason, exit_, pages),) = _rows(
            moved, "SELECT status, reason, exit, pages FROM runs"
        )
        assert (status, reason, exit_) == ("failed", "output_gone", 2) and int(str(pages)) > 0


def test_a_warc_writer_that_runs_out_of_disk_is_cut_back_to_its_last_whole_exchange(
    small_disk: Path,
) -> None:
    """WarcWriter.abandon on a real ENOSPC: a closed file, every exchange in it whole."""
    writer = WarcWriter(small_disk / "warc", "full", info={"software": "defnews-test"})
    written = 0
    with pytest.raises(OSError) as failed:
        for n in range(100):  # 100 x 100 KB of noise: far more than the 1200 KiB disk holds
            url = f"http://127.0.0.1:9/{n}"
            response = response_record(
                url=url, head=b"HTTP/1.1 200 OK", body=os.urandom(100_000), date=datetime.now(UTC)
            )
            writer.write([response])
            written += 1
    assert failed.value.errno == errno.ENOSPC
    closed = writer.abandon()
    assert closed is not None and closed.is_file()
    assert not list((small_disk / "warc").glob("*.open"))
    with closed.open("rb") as handle:
        records = [(r.rec_type, len(r.content_stream().read())) for r in ArchiveIterator(handle)]
    assert records[0][0] == "warcinfo"
    assert records[1:] == [("response", 100_000)] * written and written > 3
