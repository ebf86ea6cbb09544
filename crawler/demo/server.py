"""Serve the demo www.qdnd.vn on 127.0.0.1 with a real HTTP/1.1 server in a background thread."""

# Behaves like the real IIS front end where crawlers notice: gzip on request, `Server` and `Date`
# headers, and the RSS cookie gate (SITES.md §2.2: `/rss` 302-redirects to itself until a session
# cookie is set; feeds redirect to `/rss` without it).

from __future__ import annotations

import gzip
import threading
import time
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

from crawler.demo.pages import error_page
from crawler.demo.site import DemoSite, Resource, build_site

SESSION_COOKIE = "qdnd_session"
RSS_INDEX = "/rss"
_NOT_FOUND = Resource(404, "text/html; charset=utf-8", error_page().encode("utf-8"))


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str
    headers: dict[str, str]  # lower-cased names


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a stuck keep-alive connection must not block stop()
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], owner: DemoServer) -> None:
        super().__init__(address, _Handler)
        self.owner = owner

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet: clients hanging up mid-response are normal for crawlers."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Microsoft-IIS/10.0"
    timeout = 30  # seconds an idle keep-alive connection may hold a thread
    server: _Server

    def version_string(self) -> str:
        return self.server_version  # no Python version suffix, like the real IIS header

    def log_message(self, format: str, *args: Any) -> None:
        """No per-request stderr logging; requests are recorded in DemoServer.requests."""

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, *, send_body: bool) -> None:
        owner = self.server.owner
        headers = {name.lower(): value for name, value in self.headers.items()}
        owner.log(LoggedRequest(self.command, self.path, headers))
        if owner.delay:  # a slow server, for tests that must catch a crawl mid-way
            time.sleep(owner.delay)
        resource = _gate(self.path, headers.get("cookie", "")) or owner.lookup(self.path)
        body = resource.body
        gzipped = "gzip" in headers.get("accept-encoding", "").lower() and bool(body)
        if gzipped:
            body = gzip.compress(body, mtime=0)  # mtime=0 keeps the bytes deterministic
        self.send_response(resource.status)
        self.send_header("Content-Type", resource.content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "private")
        self.send_header("Vary", "Accept-Encoding")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("X-Powered-By", "ASP.NET")
        for name, value in resource.headers:
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)


def _gate(path: str, cookie_header: str) -> Resource | None:
    """The RSS cookie gate: a redirect for /rss and /rss/... without the session cookie."""
    bare = path.split("?", 1)[0]
    if bare != RSS_INDEX and not bare.startswith(RSS_INDEX + "/"):
        return None
    if SESSION_COOKIE in _cookies(cookie_header):
        return None
    headers: tuple[tuple[str, str], ...] = (("Location", RSS_INDEX),)
    if bare == RSS_INDEX:  # only the index primes the session, so /rss loops until it sticks
        headers += (
            ("Set-Cookie", "ASP.NET_SessionId=dqv1m2k0xw3demo4rss5qdnd; path=/; HttpOnly"),
            ("Set-Cookie", f"{SESSION_COOKIE}=1; path=/"),
        )
    body = b'<html><body>Object moved to <a href="/rss">here</a>.</body></html>'
    return Resource(302, "text/html; charset=utf-8", body, headers)


def _cookies(header: str) -> set[str]:
    jar = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return set()
    return set(jar)


class DemoServer:
    """Serve a DemoSite on 127.0.0.1 in a background thread."""

    def __init__(
        self,
        site: DemoSite | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        delay: float = 0.0,
    ) -> None:
        self.delay = delay  # seconds to wait before each answer
        site = site or build_site()
        # A private copy: add()/remove() must never touch the cached build_site() result.
        self._resources = dict(site.resources)
        self._lock = threading.Lock()
        self._address = (host, port)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""
        self.requests: list[LoggedRequest] = []

    def start(self) -> Self:
        if self._server is not None:
            return self
        self._server = _Server(self._address, self)
        host, port = self._server.server_address[:2]
        self.base_url = f"http://{host!s}:{port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="demo-qdnd-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def add(self, path: str, resource: Resource) -> None:
        with self._lock:
            self._resources[path] = resource

    def remove(self, path: str) -> None:
        with self._lock:
            self._resources.pop(path, None)

    def log(self, request: LoggedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def lookup(self, path: str) -> Resource:
        """Exact path with query first; then without the query (unknown parameters are
        ignored, as on the real site); else the 404 page."""
        with self._lock:
            found = self._resources.get(path) or self._resources.get(path.split("?", 1)[0])
        return found or _NOT_FOUND


def serve_forever(host: str, port: int) -> None:
    """Serve the demo site until Ctrl-C (for looking at it in a browser)."""
    server = DemoServer(host=host, port=port).start()
    print(f"Serving the demo www.qdnd.vn at {server.base_url}/ (Ctrl-C to stop)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
