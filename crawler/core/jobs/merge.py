"""One archive from the output folders of a cluster's workers (`defnews catalog merge`).

Each worker wrote its own WARC files (named after host and pid, so they never clash), index,
article files and catalogue. The merge copies the WARC, index and run-report files into the
destination (hard links where the file system allows), and replays the catalogues into the
destination's:
  * a URL's fetch: the latest one wins; where each payload is archived (revisits resolve);
  * an article: its versions ordered by each folder's own run order and the site's evidence,
    not by a clock (crawler.core.catalog.version_order); one with the same words as the version next
    to it (fetched twice, after a worker died) is the same version, seen again; the others
    are numbered 1..N, the latest under the plain name, the others' files at <stem>.v<N> as a
    crawl keeps them (crawler.pipelines.versions);
  * runs: appended, renumbered.
The search index follows the articles. The files are copied first (crawler.core.jobs.merge_files);
the article files' moves are staged before the catalogue's commit and journaled with it
(crawler.core.jobs.merge_moves): a merge killed anywhere and run again ends as one clean merge. Merging the same folders again adds nothing, so a cron job may merge after
every run. Pure: no Scrapy.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.core.archive.digests import DigestStore
from crawler.core.catalog import readonly, search, version_order
from crawler.core.catalog.article_ids import article_id
from crawler.core.catalog.catalog import SCHEMA_VERSION, Catalog, content_hash
from crawler.core.jobs import merge_moves
from crawler.core.jobs.merge_events import merge_events
from crawler.core.jobs.merge_files import MergeError, copy_files

__all__ = ["MergeError", "MergeReport", "merge"]

_KEPT = re.compile(r"\.v\d+$")


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
        db = catalog.db
        # A merge killed after its commit left moves to finish: first of all (merge_moves).
        if merge_moves.replay(db, dest):
            report.notes.append("finished the file moves of an interrupted merge")
        for source in sources:
            report.files += copy_files(source, dest, report.notes, close_abandoned)
        present = {f"warc/{path.name}" for path in (dest / "warc").glob("*.warc*")}
        DigestStore(dest / "catalog.sqlite").close()  # its table, for the payloads below
        # One transaction: an interrupted merge leaves the destination's catalogue as it was
        # (files already copied are named as in their sources, so a new merge reuses them;
        # article files are only staged under names of their own until the commit).
        db.execute("BEGIN IMMEDIATE")
        try:
            moves = _Moves()
            runs = {source: _merge_runs(db, source, report) for source in sources}
            for source in sources:
                _merge_urls(db, source, runs[source], present, report)
                _merge_payloads(db, source, present)
                _merge_photos(db, source)
                with closing(_read(source)) as src:
                    merge_events(db, src, runs[source], dest)
            by_key: dict[str, list[list[dict[str, Any]]]] = defaultdict(
                lambda: [[] for _ in sources]
            )
            for index, source in enumerate(sources):
                for row in _article_rows(source, runs[source]):
                    if _warc_file(row) in present or not _warc_file(row):
                        by_key[row["key"]][index].append(row)
                    else:  # its WARC is still being written: a later merge takes it
                        report.waiting += 1
            for key in sorted(by_key):
                _merge_key(db, dest, key, by_key[key], report, moves)
            moves.write(db)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        merge_moves.replay(db, dest)
    finally:
        catalog.close()
    return report


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


def _merge_payloads(db: sqlite3.Connection, source: Path, present: set[str]) -> None:
    """Where each payload is archived: a revisit record is read through its original's row
    (`show --html`, `reparse`). Any whole copy will do; the first one merged stays."""
    with closing(_read(source)) as src:
        if not src.execute("SELECT 1 FROM sqlite_master WHERE name = 'payloads'").fetchone():
            return  # crawled with the archive off
        for row in src.execute("SELECT digest, uri, date, record_id, file, offset FROM payloads"):
            if row["file"] in present:  # else its WARC is still being written: a later merge
                db.execute("INSERT OR IGNORE INTO payloads VALUES (?, ?, ?, ?, ?, ?)", tuple(row))


def _merge_photos(db: sqlite3.Connection, source: Path) -> None:
    """What became of each photo: archived in any source is archived (with where it ended
    after a redirect); otherwise the latest word stands."""
    with closing(_read(source)) as src:
        if not src.execute("SELECT 1 FROM sqlite_master WHERE name = 'photos'").fetchone():
            return  # a catalogue from before photos were archived
        for row in src.execute(
            "SELECT key, site, url, state, final_key, reason, updated FROM photos"
        ):
            db.execute(
                "INSERT INTO photos (key, site, url, state, final_key, reason, updated) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
                "state = excluded.state, final_key = excluded.final_key, "
                "reason = excluded.reason, updated = excluded.updated "
                "WHERE photos.state != 'archived' AND "
                "(excluded.state = 'archived' OR excluded.updated > photos.updated)",
                tuple(row),
            )


def _article_rows(source: Path, runs: dict[int, int]) -> Iterator[dict[str, Any]]:
    with closing(_read(source)) as src:
        for row in src.execute("SELECT * FROM articles ORDER BY id"):
            values = dict(row)
            values["run_id"] = runs.get(values["run_id"]) if values["run_id"] else None
            values["source"] = source
            yield values


@dataclass
class _Moves:
    """The journal being built in the merge's transaction (crawler.core.jobs.merge_moves)."""

    staged: dict[int, str] = field(default_factory=dict)  # row id -> its staged stem
    finals: dict[str, str] = field(default_factory=dict)  # staged stem -> final stem
    left: set[str] = field(default_factory=set)  # names versions had before the merge
    inserted: int = 0  # rows inserted (each gets a temporary version number of its own)

    def write(self, db: sqlite3.Connection) -> None:
        kept = {row[0] for row in db.execute("SELECT files FROM articles WHERE files != ''")}
        merge_moves.journal(db, self.finals, self.left - kept)


