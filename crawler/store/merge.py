"""One archive from the output folders of a cluster's workers (`defnews catalog merge`).

Each worker wrote its own WARC files (named after host and pid, so they never clash), index,
article files and catalogue. The merge copies the WARC, index and run-report files into the
destination (hard links where the file system allows), and replays the catalogues into the
destination's in time order:
  * a URL's fetch: the latest one wins;
  * an article: versions ordered by when they were first seen; one with the same words as a
    version already there (fetched twice, after a worker died) is the same version, seen
    again; a changed one becomes the next version, the previous one's files moving to
    <stem>.v<N> as a crawl does (crawler.store.versions);
  * runs: appended, renumbered.
The search index follows the articles. Merging the same folders again adds nothing, so a
cron job may merge after every run. Pure: no Scrapy.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.archive.members import scan_members
from crawler.archive.repair import in_use, other_host
from crawler.archive.writer import OPEN_SUFFIX
from crawler.store import readonly, search
from crawler.store.article_files import SUFFIXES
from crawler.store.catalog import SCHEMA_VERSION, Catalog

_KEPT = re.compile(r"\.v\d+$")


class MergeError(Exception):
    """A source that cannot be merged (no catalogue, a file clash): one line."""


@dataclass
class MergeReport:
    sources: int = 0
    files: int = 0  # WARC, index and report files copied or linked
    urls: int = 0  # fetches taken from the sources (the latest per URL)
    new_articles: int = 0
    new_versions: int = 0
    repeats: int = 0  # versions a source held that the destination had already
    runs: int = 0
    waiting: int = 0  # rows whose WARC file is still open in its worker: left for later
    notes: list[str] = field(default_factory=list)


def merge(sources: list[Path], dest: Path, *, close_abandoned: bool = False) -> MergeReport:
    """close_abandoned: take every .open WARC as left by a dead worker (its whole records),
    even one written on another machine, where its lock cannot be asked."""
    report = MergeReport(sources=len(sources))
    for source in sources:
        if not (source / "catalog.sqlite").is_file():
            raise MergeError(f"{source}: no catalog.sqlite (not a defnews output folder)")
        if source.resolve() == dest.resolve():
            raise MergeError(f"{source}: is the destination itself")
    dest.mkdir(parents=True, exist_ok=True)
    catalog = Catalog(dest / "catalog.sqlite")
    try:
        for source in sources:
            report.files += _copy_files(source, dest, report, close_abandoned)
        present = {f"warc/{path.name}" for path in (dest / "warc").glob("*.warc*")}
        db = catalog.db
        # One transaction: an interrupted merge leaves the destination's catalogue as it was
        # (files already copied are named as in their sources, so a new merge reuses them).
        db.execute("BEGIN IMMEDIATE")
        try:
            runs = {source: _merge_runs(db, source, report) for source in sources}
            for source in sources:
                _merge_urls(db, source, runs[source], present, report)
            rows = sorted(
                (row for source in sources for row in _article_rows(source, runs[source])),
                key=lambda row: (row["key"], row["first_seen"], row["version"]),
            )
            for row in rows:
                if _warc_file(row) in present or not _warc_file(row):
                    _merge_article(db, dest, row, report)
                else:  # its WARC is still being written: a later merge takes it
                    report.waiting += 1
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    finally:
        catalog.close()
    return report


# -- files -------------------------------------------------------------------------------------


def _copy_files(source: Path, dest: Path, report: MergeReport, close_abandoned: bool) -> int:
    copied = 0
    for folder, pattern in (("warc", "*.warc.gz"), ("warc", "*.warc"), ("index", "*.cdxj"),
                            ("runs", "*.json")):  # fmt: skip
        for path in sorted((source / folder).glob(pattern)):
            target = dest / folder / path.name
            if target.exists():
                if target.stat().st_size != path.stat().st_size:
                    raise MergeError(f"{path}: a different {target} is already there")
                continue
            _link_or_copy(path, target)
            copied += 1
    for path in sorted((source / "warc").glob(f"*.warc.gz{OPEN_SUFFIX}")):
        # A killed worker's file: its whole records are taken (the source stays as it is;
        # that worker's next crawl closes it the same way). A live worker's is left.
        abandoned = close_abandoned or (not other_host(path.name) and not in_use(path))
        if not abandoned:
            why = "another machine's (--close-abandoned if its worker is dead)"
            if not other_host(path.name):
                why = "its crawl is running"
            report.notes.append(f"{path}: left for a later merge: {why}")
            continue
        target = dest / "warc" / path.name.removesuffix(OPEN_SUFFIX)
        whole = scan_members(path).complete_end
        if target.exists() or whole == 0:
            continue
        partial = target.with_name(target.name + ".merging")
        partial.parent.mkdir(parents=True, exist_ok=True)
        with path.open("rb") as origin, partial.open("wb") as copy:
            shutil.copyfileobj(_Limited(origin, whole), copy)
        partial.replace(target)
        copied += 1
        report.notes.append(f"{path}: closed in the merge at its last whole record ({whole} B)")
    return copied


class _Limited:
    """The first `limit` bytes of a file, for copyfileobj."""

    def __init__(self, handle: Any, limit: int) -> None:
        self.handle, self.left = handle, limit

    def read(self, size: int = -1) -> bytes:
        size = self.left if size < 0 else min(size, self.left)
        data = self.handle.read(size) if size else b""
        self.left -= len(data)
        return bytes(data)


def _link_or_copy(path: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".merging")
    try:
        os.link(path, partial)
    except OSError:  # another file system, or links not allowed: copy
        shutil.copy2(path, partial)
    partial.replace(target)


# -- catalogue rows ----------------------------------------------------------------------------


def _read(source: Path) -> sqlite3.Connection:
    # Read-only, and readable in a read-only folder (a mounted backup) too.
    db, _ = readonly.connect(source / "catalog.sqlite", SCHEMA_VERSION)
    db.row_factory = sqlite3.Row
    return db


def _merge_runs(db: sqlite3.Connection, source: Path, report: MergeReport) -> dict[int, int]:
    """Append the source's runs (once: a run is its start and pid); old id -> new id."""
    mapping: dict[int, int] = {}
    with closing(_read(source)) as src:
        for run in src.execute("SELECT * FROM runs ORDER BY id"):
            values = dict(run)
            old = int(values.pop("id"))
            found = db.execute(
                "SELECT id FROM runs WHERE site = ? AND started = ? AND pid IS ?",
                (values["site"], values["started"], values["pid"]),
            ).fetchone()
            if found:  # merged before, perhaps while it ran: bring it up to date
                mapping[old] = int(found[0])
                sets = ", ".join(f"{column} = ?" for column in values)
                db.execute(f"UPDATE runs SET {sets} WHERE id = ?", (*values.values(), found[0]))
                continue
            columns = ", ".join(values)
            marks = ", ".join("?" for _ in values)
            cursor = db.execute(
                f"INSERT INTO runs ({columns}) VALUES ({marks})", tuple(values.values())
            )
            mapping[old] = int(cursor.lastrowid or 0)
            report.runs += 1
    return mapping


