"""An outlet's fixture pages on disk: crawler/core/sites/fixtures/<key>/, shipped with the package.

Per page, three files with one name: <name>.html.gz, the page as served (its bytes, its own
charset; gzipped without a timestamp, so the same page gives the same file); <name>.json, the
fields a correct extraction gives, written by scripts/make_fixture.py and read by a person
before it is committed; and <name>.provenance.txt, where the page came from, as "field: value"
lines. A page fetched live (`defnews check-sites --save-fixture`) says its URL, fetch time, HTTP
status and content type; a page built by hand or by a script says so ("synthetic: <script>").
Pure: no Scrapy.
"""

from __future__ import annotations

import gzip
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from crawler.core.sites.keys import safe_key

FIXTURE_ROOT = Path(__file__).parent / "fixtures"
PAGE = ".html.gz"
EXPECTED = ".json"
PROVENANCE = ".provenance.txt"
MAX_SLUG = 80


def stem(page: Path) -> Path:
    """The page's path without its suffix: the name its three files share."""
    return page.with_name(page.name.removesuffix(PAGE))


def fetched_name(url: str, fetched_at: datetime) -> str:
    """<year>_fetched_<the URL's path, folded>: "2026_fetched_article-281234-soldiers-test"."""
    path = urlsplit(url).path.strip("/").replace("/", "-")
    slug = safe_key(path)[:MAX_SLUG].strip("-") if path else "home"
    return f"{fetched_at:%Y}_fetched_{slug}"


def save_fetched(
    folder: Path,
    *,
    url: str,
    body: bytes,
    status: int,
    content_type: str,
    fetched_at: datetime,
    fetched_from: str = "",
) -> Path:
    """Write a fetched page and its provenance into an outlet's fixture folder; the page's path.

    A page saved before under the same name is not overwritten: the new one gets "-2", "-3".
    fetched_from: the address actually fetched, when it was a mirror of `url`."""
    folder.mkdir(parents=True, exist_ok=True)
    base = fetched_name(url, fetched_at)
    name, n = base, 1
    while (folder / f"{name}{PAGE}").exists():
        n += 1
        name = f"{base}-{n}"
    page = folder / f"{name}{PAGE}"
    fields = {
        "url": url,
        "fetched": fetched_at.isoformat(timespec="seconds"),
        "status": str(status),
        "content-type": content_type,
        "fetched-from": fetched_from if fetched_from and fetched_from != url else "",
        "by": "defnews check-sites --save-fixture",
    }
    provenance = "".join(f"{key}: {value}\n" for key, value in fields.items() if value)
    page.write_bytes(gzip.compress(body, mtime=0))
    Path(f"{stem(page)}{PROVENANCE}").write_text(provenance, encoding="utf-8")
    return page


def read_provenance(page: Path) -> dict[str, str]:
    """A page's provenance fields ({} when it has none)."""
    path = Path(f"{stem(page)}{PROVENANCE}")
    if not path.is_file():
        return {}
    fields = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            fields[key.strip().lower()] = value.strip()
    return fields
