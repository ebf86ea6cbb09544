"""A small outlet with no profile on 127.0.0.1 whose pages test article identity: canonical
links broken the common ways, an article under a second URL, query-order variants, and pages
that change between crawls. Crawled with `defnews crawl --start`.

Every article is listed in the sitemap that robots.txt names (with its lastmod) and linked
from the home page; `link` gives the address the home page uses when it differs (another
query order). Pages answer with an ETag of their body and honour If-None-Match, so a crawl
that revalidates gets 304s for unchanged pages. The site is mutable: a test edits a page's
fields, or moves every lastmod forward, between two crawls.
"""

from __future__ import annotations

import hashlib
import json
import threading
import zlib
from dataclasses import dataclass, field, replace
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

from tests.support.server import Loopback


@dataclass(frozen=True)
class Page:
    path: str  # as the sitemap lists it (query included)
    title: str
    paragraphs: tuple[str, ...]
    published: str  # ISO 8601 with offset
    authors: tuple[str, ...] = ("Jane Porter",)
    tags: tuple[str, ...] = ("defense",)
    caption: str = "A photo of the event."
    canonical: str | None = None  # a path on the site; None: the page's own address
    link: str = ""  # the home page's link to it, when not path
    lastmod: str = ""  # the sitemap's date; "" = published

    @property
    def summary(self) -> str:
        return f"What happened: {self.title.lower()}."


def _sentences(seed: str) -> tuple[str, ...]:
    """Three paragraphs of their own words per seed, long enough for the body extractor."""
    return tuple(
        f"{seed} paragraph {n}: officials described the work in detail on the record, and the "
        f"report on {seed.lower()} went on to give the figures, the places and the people "
        "involved, with the dates on which each step was taken and what comes next."
        for n in range(1, 4)
    )


def article_page(page: Page, origin: str) -> bytes:
    canonical = origin + (page.canonical if page.canonical is not None else page.path)
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title,
        "description": page.summary,
        "datePublished": page.published,
        "author": [{"@type": "Person", "name": name} for name in page.authors],
    }
    first, *rest = page.paragraphs
    body = (
        f"<p>{escape(first)}</p>"
        f'<figure><img src="/img/{zlib.crc32(page.path.encode())}.jpg" alt="">'
        f"<figcaption>{escape(page.caption)}</figcaption></figure>"
        + "".join(f"<p>{escape(p)}</p>" for p in rest)
    )
    html = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(page.title)} - Identity Wire</title>"
        f'<link rel="canonical" href="{escape(canonical)}">'
        f'<meta property="og:title" content="{escape(page.title)}">'
        f'<meta property="og:description" content="{escape(page.summary)}">'
        f'<meta name="keywords" content="{escape(", ".join(page.tags))}">'
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head>'
        '<body><header><a href="/">Identity Wire</a></header><main><article>'
        f'<h1>{escape(page.title)}</h1><div class="entry-content">{body}</div></article>'
        "</main><footer>© Identity Wire</footer></body></html>"
    )
    return html.encode("utf-8")


@dataclass
class IdentitySite(Loopback):
    pages: list[Page]
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    base_url: str = ""

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    # -- what the tests change between crawls --------------------------------------------------

    def edit(self, path: str, lastmod: str = "2025-12-31T00:00:00+00:00", **changes: Any) -> Page:
        """Change one page's fields; its sitemap date moves on, as a CMS does on an edit."""
        with self._lock:
            for n, page in enumerate(self.pages):
                if page.path == path:
                    self.pages[n] = replace(page, lastmod=lastmod, **changes)
                    return self.pages[n]
        raise KeyError(path)

    def touch_all(self, lastmod: str) -> None:
        """Every sitemap date moved forward: every article is due for a revalidation."""
        with self._lock:
            self.pages = [replace(page, lastmod=lastmod) for page in self.pages]

    # -- the site ------------------------------------------------------------------------------

    def page(self, path: str) -> Page | None:
        """The article at path (query parameters in any order)."""
        wanted = _sorted_query(path)
        with self._lock:
            return next((p for p in self.pages if _sorted_query(p.path) == wanted), None)

    def _answer(self, path: str) -> tuple[int, str, bytes]:
        origin = self.base_url
        if path == "/robots.txt":
            return 200, "text/plain", f"User-agent: *\nSitemap: {origin}/sitemap.xml\n".encode()
        with self._lock:
            pages = list(self.pages)
        if path == "/sitemap.xml":
            urls = "".join(
                f"<url><loc>{escape(origin + p.path)}</loc>"
                f"<lastmod>{p.lastmod or p.published}</lastmod></url>"
                for p in pages
            )
            body = (
                '<?xml version="1.0" encoding="UTF-8"?>'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            )
            return 200, "application/xml", body.encode()
        if path == "/":
            links = "".join(
                f'<li><a href="{escape(p.link or p.path)}">{escape(p.title)}</a></li>'
                for p in pages
            )
            body = (
                '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Identity Wire</title>'
                f'<link rel="canonical" href="{origin}/"></head><body><h1>Identity Wire</h1>'
                f"<ul>{links}</ul></body></html>"
            )
            return 200, "text/html; charset=utf-8", body.encode()
        found = self.page(path)
        if found is None:
            return 404, "text/html", b"<h1>Not found</h1>"
        return 200, "text/html; charset=utf-8", article_page(found, origin)

    def start(self) -> Self:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                with owner._lock:
                    owner.requests.append((self.path, dict(self.headers.items())))
                status, content_type, body = owner._answer(self.path)
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if status == 200 and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                if status == 200:
                    self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        return self.serve(server)


