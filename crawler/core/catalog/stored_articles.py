"""An article version as the catalogue holds it, and the rule that makes a new version.

Pure functions over the stored fields (no connection): the version pipeline, the merge and
the identity rule (crawler.core.catalog.identity) use them beside the catalogue.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from crawler.core.catalog.article_ids import article_id

# The fields a reader sees, besides the words: a change to any of them is a new version.
_VISIBLE = ("authors", "credit", "published", "section", "tags")


def content_hash(fields: dict[str, Any]) -> str:
    """What makes a new version: anything a reader of the article sees, not the page around
    it (a "most read" box changes every hour).

    The words (title, summary, text), and the metadata printed with them: authors and
    credit, the publication date, section, tags, and each image's caption and credit. A
    reader following quiet edits wants a date moved or an author removed kept as a version
    of its own, with the capture that shows it; the older version's files stay as for any
    change. Not counted: the modified date (many CMSs restamp it on every render, which
    would make every visit a version: it is refreshed on the latest version instead), image
    addresses (CDNs rotate them), the canonical link, language, parser and the capture.
    Catalogues written before this rule hashed the words only: comparisons recompute the
    hash from the stored fields (never trust an old row's column), so an upgrade makes no
    version by itself."""
    images = [
        [str(image.get("caption", "")), str(image.get("credit", ""))]
        for image in fields.get("images") or []
        if isinstance(image, dict)
    ]
    visible = {name: fields.get(name) or "" for name in _VISIBLE}
    parts = [
        words_hash(fields),
        json.dumps(visible, ensure_ascii=False, sort_keys=True),
        json.dumps(images, ensure_ascii=False),
    ]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


def words_hash(fields: dict[str, Any]) -> str:
    """The words only (title, summary, text): what tells the same article under another URL
    (crawler.core.catalog.identity), where a copy may lack the tags or captions of the original."""
    parts = [fields.get("title", ""), fields.get("summary", ""), fields.get("text", "")]
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def refreshed_fields(stored: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """An unchanged article's record after a new visit: the new fields (capture, modified
    date), but never a capture replaced by none (a crawl with the archive off)."""
    if fields.get("warc") is None and stored.get("warc") is not None:
        return {**fields, "warc": stored["warc"]}
    return fields


@dataclass(frozen=True)
class StoredArticle:
    id: int
    key: str
    site: str
    version: int
    content_hash: str
    fields: dict[str, Any]
    first_seen: str
    last_seen: str
    files: str

    @property
    def article(self) -> str:
        """The article's ID for people: the same for all its versions, in every archive."""
        return article_id(self.key)


def kept_files(previous: StoredArticle) -> str:
    """Where a superseded version's text files are kept: <stem>.v<N>."""
    return f"{previous.files}.v{previous.version}"


def is_kept(stored: StoredArticle) -> bool:
    return stored.files.endswith(f".v{stored.version}")


ARTICLE_COLUMNS = "id, key, site, version, content_hash, fields, first_seen, last_seen, files"


def article_from_row(row: tuple[Any, ...]) -> StoredArticle:
    id_, key, site, version, digest, fields, first_seen, last_seen, files = row
    return StoredArticle(
        id_, key, site, version, digest, json.loads(fields), first_seen, last_seen, files
    )
