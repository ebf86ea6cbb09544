"""Public data types of the demo site: served resources and the gold record of each article."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from crawler.demo.spec import ORIGIN, Spec

# Pages keep the real site's absolute links; the crawler maps this origin onto the local server.
HTML_UTF8 = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Resource:
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()
    # When the content last changed, served as Last-Modified: an article's modified time, the
    # newest date a sitemap or feed lists. None: the server uses when the resource was set.
    modified: datetime | None = None


@dataclass(frozen=True)
class GoldImage:
    url: str
    caption: str
    credit: str


@dataclass(frozen=True)
class DemoArticle:
    path: str
    article_id: int
    era: str
    discovery: frozenset[str]
    disallowed: bool
    title: str
    summary: str
    paragraphs: tuple[str, ...]
    credit: str
    authors: tuple[str, ...]
    published: str
    modified: str
    section: tuple[str, ...]
    tags: tuple[str, ...]
    images: tuple[GoldImage, ...]
    encoding: str

    @property
    def url(self) -> str:
        return ORIGIN + self.path

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class DemoSite:
    resources: dict[str, Resource]
    articles: tuple[DemoArticle, ...]
    specs: tuple[Spec, ...]  # what `articles` were built from, in the same order


def html_resource(page: str) -> Resource:
    """A 200 UTF-8 HTML page (article pages in other encodings build their own Resource)."""
    return Resource(200, HTML_UTF8, page.encode("utf-8"))


def lead_image(article: DemoArticle) -> str:
    """URL of the article's first image, "" when it has none (listings, feeds, og:image)."""
    return article.images[0].url if article.images else ""
