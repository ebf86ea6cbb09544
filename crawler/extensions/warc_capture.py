"""One HTTP exchange as WARC records: response (or revisit) and request, from Scrapy's objects.

The heads come from the wire (crawler.handlers.wire) when the handler caught them; otherwise
they are rebuilt from Scrapy's parsed view, which has lost case, order and the reason phrase.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from crawler.core.archive.digests import DigestStore, Original
from crawler.core.archive.records import (
    WarcRecord,
    http_head,
    not_modified_head_record,
    not_modified_record,
    reason_phrase,
    request_record,
    response_record,
    revisit_record,
    stored_response_head,
    warc_date,
)
from crawler.handlers.wire import Wire
from crawler.runtime import meta

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Headers, Response


@dataclass(frozen=True)
class Exchange:
    records: list[WarcRecord]  # response or revisit first, then the request
    payload: str = ""  # the payload digest to remember once written ("" when not eligible)
    original: Original | None = None
    revisit: bool = False


def _pairs(headers: Headers) -> Iterator[tuple[bytes, bytes]]:
    """Every value of every header; repeated headers (two Set-Cookie) stay separate lines."""
    for name, values in headers.items():
        for value in values:
            yield name, value


def parsed_response_head(response: Response) -> bytes:
    """The head rebuilt from Scrapy's parsed view, when another download handler (HTTP/2,
    a proxy plugin) bypassed the wire capture."""
    protocol = "HTTP/2" if response.protocol == "h2" else response.protocol or "HTTP/1.1"
    status_line = f"{protocol} {response.status} {reason_phrase(response.status)}".rstrip()
    return http_head(status_line, _pairs(response.headers))


def parsed_request_head(request: Request, response: Response) -> bytes:
    parts = urlsplit(request.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    protocol = "HTTP/2" if response.protocol == "h2" else "HTTP/1.1"
    sent = list(_pairs(request.headers))
    if not any(name.lower() == b"host" for name, _ in sent):  # Twisted adds Host itself
        sent.insert(0, (b"Host", parts.netloc.encode("idna")))
    return http_head(f"{request.method} {target} {protocol}", sent)


def capture_times(request: Request, wire: Wire) -> tuple[datetime, datetime]:
    """(request sent, response began): each record is dated when its capture began (WARC 1.1
    §5.4), not when the body finished arriving. Without the wire's clock (another handler),
    Scrapy's download_latency (request start to response head) dates both from the request."""
    if wire.sent_at is not None and wire.began_at is not None:
        return (
            datetime.fromtimestamp(wire.sent_at, UTC),
            datetime.fromtimestamp(wire.began_at, UTC),
        )
    latency = float(request.meta.get(meta.DOWNLOAD_LATENCY) or 0)
    sent = datetime.now(UTC) - timedelta(seconds=latency)
    return sent, sent


def exchange_records(
    request: Request,
    response: Response,
    wire: Wire,
    digests: DigestStore | None,
    *,
    allow_revisit: bool = True,
    confirms: Original | None = None,
) -> Exchange:
    """confirms: the capture a revalidation asked about; a 304 for it becomes a
    server-not-modified revisit of it, so replay serves that capture for this date too."""
    sent, received = capture_times(request, wire)
    ip = str(response.ip_address) if response.ip_address else None
    head = wire.response_head or parsed_response_head(response)
    # With DOWNLOAD_FAIL_ON_DATALOSS off, a connection cut short still gives a response:
    # archive what came, marked so, and never offer it as the original of a revisit.
    truncated = "disconnect" if "dataloss" in (response.flags or []) else ""
    if response.status == 304 and confirms is not None:
        return _not_modified(request, response, wire, head, confirms, sent, received, ip)
    first = response_record(
        url=response.url,
        head=head,
        body=response.body,
        date=received,
        ip_address=ip,
        truncated=truncated,
    )
    payload = ""
    # Only whole successful responses with a body are worth a revisit (as Heritrix does): an
    # empty redirect body has one digest for every URL.
    if digests is not None and 200 <= response.status < 300 and response.body and not truncated:
        payload = first.header("WARC-Payload-Digest") or ""
    # allow_revisit False: a whole copy even of a known payload (its original is unreadable).
    original = digests.find(payload) if digests is not None and payload and allow_revisit else None
    if original is not None:
        first = revisit_record(
            url=response.url,
            head=stored_response_head(head, len(response.body)),
            payload_digest=payload,
            refers_to=original.record_id,
            refers_to_uri=original.uri,
            refers_to_date=original.date,
            date=received,
            ip_address=ip,
        )
    request_block = _request_block(request, response, wire, sent, first.record_id, ip)
    if original is not None:
        return Exchange([first, request_block], payload, revisit=True)
    remembered = Original(response.url, warc_date(received), first.record_id) if payload else None
    return Exchange([first, request_block], payload, remembered)


def _request_block(
    request: Request,
    response: Response,
    wire: Wire,
    sent: datetime,
    concurrent_to: str,
    ip: str | None,
) -> WarcRecord:
    """The request record of an exchange: the head as it was written, else rebuilt."""
    return request_record(
        url=request.url,
        head=wire.request_head or parsed_request_head(request, response),
        body=request.body,
        date=sent,
        concurrent_to=concurrent_to,
        ip_address=ip,
    )


def _not_modified(
    request: Request,
    response: Response,
    wire: Wire,
    head: bytes,
    confirms: Original,
    sent: datetime,
    received: datetime,
    ip: str | None,
) -> Exchange:
    revisit = not_modified_record(
        url=response.url,
        refers_to=confirms.record_id,
        refers_to_uri=confirms.uri,
        refers_to_date=confirms.date,
        date=received,
        ip_address=ip,
    )
    request_block = _request_block(request, response, wire, sent, revisit.record_id, ip)
    answer = not_modified_head_record(
        url=response.url, head=head, refers_to=revisit.record_id, date=received
    )
    return Exchange([revisit, request_block, answer])
