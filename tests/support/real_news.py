"""The real news pages beside the repository (../shared/data/real-news: 252 publishers' pages
as served, with hand-checked fields), read in place: they are not copied into the repository.
A missing folder fails the test that wants it, never skips it."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real-news"


@dataclass(frozen=True)
class RealPage:
    url: str
    body: bytes  # as the publisher served it
    gold: dict[str, Any]  # title, summary, paragraphs, authors, published, ...


def real_pages() -> Iterator[RealPage]:
    gold = ROOT / "gold.jsonl"
    if not gold.is_file():
        raise FileNotFoundError(f"the real news pages are not at {ROOT} (see README: tests)")
    for line in gold.read_text(encoding="utf-8").splitlines():
        fields = json.loads(line)
        body = gzip.decompress((ROOT / "pages" / fields["file"]).read_bytes())
        yield RealPage(str(fields["url"]), body, fields)
