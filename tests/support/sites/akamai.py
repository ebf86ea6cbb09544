"""war.gov behind Akamai, seen from a datacenter address: 403 for everything, or (partial)
everything but the story feed; or robots.txt let through, or Cloudflare's challenge served
with 200 on every page."""

from __future__ import annotations

import gzip

from crawler.core.sites.outlets import dod
from crawler.core.sites.table import FIXTURE_ROOT
from tests.support.server import HandlerSite, QuietHandler

CHALLENGE = (
    "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
    '<script>window._cf_chl_opt={cvId: "3"};</script>'
    '<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script>'
    "<p>Cloudflare Ray ID: <code>8e1f2a3b4c5d6e7f</code></p></body></html>"
)
DENIED = gzip.decompress((FIXTURE_ROOT / "dod" / "403_access-denied.html.gz").read_bytes())
FEED = dod.SITE.feeds[0]
STORIES = (
    "/News/News-Stories/Article/Article/4000001/a/",
    "/News/News-Stories/Article/Article/4000002/b/",
)
MODES = ("all", "partial", "robots-ok", "challenge")


class AkamaiSite(HandlerSite):
    def __init__(self, mode: str) -> None:
        assert mode in MODES, mode
        owner = self

        class Handler(QuietHandler):
            def do_GET(self) -> None:
                status, kind, body = owner.answer(self.path)
                self.send(status, kind, body, ("Connection", "close"))

            def version_string(self) -> str:
                return "AkamaiGHost"

        super().__init__(Handler)
        self.mode = mode

    def answer(self, path: str) -> tuple[int, str, bytes]:
        if self.mode == "robots-ok" and path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n"
        if self.mode == "challenge":  # Cloudflare's challenge, served with 200 as it sometimes is
            return 200, "text/html; charset=utf-8", CHALLENGE.encode()
        if self.mode == "partial" and path == FEED:
            items = "".join(
                f"<item><title>Story {i}</title><link>{self.base_url}{story}</link>"
                "<pubDate>Fri, 22 Nov 2024 15:00:00 GMT</pubDate></item>"
                for i, story in enumerate(STORIES)
            )
            body = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
            return 200, "application/rss+xml", body.encode()
        return 403, "text/html", DENIED
