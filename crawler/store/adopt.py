"""Adopt articles written before the catalogue knew them: text outputs of an older defnews, or
of a folder whose catalog.sqlite was deleted. Without this, export would silently leave them
out and the next crawl would fetch them all again.

For each article, <stem>.v1.json, <stem>.v2.json ... (kept older versions) become versions 1,
2, ... and <stem>.json the latest; its URL is marked archived under the key a crawl computes
(the fetched URL, moved onto its site's own origin when it came from a mirror). Pure: no
Scrapy.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    from crawler.store.catalog import Catalog

_KEPT = re.compile(r"^(?P<stem>.+)\.v(?P<version>\d+)$")


def site_key(fields: dict[str, Any]) -> str:
    """The catalogue key of an article record, as NewsSpider.site_url and url_key make it."""
    from crawler.sites import REGISTRY
    from crawler.store.catalog import normalize_key  # the catalogue imports this module

    url = str(fields["url"])
    site = REGISTRY.get(str(fields.get("site", "")))
    parts = urlsplit(url)
    if site is not None and (parts.hostname or "").lower() not in site.domains:
        origin = urlsplit(site.origin)  # crawled from a mirror (--base-url): the site's URL
        url = urlunsplit((origin.scheme, origin.netloc, parts.path, parts.query, ""))
    return normalize_key(url)


def _versions(root: Path) -> dict[str, list[tuple[int, Path]]]:
    """Article files by stem: kept versions by their number, the plain file last."""
    found: dict[str, list[tuple[int, Path]]] = defaultdict(list)
    for path in (root / "articles").rglob("*.json"):
        kept = _KEPT.match(path.name.removesuffix(".json"))
        stem = str(path.parent / kept["stem"]) if kept else str(path.with_suffix(""))
        found[stem].append((int(kept["version"]) if kept else 1_000_000, path))
    return {stem: sorted(paths) for stem, paths in sorted(found.items())}


def adopt_text_outputs(catalog: Catalog, root: Path) -> int:
    """Record every article under root/articles the catalogue lacks; returns how many."""
    adopted = 0
    for paths in _versions(root).values():
        records = []
        for _, path in paths:
            try:
                fields = json.loads(path.read_text(encoding="utf-8"))
                records.append((site_key(fields), fields, path))
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                continue  # not one of ours
        if not records or catalog.latest(records[-1][0]) is not None:
            continue
        for key, fields, path in records:
            _record_fetch(catalog, key, fields, path)
            files = path.relative_to(root).with_suffix("").as_posix()
            catalog.store_article(key, fields, files=files)
        adopted += 1
    return adopted


def _record_fetch(catalog: Catalog, key: str, fields: dict[str, Any], path: Path) -> None:
    ref = fields.get("warc") if isinstance(fields.get("warc"), dict) else None
    catalog.record_fetch(
        key=key,
        site=str(fields.get("site", "")),
        kind="article",
        url=str(fields["url"]),
        status=200,
        body_location=(str(ref["file"]), int(ref["offset"]), int(ref["length"])) if ref else None,
        fetched_at=datetime.fromtimestamp(path.stat().st_mtime, UTC),
    )
