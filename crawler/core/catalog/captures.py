"""The archived capture an article came from, found through the catalogue. Pure: no Scrapy."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from crawler.core.archive.reader import ArchiveError, Capture, capture_at
from crawler.core.catalog.catalog import Catalog


def capture_of(root: Path, catalog: Catalog, fields: dict[str, Any]) -> Capture:
    """The exchange an article record's WarcRef points at; a revisit gets its original's body
    (found by payload digest). ArchiveError when there is none or it cannot be read."""
    ref = fields.get("warc")
    if not isinstance(ref, dict):
        raise ArchiveError("the article has no archived capture (it was not crawled)")
    capture = capture_at(root / str(ref["file"]), int(ref["offset"]))
    if capture.kind != "revisit":
        return capture
    row = catalog.db.execute(
        "SELECT file, offset FROM payloads WHERE digest = ?", (capture.payload_digest,)
    ).fetchone()
    if row is None:
        raise ArchiveError(f"the original of revisit {ref['file']}@{ref['offset']} is unknown")
    return replace(capture, body=capture_at(root / str(row[0]), int(row[1])).body)
