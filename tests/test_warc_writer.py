"""The WARC writer, byte for byte, read back by warcio, FastWARC and gzip."""

from __future__ import annotations

import gzip
import io
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from fastwarc.warc import ArchiveIterator as FastIterator
from fastwarc.warc import WarcRecordType
from warcio.archiveiterator import ArchiveIterator

from crawler.core.archive.records import request_record, response_record, sha1_digest
from crawler.core.archive.writer import OPEN_SUFFIX, WarcWriter

FIXED = datetime(2026, 11, 24, 5, 0, 0, 123456, tzinfo=UTC)
BODY = gzip.compress("<html><body>Quân đội nhân dân</body></html>".encode())


HEAD = b"\r\n".join(
    [
        b"HTTP/1.1 200 Everything Fine",
        b"content-type: text/html; charset=utf-8",
        b"Set-Cookie: a=1; path=/",
        b"Content-Encoding: gzip",
        b"Set-Cookie: b=2; path=/",
        b"Transfer-Encoding: chunked",
        b"X-Raw: " + "Quân".encode("cp1258"),
    ]
)


def _exchange(url: str = "http://127.0.0.1:8000/a/b-1?x=1&y=2") -> list:
    resp = response_record(url=url, head=HEAD, body=BODY, date=FIXED, ip_address="127.0.0.1")
    req = request_record(
        url=url,
        head=b"GET /a/b-1?x=1&y=2 HTTP/1.1\r\nAccept-Encoding: gzip, deflate\r\nHost: 127.0.0.1:8000",
        body=b"",
        date=FIXED,
        concurrent_to=resp.record_id,
    )
    return [resp, req]


def _writer(tmp_path: Path, **kwargs: object) -> WarcWriter:
    return WarcWriter(
        tmp_path / "warc",
        "test",
        info={"software": "defnews-test"},
        ref_root=tmp_path,
        now=lambda: FIXED,
        **kwargs,
    )  # type: ignore[arg-type]


def test_open_suffix_until_closed_then_heritrix_name(tmp_path: Path) -> None:
    writer = _writer(tmp_path)
    writer.write(_exchange())
    assert writer.path is not None
    assert writer.path.with_name(writer.path.name + OPEN_SUFFIX).exists()
    assert not writer.path.exists()
    writer.close()
    assert writer.path.exists()
    assert writer.path.name.startswith("test-20261124050000123-00000-")
    assert writer.path.name.endswith(".warc.gz")
    # WACZ-safe (its data package allows nothing else): the name a WACZ holds it under.
    assert re.fullmatch(r"[-a-z0-9.]+", writer.path.name), writer.path.name


def test_records_read_back_byte_exact(tmp_path: Path) -> None:
    writer = _writer(tmp_path)
    refs = writer.write(_exchange())
    writer.close()
    assert writer.path is not None
    with writer.path.open("rb") as handle:
        records = list(ArchiveIterator(handle))
    assert [r.rec_type for r in records] == ["warcinfo", "response", "request"]
    info, resp, req = records
    assert info.rec_headers.get_header("WARC-Filename") == writer.path.name
    assert resp.rec_headers.get_header("WARC-Record-ID") == refs[0].record_id
    assert req.rec_headers.get_header("WARC-Concurrent-To") == refs[0].record_id
    assert resp.http_headers.get_statuscode() == "200"
    assert resp.http_headers.protocol == "HTTP/1.1"
    assert [v for k, v in resp.http_headers.headers if k == "Set-Cookie"] == [
        "a=1; path=/",
        "b=2; path=/",
    ]
    assert resp.http_headers.get_header("Transfer-Encoding") is None
    assert resp.http_headers.get_header("X-Crawler-Transfer-Encoding") == "chunked"
    assert resp.rec_headers.get_header("WARC-Payload-Digest") == sha1_digest(BODY)
    assert resp.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1"
    assert (req.http_headers.protocol, req.http_headers.statusline) == (
        "GET",
        "/a/b-1?x=1&y=2 HTTP/1.1",
    )
    assert req.http_headers.get_header("Host") == "127.0.0.1:8000"


def test_body_stays_content_encoded_and_non_utf8_header_survives(tmp_path: Path) -> None:
    writer = _writer(tmp_path)
    refs = writer.write(_exchange())
    writer.close()
    assert writer.path is not None
    data = writer.path.read_bytes()
    member = gzip.decompress(data[refs[0].offset : refs[0].offset + refs[0].length])
    assert member.endswith(BODY + b"\r\n\r\n")
    assert b"X-Raw: Qu\xe2n\r\n" in member


def test_refs_point_at_their_records(tmp_path: Path) -> None:
    writer = _writer(tmp_path)
    refs = writer.write(_exchange()) + writer.write(_exchange("http://127.0.0.1:8000/c-2"))
    writer.close()
    assert writer.path is not None
    data = writer.path.read_bytes()
    for ref in refs:
        assert ref.file == f"warc/{writer.path.name}"
        record = next(iter(ArchiveIterator(io.BytesIO(data[ref.offset : ref.offset + ref.length]))))
        assert record.rec_headers.get_header("WARC-Record-ID") == ref.record_id


