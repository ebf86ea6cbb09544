"""What an article's page shows, read from the catalogue and the WARCs: one version's clean
text, its siblings, its images and where pywb replays its capture. Plain functions of a SQLite
connection, run in Datasette's database threads; knows nothing of Datasette or HTML.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawler.core.archive.reader import ArchiveError, capture_head
from crawler.core.article import Article
from crawler.core.catalog.article_ids import article_id
from crawler.core.catalog.image_captures import with_image_captures
from crawler.web.pywb import timestamp


def web_link(url: str) -> str:
    """url if it may be a link on our pages (http or https), else "": an archived page names
    its own canonical URL, and javascript: there would run in our origin when clicked."""
    return url if urlsplit(url).scheme.lower() in ("http", "https") else ""


@dataclass(frozen=True)
class Version:
    id: int  # the version's row
    version: int
    last_seen: str
    first_seen: str = ""


@dataclass(frozen=True)
class Replay:
    """Where pywb replays the capture: the page alone (for the frame) and with pywb's banner."""

    date: str
    frame: str
    full: str


@dataclass(frozen=True)
class Photo:
    """An article's image as the page shows it: from the archive (src: pywb's raw replay of its
    capture) or, never archived, only its URL (src "")."""

    url: str
    caption: str
    credit: str
    src: str
    archived: str  # "FILE @ OFFSET", or "" when not archived


@dataclass
class ArticleView:
    id: int  # the version's row
    key: str
    version: int
    first_seen: str
    last_seen: str
    article: Article
    paragraphs: list[str]
    versions: list[Version]
    replay: Replay | None = None
    replay_error: str = ""
    photos: list[Photo] | None = None

    @property
    def link(self) -> str:
        return web_link(self.article.canonical_url or self.article.url)

    @property
    def ident(self) -> str:
        """The article's ID for people, the same for all its versions."""
        return article_id(self.key)

    @property
    def latest(self) -> Version:
        return self.versions[-1]

    @property
    def previous(self) -> Version | None:
        """The version before this one (what its changes are shown against)."""
        older = [v for v in self.versions if v.version < self.version]
        return older[-1] if older else None


def article_view(
    db: sqlite3.Connection, root: Path, article_id: int, replay_base: str
) -> ArticleView | None:
    """One version of an article, its siblings, and where its capture replays (None: no such
    ID). A capture that cannot be read is said in replay_error, not raised: the clean text
    is still worth showing."""
    row = db.execute(
        "SELECT id, key, version, first_seen, last_seen, fields FROM articles WHERE id = ?",
        (article_id,),
    ).fetchone()
    if row is None:
        return None
    ident, key, version, first_seen, last_seen, fields_json = tuple(row)
    fields = json.loads(fields_json)
    versions = [
        Version(*tuple(sibling))
        for sibling in db.execute(
            "SELECT id, version, last_seen, first_seen FROM articles WHERE key = ? "
            "ORDER BY version",
            (key,),
        )
    ]
    article = Article.from_dict(fields)
    view = ArticleView(
        id=ident,
        key=key,
        version=version,
        first_seen=first_seen,
        last_seen=last_seen,
        article=article,
        paragraphs=[line.strip() for line in article.text.split("\n") if line.strip()],
        versions=versions,
    )
    if article.warc is None:
        view.replay_error = "this article has no archived capture (it was not crawled)"
        return view
    try:
        url, date = capture_head(root / article.warc.file, article.warc.offset)
    except ArchiveError as error:
        view.replay_error = str(error)
        return view
    # The record's own URL and second: pywb replays exactly this capture (a revisit included:
    # pywb follows it to the body it repeats).
    stamp = timestamp(date)
    view.replay = Replay(
        date=date, frame=f"{replay_base}{stamp}mp_/{url}", full=f"{replay_base}{stamp}/{url}"
    )
    view.photos = photos(db, fields, f"{replay_base}{stamp}")
    return view


def photos(db: sqlite3.Connection, fields: dict[str, Any], replay_at: str) -> list[Photo]:
    """The article's images with where each replays: pywb's im_ mode (the raw image) at the
    article's capture time picks the image's capture nearest to the article's."""
    shown = []
    for image in with_image_captures(db, fields)["images"]:  # as `export` gives them
        url, where = str(image.get("url", "")), image["archived"]
        shown.append(
            Photo(
                url=url,
                caption=str(image.get("caption", "")),
                credit=str(image.get("credit", "")),
                src=f"{replay_at}im_/{url}" if where and web_link(url) else "",
                archived=f"{where['file']} @ {where['offset']}" if where else "",
            )
        )
    return shown
