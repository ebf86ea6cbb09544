"""The layout of an output folder, in one place, and file names that can never escape it."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

from crawler.core.extraction.text import fold_diacritics
from crawler.core.sites.keys import safe_key

_UNSAFE = re.compile(r"[^a-z0-9-]+")
MAX_STEM = 80


def safe_stem(url: str, attempt: int = 0) -> str:
    """A file stem from a URL: the folded last path segment plus a digest of the whole URL.

    Only [a-z0-9-] survive, so "..", slashes, drive letters and NUL bytes never reach the
    file system; the digest keeps two URLs with the same slug apart. attempt > 0 gives
    another digest, for a stem whose files another article holds (crawler.core.catalog.article_files).
    """
    try:
        path = urlsplit(url).path.rstrip("/")
    except ValueError:  # "//[" is no URL a response has; the digest alone names it then
        path = ""
    slug = _UNSAFE.sub("-", fold_diacritics(path.rsplit("/", 1)[-1]).lower()).strip("-")
    named = f"{url}#{attempt}" if attempt else url
    digest = hashlib.sha1(named.encode("utf-8")).hexdigest()[:10]
    return f"{slug[:MAX_STEM].rstrip('-')}-{digest}" if slug else digest


class OutputLayout:
    """output/warc/, output/articles/<site>/<YYYY>/<MM>/<stem>.{json,txt}, output/runs/."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def warc(self) -> Path:
        return self.root / "warc"

    @property
    def runs(self) -> Path:
        return self.root / "runs"

    def article(self, site: str, published: str, url: str, attempt: int = 0) -> Path:
        """Stem (no suffix) of an article's files; published is ISO 8601 or "". url is the
        article's own URL key (crawler.core.catalog.catalog.normalize_key), never its canonical
        link: a broken template gives every page the home page as canonical."""
        match = re.match(r"(\d{4})-(\d{2})", published)
        year, month = match.groups() if match else ("undated", "")
        folder = self.root / "articles" / safe_key(site) / year
        if month:
            folder /= month
        path = folder / safe_stem(url, attempt)
        # Defence in depth: the parts above are sanitised, but never write outside the root.
        # Checked on the names, not with resolve(): two file-system walks per article showed in
        # the crawl's profile, and no part here can be "..", absolute or a link we made.
        relative = path.relative_to(self.root).parts
        if any(part in ("", ".", "..") or "/" in part for part in relative):
            raise ValueError(f"refusing to write outside {self.root}: {path}")
        return path
