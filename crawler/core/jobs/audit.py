"""`verify`'s judgement of the articles: each one (every version) has a readable capture, its
own text files that say what its catalogue row says, and no file lies about without a row.

What it catches is what a crawl, merge or rebuild can lose without an error: an article
stored bare (no WARC reference), a WARC moved away, a capture of another page, a revisit of
a body no file holds, a text file overwritten by another article's or edited, two rows on one
stem, a kept version's files gone, a row with no files, files with no row. Pure: no Scrapy.
"""

from __future__ import annotations

import fcntl
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawler.core.article import Article
from crawler.core.catalog.article_files import SUFFIXES, render_text
from crawler.core.catalog.article_ids import article_id
from crawler.core.catalog.catalog import Catalog
from crawler.core.catalog.keys import normalize_key
from crawler.core.catalog.lock import lock_path
from crawler.core.sites.keys import safe_key

if TYPE_CHECKING:
    from crawler.core.archive.verify import Record, Report

_ARTICLES = "catalog.sqlite (articles)"
_CAPTURES = ("response", "revisit", "resource")  # a record that can be the page an article is from


@dataclass(frozen=True)
class Row:
    id: int
    key: str
    site: str
    version: int
    url: str
    fields: dict[str, Any]
    files: str

    def __str__(self) -> str:
        # The article's ID, as every command gives it (the row's number is a version's).
        return f"article {article_id(self.key)} version {self.version} ({self.url})"


@dataclass
class Catalogue:
    rows: list[Row] = field(default_factory=list)
    refs: list[tuple[str, str, int, str]] = field(default_factory=list)  # payloads and urls
    archived: list[tuple[str, str]] = field(default_factory=list)  # (site, key) said archived
    # Where the catalogue says each payload's body is: what `show --html` and `reparse` read
    # a revisit's body from (crawler.core.catalog.captures).
    payloads: set[str] = field(default_factory=set)


def read_catalogue(root: Path) -> Catalogue:
    """What the checks need of the catalogue, read at once (a crawl may go on writing)."""
    from crawler.core.archive.verify import catalogue_refs

    found = Catalogue()
    with Catalog(root / "catalog.sqlite", read_only=True) as catalog:
        found.refs = list(catalogue_refs(catalog.db))
        for id_, key, site, version, url, fields, files in catalog.db.execute(
            "SELECT id, key, site, version, url, fields, files FROM articles ORDER BY id"
        ):
            found.rows.append(Row(id_, key, site, version, url, json.loads(fields), files))
        tables = {row[0] for row in catalog.db.execute("SELECT name FROM sqlite_master")}
        if "payloads" in tables:
            found.payloads = {row[0] for row in catalog.db.execute("SELECT digest FROM payloads")}
        found.archived = catalog.db.execute(
            "SELECT site, key FROM urls WHERE kind = 'article' "
            "AND outcome IN ('stored', 'unchanged') ORDER BY key"
        ).fetchall()
    return found


def crawl_running(root: Path, site: str) -> str:
    """Empty when no crawl of site holds its lock in root; else who does ("pid N")."""
    from crawler.core.archive.verify import flock_held

    path = lock_path(root, site)
    try:
        held = flock_held(path)
        with path.open("rb") as handle:
            if held is None:  # no /proc/locks: try the lock (shared: it blocks no reader)
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
                except BlockingIOError:
                    held = True
            holder = handle.read(32).decode("ascii", "replace").strip()
    except OSError:
        return ""  # no lock file: never crawled here
    return (f"pid {holder}" if holder else "pid unknown") if held else ""


def check_articles(
    root: Path,
    catalogue: Catalogue,
    records: dict[str, dict[int, Record]],
    held: set[str],
    report: Report,
) -> None:
    from crawler.core.archive.verify import Problem

    sites = sorted({row.site for row in catalogue.rows} | {site for site, _ in catalogue.archived})
    running = {site: who for site in sites if (who := crawl_running(root, site))}
    for site, who in running.items():
        report.skipped.append(
            f"site {site}: a crawl is running ({who}); its articles and text files are "
            "checked once it has ended"
        )
    digests = {
        record.payload_digest
        for found in records.values()
        for record in found.values()
        if record.kind == "response" and record.payload_digest
    }
    owners: dict[str, list[Row]] = {}
    for row in catalogue.rows:
        if row.files:
            owners.setdefault(row.files, []).append(row)
        if row.site in running:
            continue
        report.articles += 1
        for message in _capture_problems(row, records, held, digests, catalogue.payloads):
            report.problems.append(Problem(_ARTICLES, None, f"{row}: {message}"))
        for where, message in _file_problems(root, row):
            report.problems.append(Problem(where, None, message))
        if row.files:
            report.text_files += sum((root / f"{row.files}{s}").is_file() for s in SUFFIXES)
    for stem, rows in owners.items():
        if len(rows) > 1 and not all(row.site in running for row in rows):
            names = ", ".join(str(row) for row in rows)
            report.problems.append(
                Problem(stem, None, f"{len(rows)} articles share these files: {names}")
            )
    _orphans(root, owners, running, report)
    keys = {row.key for row in catalogue.rows}
    for site, key in catalogue.archived:
        if site not in running and key not in keys:
            report.problems.append(
                Problem(
                    "catalog.sqlite (urls)",
                    None,
                    f"{key} is marked archived, but no article in the catalogue holds it",
                )
            )


