"""Walk a .warc.gz as gzip members: where the last whole member ends, and what is broken.

We write one record per gzip member, so whole members are whole records. warcio reads a file
cut off mid-record without complaint (warcio #138); this is the check that does not.
"""

from __future__ import annotations

import zlib
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


def scan_members(path: Path, chunk_size: int = 1 << 20) -> MemberScan:
    """Decompress member by member, without keeping any output."""
    size = path.stat().st_size
    complete_end = fed = members = 0
    decompressor = zlib.decompressobj(31)
    with path.open("rb") as handle:
        while chunk := handle.read(chunk_size):
            data = chunk
            while data:
                try:
                    decompressor.decompress(data)
                except zlib.error as problem:
                    return MemberScan(size, complete_end, members, f"corrupt gzip data ({problem})")
                if not decompressor.eof:
                    fed += len(data)
                    break
                fed += len(data) - len(decompressor.unused_data)
                complete_end, members = fed, members + 1
                data = decompressor.unused_data
                decompressor = zlib.decompressobj(31)
    ending = "" if complete_end == size else "the last gzip member is incomplete"
    return MemberScan(size, complete_end, members, ending)
