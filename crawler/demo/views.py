"""View models the page templates take: links, listing teasers and the article page inputs."""

from __future__ import annotations

from dataclasses import dataclass

from crawler.demo.encoding import e


@dataclass(frozen=True)
class Link:
    url: str
    title: str

    def anchor(self) -> str:
        """The plain titled <a> every link list of the chrome and the templates writes."""
        return f'<a href="{e(self.url)}" title="{e(self.title)}">{e(self.title)}</a>'


@dataclass(frozen=True)
class Teaser:
    """One item of a category listing."""

    url: str
    title: str
    image: str
    date: str  # "16/01/2025 09:15"
    summary: str


@dataclass(frozen=True)
class ArticleView:
    """Everything an article page template needs, already era-specific where it matters."""

    url: str
    title: str
    description: str
    keywords: str
    image: str
    charset: str
    json_ld: str
    crumbs: tuple[Link, ...]
    date_html: str
    summary_html: str
    body_html: str
    tags: tuple[Link, ...]
    related: tuple[Link, ...]
    most_read: tuple[Link, ...]
    comments: tuple[tuple[str, str], ...]
