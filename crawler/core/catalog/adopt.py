"""Adopt articles written before the catalogue knew them: text outputs of an older defnews, or
of a folder whose catalog.sqlite was deleted. Without this, export would silently leave them
out and the next crawl would fetch them all again.

The files of one article are found by the URL key in their JSON, wherever they are: a
revision that changed the date moved the article to another month's folder, leaving its
earlier versions behind as <stem>.v<N>. Versions are ordered by the N of their kept names (the
catalogue's own version numbers, given in run order), the plain file(s) last; several plain
files of one article (a crash between two steps) by the site's evidence and file times
(crawler.core.catalog.version_order). Every version is kept. The URL is marked archived under the key
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
from typing import Any, Protocol

from crawler.core.archive.reader import ArchiveError, capture_head
from crawler.core.catalog import version_order
from crawler.core.catalog.keys import record_key


class Catalog(Protocol):
    """What adoption needs of the catalogue (crawler.core.catalog.catalog, which calls this
    module when it creates a file: a protocol, not an import, keeps the two apart)."""

    def latest(self, key: str) -> Any: ...

    def store_article(
        self, key: str, fields: dict[str, Any], *, files: str = ..., seen: str | None = ...
    ) -> Any: ...

    def mark_outcome(self, key: str, outcome: str) -> None: ...

    def record_fetch(self, *args: Any, **kwargs: Any) -> Any: ...


_KEPT = re.compile(r"^(?P<stem>.+)\.v(?P<version>\d+)$")


def _records(root: Path) -> dict[str, list[tuple[int, dict[str, Any], Path]]]:
    """Article records by URL key: (kept version number, or a huge one for a plain file)."""
    found: dict[str, list[tuple[int, dict[str, Any], Path]]] = defaultdict(list)
    for path in sorted((root / "articles").rglob("*.json")):
        kept = _KEPT.match(path.name.removesuffix(".json"))
        try:
            fields = json.loads(path.read_text(encoding="utf-8"))
            key = record_key(fields)
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


def _seen(root: Path, fields: dict[str, Any], path: Path) -> str:
    """When the version was fetched: its capture's WARC-Date, else its file's time. Not now:
    a rebuilt catalogue would call every article new today (`changes`, the feeds)."""
    ref = fields.get("warc")
    if isinstance(ref, dict):
        file = root / str(ref.get("file", ""))
        if not file.is_file():
            file = file.with_name(file.name + ".open")
        try:
            _, date = capture_head(file, int(ref.get("offset", 0)))
            moment = datetime.fromisoformat(date)
            return moment.astimezone(UTC).isoformat(timespec="microseconds")
        except (ArchiveError, ValueError, TypeError):
            pass  # unreadable here: verify names it; the file's time is the next best
    return datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat(timespec="microseconds")


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
            catalog.store_article(key, fields, files=files, seen=_seen(root, fields, path))
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
