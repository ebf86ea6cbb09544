"""WARC files a killed crawl leaves open are cut back to their last whole record and closed."""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastwarc.warc import ArchiveIterator as FastIterator
from warcio.archiveiterator import ArchiveIterator

from crawler.core.archive.members import scan_members
from crawler.core.archive.records import response_record
from crawler.core.archive.repair import repair_open_files
from crawler.core.archive.writer import OPEN_SUFFIX, WarcWriter, this_host
from crawler.demo.server import DemoServer
from crawler.demo.site import build_site
from tests.support.cli import FAST

NOW = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _records(path: Path) -> list[str]:
    with path.open("rb") as handle:
        return [r.rec_headers.get_header("WARC-Record-ID") for r in ArchiveIterator(handle)]


def test_half_written_record_is_cut_and_the_file_closed(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path, "t", now=lambda: NOW)
    for n in range(3):
        writer.write(
            [
                response_record(
                    url=f"http://x/{n}", head=b"HTTP/1.1 200 OK", body=b"x" * 5000, date=NOW
                )
            ]
        )
    writer.close()
    assert writer.path is not None
    # What SIGKILL leaves: the file still .open, a record's gzip member only partly on disk.
    open_path = writer.path.rename(writer.path.with_name(writer.path.name + OPEN_SUFFIX))
    member = gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n" + os.urandom(4000))
    with open_path.open("ab") as handle:
        handle.write(member[: len(member) // 2])
    whole = scan_members(open_path).complete_end
    orphan = open_path.with_name(open_path.name.replace(f"-{os.getpid()}-", f"-{_dead_pid()}-"))
    open_path.rename(orphan)

    (repair,) = repair_open_files(tmp_path)

    assert repair.path.name == orphan.name.removesuffix(OPEN_SUFFIX)
    assert (repair.kept_records, repair.cut_bytes) == (3, len(member) // 2)
    assert repair.path.stat().st_size == whole
    assert len(_records(repair.path)) == 4  # warcinfo + the three whole records
    subprocess.run(["gzip", "-t", str(repair.path)], check=True)


def test_a_file_still_being_written_is_left_alone(tmp_path: Path) -> None:
    writer = WarcWriter(tmp_path, "t", now=lambda: NOW)
    writer.write([response_record(url="http://x/", head=b"HTTP/1.1 200 OK", body=b"x", date=NOW)])
    assert repair_open_files(tmp_path) == []  # our own pid: a live writer
    writer.close()


def test_nothing_whole_is_set_aside_not_called_a_warc(tmp_path: Path) -> None:
    broken = tmp_path / f"t-20261124050000000-00000-{_dead_pid()}-{this_host()}.warc.gz.open"
    broken.write_bytes(gzip.compress(b"WARC/1.1\r\n" + os.urandom(1000))[:50])
    (repair,) = repair_open_files(tmp_path)
    assert repair.path.name.endswith(".warc.gz.open.corrupt")
    assert not list(tmp_path.glob("*.warc.gz"))


@pytest.mark.slow
def test_sigkill_mid_crawl_then_rerun_repairs_without_losing_a_record(tmp_path: Path) -> None:
    with DemoServer(build_site(), delay=0.05) as slow:
        command = [sys.executable, "-m", "crawler", "crawl", "qdnd", "--base-url", slow.base_url]
        crawl = subprocess.Popen(
            [*command, "--out", str(tmp_path), *FAST], stderr=subprocess.DEVNULL
        )
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                open_files = list((tmp_path / "warc").glob("*.open"))
                if open_files and open_files[0].stat().st_size > 60_000:
                    break
                time.sleep(0.02)
            os.kill(crawl.pid, signal.SIGKILL)
        finally:
            crawl.wait()
        (left_open,) = (tmp_path / "warc").glob("*.open")
        whole = scan_members(left_open).complete_end
        kept = _records(left_open)[: scan_members(left_open).members]

        rerun = subprocess.run(
            [*command, "--out", str(tmp_path), "--max-articles", "1", *FAST],
            capture_output=True, text=True, check=False, timeout=120,
        )  # fmt: skip
    assert rerun.returncode == 0, rerun.stderr
    assert "repaired" in rerun.stderr  # the log line naming the file
    assert "repaired 1 WARC file(s) a killed crawl had left open" in rerun.stdout
    assert not list((tmp_path / "warc").glob("*.open"))
    repaired = tmp_path / "warc" / left_open.name.removesuffix(OPEN_SUFFIX)
    assert repaired.stat().st_size == whole
    assert _records(repaired) == kept  # every whole record is still there
    for path in (tmp_path / "warc").glob("*.warc.gz"):
        subprocess.run(["gzip", "-t", str(path)], check=True)
        with path.open("rb") as handle:
            assert all(r.verify_block_digest() for r in FastIterator(handle, parse_http=False))


def test_a_file_from_another_host_is_left_to_that_host(tmp_path: Path) -> None:
    other = tmp_path / "t-20261124050000000-00000-123~elsewhere.example.org.warc.gz.open"
    other.write_bytes(gzip.compress(b"WARC/1.1\r\n" + os.urandom(100))[:40])
    assert repair_open_files(tmp_path) == []
    assert other.exists()


def test_a_damaged_catalogue_stops_the_crawl_before_it_starts(tmp_path: Path) -> None:
    damaged = b"this is not a database" * 100
    (tmp_path / "catalog.sqlite").write_bytes(damaged)
    with DemoServer(build_site()) as server:
        result = subprocess.run(
            [sys.executable, "-m", "crawler", "crawl", "qdnd", "--base-url", server.base_url,
             "--out", str(tmp_path), "--max-articles", "1", *FAST],
            capture_output=True, text=True, check=False, timeout=120,
        )  # fmt: skip
        fetched = len(server.requests)
    assert result.returncode == 2
    expected = f"defnews: error: {tmp_path}/catalog.sqlite is not a usable catalogue: file is"
    assert result.stderr.strip().splitlines() == [f"{expected} not a database"]
    assert fetched == 0
    assert (tmp_path / "catalog.sqlite").read_bytes() == damaged  # left for the user to look at


def test_a_digest_store_that_cannot_open_stops_the_crawl(tmp_path: Path) -> None:
    """Past the CLI's checks (scrapy crawl), the archive still refuses to run blind."""
    (tmp_path / "catalog.sqlite").mkdir()  # not a file: SQLite cannot open it
    with DemoServer(build_site()) as server:
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "site=qdnd",
             "-a", f"base_url={server.base_url}", "-s", f"OUTPUT_DIR={tmp_path}",
             "-s", "CATALOG_ENABLED=False", "-s", "LOG_LEVEL=ERROR"],
            capture_output=True, text=True, check=False, timeout=120,
            cwd=Path(__file__).resolve().parent.parent,
        )  # fmt: skip
    assert "cannot open the archive" in result.stderr
    assert "Traceback" not in result.stderr
