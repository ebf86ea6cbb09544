"""What the server sent is what the WARC holds: heads byte for byte, bodies as received.

The archive runs are in this process (tests/support/inprocess.py): what is checked is the
WARC, not the command line around the crawl (tests/test_not_stored.py runs `defnews archive` itself)."""

from __future__ import annotations

import subprocess
import sys
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastwarc.warc import ArchiveIterator as FastIterator
from warcio.archiveiterator import ArchiveIterator

from crawler.core.archive.records import request_record
from tests.support.cli import FAST
from tests.support.inprocess import archive as archive_in_process
from tests.support.sites.hard import (
    GZIPPED,
    OTHER_PAGE,
    PAGE,
    PNG,
    RESPONSES,
    SLOW_BODY,
    HardServer,
)

PATHS = [
    "/gzip",
    "/headers",
    "/chunked",
    "/reason",
    "/missing",
    "/binary.png",
    "/set-cookies",
    "/query?a=1&b=%C3%A2",
    "/spoof",
    "/chunkcl",
]
Records = dict[str, bytes]  # "response /path" or "request /path" -> the record's raw block


def raw_records(warc: Path) -> Records:
    """Every record's block, read member by member without any WARC library in between."""
    data, records = warc.read_bytes(), {}
    while data:
        inflater = zlib.decompressobj(31)
        record = inflater.decompress(data)
        data = inflater.unused_data
        head, block = record.split(b"\r\n\r\n", 1)
        fields = dict(line.split(b": ", 1) for line in head.split(b"\r\n")[1:])
        block = block[: int(fields[b"Content-Length"])]
        kind = fields[b"WARC-Type"].decode()
        if kind in ("response", "request"):
            target = fields[b"WARC-Target-URI"].decode().split("/", 3)[3]
            records[f"{kind} /{target}"] = block
    return records


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Records, list[bytes]]:
    out = tmp_path_factory.mktemp("fidelity")
    with HardServer() as server:
        status = archive_in_process([server.base_url + path for path in PATHS], out, *FAST)
        received = list(server.received)
    assert status == 0
    (warc,) = (out / "warc").glob("*.warc.gz")
    return warc, raw_records(warc), received


@pytest.mark.parametrize(
    "path", ["/gzip", "/headers", "/reason", "/missing", "/binary.png", "/set-cookies", "/spoof"]
)
def test_response_is_byte_identical_to_what_was_sent(
    archive: tuple[Path, Records, list[bytes]], path: str
) -> None:
    _, records, _ = archive
    head, body = RESPONSES[path]
    assert records[f"response {path}"] == head + b"\r\n\r\n" + body


def test_gzip_body_stays_gzip(archive: tuple[Path, Records, list[bytes]]) -> None:
    block = archive[1]["response /gzip"]
    assert block.endswith(b"\r\n\r\n" + GZIPPED)
    assert zlib.decompress(GZIPPED, 31) == PAGE


def test_chunked_body_is_stored_dechunked_under_a_renamed_header(
    archive: tuple[Path, Records, list[bytes]],
) -> None:
    head, body = archive[1]["response /chunked"].split(b"\r\n\r\n", 1)
    assert body == PAGE
    lines = head.split(b"\r\n")
    assert b"X-Crawler-Transfer-Encoding: chunked" in lines
    assert not any(line.lower().startswith(b"transfer-encoding") for line in lines)
    assert f"Content-Length: {len(PAGE)}".encode() in lines  # matches what is stored
    sent_head = RESPONSES["/chunked"][0].split(b"\r\n")
    assert lines[0] == sent_head[0] == b"HTTP/1.1 200 OK"


def test_request_records_hold_what_was_sent(archive: tuple[Path, Records, list[bytes]]) -> None:
    _, records, received = archive
    sent = {head.split(b" ")[1].decode(): head for head in received}
    for path in [*PATHS, "/echo", "/robots.txt"]:
        block = records[f"request {path}"]
        assert block == sent[path] + b"\r\n\r\n", path  # byte for byte what the server read
    query = records["request /query?a=1&b=%C3%A2"]
    assert query.startswith(b"GET /query?a=1&b=%C3%A2 HTTP/1.1\r\n")
    names = {line.split(b":")[0].lower() for line in query.split(b"\r\n")[1:] if line}
    assert {b"host", b"user-agent", b"accept", b"accept-encoding"} <= names
    (cookie,) = [
        line for line in records["request /echo"].split(b"\r\n") if line.startswith(b"Cookie: ")
    ]
    assert b"s1=x; s2=y" in cookie  # both cookies the 302 set were sent on


