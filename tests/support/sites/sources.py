"""qdnd.vn's discovery sources (robots.txt, sitemaps, feeds, listings) on a loopback server,
empty at first: a test puts pages in `pages` and changes them between runs, to see how a crawl
accounts for every sitemap and feed entry."""

from __future__ import annotations

from pathlib import Path

from crawler.demo.requisites import PHOTO_HOSTS
from tests.support.cli import FAST, run_cli
from tests.support.server import HandlerSite, QuietHandler

QDND = "https://www.qdnd.vn"
SITEMAP = "/sitemaps/pid/feed-0.xml"
TOP = "/sitemaps/0/top300article.xml"
FEED = "/rss/cate/tin-tuc-moi-nhat.rss"
EMPTY_SITEMAP = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>'
)
EMPTY_FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'
GATE = b"<html><head><title>Trang chu</title></head><body>Trang chu</body></html>"


class Site(HandlerSite):
    """qdnd.vn's profile paths on a loopback server; `pages` changes what it serves."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[str, bytes]] = {
            "/robots.txt": ("text/plain", b"User-agent: *\n"),
            SITEMAP: ("application/xml", EMPTY_SITEMAP),
            TOP: ("application/xml", EMPTY_SITEMAP),
            "/rss/cate/tin-tuc-moi-nhat.rss": ("application/rss+xml", EMPTY_FEED),
            "/rss/cate/quoc-phong-an-ninh-3424.rss": ("application/rss+xml", EMPTY_FEED),
            "/rss/cate/chinh-tri-3429.rss": ("application/rss+xml", EMPTY_FEED),
            "/rss": ("text/html; charset=utf-8", b"<html><body>RSS</body></html>"),
            "/quoc-phong-an-ninh/tin-tuc": ("text/html", b"<html><body></body></html>"),
            "/chinh-tri": ("text/html", b"<html><body></body></html>"),
            "/quoc-te": ("text/html", b"<html><body></body></html>"),
        }
        pages = self.pages

        class Handler(QuietHandler):
            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                if path in pages:
                    status, (kind, body) = 200, pages[path]
                else:
                    status, kind, body = 404, "text/html", b"<html><body>nope</body></html>"
                if kind.startswith("text/html"):
                    # The pages name their photos on the real photo hosts: served as the demo
                    # serves them, on this server (where they are 404s), so that a crawl with
                    # photos on never asks DNS for file3.qdnd.vn.
                    host, port = self.server.server_address[:2]
                    origin = f"http://{host!s}:{port}/".encode()
                    for photo_host in PHOTO_HOSTS:
                        body = body.replace(photo_host, origin)
                self.send(status, kind, body)

        super().__init__(Handler)

    def crawl(self, out: Path, *extra: str) -> tuple[int, str]:
        result = run_cli(
            "crawl", "qdnd", "--base-url", self.base_url, "--out", str(out), *FAST, *extra
        )
        assert "Traceback" not in result.stderr
        # The pages are the site's own layout: an exit 3 is discovery drift, never the parser's.
        assert "parser drift" not in result.stdout + result.stderr
        return result.returncode, result.stdout + result.stderr

    @staticmethod
    def runs(out: Path, run: int) -> str:
        shown = run_cli("runs", str(run), "--out", str(out))
        assert shown.returncode == 0, shown.stderr
        return shown.stdout
