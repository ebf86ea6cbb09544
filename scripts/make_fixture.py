"""Write a fixture's expected JSON from the current parser, for a person to review.

Usage: python scripts/make_fixture.py crawler/core/sites/fixtures/SITE/NAME.html.gz [URL [CONTENT_TYPE]]

URL and CONTENT_TYPE default to the page's provenance (NAME.provenance.txt: the "url" of a
page saved by `defnews check-sites --save-fixture`, the "stands-for" of a built one).
Read the JSON before committing it: it pins what the parser does today, right or wrong.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

from crawler.core.sites import extract
from crawler.core.sites.fixture_files import read_provenance

# Everything a parser decides; not the addresses and provenance fields.
SKIP = {"url", "site", "canonical_url", "language", "warc"}


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    page = Path(sys.argv[1])
    provenance = read_provenance(page)
    url = (
        sys.argv[2] if len(sys.argv) > 2 else provenance.get("url") or provenance.get("stands-for")
    )
    if not url:
        sys.exit(f"make_fixture: {page}: give its URL (no provenance names one)")
    content_type = sys.argv[3] if len(sys.argv) > 3 else provenance.get("content-type")
    article = extract(gzip.decompress(page.read_bytes()), url, content_type=content_type).to_dict()
    fields = {key: value for key, value in article.items() if key not in SKIP}
    expected = {"url": url, "content_type": content_type, **fields}
    target = page.with_name(page.name.removesuffix(".html.gz") + ".json")
    target.write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(target)


if __name__ == "__main__":
    main()
