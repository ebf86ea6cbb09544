"""Re-extract archived articles from the WARCs with today's parsers: the payoff of parsers that
never import Scrapy. Each article's latest version is parsed again from the very capture it
came from; where the result differs, its text files and catalogue row are updated in place
(a new parse of the same capture is no new version of the page). Pure: no Scrapy."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from crawler.core.archive.reader import ArchiveError
from crawler.core.article import Article, WarcRef
from crawler.core.catalog.article_files import (
    SUFFIXES,
    holds,
    remove_article_files,
    write_article_files,
)
from crawler.core.catalog.captures import capture_of
from crawler.core.catalog.catalog import Catalog, StoredArticle
from crawler.core.catalog.keys import record_key
from crawler.core.catalog.paths import OutputLayout
from crawler.core.sites import REGISTRY, extract


@dataclass
class Outcome:
    articles: int = 0
    changed: int = 0
    repaired: int = 0  # same parse, but its text files were missing: written again
    not_archived: int = 0  # crawled with the WARC off: nothing to parse again
    superseded: int = 0  # a crawl stored a newer version meanwhile: left to it
    failed: list[tuple[int, str]] = field(default_factory=list)  # (article id, why)


def reparse_one(root: Path, catalog: Catalog, stored: StoredArticle) -> Article:
    """The article parsed again from its capture (ArchiveError when that cannot be read)."""
    capture = capture_of(root, catalog, stored.fields)
    when = datetime.fromisoformat(capture.date) if capture.date else None
    article = extract(
        capture.body,
        str(stored.fields.get("url") or capture.url),
        content_type=capture.content_type,
        fetched_at=when,
        site=REGISTRY.get(stored.site),
    )
    article.warc = WarcRef(**stored.fields["warc"])
    if REGISTRY.get(stored.site) is None and stored.site:
        # Crawled with --start: the generic parser, filed under the outlet's own key (from its
        # host), as the crawl filed it; not under "generic", which would move its files.
        article.site = stored.site
    return article


def reparse(
    root: Path,
    catalog: Catalog,
    *,
    site: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Outcome:
    layout = OutputLayout(root)
    stored_articles = list(catalog.articles(site=site))
    outcome = Outcome()
    for done, stored in enumerate(_with_progress(stored_articles, progress), 1):
        outcome.articles = done
        if not isinstance(stored.fields.get("warc"), dict):
            outcome.not_archived += 1
            continue
        try:
            article = reparse_one(root, catalog, stored)
        except (ArchiveError, OSError, sqlite3.Error, ValueError, KeyError, TypeError) as error:
            # One capture that cannot be read (a revisit whose original is unknown, a WARC
            # gone to cold storage): that article is named and skipped, the others go on.
            why = str(error) or type(error).__name__
            outcome.failed.append((stored.id, f"{stored.fields.get('url', '')}: {why}"))
            continue
        fields = article.to_dict()
        if fields == stored.fields:
            if stored.files and not all((root / f"{stored.files}{s}").is_file() for s in SUFFIXES):
                # Where the catalogue says they are, unless another article holds that name.
                mine = holds(root / stored.files, record_key(fields))
                stem = write_article_files(layout, article, root / stored.files if mine else None)
                if not mine:
                    files = stem.relative_to(root).as_posix()
                    catalog.replace_fields(stored.id, fields, files=files, was=stored.content_hash)
                outcome.repaired += 1
            continue
        files = ""
        if stored.files:  # it had text files: they follow the new parse
            stem = write_article_files(layout, article)
            files = stem.relative_to(root).as_posix()
            if files != stored.files:  # a new date moved it: one current copy only
                remove_article_files(root / stored.files, record_key(fields))
        if catalog.replace_fields(stored.id, fields, files=files, was=stored.content_hash):
            outcome.changed += 1
        else:
            outcome.superseded += 1
    return outcome


def _with_progress(
    items: list[StoredArticle], progress: Callable[[int, int], None] | None
) -> Iterator[StoredArticle]:
    for number, item in enumerate(items, 1):
        yield item
        if progress is not None:
            progress(number, len(items))
