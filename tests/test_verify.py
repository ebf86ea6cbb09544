"""`defnews verify` passes a sound archive and names the first bad file and offset otherwise."""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.support.cli import CrawlResult, run_cli


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

    from crawler.core.archive.records import response_record
    from crawler.core.archive.writer import WarcWriter

    head = b"HTTP/1.1 200 OK\r\n" + b"\r\n".join(
        b"Set-Cookie: c%d=%s" % (n, b"x" * 900) for n in range(60)
    )
    writer = WarcWriter(tmp_path / "warc", "big", ref_root=tmp_path)
    writer.write([response_record(url="http://x/", head=head, body=b"ok", date=datetime.now(UTC))])
    writer.close()
    result = run_cli("verify", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr


def test_a_catalogue_row_or_index_line_pointing_nowhere_fails(archive: Path) -> None:
    with closing(sqlite3.connect(archive / "catalog.sqlite")) as db, db:
        db.execute(
            "UPDATE payloads SET offset = offset + 7 WHERE rowid = (SELECT MIN(rowid) FROM payloads)"
        )
    result = run_cli("verify", "--out", str(archive))
    assert result.returncode == 2
    assert "catalog.sqlite" in _error(result.stderr)
    with closing(sqlite3.connect(archive / "catalog.sqlite")) as db, db:
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
    with closing(sqlite3.connect(archive / "catalog.sqlite")) as db, db:
        db.execute(damage)
    result = run_cli("verify", "--out", str(archive))
    assert result.returncode == 2
    assert f"catalog.sqlite ({table})" in _error(result.stderr)


# -- verify is the judge: every article has its capture, its own files, no orphans -------------


def _problems(result_stdout: str) -> list[str]:
    return [line for line in result_stdout.splitlines() if line.startswith("problem: ")]


def _judged(root: Path) -> list[str]:
    """verify's problems for root; it must fail, in one line on stderr."""
    result = run_cli("verify", "--out", str(root))
    assert result.returncode == 2, result.stdout + result.stderr
    _error(result.stderr)
    problems = _problems(result.stdout)
    assert problems, result.stdout
    return problems


def _db(root: Path, query: str, *params: object) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(root / "catalog.sqlite")) as db, db:
        return list(db.execute(query, params))


def _aid(archive: Path, row: int) -> str:
    """The article ID of the catalogue row `row` (what verify names a version by)."""
    return str(_db(archive, "SELECT article FROM articles WHERE id = ?", row)[0][0])


