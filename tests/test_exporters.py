"""The export formats of crawler.core.export, read back with the tools a user would: the csv
module, pyarrow, zipfile. A real catalogue (SQLite) holds the articles; the command runs
in-process where the CLI is not the point, in a child process where its exit and its one-line
error are."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from crawler.cli import build_parser, main
from crawler.core.article import Article, Image, WarcRef
from crawler.core.catalog.catalog import Catalog
from crawler.core.export import REGISTRY, get_exporter, to_wacz
from crawler.core.export.base import ExportError, ExportJob
from crawler.core.export.columns import COLUMNS
from tests.support.cli import CrawlResult

TRICKY = 'He said, "Ready."\nA second line; ký tự, 😀'


def _articles() -> list[Article]:
    full = Article(
        url="https://example.mil/news/1",
        site="example",
        canonical_url="https://example.mil/news/1?canonical",
        language="en",
        title="First, with a comma",
        summary=TRICKY,
        text=TRICKY + "\n\nMore text.",
        authors=["Ann Lee", "Bo | Pipe"],
        credit="Staff",
        published="2025-03-04T10:00:00+00:00",
        modified="2025-03-05T08:00:00+00:00",
        section=["News", "Army"],
        tags=["tanks"],
        images=[Image("https://example.mil/a.jpg", 'A caption, "quoted"', "DoD")],
        parser="example-v1",
        warc=WarcRef("warc/x.warc.gz", 123, 456, "<urn:uuid:1>"),
    )
    bare = Article(url="https://example.mil/news/2", site="example", title="Bare",
                   published="2025-03-06T00:00:00+00:00")  # fmt: skip
    return [full, bare]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    with Catalog(out / "catalog.sqlite") as catalog:
        for article in _articles():
            catalog.store_article(article.url, article.to_dict())
    return out


def test_the_registry_holds_every_format_and_the_command_offers_exactly_those() -> None:
    assert list(REGISTRY) == ["jsonl", "csv", "parquet", "wacz"]
    assert all(get_exporter(name).name == name for name in REGISTRY)
    with pytest.raises(ExportError, match=r"unknown export format .xml. \(known: jsonl, csv"):
        get_exporter("xml")
    commands = next(a for a in build_parser()._actions if a.dest == "command")
    export = commands.choices["export"]  # type: ignore[index]
    formats = next(a for a in export._actions if a.dest == "format")
    assert tuple(formats.choices or ()) == tuple(REGISTRY)


def test_the_columns_are_the_article_record_fields_addresses_first() -> None:
    record = Article(url="u", site="s").to_dict()
    assert set(COLUMNS) == set(record) | {"version", "id"}
    assert COLUMNS[:3] == ("url", "canonical_url", "site") and COLUMNS[-2:] == ("version", "id")
    declared = [f.name for f in dataclasses.fields(Article) if f.name in record]
    rest = [name for name in COLUMNS if name not in ("url", "canonical_url", "version", "id")]
    assert rest == [name for name in declared if name not in ("url", "canonical_url")]


def _export(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["export", *args]) == 0
    return capsys.readouterr().out


def test_csv_reads_back_with_the_csv_module(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _export(capsys, "--format", "csv", "--out", str(folder))
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [row["url"] for row in rows] == [a.url for a in _articles()]
    assert list(rows[0]) == list(COLUMNS)
    full, bare = rows
    assert full["summary"] == TRICKY  # commas, quotes, newlines and emoji survive
    assert full["authors"] == "Ann Lee | Bo | Pipe" and full["section"] == "News | Army"
    assert json.loads(full["images"]) == [
        {
            "url": "https://example.mil/a.jpg",
            "caption": 'A caption, "quoted"',
            "credit": "DoD",
            "archived": None,  # where the photo is archived: this one was not crawled
        }
    ]
    assert json.loads(full["warc"]) == dataclasses.asdict(
        _articles()[0].warc or WarcRef("", 0, 0, "")
    )
    assert full["version"] == "1"
    assert (bare["authors"], bare["images"], bare["warc"], bare["canonical_url"]) == (
        "",
        "",
        "",
        "",
    )


def test_csv_to_a_file_is_the_same_as_on_stdout(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "articles.csv"
    on_stdout = _export(capsys, "--format", "csv", "--out", str(folder))
    _export(capsys, "--format", "csv", "--out", str(folder), "-o", str(target))
    assert target.read_bytes() == on_stdout.encode("utf-8")


def test_parquet_reads_back_with_pyarrow(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    target = tmp_path / "articles.parquet"
    main(["export", "--format", "parquet", "--out", str(folder), "-o", str(target)])
    assert capsys.readouterr().err == f"wrote {target} (2 articles)\n"
    table = pq.read_table(target)
    assert table.column_names == list(COLUMNS)
    assert table.schema.field("authors").type == pa.list_(pa.string())
    assert table.schema.field("version").type == pa.int64()
    assert table.schema.field("warc").type.field("offset").type == pa.int64()
    full, bare = table.to_pylist()
    expected: dict[str, Any] = {**_articles()[0].to_dict(), "version": 1, "id": full["id"]}
    # Each image with where it is archived (a struct; none here: nothing was crawled).
    expected["images"] = [{**image, "archived": None} for image in expected["images"]]
    assert (
        table.schema.field("images").type.value_type.field("archived").type.field("offset").type
        == pa.int64()
    )
    assert full == expected
    assert bare["warc"] is None and bare["images"] == [] and bare["authors"] == []


@pytest.mark.parametrize(
    ("fmt", "module", "hint"),
    [("parquet", "pyarrow", "defnews[parquet]"), ("wacz", "wacz", "defnews[wacz]")],
)
def test_a_missing_optional_package_is_one_line_and_status_2(
    folder: Path, fmt: str, module: str, hint: str
) -> None:
    (folder / "warc").mkdir()
    (folder / "warc" / "a.warc.gz").write_bytes(b"")  # so that wacz gets as far as its package
    hide = f"import sys; sys.modules[{module!r}] = None; from crawler.cli import main; "
    done = subprocess.run(
        [sys.executable, "-c", hide + "sys.exit(main(sys.argv[1:]))",
         "export", "--format", fmt, "--out", str(folder)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("defnews: error: ") and hint in done.stderr
    assert not list(folder.glob("*.parquet")) and not list(folder.glob("*.wacz"))


# The wacz package leaves SpooledTemporaryFile objects unclosed (its own files, not ours):
# in-process their ResourceWarnings would fail the test for what is not under test.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_wacz_reads_back_with_zipfile(demo_crawl: CrawlResult, tmp_path: Path) -> None:
    """The exporter on its own, in-process: the package's pages are the catalogue's captures."""
    notes: list[str] = []
    exporter = to_wacz.EXPORTER
    records: list[dict[str, Any]] = []

    def articles(**chosen: Any) -> Any:
        with Catalog(demo_crawl.out / "catalog.sqlite", read_only=True) as catalog:
            for stored in catalog.articles(**chosen):
                records.append(stored.fields)
                yield {**stored.fields, "version": stored.version}

    job = ExportJob(demo_crawl.out, iter(()), articles, notify=notes.append)
    exporter.check(job)
    target = tmp_path / "a.wacz"
    held = exporter.build(job, target, target)
    assert held.endswith(" MB, 1 WARC files") and notes == []
    with zipfile.ZipFile(target) as package:
        names = package.namelist()
        pages = [json.loads(line) for line in package.read("pages/pages.jsonl").splitlines()]
    warcs = sorted(p.name for p in (demo_crawl.out / "warc").glob("*.warc.gz"))
    # Under the names their warcinfo records give (WARC-Filename).
    assert [n for n in names if n.startswith("archive/")] == [f"archive/{w}" for w in warcs]
    texts = {page["url"]: page.get("text") for page in pages[1:]}
    assert len(records) == 21
    assert all(texts[record["url"]] == record["text"] for record in records)
