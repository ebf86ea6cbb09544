"""A pywb-compatible CDXJ index of every closed WARC file, one sorted .cdxj per WARC.

cdxj-indexer (Webrecorder's reference) does the indexing; OUTPUT_DIR/index/ holds NAME.cdxj
for each OUTPUT_DIR/warc/NAME, written when the WARC closes. pywb reads such a folder of
sorted .cdxj files directly as a collection's index.
"""

from __future__ import annotations

import os
from pathlib import Path

from cdxj_indexer import CDXJIndexer

# Captures only: a metadata record (our extracted article) shares its page's URL, and a replay
# tool must never pick it instead of the page.
INDEXED_RECORDS = "response,revisit,resource"


def index_path(warc: Path, index_dir: Path) -> Path:
    return index_dir / (warc.name.removesuffix(".gz").removesuffix(".warc") + ".cdxj")


def index_warc(warc: Path, index_dir: Path) -> Path:
    """Write (atomically) the sorted CDXJ index of one closed WARC file."""
    index_dir.mkdir(parents=True, exist_ok=True)
    target = index_path(warc, index_dir)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("w", encoding="utf-8") as out:
            CDXJIndexer(
                output=out, inputs=[str(warc)], sort=True, records=INDEXED_RECORDS
            ).process_all()
        temporary.replace(target)
    except BaseException:
        # A full disk fails the last flush: no half index left behind (it is rebuilt later).
        temporary.unlink(missing_ok=True)
        raise
    return target


def missing_indexes(warc_dir: Path, index_dir: Path) -> list[Path]:
    """Closed WARC files with no index yet (a crawl killed before it could write them)."""
    return [w for w in sorted(warc_dir.glob("*.warc.gz")) if not index_path(w, index_dir).exists()]
