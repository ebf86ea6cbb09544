"""WARC/1.1 records built byte by byte, so every header byte is what the server sent.

warcio is the reference reader, but its writer re-encodes header text and fixes the gzip level
at 9; building the record ourselves keeps raw header bytes (non-UTF-8 values included) and
leaves compression to the writer. No Scrapy here: records.py sees only bytes and strings.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus

WARC_VERSION = b"WARC/1.1"
CRLF = b"\r\n"
# Headers that no longer describe the stored bytes once Twisted removed the chunking.
_RENAMED = {b"transfer-encoding": b"X-Crawler-Transfer-Encoding"}
# Once the chunking is gone, a Content-Length the server sent beside Transfer-Encoding (which
# overrides it, RFC 9112 §6.3) describes nothing stored either.
_RENAMED_WHEN_DECHUNKED = {b"content-length": b"X-Crawler-Content-Length"}
# Credentials meant for a proxy, not for the site: never into an archive that gets shared.
_DROPPED_FROM_REQUESTS = (b"proxy-authorization",)


def sha1_digest(data: bytes) -> str:
    """The digest form every WARC tool reads: "sha1:" + base32."""
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def warc_date(moment: datetime) -> str:
    """WARC/1.1 allows sub-second precision; microseconds keep captures in a burst ordered."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


@dataclass
class WarcRecord:
    """One record: WARC headers (in order) and its block."""

    type: str
    headers: list[tuple[str, str]]
    block: bytes
    content_type: str = ""
    record_id: str = field(default_factory=new_record_id)
    # How many bytes at the end of the block are data compressed already (a gzipped page, a
    # JPEG): the writer stores them in the record's gzip member as they are, and deflates only
    # what comes before (crawler.core.archive.writer.gzip_member). Deflating them again cost
    # seven times the CPU and made the member no smaller.
    packed: int = 0

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def to_bytes(self) -> bytes:
        lines = [
            WARC_VERSION,
            f"WARC-Type: {self.type}".encode(),
            f"WARC-Record-ID: {self.record_id}".encode(),
        ]
        lines += [f"{name}: {value}".encode() for name, value in self.headers]
        if self.content_type:
            lines.append(f"Content-Type: {self.content_type}".encode())
        lines.append(f"Content-Length: {len(self.block)}".encode())
        return CRLF.join(lines) + CRLF + CRLF + self.block + CRLF + CRLF


def http_head(first_line: str, headers: Iterable[tuple[bytes, bytes]]) -> bytes:
    """A head from parsed parts, for when the wire head is not at hand (no trailing CRLF)."""
    lines = [first_line.encode("latin-1")] + [name + b": " + value for name, value in headers]
    return CRLF.join(lines)


def reason_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


# How compressed formats begin: gzip, zstd, JPEG, PNG, GIF, WOFF/WOFF2, zip; and at offset 4
# the "ftyp" box of MP4, AVIF and HEIC; WebP is RIFF....WEBP.
_PACKED_MAGIC = (
    b"\x1f\x8b",
    b"\x28\xb5\x2f\xfd",
    b"\xff\xd8\xff",
    b"\x89PNG",
    b"GIF8",
    b"wOFF",
    b"wOF2",
    b"PK\x03\x04",
)
_PACKED_CODINGS = {b"gzip", b"x-gzip", b"br", b"zstd", b"deflate", b"compress"}
# Below this, deflating the whole block costs little whatever the body holds.
_PACKED_AT_LEAST = 1024


