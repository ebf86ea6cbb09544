"""Walk a .warc.gz as gzip members: where the last whole member ends, and what is broken.

We write one record per gzip member, so whole members are whole records. warcio reads a file
cut off mid-record without complaint (warcio #138); this is the check that does not.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class MemberScan:
    size: int  # bytes in the file
    complete_end: int  # offset just past the last whole member (== size for a sound file)
    members: int  # whole members read
    error: str = ""  # why reading stopped early at complete_end, if it did

    @property
    def sound(self) -> bool:
        return not self.error and self.complete_end == self.size


@dataclass(frozen=True)
class Member:
    offset: int
    length: int
    data: bytes  # the decompressed member: one WARC record


def members(path: Path, chunk_size: int = 1 << 20) -> Iterator[Member]:
    """Gzip members in order, read in chunks (memory stays flat on a 1 GB file); raises
    ValueError(offset, message) at the first broken one."""
    offset = 0  # where the current member starts
    inflater = zlib.decompressobj(31)
    record: list[bytes] = []
    consumed = 0  # compressed bytes of the current member fed so far
    with path.open("rb") as handle:
        while chunk := handle.read(chunk_size):
            while chunk:
                try:
                    record.append(inflater.decompress(chunk))
                except zlib.error as error:
                    raise ValueError(offset, f"corrupt gzip data ({error})") from None
                if not inflater.eof:
                    consumed += len(chunk)
                    break
                length = consumed + len(chunk) - len(inflater.unused_data)
                yield Member(offset, length, b"".join(record))
                offset, consumed, record = offset + length, 0, []
                chunk = inflater.unused_data
                inflater = zlib.decompressobj(31)
    if consumed or any(record):
        raise ValueError(offset, "the last gzip member is incomplete")


def scan_members(path: Path, chunk_size: int = 1 << 20) -> MemberScan:
    """Where the last whole member ends, and why reading stopped there if the file goes on."""
    complete_end = count = 0
    try:
        for member in members(path, chunk_size):
            complete_end, count = member.offset + member.length, count + 1
    except ValueError as error:
        return MemberScan(path.stat().st_size, complete_end, count, str(error.args[1]))
    return MemberScan(path.stat().st_size, complete_end, count)
