"""Capture the HTTP head exactly as it crossed the wire, for byte-true WARC records.

By the time Scrapy builds a Response, Twisted has parsed the head: header names are re-cased,
repeated headers regrouped, the reason phrase and the connection headers (Transfer-Encoding,
Connection, Keep-Alive) dropped. This download handler keeps the raw status line and header
lines of every response, the raw request head Twisted wrote, and when the request went out
and when the response's first line came back (a capture is dated when it began, not when its
body ended: WARC 1.1 §5.4), and hands them to the WARC extension in private headers that the
extension removes before anything else sees them.

Enabled by the add-on when WARC_ENABLED is on (DOWNLOAD_HANDLERS for http and https).
"""

from __future__ import annotations

import base64
import secrets
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scrapy.core.downloader.handlers.http11 import (
    HTTP11DownloadHandler,
    _LenientHTTP11ClientFactory,
    _LenientHTTP11ClientProtocol,
    _LenientHTTPClientParser,
)
from twisted.web._newclient import HEADER, STATUS

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Headers
    from twisted.internet.defer import Deferred
    from twisted.web.iweb import IResponse

# The carrier headers' names hold a secret drawn per process, and any header a server sends
# under our prefix is never stored: a server cannot write its own "wire head" into the archive.
_PREFIX = b"X-Defnews-Wire-"
_TOKEN = secrets.token_hex(8).encode()
RESPONSE_HEAD = _PREFIX + _TOKEN + b"-Response"
REQUEST_HEAD = _PREFIX + _TOKEN + b"-Request"
TIMES = _PREFIX + _TOKEN + b"-Times"  # "SENT BEGAN", seconds since the epoch


@dataclass(frozen=True)
class Wire:
    """What crossed the wire for one exchange (None where the handler did not see it)."""

    response_head: bytes | None = None
    request_head: bytes | None = None
    sent_at: float | None = None  # the request's head written to the connection
    began_at: float | None = None  # the response's status line received


def pop_wire(headers: Headers) -> Wire:
    """The exchange as it crossed the wire, removed from a Scrapy response's headers."""
    found: list[bytes | None] = []
    for name in (RESPONSE_HEAD, REQUEST_HEAD, TIMES):
        values = headers.getlist(name)
        if name in headers:
            del headers[name]
        found.append(values[0] if len(values) == 1 else None)
    response, request, times = found
    sent = began = None
    if times is not None:
        sent, began = (float(part) for part in times.split())
    return Wire(
        base64.b64decode(response) if response is not None else None,
        base64.b64decode(request) if request is not None else None,
        sent,
        began,
    )


class WireRecordingParser(_LenientHTTPClientParser):
    """Scrapy's lenient parser, also keeping the head's lines as they came."""

    _wire_lines: list[bytes]
    _wire_request: bytes
    _wire_sent: float
    _wire_began: float

    def headerReceived(self, name: bytes, value: bytes) -> None:
        if name.strip().lower().startswith(_PREFIX.lower()):
            return  # kept in the raw head (it was sent), never taken as one of ours
        super().headerReceived(name, value)  # type: ignore[no-untyped-call]

    def lineReceived(self, line: bytes) -> None:
        if self.state in (STATUS, HEADER):
            if self.state == STATUS:
                self._wire_lines = []
                self._wire_began = time.time()
            raw = line.removesuffix(b"\r")
            if raw or self.state == STATUS:
                self._wire_lines.append(raw)
            else:  # the blank line: the head is complete, before Twisted acts on it
                self.headers.addRawHeader(
                    RESPONSE_HEAD, base64.b64encode(b"\r\n".join(self._wire_lines))
                )
                request = getattr(self, "_wire_request", b"")
                if request:
                    self.headers.addRawHeader(REQUEST_HEAD, base64.b64encode(request))
                sent = getattr(self, "_wire_sent", self._wire_began)
                self.headers.addRawHeader(TIMES, b"%.6f %.6f" % (sent, self._wire_began))
        super().lineReceived(line)


class WireRecordingProtocol(_LenientHTTP11ClientProtocol):
    def request(self, request: Any) -> Deferred[IResponse]:
        # Twisted writes the request line and headers synchronously inside request(): tee them.
        transport: Any = self.transport  # a TCP or TLS transport; typed loosely by Twisted
        assert transport is not None
        sent: list[bytes] = []
        sent_at = time.time()
        write, write_sequence = transport.write, transport.writeSequence

        def tee(data: bytes) -> None:
            sent.append(data)
            write(data)

        def tee_sequence(data: Any) -> None:
            chunks = list(data)
            sent.extend(chunks)
            write_sequence(chunks)

        transport.write, transport.writeSequence = tee, tee_sequence
        try:
            deferred = super().request(request)
        finally:
            transport.write, transport.writeSequence = write, write_sequence
        assert self._parser is not None
        # The same class swap Scrapy itself does: the subclass adds no state before data arrives.
        self._parser.__class__ = WireRecordingParser
        head = b"".join(sent).split(b"\r\n\r\n", 1)[0]
        self._parser._wire_request = head  # type: ignore[attr-defined]
        self._parser._wire_sent = sent_at  # type: ignore[attr-defined]
        return deferred


class WireRecordingFactory(_LenientHTTP11ClientFactory):
    def buildProtocol(self, addr: Any) -> WireRecordingProtocol:
        return WireRecordingProtocol(self._quiescentCallback)  # type: ignore[no-untyped-call]


class WireRecordingHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler, with connections that record the raw heads."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._pool._factory = WireRecordingFactory
