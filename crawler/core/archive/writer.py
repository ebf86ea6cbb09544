"""The WARC file writer: one open handle, gzip per record, warcinfo first, .open until closed.

Files are named like Heritrix's, PREFIX-TIMESTAMP17-SERIAL-PID-HOST.warc.gz, in lower-case
letters, digits, dots and dashes only (Heritrix's "~" before the host, or a capital letter,
makes a WACZ invalid: its data package allows only those characters in a name, and a WACZ must
hold each WARC under the name its warcinfo record gives). Files are rotated at a size; a file is written as NAME.open and renamed when closed, so a reader never mistakes a
half-written file for a finished one.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import socket
import zlib
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from crawler.core.archive.records import WarcRecord, warcinfo_record
from crawler.core.article import WarcRef

OPEN_SUFFIX = ".open"


def safe_name(text: str) -> str:
    """text in lower case, with anything but letters, digits, dots and dashes made a dash."""
    return re.sub(r"[^-a-z0-9.]", "-", text.lower())


def this_host() -> str:
    """This machine's name as WARC file names carry it."""
    return safe_name(socket.gethostname())


def ref_name(path: Path, root: Path) -> str:
    """How WarcRefs and the catalogue name a WARC file: relative to the output folder."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def fsync_directory(folder: Path) -> None:
    """Make a rename in folder durable (POSIX: the directory entry has its own fsync)."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# A gzip member's header as zlib writes it: deflate, no name, no time, from Unix.
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"


def gzip_member(data: bytes, level: int, stored: int = 0) -> bytes:
    """One complete gzip member: records stay independently seekable and decompressible.

    stored: how many bytes at the end are compressed already. Those go into the member as
    stored blocks, after the rest deflated at level: two raw deflate streams, the first
    ended on a byte boundary by a sync flush, read by any gzip reader as one (as pigz
    joins its pieces)."""
    if stored <= 0:
        compressor = zlib.compressobj(level, zlib.DEFLATED, 31)  # wbits 31: gzip container
        return compressor.compress(data) + compressor.flush()
    split = max(0, len(data) - stored)
    first = zlib.compressobj(level, zlib.DEFLATED, -15)  # raw deflate: the framing is ours
    rest = zlib.compressobj(0, zlib.DEFLATED, -15)
    deflated = (
        first.compress(data[:split])
        + first.flush(zlib.Z_SYNC_FLUSH)
        + rest.compress(data[split:])
        + rest.flush()
    )
    trailer = zlib.crc32(data).to_bytes(4, "little") + (len(data) & 0xFFFFFFFF).to_bytes(
        4, "little"
    )
    return _GZIP_HEADER + deflated + trailer


class WarcWriter:
    def __init__(
        self,
        directory: Path,
        prefix: str,
        *,
        max_size: int = 1024**3,
        gzip_level: int = 6,
        info: dict[str, str] | None = None,
        ref_root: Path | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        on_close: Callable[[Path], None] | None = None,
    ) -> None:
        self.directory = directory
        self.prefix = prefix
        self.max_size = max_size
        self.gzip_level = gzip_level
        self.info = info or {}
        # WarcRefs name files relative to this root (the output folder), so outputs can move.
        self.ref_root = ref_root or directory
        self.now = now
        self.on_close = on_close  # told of each finished file (rotation included), e.g. to index it
        self.serial = 0
        self._handle: BinaryIO | None = None
        self._records = 0
        self._path: Path | None = None
        # The open file as WarcRefs name it: worked out once per file, not per record.
        self._ref = ""
        self._whole = 0  # where the last whole write ended: abandon() cuts the file back here
        self._host = this_host()

    @property
    def path(self) -> Path | None:
        """The final name of the file being written (it sits on disk with .open appended)."""
        return self._path

    def _new_name(self) -> str:
        stamp = self.now().strftime("%Y%m%d%H%M%S%f")[:17]
        prefix = safe_name(self.prefix)
        return f"{prefix}-{stamp}-{self.serial:05d}-{os.getpid()}-{self._host}.warc.gz"

    def _open(self) -> BinaryIO:
        if self._handle is not None:
            return self._handle
        self.directory.mkdir(parents=True, exist_ok=True)
        name = self._new_name()
        self.serial += 1
        self._path = self.directory / name
        self._ref = ref_name(self._path, self.ref_root)
        handle = self._path.with_name(name + OPEN_SUFFIX).open("xb")
        # Held while the file is open: a lock, unlike a pid, dies with its process, so start-up
        # repair can tell a crashed crawl's file from one another crawl is still writing.
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._handle = handle
        self._records = 0
        self._whole = 0
        info = warcinfo_record(name, self.info, self.now())
        handle.write(gzip_member(info.to_bytes(), self.gzip_level))
        handle.flush()
        self._whole = handle.tell()
        return handle

    def write(self, records: Sequence[WarcRecord]) -> list[WarcRef]:
        """Append records (kept together in one file); one WarcRef per record."""
        handle = self._open()
        # Rotate before, not after, a write: an exchange never straddles two files, and a file
        # always holds at least one exchange after its warcinfo.
        if self._records and handle.tell() >= self.max_size:
            self.close()
            handle = self._open()
        refs = []
        for record in records:
            whole = record.to_bytes()
            # The block's packed end, and the CRLF CRLF that closes the record after it.
            stored = record.packed + 4 if record.packed else 0
            member = gzip_member(whole, self.gzip_level, stored)
            offset = handle.tell()
            handle.write(member)
            refs.append(WarcRef(self._ref, offset, len(member), record.record_id))
            self._records += 1
        # A killed crawler then loses at most the record being written.
        handle.flush()
        self._whole = handle.tell()
        return refs

    def close(self) -> None:
        if self._handle is None or self._path is None:
            return
        # On disk before the name says "finished": the catalogue already points into this file.
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()
        self._handle = None
        self._path.with_name(self._path.name + OPEN_SUFFIX).rename(self._path)
        fsync_directory(self._path.parent)
        if self.on_close is not None:
            self.on_close(self._path)

    def abandon(self) -> Path | None:
        """After a failed write (a full disk, a quota, an I/O error): cut the file back to its
        last whole write and close it, so no reader ever meets half an exchange. Returns the
        closed file; None when it held nothing whole (removed) or could not be closed (it is
        then left .open, for the next crawl's repair). Not indexed here: the index folder is
        likely on the same full disk, and the next crawl indexes files that lack one."""
        handle, path, whole = self._handle, self._path, self._whole
        self._handle = None
        if handle is None or path is None:
            return None
        with contextlib.suppress(OSError):
            handle.close()  # its buffered bytes may fail to flush again: they are cut below
        open_path = path.with_name(path.name + OPEN_SUFFIX)
        try:
            if not whole:  # not even the warcinfo record: nothing worth a file
                open_path.unlink()
                return None
            with open_path.open("r+b") as cut:
                cut.truncate(whole)
                with contextlib.suppress(OSError):  # the cut bytes are gone either way
                    os.fsync(cut.fileno())
            open_path.rename(path)
            with contextlib.suppress(OSError):
                fsync_directory(path.parent)
        except OSError:
            return None
        return path
