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


def http_header_lines(headers: Iterable[tuple[bytes, bytes]]) -> bytes:
    out = bytearray()
    for name, value in headers:
        out += _RENAMED.get(name.lower(), name) + b": " + value + CRLF
    return bytes(out)


def reason_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def response_record(
    *,
    url: str,
    status: int,
    headers: Iterable[tuple[bytes, bytes]],
    body: bytes,
    date: datetime,
    protocol: str = "HTTP/1.1",
    reason: str | None = None,
    ip_address: str | None = None,
) -> WarcRecord:
    """A response record: status line, every header value in order, the body as received."""
    phrase = reason if reason is not None else reason_phrase(status)
    status_line = f"{protocol} {status} {phrase}".rstrip().encode("latin-1") + CRLF
    block = status_line + http_header_lines(headers) + CRLF + body
    warc_headers = [("WARC-Date", warc_date(date)), ("WARC-Target-URI", url)]
    if ip_address:
        warc_headers.append(("WARC-IP-Address", ip_address))
    warc_headers += [
        ("WARC-Block-Digest", sha1_digest(block)),
        ("WARC-Payload-Digest", sha1_digest(body)),
    ]
    return WarcRecord("response", warc_headers, block, "application/http; msgtype=response")


def request_record(
    *,
    url: str,
    method: str,
    target: str,
    headers: Iterable[tuple[bytes, bytes]],
    body: bytes,
    date: datetime,
    concurrent_to: str,
    protocol: str = "HTTP/1.1",
    ip_address: str | None = None,
) -> WarcRecord:
    """A request record: request line with path and query, and the headers really sent."""
    request_line = f"{method} {target} {protocol}".encode("latin-1") + CRLF
    block = request_line + http_header_lines(headers) + CRLF + body
    warc_headers = [("WARC-Date", warc_date(date)), ("WARC-Target-URI", url)]
    if ip_address:
        warc_headers.append(("WARC-IP-Address", ip_address))
    warc_headers += [
        ("WARC-Concurrent-To", concurrent_to),
        ("WARC-Block-Digest", sha1_digest(block)),
        ("WARC-Payload-Digest", sha1_digest(body)),
    ]
    return WarcRecord("request", warc_headers, block, "application/http; msgtype=request")


def metadata_record(
    *, url: str, refers_to: str, body: bytes, date: datetime, content_type: str = "application/json"
) -> WarcRecord:
    """Something we derived from a capture (the extracted article), pointing at that capture."""
    headers = [
        ("WARC-Date", warc_date(date)),
        ("WARC-Target-URI", url),
        ("WARC-Refers-To", refers_to),
        ("WARC-Block-Digest", sha1_digest(body)),
    ]
    return WarcRecord("metadata", headers, body, content_type)


def warcinfo_record(filename: str, fields: dict[str, str], date: datetime) -> WarcRecord:
    block = "".join(f"{key}: {value}\r\n" for key, value in fields.items()).encode("utf-8")
    headers = [("WARC-Date", warc_date(date)), ("WARC-Filename", filename)]
    headers.append(("WARC-Block-Digest", sha1_digest(block)))
    return WarcRecord("warcinfo", headers, block, "application/warc-fields")
