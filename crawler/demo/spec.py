"""The pre-render article record (`Spec`) and the section and discovery vocabulary it uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from crawler.demo.encoding import slugify
from crawler.demo.views import Link

# The site the demo imitates: every page and link is under this origin.
ORIGIN = "https://www.qdnd.vn"

VN = timezone(timedelta(hours=7))

# Sections: breadcrumb (name, path) pairs; the last path is the article's parent path.
SECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "qpan": (
        ("Quốc phòng - An ninh", "/quoc-phong-an-ninh"),
        ("Tin tức", "/quoc-phong-an-ninh/tin-tuc"),
    ),
    "chinh-tri": (("Chính trị", "/chinh-tri"), ("Tin tức", "/chinh-tri/tin-tuc")),
    "van-hoa": (("Văn hóa", "/van-hoa"), ("Đời sống", "/van-hoa/doi-song")),
    "quoc-te": (("Quốc tế", "/quoc-te"), ("Quân sự thế giới", "/quoc-te/quan-su-the-gioi")),
    # robots.txt disallows /video/: this section only holds the one disallowed page.
    "video": (("Video", "/video"), ("Quốc phòng - An ninh", "/video/quoc-phong-an-ninh")),
}

# Discovery sources that list an article (an article's `discovery` is a union of these).
SITEMAP = frozenset({"sitemap"})
RSS = frozenset({"rss"})
LISTING = frozenset({"listing"})
SITEMAP_RSS_LISTING = SITEMAP | RSS | LISTING


@dataclass(frozen=True)
class Spec:
    """One article before rendering: page markup inputs plus the gold fields it defines."""

    article_id: int
    era: str
    section: str
    title: str
    summary: str
    dateline: str  # sapo prefix shown on the page, not part of the gold summary
    published: datetime
    modified: datetime | None
    body: str  # final markup inside div[itemprop=articleBody]
    credit: str  # expected gold credit, checked against the body at build time
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    discovery: frozenset[str]
    encoding: str = "utf-8"

    @property
    def path(self) -> str:
        return f"{SECTIONS[self.section][-1][1]}/{slugify(self.title)}-{self.article_id}"

    @property
    def disallowed(self) -> bool:
        return self.section == "video"

    @property
    def link(self) -> Link:
        """How other pages (related, most read) link here: the page title, not the gold one."""
        return Link(ORIGIN + self.path, self.title)

    @property
    def last_modified(self) -> datetime:
        """Sitemap <lastmod>: the modification time, else the publication time."""
        return self.modified or self.published


def dt(value: str) -> datetime:
    """A "YYYY-MM-DD HH:MM" local (UTC+7) time, as the article specs write them."""
    return datetime.strptime(value, "%Y-%m-%d %H:%M").replace(tzinfo=VN)


def iso(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""