def test_validators_accept_the_archive(archive: tuple[Path, Records, list[bytes]]) -> None:
    warc = archive[0]
    subprocess.run(["gzip", "-t", str(warc)], check=True)
    check = subprocess.run(
        [sys.executable, "-c", "from warcio.cli import main; main()", "check", str(warc)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    fast = subprocess.run(
        [sys.executable, "-c", "from fastwarc.cli import main; main()", "check", str(warc)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert fast.returncode == 0, fast.stdout + fast.stderr
    with warc.open("rb") as handle:
        assert all(
            record.verify_block_digest() for record in FastIterator(handle, parse_http=False)
        )
    assert PNG in archive[1]["response /binary.png"]


def test_a_second_run_writes_revisits_not_copies(tmp_path: Path) -> None:
    with HardServer() as server:
        urls = [server.base_url + path for path in ("/gzip", "/binary.png", "/missing")]
        for _ in range(2):
            assert archive_in_process(urls, tmp_path, *FAST) == 0
    first, second = sorted((tmp_path / "warc").glob("*.warc.gz"))
    originals = _by_type(first)
    again = _by_type(second)
    assert {u.rsplit("/", 1)[1] for u, _ in again["revisit"]} == {"gzip", "binary.png"}
    assert {u.rsplit("/", 1)[1] for u, _ in again["response"]} == {
        "robots.txt",
        "missing",
    }  # not 2xx
    for url, headers in again["revisit"]:
        assert (
            headers["WARC-Profile"]
            == "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
        )
        original = next(h for u, h in originals["response"] if u == url)
        assert headers["WARC-Refers-To"] == original["WARC-Record-ID"]
        assert headers["WARC-Refers-To-Target-URI"] == url
        assert headers["WARC-Refers-To-Date"] == original["WARC-Date"]
        assert headers["WARC-Payload-Digest"] == original["WARC-Payload-Digest"]
    assert second.stat().st_size < first.stat().st_size


def _by_type(warc: Path) -> dict[str, list[tuple[str, dict[str, str]]]]:
    found: dict[str, list[tuple[str, dict[str, str]]]] = {"response": [], "revisit": []}
    with warc.open("rb") as handle:
        for record in ArchiveIterator(handle):
            if record.rec_type in found:
                headers = dict(record.rec_headers.headers)
                found[record.rec_type].append((headers["WARC-Target-URI"], headers))
    return found


def test_a_false_content_length_beside_chunking_is_renamed(
    archive: tuple[Path, Records, list[bytes]],
) -> None:
    head, body = archive[1]["response /chunkcl"].split(b"\r\n\r\n", 1)
    lines = head.split(b"\r\n")
    assert body == OTHER_PAGE
    assert b"X-Crawler-Content-Length: 9999" in lines
    assert [line for line in lines if line.lower().startswith(b"content-length")] == [
        f"Content-Length: {len(OTHER_PAGE)}".encode()
    ]


def test_proxy_credentials_never_reach_the_archive() -> None:
    head = b"GET http://x/ HTTP/1.1\r\nProxy-Authorization: Basic YWxpY2U6czNjcmV0\r\nHost: x"
    record = request_record(
        url="http://x/", head=head, body=b"", date=datetime.now(UTC), concurrent_to="<x>"
    )
    assert b"Proxy-Authorization" not in record.block and b"Host: x" in record.block


def test_a_body_cut_short_is_archived_as_truncated_and_never_an_original(tmp_path: Path) -> None:
    with HardServer() as server:
        url = server.base_url + "/short"
        sets = ["--set", "DOWNLOAD_FAIL_ON_DATALOSS=False"]
        for _ in range(2):
            assert archive_in_process([url], tmp_path, *sets, *FAST) == 0
    for warc in (tmp_path / "warc").glob("*.warc.gz"):
        records = _by_type(warc)
        assert not records["revisit"]  # a truncated payload is no original
        ((_, headers),) = [(u, h) for u, h in records["response"] if u.endswith("/short")]
        assert headers["WARC-Truncated"] == "disconnect"
        # The stored head says how long the stored body is (replay tools send that length:
        # the server's 100 would leave a client waiting for 91 bytes that never come).
        block = raw_records(warc)["response /short"]
        head = block.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
        assert b"Content-Length: 9" in head and b"X-Crawler-Content-Length: 100" in head
        assert block.endswith(b"\r\n\r\nonly nine")


def test_a_capture_is_dated_when_it_began_not_when_its_body_ended(tmp_path: Path) -> None:
    with HardServer() as server:
        before = datetime.now(UTC)
        assert archive_in_process([server.base_url + "/slow"], tmp_path, *FAST) == 0
    (warc,) = (tmp_path / "warc").glob("*.warc.gz")
    dates = {}
    with warc.open("rb") as handle:
        for record in ArchiveIterator(handle):
            if record.rec_headers.get_header("WARC-Target-URI", "").endswith("/slow"):
                stamp = record.rec_headers.get_header("WARC-Date").replace("Z", "+00:00")
                dates[record.rec_type] = datetime.fromisoformat(stamp)
    request, response = dates["request"], dates["response"]
    # The body came SLOW_BODY seconds after the head: neither record may carry that delay.
    assert before <= request <= response
    assert (response - request).total_seconds() < SLOW_BODY / 2
    assert (response - before).total_seconds() < SLOW_BODY
