"""The sample qdnd.vn with a hostile streak, for the crawler's limits and fault handling.

A raw HTTP/1.1 front on 127.0.0.1: most paths are passed through to a DemoServer (so every
good article, feed and listing is there as usual), a few demo paths misbehave (500s that
recover, a lying charset, a feed carrying an entity bomb), and robots.txt names extra sitemaps
that lead to pages no crawler should choke on: a stall, a body shorter than its Content-Length,
a gzip bomb, a redirect loop, random bytes as text/html, a 25 MB page, sitemaps with entity
bombs, external entities and an external DTD, and a 50,000-URL sitemap.
"""

from __future__ import annotations

import random
import socketserver
import threading
import time
import zlib
from collections.abc import Callable
from http.client import HTTPConnection
from typing import Self
from urllib.parse import urlsplit

from crawler.demo.server import DemoServer
from crawler.demo.spec import ORIGIN
from tests.support.server import Loopback

NEWS = "/quoc-phong-an-ninh/tin-tuc"
# Article-shaped URLs (the qdnd profile's pattern) listed by /hostile/articles.xml.
STALL = f"{NEWS}/may-chu-treo-990001"
SHORT = f"{NEWS}/than-trang-bi-cat-990002"
BOMB = f"{NEWS}/bom-gzip-990003"
LOOP = f"{NEWS}/chuyen-huong-vong-990004"
RANDOM = f"{NEWS}/byte-ngau-nhien-990005"
BIG = f"{NEWS}/trang-25-mb-990006"
HOSTILE_ARTICLES = (STALL, SHORT, BOMB, LOOP, RANDOM, BIG)
# The ones that must end as failures in the run report (RANDOM is fetched, then not an article).
FAILING = (STALL, SHORT, BOMB, LOOP, BIG)

SITEMAPS = (
    "/hostile/articles.xml",
    "/hostile/laughs.xml",
    "/hostile/external.xml",
    "/hostile/huge.xml",
)
EVIL_DTD = "/hostile/evil.dtd"
BOMB_BYTES = 300 * 1024 * 1024  # decompressed: zeros
BIG_BYTES = 25 * 1024 * 1024
HUGE_SITEMAP_URLS = 50_000  # the sitemap protocol's maximum
STALL_SECONDS = 60.0

LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    + "]>"
)


def _head(status: str, headers: list[tuple[str, str]]) -> bytes:
    lines = [f"HTTP/1.1 {status}", *(f"{name}: {value}" for name, value in headers)]
    return ("\r\n".join([*lines, "Connection: close"]) + "\r\n\r\n").encode("latin-1")


def _xml(body: str) -> tuple[bytes, bytes]:
    data = body.encode("utf-8")
    return _head(
        "200 OK", [("Content-Type", "application/xml"), ("Content-Length", str(len(data)))]
    ), data


def _letters(number: int) -> str:
    """a, b, ..., z, ba, bb, ...: a distinct word per number, with no digit in it."""
    word = ""
    while True:
        number, digit = divmod(number, 26)
        word = chr(ord("a") + digit) + word
        if not number:
            return word


