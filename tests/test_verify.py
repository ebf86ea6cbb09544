"""`defnews verify` passes a sound archive and names the first bad file and offset otherwise."""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import CrawlResult, run_cli


@pytest.fixture
def archive(demo_crawl: CrawlResult, tmp_path: Path) -> Path:
    """A private copy of a crawl's output, free to damage."""
    return Path(shutil.copytree(demo_crawl.out, tmp_path / "out"))


def _warc(root: Path) -> Path:
    (path,) = (root / "warc").glob("*.warc.gz")
    return path


def _error(result_stderr: str) -> str:
    lines = result_stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result_stderr, result_stderr
    return lines[0]


def test_a_sound_archive_verifies(archive: Path) -> None:
    result = run_cli("verify", "--out", str(archive))
    assert result.returncode == 0, result.stderr
    assert "ok: 1 WARC files" in result.stdout
    assert "references (articles, index, catalogue) point at their records" in result.stdout


def test_truncated_file_fails_with_file_and_offset(archive: Path) -> None:
    warc = _warc(archive)
    data = warc.read_bytes()
    warc.write_bytes(data[: len(data) - 100])
    result = run_cli("verify", "--out", str(archive))
    assert result.returncode == 2
    error = _error(result.stderr)
    assert f"warc/{warc.name}: offset " in error and "incomplete" in error


def test_flipped_bit_fails(archive: Path) -> None:
    warc = _warc(archive)
    data = bytearray(warc.read_bytes())
    data[len(data) // 2] ^= 0x01
    warc.write_bytes(bytes(data))
    result = run_cli("verify", "--out", str(archive))
    assert result.returncode == 2
    assert f"warc/{warc.name}: offset " in _error(result.stderr)


def test_changed_payload_behind_a_valid_gzip_fails_on_its_digest(archive: Path) -> None:
    """Re-compressed after an edit: the gzip is sound, the record is not what was captured."""
    article = json.loads(next((archive / "articles").rglob("*.json")).read_text(encoding="utf-8"))
    ref = article["warc"]
    warc = archive / ref["file"]
    data = warc.read_bytes()
    record = bytearray(gzip.decompress(data[ref["offset"] : ref["offset"] + ref["length"]]))
    record[-100] ^= 0x01  # one bit of the payload, well past the headers
    tampered = gzip.compress(bytes(record))
    warc.write_bytes(data[: ref["offset"]] + tampered + data[ref["offset"] + ref["length"] :])
    result = run_cli("verify", "--out", str(archive))
    assert result.returncode == 2
    error = _error(result.stderr)
    assert "digest mismatch" in error and ref["record_id"] in error


def test_a_reference_to_the_wrong_place_fails(archive: Path) -> None:
    path = next((archive / "articles").rglob("*.json"))
    article = json.loads(path.read_text(encoding="utf-8"))
    article["warc"]["offset"] += 1
    path.write_text(json.dumps(article, ensure_ascii=False), encoding="utf-8")
    result = run_cli("verify", "--out", str(archive))
    assert result.returncode == 2
    assert path.relative_to(archive).as_posix() in _error(result.stderr)


def test_no_archive_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli("verify", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "no archive in" in _error(result.stderr)


def test_a_record_shorter_than_its_content_length_fails(archive: Path) -> None:
    warc = _warc(archive)
    short = b"WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:x>\r\nContent-Length: 5000\r\n\r\nshort"
    warc.write_bytes(warc.read_bytes() + gzip.compress(short))
    result = run_cli("verify", "--out", str(archive))
    assert result.returncode == 2
    assert "Content-Length 5000" in _error(result.stderr)


def test_huge_headers_are_no_problem(tmp_path: Path) -> None:
    """FastWARC stops at 32 KB of HTTP headers; a valid archive with more must still verify."""
    from datetime import UTC, datetime

    from crawler.archive.records import response_record
    from crawler.archive.writer import WarcWriter

    head = b"HTTP/1.1 200 OK\r\n" + b"\r\n".join(
        b"Set-Cookie: c%d=%s" % (n, b"x" * 900) for n in range(60)
    )
    writer = WarcWriter(tmp_path / "warc", "big", ref_root=tmp_path)
    writer.write([response_record(url="http://x/", head=head, body=b"ok", date=datetime.now(UTC))])
    writer.close()
    result = run_cli("verify", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr


def test_a_catalogue_row_or_index_line_pointing_nowhere_fails(archive: Path) -> None:
    with sqlite3.connect(archive / "catalog.sqlite") as db:
        db.execute(
            "UPDATE payloads SET offset = offset + 7 WHERE rowid = (SELECT MIN(rowid) FROM payloads)"
        )
    result = run_cli("verify", "--out", str(archive))
    assert result.returncode == 2
    assert "catalog.sqlite" in _error(result.stderr)
    with sqlite3.connect(archive / "catalog.sqlite") as db:
        db.execute(
            "UPDATE payloads SET offset = offset - 7 WHERE rowid = (SELECT MIN(rowid) FROM payloads)"
        )
    (index,) = (archive / "index").glob("*.cdxj")
    lines = index.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace('"offset": "', '"offset": "9', 1)
    index.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("verify", "--out", str(archive))
    assert result.returncode == 2
    assert "index/" in _error(result.stderr)


@pytest.mark.parametrize(
    ("table", "damage"),
    [
        ("urls", "UPDATE urls SET warc_offset = warc_offset + 3 WHERE kind = 'article' AND rowid = (SELECT MIN(rowid) FROM urls WHERE kind = 'article')"),
        ("articles", "UPDATE articles SET fields = json_set(fields, '$.warc.record_id', '<urn:uuid:0>') WHERE id = 1"),
    ],
)  # fmt: skip
def test_catalogue_urls_and_articles_must_point_at_their_records(
    archive: Path, table: str, damage: str
) -> None:
    with sqlite3.connect(archive / "catalog.sqlite") as db:
        db.execute(damage)
    result = run_cli("verify", "--out", str(archive))
    assert result.returncode == 2
    assert f"catalog.sqlite ({table})" in _error(result.stderr)
