"""The columns of a tabular export (CSV, Parquet), taken from the Article record itself.

Columns: the record's fields (crawler.core.article.Article.to_dict) in the order the dataclass
declares them, with its two addresses (url, canonical_url) first so that each row starts with
where the article was read, as the exports have always been laid out; then the catalogue's
"version" and the article's "id" (crawler.core.catalog.article_ids: the same for every version
and in every archive, what `defnews show ID` takes). A field added to Article becomes a column
with no edit here.

Each column's Python type comes from the dataclass annotation, so the formats decide how to
write it: a str as it is, a list of str, a list of records (Image), a record (WarcRef) or none.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

from crawler.core.article import Article

_ADDRESSES = ("url", "canonical_url")


@dataclasses.dataclass(frozen=True)
class ImageLocation:
    """Where an exported image's body is archived (crawler.core.catalog.image_captures)."""

    file: str
    offset: int
    length: int
    status: int
    fetched: str


@dataclasses.dataclass(frozen=True)
class ExportedImage:
    """An Image as the export writes it: with where it is archived (None: it is not)."""

    url: str
    caption: str
    credit: str
    archived: ImageLocation | None


def _record_fields() -> list[dataclasses.Field[Any]]:
    in_record = set(Article(url="", site="").to_dict())  # not sources, files, key
    chosen = [f for f in dataclasses.fields(Article) if f.name in in_record]
    # A stable sort: the addresses first, the rest in declaration order.
    return sorted(chosen, key=lambda f: f.name not in _ADDRESSES)


def column_types() -> dict[str, Any]:
    """Column name -> its type: Article's annotations (resolved), then version: int and the
    article's id: str."""
    hints = typing.get_type_hints(Article)
    columns = {f.name: hints[f.name] for f in _record_fields()}
    columns["images"] = list[ExportedImage]  # the export adds each image's archive location
    columns["version"] = int
    columns["id"] = str
    return columns


COLUMNS: tuple[str, ...] = tuple(column_types())


def list_item(kind: Any) -> Any | None:
    """The item type of list[X]; None for anything else."""
    if typing.get_origin(kind) is list:
        return typing.get_args(kind)[0]
    return None


def optional_of(kind: Any) -> Any:
    """X for `X | None`; the type itself otherwise."""
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        present = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        if len(present) == 1:
            return present[0]
    return kind