def _capture_problems(
    row: Row,
    records: dict[str, dict[int, Record]],
    held: set[str],
    digests: set[str],
    payloads: set[str],
) -> list[str]:
    ref = row.fields.get("warc")
    if not isinstance(ref, dict):
        return [
            "has no capture: its WARC reference is empty (stored without the page it came from)"
        ]
    file, offset, record_id = str(ref.get("file")), int(ref.get("offset", -1)), ref.get("record_id")
    if file in held:
        return []  # a running crawl's file: not checked (named in the report)
    if file not in records:
        return [f"its capture is in {file}, which is not in warc/ (moved or deleted)"]
    record = records[file].get(offset)
    if record is None:
        return [f"no record starts at {file} offset {offset}"]
    if record_id and record.record_id != record_id:
        return [f"{file} offset {offset} is {record.record_id or 'a record'}, not {record_id}"]
    if record.kind not in _CAPTURES:
        return [f"{file} offset {offset} is a {record.kind or 'headless'} record, not a capture"]
    if record.uri != row.url and normalize_key(record.uri) != normalize_key(row.url):
        return [f"{file} offset {offset} is a capture of {record.uri}, not of this article's URL"]
    if record.kind == "revisit" and not held:
        body = record.payload_digest
        if body not in digests:
            return [
                f"{file} offset {offset} is a revisit of a body ({body}) no WARC file here holds"
            ]
        if body not in payloads:
            unknown = f"the catalogue's payloads table does not say where its body ({body}) is"
            return [f"{file} offset {offset} is a revisit, and {unknown}: `show --html` fails"]
    return []


def _file_problems(root: Path, row: Row) -> list[tuple[str, str]]:
    """(where, what) is wrong with the row's text files."""
    if not row.files:
        return [(_ARTICLES, f"{row}: has no text files")]
    problems = []
    stem = row.files
    json_path, text_path = root / f"{stem}.json", root / f"{stem}.txt"
    if not json_path.is_file():
        problems.append((f"{stem}.json", f"missing: the text file of {row}"))
    else:
        try:
            stored = json.loads(json_path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, ValueError):
            stored = None
        if not isinstance(stored, dict):
            problems.append((f"{stem}.json", f"not readable JSON; it should hold {row}"))
        elif stored != row.fields:
            if normalize_key(str(stored.get("url", ""))) != normalize_key(row.url):
                what = f"holds another article ({stored.get('url')}), not {row}"
            else:
                differ = sorted(
                    name
                    for name in set(stored) | set(row.fields)
                    if stored.get(name) != row.fields.get(name)
                )
                what = f"does not say what the catalogue says of {row} ({', '.join(differ)} differ)"
            problems.append((f"{stem}.json", what))
    if not text_path.is_file():
        problems.append((f"{stem}.txt", f"missing: the text file of {row}"))
    else:
        expected = render_text(Article.from_dict(row.fields))
        try:
            same = text_path.read_text(encoding="utf-8") == expected
        except UnicodeDecodeError:
            same = False
        if not same:
            what = f"does not say what the catalogue says of {row}"
            problems.append((f"{stem}.txt", f"{what} (edited, or overwritten by another's text)"))
    return problems


def _orphans(
    root: Path, owners: dict[str, list[Row]], running: dict[str, str], report: Report
) -> None:
    from crawler.core.archive.verify import Problem

    folder = root / "articles"
    if not folder.is_dir():
        return
    busy = {safe_key(site) for site in running}
    temporary = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(root).as_posix()
        if relative.split("/")[1] in busy:
            continue
        if path.name.startswith("."):
            temporary.append(relative)
            continue
        suffix = next((s for s in SUFFIXES if path.name.endswith(s)), "")
        stem = relative.removesuffix(suffix) if suffix else ""
        if stem not in owners:
            report.problems.append(
                Problem(relative, None, "no article in the catalogue has this file (an orphan)")
            )
    if temporary:
        report.notes.append(
            f"{len(temporary)} temporary file(s) a crawl left in articles/ (safe to delete): "
            + ", ".join(temporary[:5])
            + (" …" if len(temporary) > 5 else "")
        )
