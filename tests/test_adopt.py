"""Adoption of article files the catalogue does not know (an older defnews's text outputs, a
deleted catalog.sqlite): every version kept and ordered, the URL keyed as a crawl keys it, and
nothing counted as archived without its capture. Real files and a real catalogue in tmp_path."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from crawler.core.catalog.adopt import adopt_text_outputs, captured
from crawler.core.catalog.catalog import Catalog

KEY = "https://www.qdnd.vn/quoc-phong-an-ninh/tin-tuc/bai-thu-711953"


def _fields(text: str, *, url: str = KEY, warc: str | None = "warc/a.warc.gz") -> dict[str, Any]:
    fields: dict[str, Any] = {
        "url": url,
        "site": "qdnd",
        "title": "Bài thử",
        "text": text,
        "published": "2025-05-01T08:00:00+07:00",
    }
    if warc is not None:
        fields["warc"] = {"file": warc, "offset": 0, "length": 10}
    return fields


def _write(root: Path, stem: str, fields: dict[str, Any], mtime: int = 1_700_000_000) -> Path:
    path = root / "articles" / f"{stem}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(fields, ensure_ascii=False), encoding="utf-8")
    os.utime(path, (mtime, mtime))
    return path


def _warc(root: Path, name: str = "a.warc.gz") -> None:
    (root / "warc").mkdir(exist_ok=True)
    (root / "warc" / name).write_bytes(b"")


def test_a_new_catalogue_adopts_every_version_in_order(tmp_path: Path) -> None:
    _warc(tmp_path)
    # A revision that moved the date left the first version in another month's folder.
    _write(tmp_path, "2025/04/bai-thu-711953.v1", _fields("first words"))
    _write(tmp_path, "2025/04/bai-thu-711953.v2", _fields("second words"))
    _write(tmp_path, "2025/05/bai-thu-711953", _fields("last words"))
    _write(tmp_path, "2025/05/not-ours", {"no": "url"})  # skipped, not an error
    (tmp_path / "articles" / "2025" / "05" / "broken.json").write_text("{", encoding="utf-8")
    with Catalog(tmp_path / "catalog.sqlite") as catalog:  # creating it adopts
        versions = catalog.versions(KEY)
        fetch = catalog.fetch(KEY)
    assert [v.fields["text"] for v in versions] == ["first words", "second words", "last words"]
    assert [v.files for v in versions] == [
        "articles/2025/04/bai-thu-711953.v1",
        "articles/2025/04/bai-thu-711953.v2",
        "articles/2025/05/bai-thu-711953",
    ]
    assert fetch is not None and fetch.outcome == "stored" and fetch.warc_file == "warc/a.warc.gz"


def test_adoption_counts_articles_and_leaves_known_ones_alone(tmp_path: Path) -> None:
    _warc(tmp_path)
    with Catalog(tmp_path / "catalog.sqlite") as catalog:
        _write(tmp_path, "2025/05/bai-thu-711953", _fields("words"))
        _write(tmp_path, "2025/05/other-1", _fields("other", url=KEY.replace("711953", "1")))
        assert adopt_text_outputs(catalog, tmp_path) == 2
        assert adopt_text_outputs(catalog, tmp_path) == 0  # already there: nothing twice
        assert len(catalog.versions(KEY)) == 1


def test_a_mirror_url_is_keyed_on_the_sites_own_origin(tmp_path: Path) -> None:
    mirror = "http://127.0.0.1:8070/quoc-phong-an-ninh/tin-tuc/bai-thu-711953?b=2&a=1"
    _write(tmp_path, "2025/05/bai-thu-711953", _fields("words", url=mirror, warc=None))
    with Catalog(tmp_path / "catalog.sqlite") as catalog:
        (stored,) = catalog.versions(KEY + "?a=1&b=2")
    assert stored.fields["url"] == mirror  # the record itself is left as it was written


def test_nothing_counts_as_archived_without_its_capture(tmp_path: Path) -> None:
    _warc(tmp_path, "kept.warc.gz")
    (tmp_path / "warc" / "killed.warc.gz.open").write_bytes(b"")  # a crawl killed mid-file
    _write(tmp_path, "2025/05/bai-thu-711953.v1", _fields("one", warc="warc/kept.warc.gz"))
    _write(tmp_path, "2025/05/bai-thu-711953.v2", _fields("two", warc="warc/killed.warc.gz"))
    _write(tmp_path, "2025/05/bai-thu-711953", _fields("three", warc="warc/gone.warc.gz"))
    lost = KEY.replace("711953", "2")
    _write(tmp_path, "2025/05/lost-2", _fields("lost", url=lost, warc="warc/gone.warc.gz"))
    with Catalog(tmp_path / "catalog.sqlite") as catalog:
        versions = catalog.versions(KEY)
        fetch = catalog.fetch(KEY)
        assert catalog.latest(lost) is None and catalog.fetch(lost) is None  # fetched as new
    # The versions before the first one without a capture; the URL is left to fetch again.
    assert [v.fields["text"] for v in versions] == ["one", "two"]
    assert fetch is not None and fetch.outcome == ""


def test_captured_reads_the_records_warc_reference(tmp_path: Path) -> None:
    _warc(tmp_path)
    assert captured(tmp_path, _fields("x"))
    assert not captured(tmp_path, _fields("x", warc="warc/b.warc.gz"))
    assert captured(tmp_path, _fields("x", warc=None))  # crawled with the archive off
    assert captured(tmp_path, {"warc": "not a reference"})


def test_two_plain_files_of_one_article_are_ordered_by_their_times(tmp_path: Path) -> None:
    """A crash between two steps can leave two unversioned files of one article: both are
    kept, the older one first."""
    _write(tmp_path, "2025/05/bai-thu-711953", _fields("newer", warc=None), mtime=1_700_000_900)
    _write(tmp_path, "2025/04/bai-thu-711953", _fields("older", warc=None), mtime=1_700_000_000)
    with Catalog(tmp_path / "catalog.sqlite") as catalog:
        versions = catalog.versions(KEY)
    assert [v.fields["text"] for v in versions] == ["older", "newer"]
