"""Reading commands work on a read-only archive (a mounted backup): a real read-only mount,
where even root cannot write, not permission bits (root, as in CI, ignores those)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cli import CrawlResult, run_cli
from tests.support.mounts import remount_read_only, tmpfs


@pytest.fixture
def read_only(demo_crawl: CrawlResult, tmp_path: Path) -> Iterator[Path]:
    """The demo crawl on a tmpfs remounted read-only; its catalogue holds a run still in its
    WAL (copied while a writer had it open: a backup taken during a crawl)."""
    with tmpfs(tmp_path / "mnt", "64m") as mount:
        out = Path(shutil.copytree(demo_crawl.out, mount / "out"))
        writer = sqlite3.connect(out / "catalog.sqlite", isolation_level=None)
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute(
            "INSERT INTO runs (site, started, status) VALUES ('only-in-the-wal', "
            "'2030-01-01T00:00:00+00:00', 'finished')"
        )
        wal = out / "catalog.sqlite-wal"
        kept = wal.read_bytes()
        (out / "catalog.sqlite-shm").unlink()
        shutil.copyfile(out / "catalog.sqlite", tmp_path / "db")
        writer.close()  # checkpoints and removes the WAL: put back the copy taken before
        shutil.copyfile(tmp_path / "db", out / "catalog.sqlite")
        wal.write_bytes(kept)
        remount_read_only(mount)
        with pytest.raises(OSError):
            (out / "probe").write_bytes(b"")
        yield out


def test_every_reading_command_reads_a_read_only_archive(read_only: Path, tmp_path: Path) -> None:
    out = str(read_only)
    before = {p: p.stat().st_mtime_ns for p in read_only.rglob("*")}
    commands = [
        ("list", "--out", out),
        ("stats", "--out", out),
        ("search", "quân", "--out", out),
        ("show", "1", "--out", out),
        ("show", "1", "--html", "--out", out),
        ("runs", "--out", out),
        ("export", "--out", out),
        ("export", "--format", "wacz", "--out", out, "-o", str(tmp_path / "a.wacz")),
        ("verify", "--out", out),
        ("catalog", "merge", out, "--into", str(tmp_path / "merged")),
    ]
    results = {command[:2]: run_cli(*command) for command in commands}
    for command, result in results.items():
        assert result.returncode == 0, (command, result.stderr)
        assert "nothing crawled" not in result.stderr
    assert len(results[("list", "--out")].stdout.splitlines()) == 22  # header and 21 articles
    assert "only-in-the-wal" in results[("runs", "--out")].stdout  # the WAL was read
    assert len(results[("export", "--out")].stdout.splitlines()) == 21
    assert "21 article versions" in results[("verify", "--out")].stdout
    assert "21 new article(s)" in results[("catalog", "merge")].stdout
    assert (tmp_path / "a.wacz").stat().st_size > 0
    assert {p: p.stat().st_mtime_ns for p in read_only.rglob("*")} == before


def test_a_read_only_folder_without_a_catalogue_is_one_line(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "mnt", "1m") as mount:
        (mount / "articles").mkdir()
        remount_read_only(mount)
        result = run_cli("list", "--out", str(mount))
    assert result.returncode == 2
    assert result.stderr.startswith("defnews: error: ") and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_cleanly_closed_catalogue_on_a_read_only_mount_is_read(
    demo_crawl: CrawlResult, tmp_path: Path
) -> None:
    """No -wal, no -shm, and no right to make one: opened immutable, in place (nothing can be
    missed: every commit is in the database file)."""
    with tmpfs(tmp_path / "mnt", "64m") as mount:
        out = Path(shutil.copytree(demo_crawl.out, mount / "out"))
        # The shared crawl's folder may have a -wal beside it (another test's reader still
        # open in this process): close the copy cleanly, as a crawl that ended does.
        closing = sqlite3.connect(out / "catalog.sqlite")
        closing.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        closing.close()
        assert not (out / "catalog.sqlite-wal").exists()
        remount_read_only(mount)
        listed = run_cli("list", "--out", str(out))
        verified = run_cli("verify", "--out", str(out))
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == 22
    assert verified.returncode == 0, verified.stdout + verified.stderr