@pytest.fixture(scope="module")
def versioned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two crawls of the sample site, an article revised between them: a kept version .v1."""
    from datetime import timedelta

    from crawler.demo.changes import now_vn
    from crawler.demo.server import DemoServer
    from crawler.demo.site import build_site
    from tests.support.cli import FAST

    out = tmp_path_factory.mktemp("versioned")
    with DemoServer(build_site()) as server:
        for step in range(2):
            if step:
                path = next(a.path for a in server.articles if a.article_id == 711953)
                server.revise(path, "Một đoạn mới.", modified=now_vn() + timedelta(seconds=1))
            crawl = ("crawl", "qdnd", "--base-url", server.base_url, "--out", str(out), *FAST)
            result = run_cli(*crawl, *(["--refresh"] if step else []))
            assert result.returncode == 0, result.stderr
    assert list((out / "articles").rglob("*.v1.json"))
    return out


@pytest.fixture
def kept(versioned: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(versioned, tmp_path / "kept"))


def test_a_clean_crawl_passes_the_judge(archive: Path) -> None:
    result = run_cli("verify", "--out", str(archive))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "21 article versions have their capture and their own 42 text files" in result.stdout


def test_a_crawl_with_a_kept_version_and_revisits_passes_the_judge(kept: Path) -> None:
    result = run_cli("verify", "--out", str(kept))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "22 article versions have their capture and their own 44 text files" in result.stdout


def test_a_deleted_warc_is_named_for_every_article_it_held(archive: Path) -> None:
    warc = _warc(archive)
    warc.unlink()
    problems = _judged(archive)
    missing = [
        p for p in problems if f"{warc.relative_to(archive).as_posix()}, which is not in warc/" in p
    ]
    assert len(missing) == 21  # each article, by id and URL


def test_an_edited_text_file_is_named(archive: Path) -> None:
    (stem,) = _db(archive, "SELECT files FROM articles WHERE id = 4")[0]
    text = archive / f"{stem}.txt"
    text.write_text(text.read_text(encoding="utf-8") + "một câu thêm\n", encoding="utf-8")
    problems = _judged(archive)
    url = _db(archive, "SELECT url FROM articles WHERE id = 4")[0][0]
    expected = (
        f"does not say what the catalogue says of article {_aid(archive, 4)} version 1 ({url})"
    )
    assert problems == [
        f"problem: {stem}.txt: {expected} (edited, or overwritten by another's text)"
    ]


def test_a_json_file_with_another_title_is_named_with_the_field(archive: Path) -> None:
    (stem,) = _db(archive, "SELECT files FROM articles WHERE id = 5")[0]
    path = archive / f"{stem}.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["title"] = "Một tiêu đề khác"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    (problem,) = _judged(archive)
    assert (
        f"{stem}.json: does not say what the catalogue says of article {_aid(archive, 5)}"
        in problem
    )
    assert "(title differ)" in problem


def test_two_rows_on_one_stem_are_named(archive: Path) -> None:
    (stem,) = _db(archive, "SELECT files FROM articles WHERE id = 1")[0]
    (other,) = _db(archive, "SELECT files FROM articles WHERE id = 2")[0]
    _db(archive, "UPDATE articles SET files = ? WHERE id = 2", stem)
    problems = _judged(archive)
    first, second = _aid(archive, 1), _aid(archive, 2)
    assert any(
        f"{stem}: 2 articles share these files: article {first} version 1" in p for p in problems
    )
    assert any(
        "holds another article" in p and f"article {second} version 1" in p for p in problems
    )
    assert (
        f"problem: {other}.json: no article in the catalogue has this file (an orphan)" in problems
    )


def test_an_article_without_its_capture_is_named(archive: Path) -> None:
    _db(
        archive,
        "UPDATE articles SET fields = json_set(fields, '$.warc', json('null')) WHERE id = 3",
    )
    # and its .json, as a crawl that stored it bare wrote it
    (stem,) = _db(archive, "SELECT files FROM articles WHERE id = 3")[0]
    path = archive / f"{stem}.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["warc"] = None
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    (problem,) = _judged(archive)
    assert problem.startswith(
        f"problem: catalog.sqlite (articles): article {_aid(archive, 3)} version 1 ("
    )
    assert problem.endswith(
        "has no capture: its WARC reference is empty (stored without the page it came from)"
    )


def test_a_capture_of_another_page_is_named(archive: Path) -> None:
    _db(
        archive,
        "UPDATE articles SET fields = json_set(fields, '$.warc', "
        "(SELECT json_extract(fields, '$.warc') FROM articles WHERE id = 2)) WHERE id = 1",
    )
    problems = _judged(archive)
    assert any(
        f"article {_aid(archive, 1)} version 1" in p and "not of this article's URL" in p
        for p in problems
    )


def test_a_deleted_kept_version_file_is_named(kept: Path) -> None:
    (old,) = list((kept / "articles").rglob("*.v1.json"))
    old.unlink()
    (problem,) = _judged(kept)
    stem = old.relative_to(kept).as_posix()
    assert problem.startswith(f"problem: {stem}: missing: the text file of article ")
    assert "version 1 (" in problem


def test_a_row_without_files_and_files_without_a_row_are_named(archive: Path) -> None:
    (stem, key) = _db(archive, "SELECT files, key FROM articles WHERE id = 6")[0]
    _db(archive, "DELETE FROM articles WHERE id = 6")
    _db(archive, "UPDATE articles SET files = '' WHERE id = 7")
    problems = _judged(archive)
    assert (
        f"problem: {stem}.json: no article in the catalogue has this file (an orphan)" in problems
    )
    assert f"problem: {stem}.txt: no article in the catalogue has this file (an orphan)" in problems
    assert (
        f"problem: catalog.sqlite (urls): {key} is marked archived, but no article in the catalogue holds it"
        in problems
    )
    assert any(
        f"article {_aid(archive, 7)} version 1" in p and p.endswith("has no text files")
        for p in problems
    )


# -- a running crawl's files are skipped and named; a crashed crawl's are checked ---------------


def test_verify_while_a_crawl_runs_skips_and_names_what_the_crawl_holds(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    from crawler.demo.server import DemoServer
    from crawler.demo.site import build_site
    from tests.support.cli import FAST

    out = tmp_path / "out"
    with DemoServer(build_site(), delay=1.0) as server:
        command = [sys.executable, "-m", "crawler", "crawl", "qdnd", "--base-url", server.base_url, "--out", str(out), *FAST]  # fmt: skip
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 120
            while len(list((out / "articles").rglob("*.json"))) < 3:
                assert time.monotonic() < deadline and child.poll() is None
                time.sleep(0.05)
            (held,) = (out / "warc").glob("*.warc.gz.open")
            result = run_cli("verify", "--out", str(out))
            assert child.poll() is None  # verify ran while the crawl did
        finally:
            child.kill()
            child.wait(timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        f"skipped: warc/{held.name}: a running crawl (pid {child.pid}) is writing it; not checked"
        in result.stdout
    )
    assert f"skipped: site qdnd: a crawl is running (pid {child.pid})" in result.stdout
    assert "problem" not in result.stdout


def _crashed(root: Path) -> Path:
    """The archive's WARC as a crawl killed mid-record leaves it: .open, a record cut off."""
    warc = _warc(root)
    opened = warc.with_name(warc.name + ".open")
    cut = gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n" + b"x" * 5000)[:-40]
    opened.write_bytes(warc.read_bytes() + cut)
    warc.unlink()
    return opened


