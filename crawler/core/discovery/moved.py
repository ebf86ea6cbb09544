"""Where a listing went: a profile listing that answers 404 is looked for among the home page's
links. Pure (no Scrapy)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit


def moved_listing(old: str, candidates: Iterable[str]) -> str | None:
    """The link that looks like the new place of the listing at `old`: same host, another
    path that ends in the old path's last segment (/chinh-tri -> /thoi-su/chinh-tri) or in the
    whole old path. None when nothing looks like it: then only the drift alarm says it."""
    before = urlsplit(old)
    path = before.path.rstrip("/")
    last = path.rsplit("/", 1)[-1]
    if not last:
        return None
    for url in candidates:
        parts = urlsplit(url)
        if parts.netloc != before.netloc:
            continue
        candidate = parts.path.rstrip("/")
        if candidate == path:
            continue
        if candidate.rsplit("/", 1)[-1] == last or candidate.endswith(path):
            return url
    return None