def _sorted_query(path: str) -> str:
    base, _, query = path.partition("?")
    return base + "?" + "&".join(sorted(query.split("&"))) if query else base


# -- the pages of the tests --------------------------------------------------------------------

TOPICS = (
    "Army tests new howitzer",
    "Navy commissions second frigate",
    "Air force orders trainer jets",
    "Ministry opens cyber center",
    "Border guards seize smuggled goods",
    "Coast guard rescues fishermen",
    "Engineers rebuild mountain bridge",
    "Militia trains flood response",
    "Academy graduates new officers",
    "Radar station gets upgrade",
    "Helicopter crews practise night landings",
    "Veterans honoured at ceremony",
    "Field hospital opens in province",
    "Logistics brigade moves supplies",
    "Signals unit tests new radios",
    "Submarine returns from patrol",
    "Air defence drill held at dawn",
)


def slug(title: str) -> str:
    return title.lower().replace(" ", "-")


def broken_canonical_pages() -> list[Page]:
    """Seventeen articles whose template gives the home page as every page's canonical link,
    published over four months."""
    return [
        Page(
            path=f"/2025/0{1 + n % 4}/{10 + n:02d}/{slug(topic)}/",
            title=topic,
            paragraphs=_sentences(topic),
            published=f"2025-0{1 + n % 4}-{10 + n:02d}T08:00:00+07:00",
            canonical="/",
        )
        for n, topic in enumerate(TOPICS)
    ]


def plain_pages(count: int) -> list[Page]:
    """Articles as a sound template makes them: each its own canonical link."""
    return [replace(page, canonical=None) for page in broken_canonical_pages()[:count]]


TWIN = "/2025/05/02/frigate-begins-sea-trials/"
TWIN_LIVE = "/2025/05/02/frigate-begins-sea-trials-live-updates/"
ORIGINAL = "/2025/05/03/drone-unit-formed-in-north/"
AMP = "/amp/2025/05/03/drone-unit-formed-in-north/"
QUERY = "/news/drone-swarm-exercise-report?id=70125&lang=en"
QUERY_SWAPPED = "/news/drone-swarm-exercise-report?lang=en&id=70125"


def twin_pages() -> list[Page]:
    """An article; a second page (another text) whose canonical names the first; an article
    and its AMP copy (the same words) naming it; an article linked with two query orders."""
    return [
        Page(
            TWIN,
            "Frigate begins sea trials",
            _sentences("Frigate trials"),
            "2025-05-02T09:00:00+07:00",
        ),
        Page(
            TWIN_LIVE,
            "Frigate begins sea trials: live updates",
            _sentences("Live updates from the frigate"),
            "2025-05-02T10:00:00+07:00",
            canonical=TWIN,
        ),
        Page(
            ORIGINAL,
            "Drone unit formed in north",
            _sentences("Drone unit"),
            "2025-05-03T09:00:00+07:00",
        ),
        Page(
            AMP,
            "Drone unit formed in north",
            _sentences("Drone unit"),
            "2025-05-03T09:00:00+07:00",
            canonical=ORIGINAL,
        ),
        Page(
            QUERY,
            "Drone swarm exercise report",
            _sentences("Drone swarm"),
            "2025-05-04T09:00:00+07:00",
            link=QUERY_SWAPPED,
        ),
    ]
