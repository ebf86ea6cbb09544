"""Parquet: one row per article with typed columns (crawler.core.export.columns): lists stay
lists, records (an image, the WARC reference) are structs, version an int64. Needs pyarrow
(the `parquet` extra)."""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path
from typing import Any

from crawler.core.export.base import ExportJob, FileExporter, require
from crawler.core.export.columns import column_types, list_item, optional_of


def _arrow_type(kind: Any) -> Any:
    import pyarrow as pa

    kind = optional_of(kind)
    if kind is str:
        return pa.string()
    if kind is int:
        return pa.int64()
    item = list_item(kind)
    if item is not None:
        return pa.list_(_arrow_type(item))
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        return pa.struct([(f.name, _arrow_type(hints[f.name])) for f in dataclasses.fields(kind)])
    raise TypeError(f"no Parquet type for {kind!r}")  # a new kind of Article field


def schema() -> Any:
    import pyarrow as pa

    return pa.schema([(name, _arrow_type(kind)) for name, kind in column_types().items()])


class Parquet(FileExporter):
    name = "parquet"
    default_name = "articles.parquet"

    def check(self, job: ExportJob) -> None:
        require("pyarrow", "Parquet export needs pyarrow: pip install 'defnews[parquet]'")

    def build(self, job: ExportJob, partial: Path, target: Path) -> str:
        import pyarrow as pa
        import pyarrow.parquet as pq

        records = list(job.records)
        pq.write_table(pa.Table.from_pylist(records, schema=schema()), partial)
        return f"{len(records)} articles"


EXPORTER = Parquet()
