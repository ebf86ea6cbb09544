"""JSON lines: one article record per line, as the catalogue holds it (keys sorted), with its
version and article ID; non-ASCII text as it is (UTF-8), not escaped."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from crawler.core.export.base import StreamExporter


class JsonLines(StreamExporter):
    name = "jsonl"

    def write(self, out: TextIO, records: Iterable[dict[str, Any]]) -> None:
        out.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


EXPORTER = JsonLines()
