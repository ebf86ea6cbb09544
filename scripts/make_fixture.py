"""Write a fixture's expected JSON from the current parser, for a person to review.

Usage: python scripts/make_fixture.py crawler/core/sites/fixtures/SITE/NAME.html.gz URL [CONTENT_TYPE]
Read the JSON before committing it: it pins what the parser does today, right or wrong.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

from crawler.core.sites import extract

# Everything a parser decides; not the addresses and provenance fields.
SKIP = {"url", "site", "canonical_url", "language", "warc"}


def main() -> None:
    page, url = Path(sys.argv[1]), sys.argv[2]
    content_type = sys.argv[3] if len(sys.argv) > 3 else None
    article = extract(gzip.decompress(page.read_bytes()), url, content_type=content_type).to_dict()
    fields = {key: value for key, value in article.items() if key not in SKIP}
    expected = {"url": url, "content_type": content_type, **fields}
    target = page.with_name(page.name.removesuffix(".html.gz") + ".json")
    target.write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(target)


if __name__ == "__main__":
    main()
