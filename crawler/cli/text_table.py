"""Plain-text tables for the terminal: numbers right-aligned, long cells cut to fit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def render_table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[tuple[str, str]],
    *,
    max_width: dict[str, int] | None = None,
) -> str:
    """columns: (key, title) pairs; max_width: a column's widest cell (longer ones end in …)."""
    limits = max_width or {}
    cells = [[title for _, title in columns]]
    for row in rows:
        line = []
        for key, _ in columns:
            value = "" if row.get(key) is None else " ".join(str(row.get(key)).split())
            limit = limits.get(key)
            if limit and len(value) > limit:
                value = value[: limit - 1] + "…"
            line.append(value)
        cells.append(line)
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    return "\n".join(
        "  ".join(
            cell.rjust(w) if cell.isdigit() else cell.ljust(w)
            for cell, w in zip(line, widths, strict=True)
        ).rstrip()
        for line in cells
    )
