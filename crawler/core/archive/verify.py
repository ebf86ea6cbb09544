"""Check an output folder's archive: every record, every article's WarcRef, every index line
and catalogue row pointing into it; then every article against its capture and its files
(crawler.core.jobs.audit).

Records are read member by member with zlib, not through a WARC library: a library's limits
(FastWARC stops at 32 KB of headers) or leniency (warcio reads a cut-off record) must not
decide whether an archive is sound.

A crawl may be running while we look. Its .open WARC is still growing and its catalogue rows
and text files are written one after the other, so neither is judged: the file is skipped
and named, and so are the site's articles. A live writer holds an flock on its .open file
(crawler.core.archive.writer) and the crawl holds locks/<site>.lock (crawler.core.catalog.lock): a lock,
unlike the pid in the file's name, dies with its process, so a crashed crawl's file is told
from a running one's without guessing. A crashed crawl's .open file is checked up to its last
whole record (the part the next crawl keeps).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from crawler.core.archive.members import GZIP_MAGIC, members
from crawler.core.archive.records import sha1_digest
from crawler.core.archive.repair import in_use, other_host, writer_pid
from crawler.core.archive.writer import OPEN_SUFFIX

_PAYLOAD_TYPES = {"response", "request"}  # a revisit's payload digest names another record's body


@dataclass(frozen=True)
class Problem:
    file: str
    offset: int | None
    message: str

    def __str__(self) -> str:
        if self.offset is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}: offset {self.offset}: {self.message}"


@dataclass(frozen=True)
class Record:
    """What the checks of references need of one record."""

    record_id: str
    kind: str  # WARC-Type
    uri: str  # WARC-Target-URI
    payload_digest: str


@dataclass
class Report:
    files: int = 0
    records: int = 0
    refs: int = 0
    articles: int = 0  # catalogue rows (every version) checked against capture and files
    text_files: int = 0
    open_files: list[str] = field(default_factory=list)  # left open by a crawl that died
    skipped: list[str] = field(default_factory=list)  # what a running crawl holds, in words
    notes: list[str] = field(default_factory=list)
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


def verify_warc(
    path: Path, name: str, *, end: int | None = None
) -> tuple[int, list[Problem], dict[int, Record]]:
    """(records, problems, offset -> record) for one .warc.gz; stops at a broken member.
    end: read only the members before this offset (a crashed crawl's whole records)."""
    records: dict[int, Record] = {}
    with path.open("rb") as handle:
        if handle.read(2) != GZIP_MAGIC:
            return 0, [Problem(name, 0, "not a gzipped WARC file")], records
    problems = []
    try:
        for member in members(path):
            if end is not None and member.offset >= end:
                break
            headers, problem = check_record(member.data)
            if problem:
                problems.append(Problem(name, member.offset, problem))
            records[member.offset] = Record(
                headers.get("WARC-Record-ID", ""),
                headers.get("WARC-Type", ""),
                headers.get("WARC-Target-URI", ""),
                headers.get("WARC-Payload-Digest", "") if not problem else "",
            )
    except ValueError as error:
        offset, message = error.args
        if end is None or offset < end:
            problems.append(Problem(name, offset, message))
    if not records and not problems:
        problems.append(Problem(name, 0, "no WARC record found"))
    return len(records), problems, records


def file_refs(root: Path) -> Iterator[tuple[str, str, int, str]]:
    """(where the reference is, WARC file, offset, record id or "") from article files and the
    index (the catalogue's rows: _catalogue_refs)."""
    for path in sorted((root / "articles").rglob("*.json")):
        try:
            ref = json.loads(path.read_text(encoding="utf-8")).get("warc")
        except (UnicodeDecodeError, ValueError, AttributeError):
            continue  # an unreadable text file is the audit's to name
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


# Where the catalogue's tables point into the WARCs: (table, query for file, offset, record id).
# The articles' references are the audit's (crawler.core.jobs.audit): it checks the record too.
_CATALOGUE_REFS = (
    ("payloads", "SELECT file, offset, record_id FROM payloads"),
    ("urls", "SELECT warc_file, warc_offset, '' FROM urls WHERE warc_file != ''"),
)


def catalogue_refs(db: sqlite3.Connection) -> Iterator[tuple[str, str, int, str]]:
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    for table, query in _CATALOGUE_REFS:
        if table in tables:  # a catalogue from before a table existed
            for file, offset, record_id in db.execute(query).fetchall():
                yield f"catalog.sqlite ({table})", str(file), int(offset), str(record_id)


def flock_held(path: Path) -> bool | None:
    """Does a live process hold an flock on path? None where the system does not say.

    Read from /proc/locks: taking the lock to see (as start-up repair does) could fall in the
    instant between a writer creating its file and locking it, or a crawl taking its site's
    lock, and make that writer fail or that crawl refuse to start."""
    try:
        table = Path("/proc/locks").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    status = path.stat()
    inode = f"{os.major(status.st_dev):02x}:{os.minor(status.st_dev):02x}:{status.st_ino}"
    return any(
        "FLOCK" in fields and inode in fields
        for fields in (line.split() for line in table.splitlines())
    )


def writer_alive(path: Path) -> bool:
    """Does a live writer hold the .open file's lock (crawler.core.archive.writer)?"""
    held = flock_held(path)
    return in_use(path) if held is None else held


def held_open_files(warc_dir: Path, root: Path, report: Report) -> tuple[set[str], list[Path]]:
    """(final names of the .open files a crawl still holds, .open files a dead crawl left)."""
    held: set[str] = set()
    abandoned: list[Path] = []
    for path in sorted(warc_dir.glob(f"*.warc.gz{OPEN_SUFFIX}")):
        name = path.relative_to(root).as_posix()
        final = name.removesuffix(OPEN_SUFFIX)
        writer = writer_pid(path.name)
        pid = f"pid {writer}" if writer is not None else "pid unknown"
        try:
            live = writer_alive(path)
        except FileNotFoundError:  # closed while we looked: the finished file is checked
            continue
        if host := other_host(path.name):
            # A lock does not reach across machines: whether that crawl runs cannot be known.
            held.add(final)
            report.skipped.append(
                f"{name}: written on {host} ({pid}), whose crawl may still be running; "
                "not checked (verify it there, or once that crawl has ended)"
            )
        elif live:
            held.add(final)
            report.skipped.append(f"{name}: a running crawl ({pid}) is writing it; not checked")
        else:
            abandoned.append(path)
    return held, abandoned
