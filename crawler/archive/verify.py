"""Check an output folder's archive: every record, every article's WarcRef, every index line
and catalogue row pointing into it.

Records are read member by member with zlib, not through a WARC library: a library's limits
(FastWARC stops at 32 KB of headers) or leniency (warcio reads a cut-off record) must not
decide whether an archive is sound.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from crawler.archive.members import GZIP_MAGIC, members
from crawler.archive.records import sha1_digest

_PAYLOAD_TYPES = {"response", "request"}  # a revisit's payload digest names another record's body


@dataclass(frozen=True)
class Problem:
    file: str
    offset: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}: offset {self.offset}: {self.message}"


@dataclass
class Report:
    files: int = 0
    records: int = 0
    refs: int = 0
    open_files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def check_record(data: bytes) -> tuple[dict[str, str], str]:
    """(WARC headers, "" or what is wrong) for one record's bytes."""
    head, separator, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("utf-8", "replace").split("\r\n")
    if not separator or not lines[0].startswith("WARC/1."):
        return {}, "not a WARC record"
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    try:
        length = int(headers.get("Content-Length", ""))
    except ValueError:
        return headers, "no valid Content-Length"
    block, tail = rest[:length], rest[length:]
    if len(block) < length or tail != b"\r\n\r\n":
        return headers, f"block is not Content-Length {length} bytes followed by the record end"
    if (digest := headers.get("WARC-Block-Digest")) and digest != sha1_digest(block):
        return headers, f"block digest mismatch in {headers.get('WARC-Record-ID')}"
    payload_digest = headers.get("WARC-Payload-Digest")
    if payload_digest and headers.get("WARC-Type") in _PAYLOAD_TYPES:
        payload = block.partition(b"\r\n\r\n")[2]
        if payload_digest != sha1_digest(payload):
            return headers, f"payload digest mismatch in {headers.get('WARC-Record-ID')}"
    return headers, ""


def verify_warc(path: Path, name: str) -> tuple[int, list[Problem], dict[int, str]]:
    """(records, problems, offset -> record id) for one .warc.gz; stops at a broken member."""
    ids: dict[int, str] = {}
    with path.open("rb") as handle:
        if handle.read(2) != GZIP_MAGIC:
            return 0, [Problem(name, 0, "not a gzipped WARC file")], ids
    problems = []
    try:
        for member in members(path):
            headers, problem = check_record(member.data)
            if problem:
                problems.append(Problem(name, member.offset, problem))
            ids[member.offset] = headers.get("WARC-Record-ID", "")
    except ValueError as error:
        offset, message = error.args
        problems.append(Problem(name, offset, message))
    if not ids and not problems:
        problems.append(Problem(name, 0, "no WARC record found"))
    return len(ids), problems, ids


def _refs(root: Path) -> Iterator[tuple[str, str, int, str]]:
    """(where the reference is, WARC file, offset, record id or "") from articles, index, catalogue."""
    for path in sorted((root / "articles").rglob("*.json")):
        ref = json.loads(path.read_text(encoding="utf-8")).get("warc")
        if isinstance(ref, dict):
            yield (
                path.relative_to(root).as_posix(),
                str(ref["file"]),
                int(ref["offset"]),
                ref["record_id"],
            )
    for path in sorted((root / "index").glob("*.cdxj")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            fields = json.loads(line.split(" ", 2)[2])
            source = f"{path.relative_to(root).as_posix()} line {number}"
            yield source, f"warc/{fields['filename']}", int(fields["offset"]), ""
    if (root / "catalog.sqlite").is_file():
        yield from _catalogue_refs(root / "catalog.sqlite")


# Where the catalogue's tables point into the WARCs: (table, query for file, offset, record id).
_CATALOGUE_REFS = (
    ("payloads", "SELECT file, offset, record_id FROM payloads"),
    ("urls", "SELECT warc_file, warc_offset, '' FROM urls WHERE warc_file != ''"),
    (
        "articles",
        (
            "SELECT json_extract(fields, '$.warc.file'), json_extract(fields, '$.warc.offset'), "
            "json_extract(fields, '$.warc.record_id') FROM articles "
            "WHERE json_extract(fields, '$.warc.file') IS NOT NULL"
        ),
    ),
)


def _catalogue_refs(path: Path) -> Iterator[tuple[str, str, int, str]]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        for table, query in _CATALOGUE_REFS:
            if table in tables:  # a catalogue from before a table existed
                for file, offset, record_id in db.execute(query).fetchall():
                    yield f"catalog.sqlite ({table})", str(file), int(offset), str(record_id)


def verify_output(root: Path) -> Report:
    """Every WARC under root/warc, then every reference into them."""
    report = Report()
    warc_dir = root / "warc"
    report.open_files = sorted(p.name for p in warc_dir.glob("*.open")) if warc_dir.is_dir() else []
    records: dict[str, dict[int, str]] = {}
    for path in sorted(warc_dir.glob("*.warc.gz")):
        name = path.relative_to(root).as_posix()
        count, problems, records[name] = verify_warc(path, name)
        report.files += 1
        report.records += count
        report.problems += problems
    for source, file, offset, record_id in _refs(root):
        report.refs += 1
        found = records.get(file, {}).get(offset)
        if found is None:
            report.problems.append(
                Problem(source, offset, f"no record starts at {file} offset {offset}")
            )
        elif record_id and found != record_id:
            report.problems.append(
                Problem(source, offset, f"{file} offset {offset} is not {record_id}")
            )
    return report
