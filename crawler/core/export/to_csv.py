"""CSV (RFC 4180, a header row): one article per row, the columns of crawler.core.export.columns.

How a value that is not text is written in its cell:
- a list of strings (authors, section, tags): joined by " | " ("" when empty);
- anything structured (images: a list of records; warc: a record): JSON as json.dumps writes
  it by default (", " and ": " between items; UTF-8, not escaped), "" when empty or absent;
- a number (version): its digits.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from crawler.core.export.base import StreamExporter
from crawler.core.export.columns import COLUMNS, column_types, list_item

LIST_SEPARATOR = " | "


def _cell_writer(kind: Any) -> Any:
    if kind is str or kind is int:
        return None  # the csv module writes it as it is
    if list_item(kind) is str:
        return lambda value: LIST_SEPARATOR.join(str(item) for item in value or [])
    return lambda value: json.dumps(value, ensure_ascii=False) if value else ""


_CELLS = {
    name: writer
    for name, kind in column_types().items()
    if (writer := _cell_writer(kind)) is not None
}


def row(record: dict[str, Any]) -> dict[str, Any]:
    """An article record as a CSV row (other keys than the columns are left out)."""
    cells = {name: record.get(name, "") for name in COLUMNS}
    for name, write in _CELLS.items():
        cells[name] = write(record.get(name))
    return cells


class Csv(StreamExporter):
    name = "csv"

    def write(self, out: TextIO, records: Iterable[dict[str, Any]]) -> None:
        writer = csv.DictWriter(out, COLUMNS)
        writer.writeheader()
        for record in records:
            writer.writerow(row(record))


EXPORTER = Csv()
