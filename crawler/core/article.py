"""The Article record: clean fields plus a reference to the WARC record they came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class WarcRef:
    """Where a capture lives: enough to seek straight to its record."""

    file: str
    offset: int
    length: int
    record_id: str


@dataclass(frozen=True)
class Image:
    url: str
    caption: str = ""
    credit: str = ""


@dataclass
class Article:
    """One extracted article. Never holds raw HTML: the WARC is where bytes live."""

    url: str
    site: str
    canonical_url: str = ""
    language: str = ""
    title: str = ""
    summary: str = ""
    text: str = ""
    authors: list[str] = field(default_factory=list)
    credit: str = ""
    published: str = ""
    modified: str = ""
    section: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    parser: str = ""
    warc: WarcRef | None = None
    # Where the parser found each field: "primary" (the site's own selector) or
    # "fallback:<source>" or "missing". For drift alarms (crawler.extensions.drift); not in the record.
    sources: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    # Where its text files go, relative to the output folder: chosen once by the version
    # pipeline (crawler.pipelines.versions) for the pipelines after it; not in the record.
    files: str = field(default="", compare=False, repr=False)
    # The catalogue key it is stored under when that is not its own URL's: a copy of an article
    # archived under another URL that shows readers something new (crawler.core.catalog.identity).
    key: str = field(default="", compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        # By hand: dataclasses.asdict deep-copies every list and string recursively, which
        # costs more than extracting the fields did (three calls per stored article).
        record = {name: getattr(self, name) for name in self.__dataclass_fields__}
        del record["sources"], record["files"], record["key"]
        for name in ("authors", "section", "tags"):
            record[name] = list(record[name])
        record["images"] = [
            {"url": i.url, "caption": i.caption, "credit": i.credit} for i in self.images
        ]
        ref = self.warc
        record["warc"] = (
            None
            if ref is None
            else {
                "file": ref.file,
                "offset": ref.offset,
                "length": ref.length,
                "record_id": ref.record_id,
            }
        )
        return record

    @classmethod
    def from_dict(cls, fields: dict[str, Any]) -> Article:
        """An article back from its JSON record (the catalogue, a .json file)."""
        known = {
            name: fields[name]
            for name in cls.__dataclass_fields__
            if name in fields and name not in ("sources", "files", "key")
        }
        known["images"] = [
            Image(**{k: v for k, v in image.items() if k in Image.__dataclass_fields__})
            for image in fields.get("images") or []
        ]
        warc = fields.get("warc")
        known["warc"] = WarcRef(**warc) if isinstance(warc, dict) else None
        return cls(**known)
