"""Serve the demo www.qdnd.vn on 127.0.0.1 with a real HTTP/1.1 server in a background thread."""

# Behaves like the real IIS front end where crawlers notice: gzip on request, `Server` and `Date`
# headers, the RSS cookie gate (as on the real site: `/rss` 302-redirects to itself until a session
# cookie is set; feeds redirect to `/rss` without it), and conditional GET: every 200 carries
# `ETag` and `Last-Modified`, and a request whose validators still match gets 304 Not Modified.
# publish() and revise() change the site while it runs, for the crawler's incremental mode.
# Page requisites too (crawler.demo.requisites): the photos the pages show, under this server's
# own origin once it is bound, and a stylesheet with its font and images, the logo, a favicon.

from __future__ import annotations

import gzip
import hashlib
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import Message
from email.utils import format_datetime, parsedate_to_datetime
from http.cookies import CookieError, SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

from crawler.demo.changes import LiveSite, now_vn
from crawler.demo.model import DemoArticle
from crawler.demo.pages import error_page
from crawler.demo.requisites import served, theme_files
from crawler.demo.site import DemoSite, Resource, build_site
from crawler.demo.spec import Spec

SESSION_COOKIE = "qdnd_session"
RSS_INDEX = "/rss"
HOLD_AT_MOST = 60.0  # seconds a held request waits for its release (DemoServer.hold)
_NOT_FOUND = Resource(404, "text/html; charset=utf-8", error_page().encode("utf-8"))


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str
    headers: dict[str, str]  # lower-cased names
    at: float = 0.0  # time.monotonic() when it arrived


@dataclass(frozen=True)
class _Entry:
    """A served resource with its validators, computed once when it is set."""

    resource: Resource
    etag: str
    last_modified: datetime


def _entry(resource: Resource, set_at: datetime) -> _Entry:
    # A strong validator of the identity bytes. The gzipped variant gets the same ETag: a
    # simplification, since its bytes differ (RFC 9110 wants a distinct or weak one); one
    # validator per URL whatever the encoding is what an incremental crawl's tests need.
    etag = f'"{hashlib.sha1(resource.body).hexdigest()[:16]}"'
    return _Entry(resource, etag, resource.modified or set_at)


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
        owner.log(LoggedRequest(self.command, self.path, headers, time.monotonic()))
        if owner.delay:  # a slow server, for tests that must catch a crawl mid-way
            time.sleep(owner.delay)
        if (release := owner.held(self.path)) is not None:
            release.wait(HOLD_AT_MOST)
        gate = _gate(self.path, headers.get("cookie", "")) if owner.rss_gate else None
        entry = None if gate else owner._find(self.path)
        resource = gate or (entry.resource if entry else _NOT_FOUND)
        # Validators are for 200s only; so are preconditions (RFC 9110 §13.1).
        validated = entry if entry is not None and resource.status == 200 else None
        if validated is not None and _not_modified(self.headers, validated):
            self._send_not_modified(validated)
        else:
            self._send_body(resource, headers, send_body=send_body, entry=validated)

    def _send_body(
        self,
        resource: Resource,
        headers: dict[str, str],
        *,
        send_body: bool,
        entry: _Entry | None,
    ) -> None:
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
        if entry is not None:
            self._send_validators(entry)
        self.send_header("X-Powered-By", "ASP.NET")
        for name, value in resource.headers:
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _send_not_modified(self, entry: _Entry) -> None:
        """304: the validators and caching headers a 200 would carry, no body.

        Without Content-Length: a 304 never has a body, so keep-alive clients read none.
        """
        self.send_response(304)  # adds Server and Date
        self.send_header("Cache-Control", "private")
        self.send_header("Vary", "Accept-Encoding")
        self._send_validators(entry)
        self.send_header("X-Powered-By", "ASP.NET")
        self.end_headers()

    def _send_validators(self, entry: _Entry) -> None:
        self.send_header("ETag", entry.etag)
        self.send_header("Last-Modified", _http_date(entry.last_modified))


