"""Writing built fixture pages: shared by the scripts that build an outlet's fixtures."""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from pathlib import Path

FIXTURES = Path(__file__).parent.parent / "crawler" / "core" / "sites" / "fixtures"


def write_pages(site: str, pages: Iterable[tuple[str, str, bytes]]) -> None:
    """(name, url, html) -> crawler/core/sites/fixtures/<site>/<name>.html.gz, gzipped
    reproducibly; prints each path with the URL make_fixture.py wants beside it."""
    folder = FIXTURES / site
    folder.mkdir(parents=True, exist_ok=True)
    for name, url, markup in pages:
        target = folder / f"{name}.html.gz"
        target.write_bytes(gzip.compress(markup, mtime=0))
        print(target, url)
