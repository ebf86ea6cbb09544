"""The life of a test site's server on 127.0.0.1, shared by every site in tests/support/sites:
started on a port the OS picks, served from a daemon thread, stopped with its socket closed;
`with site:` does both. Ports a test must name before anything listens (a `serve --port`
child) come from free_port(), which never hands two pytest-xdist workers the same one."""

from __future__ import annotations

import os
import socket
import socketserver
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from typing import Any, Self


class Loopback:
    """A test site's server. Subclasses build their server in start() and hand it to serve()."""

    _server: socketserver.TCPServer | None = None
    base_url: str = ""

    def start(self) -> Self:
        raise NotImplementedError

    def serve(self, server: socketserver.TCPServer) -> Self:
        self._server = server
        host, port = server.server_address[:2]
        self.base_url = f"http://{host!s}:{port}"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler that logs nothing (pytest shows a test's stderr when it fails)."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send(self, status: int, content_type: str, body: bytes, *extra: tuple[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class HandlerSite(Loopback):
    """A site that is one request handler class: the common case for http.server handlers."""

    def __init__(self, handler: Callable[..., BaseHTTPRequestHandler]) -> None:
        self.handler = handler

    def start(self) -> Self:
        server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler)
        server.daemon_threads = True  # a keep-alive connection must not hold up stop()
        return self.serve(server)


# Ports below Linux's ephemeral range (32768-60999): nothing bound to port 0 lands there, so
# the only other takers are this suite's own workers, and each worker has its own block.
_FIRST_PORT = 20_000
_BLOCK = 1_500
_next = count()


def _worker_index() -> int:
    name = os.environ.get("PYTEST_XDIST_WORKER", "gw0")  # set by pytest-xdist in each worker
    return int(name.removeprefix("gw")) if name.removeprefix("gw").isdigit() else 0


def free_port() -> int:
    """A port nothing listens on, for a child process to bind: from this worker's own block,
    never one this process handed out before (the child may not have bound it yet)."""
    base = _FIRST_PORT + (_worker_index() % 8) * _BLOCK
    for _ in range(_BLOCK):
        port = base + next(_next) % _BLOCK
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue  # taken by something else on the machine: try the next
        return port
    raise AssertionError(f"no free port in {base}-{base + _BLOCK - 1}")


def free_ports(n: int) -> list[int]:
    return [free_port() for _ in range(n)]
