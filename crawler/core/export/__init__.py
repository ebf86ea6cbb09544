"""The export formats, by name: `defnews export --format NAME` looks its exporter up here.

Each format is one module (to_jsonl, to_csv, to_parquet, to_wacz) that defines EXPORTER; a new
format is a module of its own and one line below. Pure: no Scrapy; optional packages (pyarrow,
wacz) are imported only when their format runs.
"""

from __future__ import annotations

from crawler.core.export import to_csv, to_jsonl, to_parquet, to_wacz
from crawler.core.export.base import ExportError, FileExporter, StreamExporter

REGISTRY: dict[str, StreamExporter | FileExporter] = {
    exporter.name: exporter
    for exporter in (to_jsonl.EXPORTER, to_csv.EXPORTER, to_parquet.EXPORTER, to_wacz.EXPORTER)
}


def get_exporter(name: str) -> StreamExporter | FileExporter:
    try:
        return REGISTRY[name]
    except KeyError:
        raise ExportError(
            f"unknown export format {name!r} (known: {', '.join(REGISTRY)})"
        ) from None
