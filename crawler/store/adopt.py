"""Adopt articles written before the catalogue knew them: text outputs of an older defnews, or
of a folder whose catalog.sqlite was deleted. Without this, export would silently leave them
out and the next crawl would fetch them all again.

The files of one article are found by the URL key in their JSON, wherever they are: a
revision that changed the date moved the article to another month's folder, leaving its
earlier versions behind as <stem>.v<N>. Versions are ordered by the N of their kept names (the
catalogue's own version numbers, given in run order), the plain file(s) last; several plain
files of one article (a crash between two steps) by the site's evidence and file times
(crawler.store.version_order). Every version is kept. The URL is marked archived under the key
a crawl computes (the fetched URL, moved onto its site's own origin when it came from a
mirror).

A version whose capture is not in the folder (its JSON names a WARC file that is not there:
the folder was deleted or moved mid-crawl, the text files written after) is not adopted, nor
any after it: adopted, it would count as archived with no capture behind it, and the URL would
never be fetched again. The versions before it are adopted, and the URL is left to fetch: the
next crawl stores the page with its capture. An article with no captured version at all is
not adopted; the next crawl fetches it as new. Pure: no Scrapy.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from crawler.store import version_order

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


def _records(root: Path) -> dict[str, list[tuple[int, dict[str, Any], Path]]]:
    """Article records by URL key: (kept version number, or a huge one for a plain file)."""
    found: dict[str, list[tuple[int, dict[str, Any], Path]]] = defaultdict(list)
    for path in sorted((root / "articles").rglob("*.json")):
        kept = _KEPT.match(path.name.removesuffix(".json"))
        try:
            fields = json.loads(path.read_text(encoding="utf-8"))
            key = site_key(fields)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue  # not one of ours
        found[key].append((int(kept["version"]) if kept else _PLAIN, fields, path))
    return found


_PLAIN = 1_000_000


def _ordered(records: list[tuple[int, dict[str, Any], Path]]) -> list[tuple[dict[str, Any], Path]]:
    kept = sorted((r for r in records if r[0] != _PLAIN), key=lambda r: (r[0], str(r[2])))
    plain = [
        {"fields": fields, "path": path, "first_seen": _mtime(path)}
        for number, fields, path in records
        if number == _PLAIN
    ]
    latest = version_order.interleave([[one] for one in plain])
    return [(f, p) for _, f, p in kept] + [(one["fields"], one["path"]) for one in latest]


def _mtime(path: Path) -> str:
    return datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat()


def captured(root: Path, fields: dict[str, Any]) -> bool:
    """Its capture's WARC file is in the folder (still .open after a kill counts: the next
    crawl closes it at its last whole record)."""
    ref = fields.get("warc")
    if not isinstance(ref, dict):
        return True  # crawled with the archive off: there is no capture to miss
    file = root / str(ref.get("file", ""))
    return file.is_file() or file.with_name(file.name + ".open").is_file()


def adopt_text_outputs(catalog: Catalog, root: Path) -> int:
    """Record every article under root/articles the catalogue lacks; returns how many."""
    adopted = 0
    for key, records in sorted(_records(root).items()):
        if catalog.latest(key) is not None:
            continue
        versions = _ordered(records)
        whole = next(
            (n for n, (fields, _) in enumerate(versions) if not captured(root, fields)),
            len(versions),
        )
        if not whole:
            continue
        for fields, path in versions[:whole]:
            _record_fetch(catalog, key, fields, path)
            files = path.relative_to(root).with_suffix("").as_posix()
            catalog.store_article(key, fields, files=files)
        if whole < len(versions):  # a later text without its capture: fetch the page
            catalog.mark_outcome(key, "")
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