def _reader_hash(row: dict[str, Any]) -> str:
    """What the version rule compares (crawler.core.catalog.stored_articles.content_hash), computed from the
    stored fields: a catalogue from before that rule holds a words-only hash in its column,
    and comparing columns across the two would make one version two."""
    if "reader_hash" not in row:
        fields = row["fields"]
        row["reader_hash"] = content_hash(json.loads(fields) if isinstance(fields, str) else fields)
    return str(row["reader_hash"])


def _merge_key(
    db: sqlite3.Connection,
    dest: Path,
    key: str,
    sources: list[list[dict[str, Any]]],
    report: MergeReport,
    moves: _Moves,
) -> None:
    """Place the sources' versions of one article among the destination's (the order of
    crawler.core.catalog.version_order), then number them and give each its file names."""
    columns = ("id", "content_hash", "first_seen", "last_seen", "fields", "files")
    existing = [
        dict(zip(columns, row, strict=True))
        for row in db.execute(
            f"SELECT {', '.join(columns)} FROM articles WHERE key = ? ORDER BY version", (key,)
        )
    ]
    histories: list[list[dict[str, Any]]] = [existing]
    for rows in sources:
        fresh = []
        for row in sorted(rows, key=lambda row: row["version"]):
            # Merged before, or seen by another worker meanwhile: its time lies within a
            # stored version's with the same words.
            same = next(
                (
                    old
                    for old in existing
                    if _reader_hash(old) == _reader_hash(row)
                    and old["first_seen"] <= row["first_seen"] <= old["last_seen"]
                ),
                None,
            )
            if same is None:
                fresh.append(row)
                continue
            report.repeats += 1
            if row["last_seen"] > same["last_seen"]:
                same["last_seen"] = row["last_seen"]
                db.execute(
                    "UPDATE articles SET last_seen = ? WHERE id = ?",
                    (same["last_seen"], same["id"]),
                )
        histories.append(fresh)
    if not any(histories[1:]):
        return
    ordered: list[dict[str, Any]] = []
    for version in version_order.interleave(histories):
        before = ordered[-1] if ordered else None
        repeat = before is not None and _reader_hash(before) == _reader_hash(version)
        if before is not None and repeat and (_is_new(before) or _is_new(version)):
            # The same words seen again (fetched twice, after a worker died): one version,
            # the destination's row if it has one.
            keep, other = (version, before) if _is_new(before) else (before, version)
            keep["first_seen"] = min(keep["first_seen"], other["first_seen"])
            keep["last_seen"] = max(keep["last_seen"], other["last_seen"])
            keep["widened"] = True
            ordered[-1] = keep
            report.repeats += 1
            continue
        ordered.append(version)
    added = sum(1 for version in ordered if _is_new(version))
    if existing:
        report.new_versions += added
    elif added:
        report.new_articles += 1
        report.new_versions += added - 1
    for version in ordered:
        widened = version.pop("widened", False)
        if _is_new(version):
            _insert(db, dest, version, moves)
        elif widened:
            db.execute(
                "UPDATE articles SET first_seen = ?, last_seen = ? WHERE id = ?",
                (version["first_seen"], version["last_seen"], version["id"]),
            )
    _renumber(db, dest, ordered, moves)


