"""Notice an output folder deleted, moved or replaced while a crawl writes into it.

Without this a crawl whose folder was removed goes on "writing" into files nobody can reach
(or into a new folder the article writer makes at the old path) and ends with exit 0. Pure:
the run ledger asks on a timer, the validate pipeline before each article.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


@dataclass(frozen=True)
class OutputWatch:
    root: Path
    catalog: Path
    root_id: tuple[int, int] | None
    catalog_id: tuple[int, int] | None

    @classmethod
    def start(cls, root: Path, catalog: Path) -> OutputWatch:
        return cls(root, catalog, _identity(root), _identity(catalog))

    def problem(self) -> str:
        """What happened to the output, in words; "" while it is still the one we opened."""
        if self.root_id is not None and _identity(self.root) != self.root_id:
            return f"the output folder {self.root} was deleted or moved while crawling"
        if self.catalog_id is not None and _identity(self.catalog) != self.catalog_id:
            return f"the catalogue {self.catalog} was deleted or replaced while crawling"
        return ""
