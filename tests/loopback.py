"""The life of a test site's server on 127.0.0.1: started on a free port in a daemon thread,
stopped with its socket closed; `with site:` does both."""

from __future__ import annotations

import socketserver
import threading
from typing import Self


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