def _warc_file(row: dict[str, Any]) -> str:
    return str((json.loads(row["fields"]).get("warc") or {}).get("file", ""))


def _merge_urls(
    db: sqlite3.Connection,
    source: Path,
    runs: dict[int, int],
    present: set[str],
    report: MergeReport,
) -> None:
    with closing(_read(source)) as src:
        for url in src.execute("SELECT * FROM urls"):
            values = dict(url)
            if values["warc_file"] and values["warc_file"] not in present:
                report.waiting += 1
                continue
            values["run_id"] = runs.get(values["run_id"]) if values["run_id"] else None
            columns = ", ".join(values)
            marks = ", ".join("?" for _ in values)
            updates = ", ".join(f"{c} = excluded.{c}" for c in values if c != "key")
            cursor = db.execute(
                f"INSERT INTO urls ({columns}) VALUES ({marks}) ON CONFLICT (key) DO UPDATE SET "
                f"{updates} WHERE excluded.fetched_at > urls.fetched_at",
                tuple(values.values()),
            )
            report.urls += cursor.rowcount


def _article_rows(source: Path, runs: dict[int, int]) -> Iterator[dict[str, Any]]:
    with closing(_read(source)) as src:
        for row in src.execute("SELECT * FROM articles ORDER BY id"):
            values = dict(row)
            values["run_id"] = runs.get(values["run_id"]) if values["run_id"] else None
            values["source"] = source
            yield values


