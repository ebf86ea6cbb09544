"""Adopt articles written before the catalogue knew them: text outputs of an older defnews, or
of a folder whose catalog.sqlite was deleted. Without this, export would silently leave them
out and the next crawl would fetch them all again.

Each articles/**/<stem>.json (kept versions, <stem>.vN.json, aside) becomes version 1 of its
URL, and its URL is marked archived. Pure: no Scrapy.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crawler.store.catalog import Catalog


def adopt_text_outputs(catalog: Catalog, root: Path) -> int:
    """Record every article file under root/articles the catalogue lacks; returns how many."""
    from crawler.store.catalog import normalize_key  # the catalogue imports this module

    adopted = 0
    for path in sorted((root / "articles").rglob("*.json")):
        if ".v" in path.stem.rsplit("-", 1)[-1]:
            continue  # a kept older version: its latest is adopted under the plain name
        try:
            fields = json.loads(path.read_text(encoding="utf-8"))
            key = normalize_key(str(fields.get("canonical_url") or fields["url"]))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue  # not one of ours
        if catalog.latest(key) is not None:
            continue
        seen = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        ref = fields.get("warc") if isinstance(fields.get("warc"), dict) else {}
        catalog.record_fetch(
            key=key,
            site=str(fields.get("site", "")),
            kind="article",
            url=str(fields.get("url", key)),
            status=200,
            body_location=(str(ref["file"]), int(ref["offset"]), int(ref["length"]))
            if ref
            else None,
            fetched_at=seen,
        )
        files = path.relative_to(root).with_suffix("").as_posix()
        catalog.store_article(key, fields, files=files)
        adopted += 1
    return adopted
