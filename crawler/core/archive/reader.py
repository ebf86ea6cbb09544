"""Read what we wrote: HTML responses out of a WARC, decoded the way a browser would see them."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from crawler.core.archive.members import GZIP_MAGIC, scan_members


class ArchiveError(Exception):
    """A WARC that cannot be read to the end."""


@dataclass(frozen=True)
class ArchivedPage:
    url: str
    date: datetime | None
    status: int
    content_type: str
    body: bytes  # content-decoded (gzip removed), still in the page's own charset
    digest: str = ""  # WARC-Payload-Digest
    offset: int = 0  # where its record starts in the file
    revisit: bool = False  # no body here: it is the record with the same digest


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def check_gzip_members(path: Path) -> None:
    """Raise ArchiveError unless a gzipped WARC is whole gzip members back to back."""
    with path.open("rb") as handle:
        if handle.read(2) != GZIP_MAGIC:
            return  # an uncompressed WARC: nothing to check here
    scan = scan_members(path)
    if not scan.sound:
        raise ArchiveError(f"{scan.error} at offset {scan.complete_end}")


def body_at(path: Path, offset: int) -> bytes:
    """The content-decoded body of the response record starting at offset."""
    with path.open("rb") as handle:
        handle.seek(offset)
        record = next(iter(ArchiveIterator(handle)))
        return bytes(record.content_stream().read())


def iter_html_responses(path: Path) -> Iterator[ArchivedPage]:
    """Every 2xx HTML response (and revisit of one) in a WARC file, in file order."""
    check_gzip_members(path)
    seen = 0
    try:
        with path.open("rb") as handle:
            iterator = ArchiveIterator(handle)
            for record in iterator:
                seen += 1
                if record.format != "warc":  # warcio reads almost any garbage as an ARC record
                    raise ArchiveError(f"not a WARC file (found {record.format} data)")
                kind = record.rec_type
                if kind not in ("response", "revisit") or record.http_headers is None:
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
                status = int(record.http_headers.get_statuscode() or 0)
                if "html" not in content_type.lower() or not 200 <= status < 300:
                    continue
                yield ArchivedPage(
                    url=record.rec_headers.get_header("WARC-Target-URI") or "",
                    date=_date(record.rec_headers.get_header("WARC-Date")),
                    status=status,
                    content_type=content_type,
                    body=record.content_stream().read() if kind == "response" else b"",
                    digest=record.rec_headers.get_header("WARC-Payload-Digest") or "",
                    offset=iterator.get_record_offset(),
                    revisit=kind == "revisit",
                )
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as error:
        raise ArchiveError(f"not a readable WARC file ({error})") from None
    if not seen:  # warcio reads garbage as an empty archive; an empty WARC is not a WARC
        raise ArchiveError("not a WARC file (no WARC record found)")


def record_headers_at(path: Path, offset: int, length: int) -> dict[str, str]:
    """The WARC headers of the record a WarcRef points at (one gzip member, read alone)."""
    with path.open("rb") as handle:
        handle.seek(offset)
        chunk = handle.read(length)
    try:
        block = gzip.decompress(chunk) if chunk[:2] == GZIP_MAGIC else chunk
    except (OSError, EOFError, zlib.error) as error:
        raise ArchiveError(f"no whole record at {path.name} offset {offset} ({error})") from None
    head = block.split(b"\r\n\r\n", 1)[0].decode("utf-8", "replace").split("\r\n")
    if not head[0].startswith("WARC/"):
        raise ArchiveError(f"no WARC record at {path.name} offset {offset}")
    return dict(line.split(": ", 1) for line in head[1:] if ": " in line)


def record_headers_from(path: Path, offset: int) -> dict[str, str]:
    """The WARC headers of the record starting at offset, when its length is not known:
    inflates only as far as the end of its WARC headers."""
    inflate = zlib.decompressobj(31)
    text = b""
    with path.open("rb") as handle:
        handle.seek(offset)
        while b"\r\n\r\n" not in text and len(text) < 1 << 20:
            chunk = handle.read(16384)
            if not chunk:
                break
            try:
                text += inflate.decompress(chunk)
            except zlib.error as error:
                raise ArchiveError(
                    f"no whole record at {path.name} offset {offset} ({error})"
                ) from None
    head = text.split(b"\r\n\r\n", 1)[0].decode("utf-8", "replace").split("\r\n")
    if not head[0].startswith("WARC/") or b"\r\n\r\n" not in text:
        raise ArchiveError(f"no WARC record at {path.name} offset {offset}")
    return dict(line.split(": ", 1) for line in head[1:] if ": " in line)


@dataclass(frozen=True)
class Capture:
    """One archived exchange, read by offset: what `defnews show --html/--headers` prints."""

    url: str
    date: str
    kind: str  # response or revisit
    response_head: str  # status line and headers, as archived
    request_head: str  # request line and headers ("" when no request record follows)
    content_type: str
    body: bytes  # content-decoded; empty for a revisit (its payload is in the original)
    payload_digest: str


def capture_at(path: Path, offset: int) -> Capture:
    """The response (or revisit) record at offset and the request record written after it."""
    try:
        with path.open("rb") as handle:
            handle.seek(offset)
            records = iter(ArchiveIterator(handle))
            first = next(records)
            if first.rec_type not in ("response", "revisit") or first.http_headers is None:
                raise ArchiveError(f"no response record at {path.name} offset {offset}")
            headers = first.rec_headers
            body = first.content_stream().read() if first.rec_type == "response" else b""
            request = next(records, None)
            request_head = ""
            if (
                request is not None
                and request.rec_type == "request"
                and request.rec_headers.get_header("WARC-Concurrent-To")
                == headers.get_header("WARC-Record-ID")
                and request.http_headers is not None
            ):
                request_head = request.http_headers.to_str()
    except (OSError, ValueError, StopIteration, EOFError, zlib.error, ArchiveLoadFailed) as error:
        reason = str(error) or type(error).__name__  # a truncated gzip member says nothing
        raise ArchiveError(
            f"no readable record at {path.name} offset {offset} ({reason})"
        ) from None
    return Capture(
        url=headers.get_header("WARC-Target-URI") or "",
        date=headers.get_header("WARC-Date") or "",
        kind=first.rec_type,
        response_head=first.http_headers.to_str(),
        request_head=request_head,
        content_type=first.http_headers.get_header("Content-Type") or "",
        body=bytes(body),
        payload_digest=headers.get_header("WARC-Payload-Digest") or "",
    )


def capture_head(path: Path, offset: int) -> tuple[str, str]:
    """(URL, WARC-Date) of the record at offset, its block left unread: what a replay link
    needs, without inflating the page."""
    try:
        with path.open("rb") as handle:
            handle.seek(offset)
            record = next(iter(ArchiveIterator(handle)))
            headers = record.rec_headers
            return headers.get_header("WARC-Target-URI") or "", headers.get_header(
                "WARC-Date"
            ) or ""
    except (OSError, ValueError, StopIteration, EOFError, zlib.error, ArchiveLoadFailed) as error:
        reason = str(error) or type(error).__name__
        raise ArchiveError(
            f"no readable record at {path.name} offset {offset} ({reason})"
        ) from None
