"""Plain-text tables: numbers right-aligned; on a terminal, fitted to its width.

Fitting never cuts what a person copies or compares (IDs, dates, numbers): it shrinks the
flexible columns (titles, URLs, names), the widest first, each cell ending in an ellipsis,
and, when that is not enough, leaves out the optional columns (the last named first). In a
pipe (width None) nothing is cut: every cell whole, one row per line, for grep and awk.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crawler.cli.terminal import clip

GAP = "  "
# A flexible column is not shrunk below this (nor below its title): a few words still read.
MIN_FLEXIBLE = 10


def _cell(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _shrink(widths: list[int], floors: list[int], flexible: list[int], room: int) -> None:
    """Take columns off the widest flexible column, one at a time, until the table fits room
    or every flexible column is at its floor."""
    while sum(widths) + len(GAP) * (len(widths) - 1) > room:
        shrinkable = [i for i in flexible if widths[i] > floors[i]]
        if not shrinkable:
            return
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1


def render_table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[tuple[str, str]],
    *,
    width: int | None = None,
    flexible: Sequence[str] = ("title", "url"),
    optional: Sequence[str] = (),
) -> str:
    """columns: (key, title) pairs. width: the terminal's columns (crawler.cli.terminal.width),
    or None in a pipe (nothing cut). flexible: the keys that may be shrunk; optional: the keys
    that may be left out, the last first, when shrinking is not enough."""
    shown = list(columns)
    while True:
        cells = [[title for _, title in shown]]
        cells += [[_cell(row.get(key)) for key, _ in shown] for row in rows]
        widths = [max(len(line[i]) for line in cells) for i in range(len(shown))]
        if width is None:
            break
        floors = [
            min(widths[i], max(MIN_FLEXIBLE, len(title))) for i, (_, title) in enumerate(shown)
        ]
        flex = [i for i, (key, _) in enumerate(shown) if key in flexible]
        _shrink(widths, floors, flex, width)
        fits = sum(widths) + len(GAP) * (len(widths) - 1) <= width
        left_out = [key for key in reversed(optional) if key in {k for k, _ in shown}]
        if fits or not left_out:
            break
        shown = [column for column in shown if column[0] != left_out[0]]
    lines = []
    for line in cells:
        parts = []
        for cell, w in zip(line, widths, strict=True):
            cell = clip(cell, w)
            parts.append(cell.rjust(w) if cell.isdigit() else cell.ljust(w))
        lines.append(GAP.join(parts).rstrip())
    return "\n".join(lines)