def _not_modified(headers: Message, entry: _Entry) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when sent; else If-Modified-Since does."""
    if_none_match = headers.get_all("If-None-Match")
    if if_none_match:  # several header lines make one list
        return _etag_matches(", ".join(if_none_match), entry.etag)
    since = _parse_http_date(headers.get("If-Modified-Since", ""))
    # Last-Modified goes out to the second, so compare at that precision.
    return since is not None and entry.last_modified.replace(microsecond=0) <= since


_ENTITY_TAG = re.compile(r'(?:W/)?("[^"]*")')


def _etag_matches(header: str, etag: str) -> bool:
    """Weak comparison (RFC 9110 §8.8.3.2), as If-None-Match requires: W/ is ignored."""
    if header.strip() == "*":  # any current representation
        return True
    return etag in _ENTITY_TAG.findall(header)


def _http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def _parse_http_date(value: str) -> datetime | None:
    """An HTTP-date as an aware datetime; None when absent or invalid (then it is ignored)."""
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


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
        # The RSS cookie gate; off, the feeds answer without a session (a site that dropped
        # its priming page, for the crawler's independent discovery).
        self.rss_gate = True
        site = site or build_site()
        # Private copies: add(), publish() and the rest never touch the cached build_site().
        # _sources: every resource as built or added, before the photo hosts are rewritten
        # (start() rewrites them again for the address it binds); _entries: what is served.
        self._sources = {**theme_files(), **site.resources}
        self._started = _now()
        self._entries = {
            path: _entry(res, self._started) for path, res in served(self._sources, "").items()
        }
        self._live = LiveSite(site)
        self._lock = threading.Lock()
        self._address = (host, port)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""
        self.requests: list[LoggedRequest] = []
        self._holds: list[tuple[Callable[[str], bool], threading.Event]] = []

    def hold(self, which: Callable[[str], bool]) -> threading.Event:
        """Answer the requests whose path `which` picks only once the event returned is set
        (HOLD_AT_MOST seconds at most): a page kept in flight until a test has seen what it
        waits for, where a fixed delay would only make that likely."""
        release = threading.Event()
        with self._lock:
            self._holds.append((which, release))
        return release

    def held(self, path: str) -> threading.Event | None:
        """The event a request for `path` waits on, if a hold picks it."""
        with self._lock:
            holds = list(self._holds)
        for which, release in holds:
            if not release.is_set() and which(path):
                return release
        return None

    def start(self) -> Self:
        if self._server is not None:
            return self
        self._server = _Server(self._address, self)
        host, port = self._server.server_address[:2]
        self.base_url = f"http://{host!s}:{port}"
        with self._lock:  # pages name their photos on this origin from now on
            self._serve_all()
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
            self._put({path: resource})

    def remove(self, path: str) -> None:
        with self._lock:
            self._sources.pop(path, None)
            self._entries.pop(path, None)

    def publish(self, spec: Spec) -> str:
        """Serve a new article (see changes.new_article) and list it where crawlers look: the
        sitemaps of its date, its feeds and its category listing, newest first. Its path."""
        with self._lock:  # all at once: no request sees the page without its listings
            self._put(self._live.publish(spec))
        return spec.path

    def revise(self, path: str, extra_paragraph: str, modified: datetime | None = None) -> None:
        """Append a paragraph to an article's body text and set its modified time (default
        now, UTC+7): its page, its sitemap <lastmod> and their validators change."""
        with self._lock:
            self._put(self._live.revise(path, extra_paragraph, modified or now_vn()))

    def redate(self, path: str, published: datetime) -> None:
        """Give an article another publication date (it may move to another month)."""
        with self._lock:
            self._put(self._live.redate(path, published))

    @property
    def articles(self) -> tuple[DemoArticle, ...]:
        """Gold records of the articles served now (published and revised ones included)."""
        with self._lock:
            return self._live.articles

    def log(self, request: LoggedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def lookup(self, path: str) -> Resource:
        """The resource served at `path`, else the 404 page."""
        entry = self._find(path)
        return entry.resource if entry else _NOT_FOUND

    def _find(self, path: str) -> _Entry | None:
        """Exact path with query first; then without the query (unknown parameters are
        ignored, as on the real site)."""
        with self._lock:
            return self._entries.get(path) or self._entries.get(path.split("?", 1)[0])

    def _put(self, resources: dict[str, Resource]) -> None:
        """Set resources (lock held). An unchanged one keeps its validators; a changed one
        without its own date gets Last-Modified = now, or one second past the old value when
        that is not earlier: HTTP dates have whole seconds, and If-Modified-Since must see
        every change, even one made in the same second as the last."""
        self._sources.update(resources)
        now = _now()
        for path, resource in served(resources, self.base_url).items():
            old = self._entries.get(path)
            if old is not None and old.resource == resource:
                continue
            set_at = now
            if old is not None and set_at <= old.last_modified:
                set_at = old.last_modified + timedelta(seconds=1)
            self._entries[path] = _entry(resource, set_at)

    def _serve_all(self) -> None:
        """(Lock held) Every resource as served at self.base_url; each keeps its date."""
        dates = {path: entry.last_modified for path, entry in self._entries.items()}
        self._entries = {
            path: _entry(resource, dates.get(path, self._started))
            for path, resource in served(self._sources, self.base_url).items()
        }


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


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
