"""The WARC settings, read and checked once: a bad value fails before anything is fetched."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


class SettingsLike(Protocol):
    def get(self, name: str, default: Any = None) -> Any: ...
    def getbool(self, name: str, default: bool = False) -> bool: ...
    def getint(self, name: str, default: int = 0) -> int: ...


@dataclass(frozen=True)
class WarcConfig:
    """WARC_ENABLED, WARC_DIR, WARC_PREFIX, WARC_MAX_SIZE, WARC_GZIP_LEVEL, WARC_OPERATOR,
    WARC_DEDUP_ENABLED, and OUTPUT_DIR (where warc/, index/ and catalog.sqlite live)."""

    enabled: bool
    output_root: Path
    directory: Path
    prefix: str  # "" = the spider's site key or name
    max_size: int
    gzip_level: int
    operator: str
    dedup: bool

    @property
    def index_dir(self) -> Path:
        return self.output_root / "index"

    @property
    def catalog(self) -> Path:
        return self.output_root / "catalog.sqlite"

    @classmethod
    def from_settings(cls, settings: SettingsLike) -> WarcConfig:
        """Raises ValueError naming the setting when a value cannot work."""
        try:
            # No fallbacks: the defaults are crawler/settings.py's, filled in for any crawler
            # (crawler.runtime.defaults) before these settings get here.
            max_size = settings.getint("WARC_MAX_SIZE")
            level = settings.getint("WARC_GZIP_LEVEL")
            enabled = settings.getbool("WARC_ENABLED")
            dedup = settings.getbool("WARC_DEDUP_ENABLED")
        except ValueError as error:
            raise ValueError(f"a WARC setting is not a number or boolean: {error}") from None
        if max_size < 1:
            raise ValueError(f"WARC_MAX_SIZE must be at least 1 byte, not {max_size}")
        if not 0 <= level <= 9:
            raise ValueError(f"WARC_GZIP_LEVEL must be 0 to 9, not {level}")
        root = Path(settings.get("OUTPUT_DIR") or "output")
        prefix = str(settings.get("WARC_PREFIX") or "")
        if any(char in prefix for char in "/\\\0") or prefix.startswith("."):
            raise ValueError(f"WARC_PREFIX must be a plain name, not {prefix!r}")
        return cls(
            enabled=enabled,
            output_root=root,
            directory=Path(settings.get("WARC_DIR") or root / "warc"),
            prefix=prefix,
            max_size=max_size,
            gzip_level=level,
            operator=str(settings.get("WARC_OPERATOR") or ""),
            dedup=dedup,
        )