def _merge_article(
    db: sqlite3.Connection, dest: Path, row: dict[str, Any], report: MergeReport
) -> None:
    """Place one version among the key's versions by when it was first seen. Seen again with
    the same words as the version before it in time, or after it: the same version. Then the
    key's versions are numbered in time order, the files of all but the latest kept aside."""
    key = row["key"]
    versions = db.execute(
        "SELECT id, content_hash, first_seen FROM articles WHERE key = ? ORDER BY first_seen, id",
        (key,),
    ).fetchall()
    before = [v for v in versions if v[2] <= row["first_seen"]]
    after = [v for v in versions if v[2] > row["first_seen"]]
    for neighbour in before[-1:] + after[:1]:
        if neighbour[1] == row["content_hash"]:
            db.execute(
                "UPDATE articles SET first_seen = MIN(first_seen, ?), "
                "last_seen = MAX(last_seen, ?) WHERE id = ?",
                (row["first_seen"], row["last_seen"], neighbour[0]),
            )
            report.repeats += 1
            return
    stem = _KEPT.sub("", row["files"]) if row["files"] else ""
    staged = f"{stem}.merging-{row['content_hash'][:12]}" if stem else ""
    for suffix in SUFFIXES if stem else ():
        origin = row["source"] / f"{row['files']}{suffix}"
        if origin.exists():
            (dest / staged).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, dest / f"{staged}{suffix}")
    values = {k: v for k, v in row.items() if k not in ("id", "source")}
    values.update(version=0, files=staged)
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    db.execute(f"INSERT INTO articles ({columns}) VALUES ({marks})", tuple(values.values()))
    if versions:
        report.new_versions += 1
    else:
        report.new_articles += 1
    _renumber(db, dest, key)


def _renumber(db: sqlite3.Connection, dest: Path, key: str) -> None:
    rows = db.execute(
        "SELECT id, files, fields FROM articles WHERE key = ? ORDER BY first_seen, id", (key,)
    ).fetchall()
    last = len(rows)
    moves: list[tuple[int, str, str]] = []
    for number, (row_id, files, _) in enumerate(rows, start=1):
        stem = _KEPT.sub("", re.sub(r"\.merging-[0-9a-f]+$", "", files)) if files else ""
        wanted = stem if number == last or not stem else f"{stem}.v{number}"
        moves.append((row_id, files, wanted))
        db.execute("UPDATE articles SET version = ? WHERE id = ?", (-number, row_id))
    # Two steps, through temporary names: a kept file may take the name another one leaves.
    for _, files, wanted in moves:
        if files and files != wanted:
            for suffix in SUFFIXES:
                if (dest / f"{files}{suffix}").exists():
                    (dest / f"{files}{suffix}").replace(dest / f"{wanted}.renumbering{suffix}")
    for number, (row_id, files, wanted) in enumerate(moves, start=1):
        if files and files != wanted:
            for suffix in SUFFIXES:
                if (dest / f"{wanted}.renumbering{suffix}").exists():
                    (dest / f"{wanted}.renumbering{suffix}").replace(dest / f"{wanted}{suffix}")
        db.execute(
            "UPDATE articles SET version = ?, files = ? WHERE id = ?", (number, wanted, row_id)
        )
    # Search finds the latest version of each article.
    for row_id, _, _ in rows:
        search.unindex(db, row_id)
    latest_id, _, latest_fields = rows[-1]
    search.index(db, latest_id, json.loads(latest_fields))