def test_validators_accept_the_file(tmp_path: Path) -> None:
    writer = _writer(tmp_path)
    for _ in range(3):
        writer.write(_exchange())
    writer.close()
    assert writer.path is not None
    subprocess.run(["gzip", "-t", str(writer.path)], check=True)
    warcio = subprocess.run(
        [
            sys.executable,
            "-c",
            "from warcio.cli import main; main()",
            "check",
            "-v",
            str(writer.path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert warcio.returncode == 0, warcio.stdout + warcio.stderr
    # FastWARC checks block digests on unparsed records and payload digests on parsed ones.
    with writer.path.open("rb") as handle:
        blocks = [record.verify_block_digest() for record in FastIterator(handle, parse_http=False)]
    assert blocks == [True] * 7
    with writer.path.open("rb") as handle:
        payloads = [
            record.verify_payload_digest()
            for record in FastIterator(handle, parse_http=True)
            if record.record_type in (WarcRecordType.response, WarcRecordType.request)
        ]
    assert payloads == [True] * 6


def test_rotation_at_max_size(tmp_path: Path) -> None:
    writer = _writer(tmp_path, max_size=1)
    for _ in range(3):
        writer.write(_exchange())
    writer.close()
    files = sorted((tmp_path / "warc").glob("*.warc.gz"))
    assert len(files) == 3
    assert not list((tmp_path / "warc").glob("*.open"))
    for path in files:
        with path.open("rb") as handle:
            assert next(iter(ArchiveIterator(handle))).rec_type == "warcinfo"


def test_gzip_level_changes_size_not_content(tmp_path: Path) -> None:
    page = " ".join(
        f"Đoạn {n}: Quân đội nhân dân Việt Nam, bài {n * 7 % 13}." for n in range(3000)
    ).encode()
    sizes, blocks = [], []
    for level in (1, 9):
        writer = WarcWriter(tmp_path / f"l{level}", "t", gzip_level=level, now=lambda: FIXED)
        record = response_record(url="http://x/", head=b"HTTP/1.1 200 OK", body=page, date=FIXED)
        writer.write([record])
        writer.close()
        assert writer.path is not None
        sizes.append(writer.path.stat().st_size)
        with writer.path.open("rb") as handle:
            blocks.append([r.content_stream().read() for r in ArchiveIterator(handle)][-1])
    assert blocks == [page, page]
    assert sizes[1] < sizes[0]


def _sample_page() -> bytes:
    """A real qdnd.vn page of the sample site: what a crawl mostly stores."""
    from crawler.demo.site import build_site

    site = build_site()
    return site.resources[site.articles[0].path].body


def test_compressed_payloads_are_stored_not_deflated_again_and_read_back_whole(
    tmp_path: Path,
) -> None:
    page = _sample_page()
    plain_head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8"
    brotli_head = plain_head + b"\r\nContent-Encoding: br"
    cases = {
        "gzipped page": (HEAD, gzip.compress(page), True),
        "brotli, no signature": (brotli_head, page[:4000], True),  # stands in for br bytes
        "jpeg": (b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg", b"\xff\xd8\xff" + page, True),
        "webp": (b"HTTP/1.1 200 OK", b"RIFF\x00\x00\x00\x00WEBPVP8 " + page, True),
        "plain page": (plain_head, page, False),
        "identity coding": (plain_head + b"\r\nContent-Encoding: identity", page, False),
        "tiny gzip": (HEAD, gzip.compress(b"<p>hi</p>"), False),  # too small to matter
    }
    writer = _writer(tmp_path)
    written = {}
    for name, (head, body, packed) in cases.items():
        record = response_record(
            url=f"http://127.0.0.1/{len(written)}", head=head, body=body, date=FIXED
        )
        assert record.packed == (len(body) if packed else 0), name
        (ref,) = writer.write([record])
        written[name] = (ref, record)
    writer.close()
    (path,) = (tmp_path / "warc").glob("*.warc.gz")
    data = path.read_bytes()
    for name, (ref, record) in written.items():
        member = data[ref.offset : ref.offset + ref.length]
        whole = record.to_bytes()
        assert gzip.decompress(member) == whole, name
        body_size = record.packed
        if body_size:  # the body stored as it is, what comes before it deflated
            before = len(whole) - body_size
            assert body_size < ref.length < body_size + before * 3 // 4 + 64, name
        elif len(whole) > 2048:
            assert ref.length < len(whole) // 2, name  # deflated, as before
    with path.open("rb") as stream:
        bodies = [
            r.content_stream().read() for r in ArchiveIterator(stream) if r.rec_type == "response"
        ]
    assert bodies[0] == page  # warcio undoes the page's own gzip, as a replay tool does
    assert bodies[4] == page
    with path.open("rb") as stream:  # FastWARC too, every block's digest checked
        checked = [
            record.verify_block_digest() for record in FastIterator(stream, parse_http=False)
        ]
    assert len(checked) == len(cases) + 1 and all(checked)  # and the warcinfo record
