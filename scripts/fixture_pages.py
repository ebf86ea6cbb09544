"""Writing built fixture pages: shared by the scripts that build an outlet's synthetic fixtures.

These scripts are the record of how the existing synthetic fixtures were made (each says which
of its markup was seen on the live site and which is inferred); running one again gives the
same bytes. A new outlet needs none: its fixtures are pages saved with
`defnews check-sites --save-fixture`, or by hand (docs/adding-an-outlet.md).
"""

from __future__ import annotations

import gzip
import sys
from collections.abc import Iterable
from pathlib import Path

FIXTURES = Path(__file__).parent.parent / "crawler" / "core" / "sites" / "fixtures"
NOTE = (
    "built by the script, which says which of its markup was seen on the live site and which "
    "is inferred; the texts are synthetic unless it says otherwise"
)


def write_pages(site: str, pages: Iterable[tuple[str, str, bytes]]) -> None:
    """(name, url, html) -> crawler/core/sites/fixtures/<site>/<name>.html.gz, gzipped
    reproducibly, with a <name>.provenance.txt naming the script (kept when it exists: its
    note may have been made more precise by hand); prints each path with the URL
    make_fixture.py wants beside it."""
    folder = FIXTURES / site
    folder.mkdir(parents=True, exist_ok=True)
    script = f"scripts/{Path(sys.argv[0]).name}"
    for name, url, markup in pages:
        target = folder / f"{name}.html.gz"
        target.write_bytes(gzip.compress(markup, mtime=0))
        provenance = folder / f"{name}.provenance.txt"
        if not provenance.exists():
            lines = (f"synthetic: {script}", f"stands-for: {url}", f"note: {NOTE}")
            provenance.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(target, url)
