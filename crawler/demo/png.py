"""Small, valid PNG images made in pure Python (zlib only): the demo's photos and chrome art.

The demo must serve real pictures offline without a new dependency, so every image is drawn
here: a truecolour PNG (IHDR, one IDAT, IEND) whose pattern and colours come from a key (the
image's path). Same key, same bytes: the server's ETags and an archive's payload digests stay
stable across runs, and two different paths give different bytes (deduplication by digest
must not merge two photos).
"""

from __future__ import annotations

import functools
import hashlib
import struct
import zlib
from collections.abc import Iterable

SIGNATURE = b"\x89PNG\r\n\x1a\n"

# A photo's size: small (a few KB) but wide enough to look like a picture in a replayed page.
PHOTO_WIDTH = 320
PHOTO_HEIGHT = 200


def encode(width: int, height: int, rows: Iterable[bytes]) -> bytes:
    """A PNG of `height` RGB rows of `width` pixels (3 bytes each), no filtering."""
    raw = bytearray()
    count = 0
    for row in rows:
        if len(row) != width * 3:
            raise ValueError(f"row {count}: {len(row)} bytes, want {width * 3}")
        raw += b"\x00" + row  # filter type 0 (None): deflate does the work
        count += 1
    if count != height:
        raise ValueError(f"{count} rows, want {height}")
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(raw), 6))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


@functools.cache  # pages are rebuilt at every server start; drawing once per process is enough
def photo(key: str, width: int = PHOTO_WIDTH, height: int = PHOTO_HEIGHT) -> bytes:
    """A stand-in photo for `key`: a sky-to-ground gradient crossed by diagonal stripes, its
    colours, stripe period, width and slant all taken from a hash of the key."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    top, bottom, stripe = digest[0:3], digest[3:6], digest[6:9]
    period = 12 + digest[9] % 36
    band = 2 + digest[10] % (period // 2)
    slant = 1 + digest[11] % 3
    return encode(
        width, height, _striped_rows(width, height, top, bottom, stripe, period, band, slant)
    )


def _striped_rows(
    width: int,
    height: int,
    top: bytes,
    bottom: bytes,
    stripe: bytes,
    period: int,
    band: int,
    slant: int,
) -> Iterable[bytes]:
    # One period of the pattern repeated along the row and shifted row by row: a Python loop
    # per row, not per pixel, so a photo takes well under a millisecond to draw.
    repeats = width // period + 2
    for y in range(height):
        colour = _mix(top, bottom, y / max(height - 1, 1))
        tile = stripe * band + colour * (period - band)
        shift = (y * slant) % period * 3
        yield (tile * repeats)[shift : shift + width * 3]


def _mix(start: bytes, end: bytes, at: float) -> bytes:
    return bytes(round(a + (b - a) * at) for a, b in zip(start, end, strict=True))


@functools.cache
def band(width: int, height: int, start: bytes, end: bytes, accent: bytes = b"") -> bytes:
    """A vertical gradient from `start` to `end` (RGB triples), with an accent line across
    the middle when given: header backgrounds, the logo."""
    rows = []
    for y in range(height):
        colour = _mix(start, end, y / max(height - 1, 1))
        if accent and abs(y - height // 2) < max(height // 10, 1):
            colour = accent
        rows.append(colour * width)
    return encode(width, height, rows)


def icon(png: bytes, size: int) -> bytes:
    """A .ico file holding one PNG image (allowed since Windows Vista; browsers read it)."""
    directory = struct.pack("<HHH", 0, 1, 1)  # reserved, type 1 = icon, one image
    entry = struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png), 6 + 16)
    return directory + entry + png
