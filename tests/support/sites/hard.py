"""A loopback HTTP server that answers with hand-written bytes: the cases WARC writers get wrong.

Each response is sent exactly as written here (status line, header order and case, chunking),
so a test can compare the archived record with what really crossed the wire.
"""

from __future__ import annotations

import base64
import gzip
import socketserver
import time
from typing import Self

from tests.support.server import Loopback

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
PAGE = "<html><body><p>Quân đội nhân dân</p></body></html>".encode()
GZIPPED = gzip.compress(PAGE, mtime=0)
OTHER_PAGE = PAGE.replace(b"</body>", b"<p>9999</p></body>")  # its own payload: no revisit


def _response(
    status: str, headers: list[str], body: bytes, *, chunked: bool = False
) -> tuple[bytes, bytes]:
    """(head as sent, body as sent): the body is chunk-framed when chunked."""
    head = "\r\n".join([f"HTTP/1.1 {status}", *headers, "Connection: close"]).encode("latin-1")
    if chunked:
        pieces = [body[:10], body[10:30], body[30:]]
        wire = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces if p) + b"0\r\n\r\n"
        return head, wire
    return head, body


RESPONSES: dict[str, tuple[bytes, bytes]] = {
    "/robots.txt": _response("404 Not Found", ["Content-Length: 0"], b""),
    "/gzip": _response(
        "200 OK",
        [
            "Content-Type: text/html; charset=utf-8",
            "Content-Encoding: gzip",
            f"Content-Length: {len(GZIPPED)}",
        ],
        GZIPPED,
    ),
    "/headers": _response(
        "200 OK",
        [
            "content-type: text/plain",
            'etag: "abc"',
            "Set-Cookie: a=1; Path=/",
            "X-Multi: one",
            "Set-Cookie: b=2; Path=/",
            "x-multi: two",
            "Content-Length: 2",
        ],
        b"ok",
    ),
    "/chunked": _response(
        "200 OK",
        ["Content-Type: text/html; charset=utf-8", "Transfer-Encoding: chunked"],
        PAGE,
        chunked=True,
    ),
    "/reason": _response(
        "200 Everything Fine", ["Content-Type: text/plain", "Content-Length: 4"], b"fine"
    ),
    "/missing": _response(
        "404 Not Found", ["Content-Type: text/plain", "Content-Length: 9"], b"not found"
    ),
    "/binary.png": _response(
        "200 OK", ["Content-Type: image/png", f"Content-Length: {len(PNG)}"], PNG
    ),
    "/set-cookies": _response(
        "302 Found",
        [
            "Location: /echo",
            "Set-Cookie: s1=x; Path=/",
            "Set-Cookie: s2=y; Path=/",
            "Content-Length: 0",
        ],
        b"",
    ),
    "/echo": _response("200 OK", ["Content-Type: text/plain", "Content-Length: 4"], b"echo"),
    "/query": _response("200 OK", ["Content-Type: text/plain", "Content-Length: 1"], b"q"),
    # A server posing as our own carrier header, last in its head (where a parser adds it late).
    "/spoof": _response(
        "200 OK",
        [
            "Content-Type: text/plain",
            "Content-Length: 5",
            "X-Defnews-Wire-Response-Head: " + base64.b64encode(b"HTTP/1.1 451 Forged").decode(),
        ],
        b"spoof",
    ),
    # Promises 100 bytes, sends 9, hangs up: a truncated body.
    "/short": _response(
        "200 OK", ["Content-Type: text/plain", "Content-Length: 100"], b"only nine"
    ),
    # The head at once, the body SLOW_BODY seconds later: a capture dated by its start.
    "/slow": _response("200 OK", ["Content-Type: text/plain", "Content-Length: 4"], b"slow"),
    # Transfer-Encoding overrides Content-Length (RFC 9112): the 9999 describes nothing.
    "/chunkcl": _response(
        "200 OK",
        ["Content-Type: text/html", "Content-Length: 9999", "Transfer-Encoding: chunked"],
        OTHER_PAGE,
        chunked=True,
    ),
}


SLOW_BODY = 2.0


class HardServer(Loopback):
    """Answers each path with RESPONSES' bytes; `received` holds every request head as it
    arrived."""

    def __init__(self) -> None:
        self.received: list[bytes] = []

    def start(self) -> Self:
        owner = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = self.request.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                head = data.split(b"\r\n\r\n", 1)[0]
                owner.received.append(head)
                path = head.split(b" ")[1].decode("latin-1").split("?")[0]
                status_head, body = RESPONSES.get(path, RESPONSES["/missing"])
                if path == "/slow":
                    self.request.sendall(status_head + b"\r\n\r\n")
                    time.sleep(SLOW_BODY)
                    self.request.sendall(body)
                    return
                self.request.sendall(status_head + b"\r\n\r\n" + body)

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        return self.serve(Server(("127.0.0.1", 0), Handler))