def _is_new(version: dict[str, Any]) -> bool:
    """A source's row not yet in the destination (the destination's have no source)."""
    return "source" in version


def _insert(db: sqlite3.Connection, dest: Path, row: dict[str, Any], moves: _Moves) -> None:
    """A source's version into the destination's catalogue, its files staged (step 1)."""
    # Only the table's columns: the merge keeps its own notes on a row (source, reader_hash,
    # widened) beside them.
    columns_of = {info[1] for info in db.execute("PRAGMA table_info(articles)")}
    values = {k: v for k, v in row.items() if k in columns_of and k != "id"}
    moves.inserted += 1
    values.update(version=-1_000_000 - moves.inserted, files="", article=article_id(row["key"]))
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cursor = db.execute(
        f"INSERT INTO articles ({columns}) VALUES ({marks})", tuple(values.values())
    )
    row_id = int(cursor.lastrowid or 0)
    stem = _KEPT.sub("", row["files"]) if row["files"] else ""
    if stem:
        staged = merge_moves.staged_name(stem, row_id)
        merge_moves.stage(row["source"] / row["files"], dest, staged, link=False)
        moves.staged[row_id] = staged
        db.execute("UPDATE articles SET files = ? WHERE id = ?", (stem, row_id))
    row["id"], row["files"] = row_id, stem
    del row["source"]


def _renumber(
    db: sqlite3.Connection, dest: Path, ordered: list[dict[str, Any]], moves: _Moves
) -> None:
    """Versions 1..N in order; the latest keeps the plain name, the others <stem>.v<N>. A
    version whose name changes is staged (a hard link) before the catalogue names it anew."""
    for number, version in enumerate(ordered, start=1):
        db.execute("UPDATE articles SET version = ? WHERE id = ?", (-number, version["id"]))
    for number, version in enumerate(ordered, start=1):
        row_id, files = int(version["id"]), str(version["files"])
        stem = _KEPT.sub("", files) if files else ""
        wanted = stem if number == len(ordered) or not stem else f"{stem}.v{number}"
        if row_id in moves.staged:  # new in this merge, or moved before in it
            moves.finals[moves.staged[row_id]] = wanted
        elif files != wanted:
            staged = merge_moves.staged_name(stem, row_id)
            merge_moves.stage(dest / files, dest, staged, link=True)
            moves.staged[row_id] = staged
            moves.finals[staged] = wanted
            moves.left.add(files)
        db.execute(
            "UPDATE articles SET version = ?, files = ? WHERE id = ?", (number, wanted, row_id)
        )
    # Search finds the latest version of each article.
    for version in ordered:
        search.unindex(db, int(version["id"]))
    latest = ordered[-1]
    fields = latest["fields"]
    search.index(db, int(latest["id"]), json.loads(fields) if isinstance(fields, str) else fields)
