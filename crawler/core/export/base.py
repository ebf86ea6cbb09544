"""What every export format is: a name in the registry, and one of two shapes.

A stream exporter writes the chosen articles as text to a stream (stdout, or a file the
command replaces whole); a file exporter builds one file from the output folder (Parquet, a
WACZ package). The command (`defnews export`) opens the catalogue, picks the exporter by name
from crawler.core.export.REGISTRY and owns the target file; an exporter only writes. Pure: no
Scrapy, no argument parsing, no printing (notes go through ExportJob.notify).
"""

from __future__ import annotations

import importlib.util
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TextIO


class ExportError(Exception):
    """An export that cannot be made (a missing optional package, nothing to pack): one line."""


class ArticleSource(Protocol):
    """The catalogue's articles as records (the contract's fields plus "version" and the
    article's "id"), in
    publication order; the latest version of each unless all_versions."""

    def __call__(
        self, *, site: str | None = None, since: str | None = None, all_versions: bool = False
    ) -> Iterator[dict[str, Any]]: ...


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr)


@dataclass(frozen=True)
class ExportJob:
    """One export: the output folder, the articles it chose, and where notes go."""

    root: Path
    # The articles the command chose (--site, --since, --all-versions), for formats that
    # write articles; empty for one that packs the whole folder.
    records: Iterator[dict[str, Any]]
    # Any other selection (a WACZ's pages are every capture, whatever was chosen).
    articles: ArticleSource
    allow_damaged: bool = False
    notify: Callable[[str], None] = field(default=_to_stderr)


def require(module: str, message: str) -> None:
    """An optional dependency (an extra): missing, the export stops with one line saying how
    to install it, before anything is read or written."""
    if importlib.util.find_spec(module) is None:
        raise ExportError(message)


class Exporter:
    """One format: its name in the registry, and whether the command's article choice
    applies to it."""

    name: str = ""
    # True: --site, --since and --all-versions choose what it writes.
    selects_articles: bool = True

    def check(self, job: ExportJob) -> None:
        """Before the target is touched: optional packages, what the format needs in the
        folder. Raises ExportError."""


class StreamExporter(Exporter, ABC):
    """Text to a stream: stdout by default."""

    @abstractmethod
    def write(self, out: TextIO, records: Iterable[dict[str, Any]]) -> None: ...


class FileExporter(Exporter, ABC):
    """One file, by default in the output folder."""

    default_name: str = ""

    def target(self, root: Path, output: str | None) -> Path:
        return Path(output or root / self.default_name)

    @abstractmethod
    def build(self, job: ExportJob, partial: Path, target: Path) -> str:
        """Write the whole file at partial (renamed to target by the caller once it is
        whole; target only names it in messages). Returns what it holds, for the "wrote"
        line (e.g. "12 articles")."""