def _gzip_bomb() -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: a gzip stream
    zeros = bytes(1024 * 1024)
    chunks = [packer.compress(zeros) for _ in range(BOMB_BYTES // len(zeros))]
    return b"".join([*chunks, packer.flush()])


class HostileSite(Loopback):
    """Serve the demo site behind a front that misbehaves where the tests say."""

    def __init__(self, demo: DemoServer) -> None:
        self.demo = demo
        self.requests: list[str] = []  # paths, in order of arrival
        self._lock = threading.Lock()
        self._hits: dict[str, int] = {}
        good = [a for a in demo.articles if not a.path.startswith("/video/")]
        # A demo article that answers 500 twice, then itself (retries must get it).
        self.flaky = good[0].path
        # The windows-1258 page, its header now claiming UTF-8 (the meta tag still tells).
        self.mislabelled = next(a.path for a in good if "1258" in demo.lookup(a.path).content_type)
        self.bombed_feed = "/rss/cate/quoc-phong-an-ninh-3424.rss"
        self._bomb = _gzip_bomb()

    # -- the server -------------------------------------------------------------------------

    def start(self) -> Self:
        owner = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                owner._handle(self)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

            def handle_error(self, request: object, client_address: object) -> None:
                """Quiet: the crawler hangs up on stalls and oversized bodies, as it should."""

        return self.serve(Server(("127.0.0.1", 0), Handler))

    def count(self, path: str) -> int:
        with self._lock:
            return sum(1 for seen in self.requests if seen.split("?", 1)[0] == path)

    def _handle(self, handler: socketserver.StreamRequestHandler) -> None:
        request_line = handler.rfile.readline(65537).decode("latin-1").split()
        headers: dict[str, str] = {}
        while (line := handler.rfile.readline(65537)) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if len(request_line) < 2:
            return
        path = request_line[1]
        with self._lock:
            self.requests.append(path)
            self._hits[path] = self._hits.get(path, 0) + 1
            hits = self._hits[path]
        special: dict[str, Callable[[], tuple[bytes, bytes] | None]] = {
            "/robots.txt": lambda: self._robots(headers),
            self.flaky: lambda: self._flaky(path, headers, hits),
            self.mislabelled: lambda: self._mislabel(path, headers),
            self.bombed_feed: lambda: self._bomb_feed(path, headers),
            STALL: self._stall,
            SHORT: self._short,
            BOMB: self._gzip,
            # A load balancer's cookie on the loop, as on every answer of some sites.
            LOOP: lambda: (
                _head("301 Moved Permanently", [("Location", LOOP), ("Set-Cookie", "AWSALB=x")]),
                b"",
            ),
            RANDOM: self._random,
            "/hostile/articles.xml": self._articles_sitemap,
            "/hostile/laughs.xml": self._laughs,
            "/hostile/external.xml": self._external,
            "/hostile/huge.xml": self._huge,
        }
        if path == BIG:
            self._big(handler)
            return
        answer = special.get(path, lambda: self._proxy(path, headers))()
        if answer is None:
            return
        head, body = answer
        try:
            handler.wfile.write(head + body)
            handler.wfile.flush()
        except OSError:
            pass  # the crawler gave up on it: fine

    # -- pass-through ---------------------------------------------------------------------

    def _fetch(
        self, path: str, headers: dict[str, str]
    ) -> tuple[int, str, list[tuple[str, str]], bytes]:
        split = urlsplit(self.demo.base_url)
        connection = HTTPConnection(split.hostname or "127.0.0.1", split.port, timeout=30)
        forwarded = {
            name: value
            for name, value in headers.items()
            if name
            in ("cookie", "accept-encoding", "if-none-match", "if-modified-since", "user-agent")
        }
        connection.request("GET", path, headers=forwarded)
        answer = connection.getresponse()
        body = answer.read()
        kept = [
            (name, value)
            for name, value in answer.getheaders()
            if name.lower()
            not in ("connection", "content-length", "transfer-encoding", "keep-alive")
        ]
        connection.close()
        return answer.status, answer.reason, kept, body

    def _proxy(self, path: str, headers: dict[str, str]) -> tuple[bytes, bytes]:
        status, reason, kept, body = self._fetch(path, headers)
        return _head(f"{status} {reason}", [*kept, ("Content-Length", str(len(body)))]), body

    def _identity(
        self, path: str, headers: dict[str, str]
    ) -> tuple[int, str, list[tuple[str, str]], bytes]:
        """The demo's answer without gzip, so the body can be edited."""
        plain = {
            k: v
            for k, v in headers.items()
            if k not in ("accept-encoding", "if-none-match", "if-modified-since")
        }
        return self._fetch(path, plain)

    # -- misbehaving demo paths ------------------------------------------------------------

    def _robots(self, headers: dict[str, str]) -> tuple[bytes, bytes]:
        _, _, _, body = self._identity("/robots.txt", headers)
        extra = "".join(f"Sitemap: {ORIGIN}{path}\n" for path in SITEMAPS)
        text = body + extra.encode("utf-8")
        return _head(
            "200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(text)))]
        ), text

    def _flaky(self, path: str, headers: dict[str, str], hits: int) -> tuple[bytes, bytes]:
        if hits <= 2:
            body = b"<html><body>Server Error in '/' Application.</body></html>"
            return _head(
                "500 Internal Server Error",
                [("Content-Type", "text/html"), ("Content-Length", str(len(body)))],
            ), body
        return self._proxy(path, headers)

    def _mislabel(self, path: str, headers: dict[str, str]) -> tuple[bytes, bytes]:
        status, reason, kept, body = self._identity(path, headers)
        kept = [(n, v) for n, v in kept if n.lower() != "content-type"]
        kept.append(("Content-Type", "text/html; charset=utf-8"))  # a lie: windows-1258 bytes
        return _head(f"{status} {reason}", [*kept, ("Content-Length", str(len(body)))]), body

    def _bomb_feed(self, path: str, headers: dict[str, str]) -> tuple[bytes, bytes]:
        """The feed as served, with a billion-laughs DTD and a reference in its title."""
        status, reason, kept, body = self._identity(path, headers)
        if status != 200:  # the cookie gate's redirect: as it is
            return _head(f"{status} {reason}", [*kept, ("Content-Length", str(len(body)))]), body
        text = body.decode("utf-8")
        declaration, _, rest = text.partition("?>")
        text = f"{declaration}?>{LAUGHS}{rest}".replace("<title>", "<title>&lol9;", 1)
        data = text.encode("utf-8")
        return _head("200 OK", [*kept, ("Content-Length", str(len(data)))]), data

    # -- hostile pages -----------------------------------------------------------------------

    def _stall(self) -> None:
        time.sleep(STALL_SECONDS)  # headers never come; the crawler's timeout must end it

    def _short(self) -> tuple[bytes, bytes]:
        body = b"<html><head><title>Cut short</title></head><body><p>" + b"x" * 2000
        head = _head(
            "200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", "200000")]
        )
        return head, body  # then the connection closes, 198,000 bytes early

    def _gzip(self) -> tuple[bytes, bytes]:
        return _head(
            "200 OK",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Encoding", "gzip"),
                ("Content-Length", str(len(self._bomb))),
            ],
        ), self._bomb

    def _random(self) -> tuple[bytes, bytes]:
        body = random.Random(990005).randbytes(60_000)
        return _head(
            "200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(body)))]
        ), body

    def _big(self, handler: socketserver.StreamRequestHandler) -> None:
        """25 MB of a well-formed page, streamed: more than any news article should weigh."""
        opening = b"<html><head><title>Trang 25 MB</title></head><body>"
        closing = b"</body></html>"
        paragraph = "<p>Quân đội nhân dân Việt Nam.</p>".encode()
        count = (BIG_BYTES - len(opening) - len(closing)) // len(paragraph)
        length = len(opening) + count * len(paragraph) + len(closing)
        head = _head(
            "200 OK",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(length))],
        )
        try:
            handler.wfile.write(head + opening)
            block = paragraph * 1000
            for _ in range(count // 1000):
                handler.wfile.write(block)
            handler.wfile.write(paragraph * (count % 1000) + closing)
        except OSError:
            pass  # cut off at the size limit, as it should be

    # -- hostile sitemaps --------------------------------------------------------------------

    def _articles_sitemap(self) -> tuple[bytes, bytes]:
        entries = "".join(f"<url><loc>{ORIGIN}{path}</loc></url>" for path in HOSTILE_ARTICLES)
        return _xml(
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
        )

    def _laughs(self) -> tuple[bytes, bytes]:
        return _xml(
            f'<?xml version="1.0"?>{LAUGHS}'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{ORIGIN}{NEWS}/lol-&lol9;-990011</loc></url></urlset>"
        )

    def _external(self) -> tuple[bytes, bytes]:
        return _xml(
            '<?xml version="1.0"?>'
            f'<!DOCTYPE urlset SYSTEM "{ORIGIN}{EVIL_DTD}" ['
            '<!ENTITY secret SYSTEM "file:///etc/passwd">'
            f'<!ENTITY remote SYSTEM "{ORIGIN}/hostile/remote-entity">]>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{ORIGIN}{NEWS}/bi-mat-&secret;-990012</loc></url>"
            f"<url><loc>{ORIGIN}{NEWS}/tu-xa-&remote;-990013</loc></url></urlset>"
        )

    def _huge(self) -> tuple[bytes, bytes]:
        # 50,000 URLs off the article pattern (tag pages, no -<id> at the end): read, then
        # left alone.
        entries = "".join(
            f"<url><loc>{ORIGIN}/tag/chu-de-{_letters(n)}</loc><lastmod>2025-01-15</lastmod></url>"
            for n in range(HUGE_SITEMAP_URLS)
        )
        return _xml(
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
        )