def test_a_crashed_crawls_open_file_is_checked_up_to_its_last_whole_record(archive: Path) -> None:
    with _warc(archive).open("rb") as handle:
        whole = sum(1 for _ in ArchiveIterator(handle))
    opened = _crashed(archive)
    result = run_cli("verify", "--out", str(archive))
    assert result.returncode == 0, result.stdout + result.stderr
    pid = opened.name.split("-")[3]
    assert (
        f"note: warc/{opened.name}: left open by a crawl that is no longer running (pid {pid}); "
        f"its {whole} whole records are checked; the next crawl closes it, cutting "
    ) in result.stdout
    assert "21 article versions have their capture" in result.stdout


def test_damage_in_a_crashed_crawls_open_file_is_still_found(archive: Path) -> None:
    opened = _crashed(archive)
    data = bytearray(opened.read_bytes())
    data[len(data) // 2] ^= 0x01
    opened.write_bytes(bytes(data))
    problems = _judged(archive)
    assert f"warc/{opened.name}: offset " in problems[0]


def _point_at_a_revisit(root: Path) -> tuple[int, str]:
    """Point an article (row and .json) at a revisit of its own URL, written by the --refresh
    run, as a capture updated to the latest fetch is; returns its id and the payload digest."""
    from warcio.archiveiterator import ArchiveIterator

    revisits = {}
    for warc in sorted((root / "warc").glob("*.warc.gz")):
        with warc.open("rb") as handle:
            iterator = ArchiveIterator(handle)
            for record in iterator:
                if record.rec_type == "revisit":
                    uri = record.rec_headers.get_header("WARC-Target-URI")
                    revisits[uri] = (
                        f"warc/{warc.name}",
                        iterator.get_record_offset(),
                        record.rec_headers.get_header("WARC-Record-ID"),
                        record.rec_headers.get_header("WARC-Payload-Digest"),
                    )
    for id_, url, stem, fields in _db(root, "SELECT id, url, files, fields FROM articles"):
        if url in revisits:
            file, offset, record_id, digest = revisits[str(url)]
            record = json.loads(str(fields))
            record["warc"] = {"file": file, "offset": offset, "length": 1, "record_id": record_id}
            _db(root, "UPDATE articles SET fields = ? WHERE id = ?", json.dumps(record), id_)
            (root / f"{stem}.json").write_text(json.dumps(record), encoding="utf-8")
            return int(str(id_)), str(digest)
    raise AssertionError("no article has a revisit of its URL")


def test_a_capture_that_is_a_revisit_must_find_its_body(kept: Path) -> None:
    article, digest = _point_at_a_revisit(kept)
    result = run_cli("verify", "--out", str(kept))
    assert result.returncode == 0, result.stdout + result.stderr  # its body is found
    _db(kept, "DELETE FROM payloads WHERE digest = ?", digest)
    (problem,) = _judged(kept)
    assert f"article {_aid(kept, article)} version" in problem
    assert f"the catalogue's payloads table does not say where its body ({digest}) is" in problem


def test_an_open_file_of_another_machine_is_skipped_and_named(archive: Path) -> None:
    """A lock does not reach across machines: whether that crawl runs cannot be known."""
    other = archive / "warc" / "qdnd-20250101000000000-00000-999~another-host.example.warc.gz.open"
    other.write_bytes(_warc(archive).read_bytes()[:-100])  # still being written, over there
    result = run_cli("verify", "--out", str(archive))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        f"skipped: warc/{other.name}: written on another-host.example (pid 999), whose crawl "
        "may still be running; not checked"
    ) in result.stdout
