"""`defnews export`: articles as JSON lines; the archive as a WACZ whose package checks out."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.support.cli import CrawlResult, run_cli
from tests.support.mounts import remount_read_only, tmpfs


def test_jsonl_has_one_article_per_line_with_the_contract_fields(demo_crawl: CrawlResult) -> None:
    result = run_cli("export", "--format", "jsonl", "--out", str(demo_crawl.out))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    files = list((demo_crawl.out / "articles").rglob("*.json"))
    assert len(lines) == len(files) == 21
    for record in lines:
        assert set(record) >= {
            "url",
            "canonical_url",
            "site",
            "title",
            "text",
            "authors",
            "published",
            "warc",
        }


def test_wacz_holds_warcs_index_and_pages_with_text(
    demo_crawl: CrawlResult, tmp_path: Path
) -> None:
    target = tmp_path / "run.wacz"
    result = run_cli("export", "--format", "wacz", "--out", str(demo_crawl.out), "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]  # one summary line
    validate = (
        "import sys; from wacz.main import main; sys.exit(main(['validate', '-f', sys.argv[1]]))"
    )
    check = subprocess.run(
        [sys.executable, "-c", validate, str(target)], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr  # the wacz package's own validator
    with zipfile.ZipFile(target) as wacz:
        names = set(wacz.namelist())
        (warc,) = [n for n in names if n.startswith("archive/") and n.endswith(".warc.gz")]
        assert {"datapackage.json", "pages/pages.jsonl", "indexes/index.cdx.gz"} <= names
        package = json.loads(wacz.read("datapackage.json"))
        for resource in package["resources"]:  # every file is what the package says it is
            digest = hashlib.sha256(wacz.read(resource["path"])).hexdigest()
            assert resource["hash"] == f"sha256:{digest}", resource["path"]
        header, *pages = [json.loads(line) for line in wacz.read("pages/pages.jsonl").splitlines()]
        index = gzip.decompress(wacz.read("indexes/index.cdx.gz")).decode()
    assert header["format"] == "json-pages-1.0"
    articles = [page for page in pages if "text" in page]
    assert len(articles) == 21
    assert any(page["url"].endswith("/quoc-phong-an-ninh/tin-tuc") for page in pages)  # a listing
    assert len({page["url"] for page in pages}) == len(pages)
    seed = next(p for p in articles if p["url"].endswith("-711953"))
    assert "Thượng tướng Lê Huy Vịnh biểu dương" in seed["text"]
    assert seed["ts"].startswith("20") and seed["ts"].endswith("Z")
    assert all(page["url"].split("://", 1)[1].split("/", 1)[1] in index for page in pages)
    assert warc.removeprefix("archive/") in index


def test_export_without_an_archive_is_a_clear_error(tmp_path: Path) -> None:
    for fmt in ("jsonl", "wacz"):
        result = run_cli("export", "--format", fmt, "--out", str(tmp_path))
        assert result.returncode == 2
        assert result.stderr.startswith("defnews: error: ") and "Traceback" not in result.stderr


def test_jsonl_to_a_file_and_into_a_closed_pipe(demo_crawl: CrawlResult, tmp_path: Path) -> None:
    target = tmp_path / "articles.jsonl"
    result = run_cli("export", "--out", str(demo_crawl.out), "-o", str(target))
    assert result.returncode == 0 and result.stdout == ""
    assert len(target.read_text(encoding="utf-8").splitlines()) == 21
    piped = subprocess.run(
        f"{sys.executable} -m crawler export --out {demo_crawl.out} | head -c 10",
        shell=True, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert "Traceback" not in piped.stderr and len(piped.stdout) == 10


# -- exports: one-line errors, written whole or not at all, never from a damaged WARC ------------


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("defnews: error: ") and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_an_export_target_that_cannot_be_written_is_one_line(
    demo_crawl: CrawlResult, tmp_path: Path
) -> None:
    with tmpfs(tmp_path / "mnt", "1m") as mount:
        remount_read_only(mount)
        targets = {
            tmp_path: "it is a folder",
            tmp_path / "missing" / "a.wacz": "there is no folder",
            mount / "a.wacz": "Read-only file system",
        }
        for target, why in targets.items():
            for fmt in ("wacz", "jsonl", "csv"):
                command = ("export", "--format", fmt, "--out", str(demo_crawl.out), "-o")
                error = _one_line(run_cli(*command, str(target)))
                assert f"cannot write {target}" in error and why in error, error
        assert list(mount.iterdir()) == []
    assert list(tmp_path.glob(".*.tmp")) == []


def test_a_damaged_warc_is_not_packed_unless_asked_loudly(
    demo_crawl: CrawlResult, tmp_path: Path
) -> None:
    import shutil

    out = Path(shutil.copytree(demo_crawl.out, tmp_path / "out"))
    (warc,) = (out / "warc").glob("*.warc.gz")
    warc.write_bytes(warc.read_bytes()[:-100])  # cut off, as a full disk or a bad copy leaves it
    target = tmp_path / "a.wacz"
    target.write_bytes(b"yesterday's export")
    error = _one_line(run_cli("export", "--format", "wacz", "--out", str(out), "-o", str(target)))
    assert f"warc/{warc.name}: offset " in error and "not packing a damaged WARC" in error
    assert target.read_bytes() == b"yesterday's export"
    command = ("export", "--format", "wacz", "--out", str(out), "-o", str(target))
    allowed = run_cli(*command, "--allow-damaged")
    assert allowed.returncode == 0, allowed.stderr
    assert f"defnews: warning: packing a damaged WARC: warc/{warc.name}: offset " in allowed.stderr
    assert zipfile.is_zipfile(target)


def test_a_killed_export_leaves_the_previous_file_whole(
    demo_crawl: CrawlResult, tmp_path: Path
) -> None:
    """Killed at the first sign of writing: the old export is still there, byte for byte."""
    import signal
    import time

    for fmt, name in (("wacz", "archive.wacz"), ("jsonl", "articles.jsonl")):
        target = tmp_path / name
        old = b"yesterday's complete export\n" * 1000
        target.write_bytes(old)
        command = [sys.executable, "-m", "crawler", "export", "--format", fmt, "--out", str(demo_crawl.out), "-o", str(target)]  # fmt: skip
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while child.poll() is None and time.monotonic() < deadline:
            # Writing has begun: a temporary file beside it, or (written in place) the file.
            if list(tmp_path.glob(f".{name}.*.tmp")) or target.stat().st_size != len(old):
                child.send_signal(signal.SIGKILL)
                break
        child.wait(timeout=30)
        assert child.returncode == -signal.SIGKILL, f"{fmt}: the export ended before the kill"
        assert target.read_bytes() == old, fmt
