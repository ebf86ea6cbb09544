"""A site of fixed pages on 127.0.0.1: each path answers with its status, type and bytes, and
every request is remembered. For tests that need a few pages served, not a whole outlet."""

from __future__ import annotations

from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from typing import Self

from tests.support.server import Loopback, QuietHandler


@dataclass(frozen=True)
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200


@dataclass
class StaticSite(Loopback):
    pages: dict[str, Page] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)

    def start(self) -> Self:
        site = self

        class Handler(QuietHandler):  # quiet: a test reads `requests`, not the log
            def do_GET(self) -> None:
                site.requests.append(self.path)
                page = site.pages.get(self.path, Page(b"not found", "text/plain", 404))
                self.send(page.status, page.content_type, page.body)

        return self.serve(ThreadingHTTPServer(("127.0.0.1", 0), Handler))
