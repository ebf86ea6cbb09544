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

from crawler.archive.repair import repair_open_files
from crawler.store import search
from crawler.store.article_files import SUFFIXES
from crawler.store.catalog import Catalog

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


def merge(sources: list[Path], dest: Path) -> MergeReport:
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
            # A killed worker's WARC files are closed first (cut to their last whole record),
            # as its next crawl would; a running worker's are left alone (their lock says so).
            repair_open_files(source / "warc")
            report.files += _copy_files(source, dest, report)
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


def _copy_files(source: Path, dest: Path, report: MergeReport) -> int:
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
    still_open = sorted((source / "warc").glob("*.open"))
    if still_open:  # a worker still writing (or killed): the next merge takes the rest
        report.notes.append(
            f"{source}: {len(still_open)} WARC file(s) still .open, not merged "
            "(a crawl running there, or killed: its next start closes them)"
        )
    return copied


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
    uri = f"{(source / 'catalog.sqlite').resolve().as_uri()}?mode=ro"
    db = sqlite3.connect(uri, uri=True)
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
            if found:
                mapping[old] = int(found[0])
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
    key = row["key"]
    same = db.execute(
        "SELECT id, first_seen, last_seen FROM articles WHERE key = ? AND content_hash = ?",
        (key, row["content_hash"]),
    ).fetchone()
    if same:  # the same words, fetched twice (by two workers, or merged before)
        db.execute(
            "UPDATE articles SET first_seen = MIN(first_seen, ?), last_seen = MAX(last_seen, ?) "
            "WHERE id = ?",
            (row["first_seen"], row["last_seen"], same[0]),
        )
        report.repeats += 1
        return
    latest = db.execute(
        "SELECT id, version, files FROM articles WHERE key = ? ORDER BY version DESC LIMIT 1",
        (key,),
    ).fetchone()
    stem = _KEPT.sub("", row["files"]) if row["files"] else ""
    if latest is not None:
        version = int(latest[1]) + 1
        files = str(latest[2])
        if files and not files.endswith(f".v{latest[1]}"):
            # Superseded: its files move aside to <stem>.v<N>, as a crawl keeps them.
            for suffix in SUFFIXES:
                current = dest / f"{files}{suffix}"
                if current.exists():
                    current.replace(dest / f"{files}.v{latest[1]}{suffix}")
            db.execute(
                "UPDATE articles SET files = ? WHERE id = ?", (f"{files}.v{latest[1]}", latest[0])
            )
        search.unindex(db, int(latest[0]))
        report.new_versions += 1
    else:
        version = 1
        report.new_articles += 1
    if stem:
        for suffix in SUFFIXES:
            origin = row["source"] / f"{row['files']}{suffix}"
            if origin.exists():
                target = dest / f"{stem}{suffix}"
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(origin, target)
    values = {k: v for k, v in row.items() if k not in ("id", "source")}
    values.update(version=version, files=stem)
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cursor = db.execute(
        f"INSERT INTO articles ({columns}) VALUES ({marks})", tuple(values.values())
    )
    search.index(db, int(cursor.lastrowid or 0), json.loads(row["fields"]))