def already_compressed(head: bytes, body: bytes) -> bool:
    """Is the body compressed data: content-encoded (brotli has no signature, so the head's
    Content-Encoding is asked too) or a compressed format by its first bytes?"""
    if len(body) < _PACKED_AT_LEAST:
        return False
    if body.startswith(_PACKED_MAGIC) or body[4:8] == b"ftyp":
        return True
    if body.startswith(b"RIFF") and body[8:12] == b"WEBP":
        return True
    for line in head.split(CRLF)[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-encoding":
            codings = {part.strip().lower() for part in value.split(b",")}
            return bool(codings) and codings <= _PACKED_CODINGS
    return False


def stored_response_head(head: bytes, body_length: int, *, truncated: bool = False) -> bytes:
    """The head as stored beside a de-chunked or truncated body.

    Twisted removed the chunking, so Transfer-Encoding no longer describes the stored bytes:
    it is renamed (pywb #584), and a Content-Length for what is stored is added if none came.
    A body cut short (truncated) keeps the server's Content-Length under another name and gets
    the stored length: replay tools send the head's length, and a client told 5035 bytes and
    given 1000 waits for the rest forever."""
    status, *fields = head.split(CRLF)
    keys = [line.split(b":", 1)[0].strip().lower() for line in fields]
    dechunked = any(key in _RENAMED for key in keys)
    renames: dict[bytes, bytes] = {}
    if dechunked:
        renames = {**_RENAMED, **_RENAMED_WHEN_DECHUNKED}
    elif truncated:
        renames = dict(_RENAMED_WHEN_DECHUNKED)
    out = [status]
    for line, key in zip(fields, keys, strict=True):
        if line[:1] not in (b" ", b"\t") and key in renames:  # (not a folded continuation)
            out.append(renames[key] + line[len(line.split(b":", 1)[0]) :])
        else:
            out.append(line)
    if dechunked or truncated:
        out.append(b"Content-Length: %d" % body_length)
    return CRLF.join(out)


def stored_request_head(head: bytes) -> bytes:
    """The request head as sent, less proxy credentials."""
    lines = head.split(CRLF)
    kept = [lines[0]]
    for line in lines[1:]:
        if line.split(b":", 1)[0].strip().lower() not in _DROPPED_FROM_REQUESTS:
            kept.append(line)
    return CRLF.join(kept)


def _capture_headers(url: str, date: datetime, ip_address: str | None) -> list[tuple[str, str]]:
    """The headers every record of an exchange starts with: when, what, and from where."""
    headers = [("WARC-Date", warc_date(date)), ("WARC-Target-URI", url)]
    if ip_address:
        headers.append(("WARC-IP-Address", ip_address))
    return headers


def response_record(
    *,
    url: str,
    head: bytes,
    body: bytes,
    date: datetime,
    ip_address: str | None = None,
    truncated: str = "",
) -> WarcRecord:
    """A response record: the head as received, the body as received (still content-encoded).

    truncated: a WARC-Truncated reason ("disconnect", "length") when the body is incomplete."""
    block = stored_response_head(head, len(body), truncated=bool(truncated)) + CRLF + CRLF + body
    warc_headers = _capture_headers(url, date, ip_address)
    if truncated:
        warc_headers.append(("WARC-Truncated", truncated))
    warc_headers += [
        ("WARC-Block-Digest", sha1_digest(block)),
        ("WARC-Payload-Digest", sha1_digest(body)),
    ]
    packed = len(body) if already_compressed(head, body) else 0
    return WarcRecord(
        "response", warc_headers, block, "application/http; msgtype=response", packed=packed
    )


REVISIT_PROFILE = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"


def revisit_record(
    *,
    url: str,
    head: bytes,
    payload_digest: str,
    refers_to: str,
    refers_to_uri: str,
    refers_to_date: str,
    date: datetime,
    ip_address: str | None = None,
) -> WarcRecord:
    """A payload identical to one already archived: the head only, and where the body is."""
    block = head + CRLF + CRLF
    warc_headers = _capture_headers(url, date, ip_address)
    warc_headers += _refers_to(REVISIT_PROFILE, refers_to, refers_to_uri, refers_to_date)
    warc_headers += [
        ("WARC-Block-Digest", sha1_digest(block)),
        ("WARC-Payload-Digest", payload_digest),
    ]
    return WarcRecord("revisit", warc_headers, block, "application/http; msgtype=response")


def _refers_to(profile: str, record_id: str, uri: str, date: str) -> list[tuple[str, str]]:
    """A revisit's profile and the record it repeats (by ID, and by URI and date, which is how
    pywb and ReplayWeb.page look the original up)."""
    return [
        ("WARC-Profile", profile),
        ("WARC-Refers-To", record_id),
        ("WARC-Refers-To-Target-URI", uri),
        ("WARC-Refers-To-Date", date),
    ]


NOT_MODIFIED_PROFILE = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


def not_modified_record(
    *,
    url: str,
    refers_to: str,
    refers_to_uri: str,
    refers_to_date: str,
    date: datetime,
    ip_address: str | None = None,
) -> WarcRecord:
    """A 304 Not Modified: the server confirmed the capture named by refers_to (WARC 1.1
    §6.7.3). No block, so replay tools serve that capture's head and payload for this date
    (pywb replays a 3xx head in a revisit as itself: a 304 with no body, a blank page); no
    WARC-Payload-Digest (the profile forbids one). The 304's own head is kept beside it by
    not_modified_head_record."""
    warc_headers = _capture_headers(url, date, ip_address)
    warc_headers += _refers_to(NOT_MODIFIED_PROFILE, refers_to, refers_to_uri, refers_to_date)
    warc_headers.append(("WARC-Block-Digest", sha1_digest(b"")))
    return WarcRecord("revisit", warc_headers, b"", "application/http; msgtype=response")


NOT_MODIFIED_URN = "urn:defnews:not-modified:"


def not_modified_head_record(
    *, url: str, head: bytes, refers_to: str, date: datetime
) -> WarcRecord:
    """The 304's head as the server sent it (its Date, ETag, cache headers: the evidence of
    what it confirmed), as metadata about the revisit record, under a name of its own."""
    block = head + CRLF + CRLF
    headers = [
        ("WARC-Date", warc_date(date)),
        ("WARC-Target-URI", NOT_MODIFIED_URN + url),
        ("WARC-Refers-To", refers_to),
        ("WARC-Block-Digest", sha1_digest(block)),
    ]
    return WarcRecord("metadata", headers, block, "application/http; msgtype=response")


def request_record(
    *,
    url: str,
    head: bytes,
    body: bytes,
    date: datetime,
    concurrent_to: str,
    ip_address: str | None = None,
) -> WarcRecord:
    """A request record: the request line with path and query, and the headers really sent."""
    block = stored_request_head(head) + CRLF + CRLF + body
    warc_headers = _capture_headers(url, date, ip_address)
    warc_headers += [
        ("WARC-Concurrent-To", concurrent_to),
        ("WARC-Block-Digest", sha1_digest(block)),
        ("WARC-Payload-Digest", sha1_digest(body)),
    ]
    return WarcRecord("request", warc_headers, block, "application/http; msgtype=request")


ARTICLE_URN = "urn:defnews:article:"


def article_urn(url: str) -> str:
    """The target URI of an article's metadata record: its own name, never the page's URL.

    Stock indexers (cdxj-indexer, pywb, py-wacz) index every metadata record that is not
    application/warc-fields; under the page's own URL, the JSON would be replayed in the page's
    place. Under a urn: (as Browsertrix files page text under urn:text:) it is found by nobody
    looking for the page, and still by anyone asking for it."""
    return ARTICLE_URN + url


def metadata_record(
    *,
    url: str,
    refers_to: str,
    refers_to_date: str,
    body: bytes,
    date: datetime,
    content_type: str = "application/json",
) -> WarcRecord:
    """The article we extracted from a capture, under article_urn(url), pointing at that
    capture (WARC-Refers-To, and the page's URL and date as WARC 1.1 §5.12 names them)."""
    headers = [
        ("WARC-Date", warc_date(date)),
        ("WARC-Target-URI", article_urn(url)),
        ("WARC-Refers-To", refers_to),
        ("WARC-Refers-To-Target-URI", url),
    ]
    if refers_to_date:  # unknown when the capture's file could not be read
        headers.append(("WARC-Refers-To-Date", refers_to_date))
    headers.append(("WARC-Block-Digest", sha1_digest(body)))
    return WarcRecord("metadata", headers, body, content_type)


def warcinfo_record(filename: str, fields: dict[str, str], date: datetime) -> WarcRecord:
    block = "".join(f"{key}: {value}\r\n" for key, value in fields.items()).encode("utf-8")
    headers = [("WARC-Date", warc_date(date)), ("WARC-Filename", filename)]
    headers.append(("WARC-Block-Digest", sha1_digest(block)))
    return WarcRecord("warcinfo", headers, block, "application/warc-fields")
