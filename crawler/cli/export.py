"""`defnews export`: the articles as JSON lines, or the whole archive as a WACZ file."""

from __future__ import annotations

import argparse
import contextlib
import csv
import importlib.util
import io
import itertools
import json
import os
import re
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from crawler.cli.errors import CliError
from crawler.cli.options import open_catalog, parse_since
from crawler.core.archive.writer import OPEN_SUFFIX
from crawler.core.status_line import Progress


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "export",
        help="export the articles (jsonl) or the archive (wacz)",
        description="jsonl: one article per line from the catalogue (the contract's fields and "
        "its version), latest versions only unless --all-versions, on stdout or to -o FILE. "
        "wacz: the WARCs, their index and pages.jsonl (with the clean text) in one WACZ file "
        "(needs the 'wacz' extra).",
    )
    parser.add_argument("--format", choices=("jsonl", "csv", "parquet", "wacz"), default="jsonl")
    parser.add_argument("--out", default="output", help="output folder (default: output/)")
    parser.add_argument("--site", help="only this site's articles")
    parser.add_argument(
        "--since", metavar="DATE", help="only articles published on or after DATE (or an age: 7d)"
    )
    parser.add_argument(
        "--all-versions", action="store_true", help="every version of a changed article"
    )
    parser.add_argument(
        "-o",
        "--output",
        help="file to write (jsonl, csv: default stdout; parquet: default OUT/articles.parquet; "
        "wacz: default OUT/archive.wacz)",
    )
    parser.add_argument(
        "--allow-damaged",
        action="store_true",
        help="wacz: pack WARC files that fail verification too (a warning names each); "
        "without it a damaged WARC stops the export",
    )
    parser.set_defaults(run=run)


@contextlib.contextmanager
def _replacing(target: Path) -> Iterator[Path]:
    """A temporary file beside target, renamed over it once whole: a killed or failed export
    leaves yesterday's complete file where it was, never a truncated one."""
    if target.is_dir():
        raise CliError(f"cannot write {target}: it is a folder")
    if not target.parent.is_dir():
        raise CliError(f"cannot write {target}: there is no folder {target.parent}")
    try:
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise CliError(f"cannot write {target}: {error.strerror or error}") from None
    os.close(handle)
    partial = Path(name)
    try:
        yield partial
        umask = os.umask(0)
        os.umask(umask)
        partial.chmod(0o666 & ~umask)  # as an ordinary new file, not mkstemp's 0600
        with partial.open("rb") as written:
            os.fsync(written.fileno())  # whole on disk before its name says so
        partial.replace(target)
    except OSError as error:
        raise CliError(f"cannot write {target}: {error.strerror or error}") from None
    finally:
        partial.unlink(missing_ok=True)


def _articles(
    root: Path, *, site: str | None = None, since: str | None = None, all_versions: bool = False
) -> Iterator[dict[str, Any]]:
    """The catalogue's articles, each with its version, in publication order."""
    with open_catalog(root) as catalog:
        for stored in catalog.articles(site=site, since=since, all_versions=all_versions):
            yield {**stored.fields, "version": stored.version}


def pages_jsonl(root: Path) -> str:
    """WACZ pages: one entry per article, dated by its capture, with its clean text to search."""
    from crawler.core.archive.reader import ArchiveError, record_headers_at

    lines = [{"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}]
    for article in _articles(root, all_versions=True):  # every capture is a page
        ref = article.get("warc") or {}
        try:
            headers = record_headers_at(root / ref["file"], ref["offset"], ref["length"])
        except (KeyError, OSError, ArchiveError):
            continue  # not from a crawl, or its WARC is gone: no page to point at
        lines.append(
            {
                "id": uuid.uuid5(
                    uuid.NAMESPACE_URL, headers.get("WARC-Record-ID", article["url"])
                ).hex,
                "url": article["url"],
                "ts": headers.get("WARC-Date", ""),
                "title": article.get("title", ""),
                "text": article.get("text", ""),
            }
        )
    lines += _other_pages(root, {str(line.get("url")) for line in lines})
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


def _other_pages(root: Path, known: set[str]) -> list[dict[str, Any]]:
    """Archived HTML pages that are no article (an `archive` run of plain pages): from the
    index, so that a replay tool still has entry points."""
    pages = []
    for path in sorted((root / "index").glob("*.cdxj")):
        for line in path.read_text(encoding="utf-8").splitlines():
            stamp, fields = line.split(" ", 2)[1], json.loads(line.split(" ", 2)[2])
            url = str(fields.get("url", ""))
            if (
                url in known
                or fields.get("status") != "200"
                or "html" not in fields.get("mime", "")
            ):
                continue
            known.add(url)
            when = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[8:10]}:{stamp[10:12]}:{stamp[12:14]}Z"
            pages.append(
                {
                    "id": uuid.uuid5(uuid.NAMESPACE_URL, url + stamp).hex,
                    "url": url,
                    "ts": when,
                    "title": url,
                }
            )
    return pages


# The contract's fields, in its order, then the catalogue's version: the CSV columns.
CSV_COLUMNS = (
    "url", "canonical_url", "site", "language", "title", "summary", "text", "authors",
    "credit", "published", "modified", "section", "tags", "images", "parser", "warc", "version",
)  # fmt: skip


def _counting(records: Iterator[dict[str, Any]], progress: Progress) -> Iterator[dict[str, Any]]:
    for number, record in enumerate(records, 1):
        progress.update(number, unit="articles")
        yield record


def _write(out: TextIO, records: Iterator[dict[str, Any]], fmt: str) -> None:
    """JSON lines, or CSV (RFC 4180; lists joined by " | ", images and warc as JSON)."""
    if fmt == "jsonl":
        out.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
        return
    writer = csv.DictWriter(out, CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for record in records:
        row = dict(record)
        for name in ("authors", "section", "tags"):
            row[name] = " | ".join(str(value) for value in row.get(name) or [])
        for name in ("images", "warc"):
            row[name] = json.dumps(row.get(name), ensure_ascii=False) if row.get(name) else ""
        writer.writerow(row)


def _parquet(root: Path, args: argparse.Namespace) -> int:
    """One row per article with typed columns: lists stay lists, images and warc structs."""
    if importlib.util.find_spec("pyarrow") is None:
        raise CliError("Parquet export needs pyarrow: pip install 'defnews[parquet]'")
    import pyarrow as pa
    import pyarrow.parquet as pq

    text, strings = pa.string(), pa.list_(pa.string())
    image = pa.struct([("url", text), ("caption", text), ("credit", text)])
    warc = pa.struct(
        [("file", text), ("offset", pa.int64()), ("length", pa.int64()), ("record_id", text)]
    )
    types = {"authors": strings, "section": strings, "tags": strings, "images": pa.list_(image)}
    types |= {"warc": warc, "version": pa.int64()}
    schema = pa.schema([(name, types.get(name, text)) for name in CSV_COLUMNS])
    since = parse_since(args.since).isoformat() if args.since else None
    records = list(_articles(root, site=args.site, since=since, all_versions=args.all_versions))
    target = Path(args.output or root / "articles.parquet")
    with _replacing(target) as partial:
        pq.write_table(pa.Table.from_pylist(records, schema=schema), partial)
    print(f"wrote {target} ({len(records)} articles)", file=sys.stderr)
    return 0


def _wacz_name(name: str) -> str:
    return re.sub(r"[^-a-z0-9._]", "-", name.lower())


def _check_warcs(root: Path, warcs: list[Path], *, allow_damaged: bool) -> None:
    """Every WARC verified before it is packed: a WACZ is trusted as a whole, so one with a
    cut-off or altered record in it must not come out of here looking sound. A damaged one
    stops the export; --allow-damaged (rescuing what is left) packs it, with a warning each."""
    from crawler.core.archive.verify import verify_warc

    for path in sorted((root / "warc").glob(f"*.warc.gz{OPEN_SUFFIX}")):
        print(
            f"defnews: note: warc/{path.name} is not packed: it is still open (a crawl is "
            "writing it, or died and its next run closes it)",
            file=sys.stderr,
        )
    for path in warcs:
        name = path.relative_to(root).as_posix()
        problems = verify_warc(path, name)[1]
        if problems and not allow_damaged:
            raise CliError(
                f"{problems[0]}: not packing a damaged WARC (see `defnews verify`; "
                "--allow-damaged packs it anyway)"
            )
        for problem in problems:
            print(f"defnews: warning: packing a damaged WARC: {problem}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    root = Path(args.out)
    if args.format == "parquet":
        return _parquet(root, args)
    if args.format in ("jsonl", "csv"):
        since = parse_since(args.since).isoformat() if args.since else None
        articles = _articles(root, site=args.site, since=since, all_versions=args.all_versions)
        first = next(articles, None)  # a missing catalogue fails here, before any output
        records = itertools.chain([first] if first else [], articles)
        if args.output:
            progress = Progress(f"exporting to {args.output}")
            counted = _counting(records, progress)
            with (
                _replacing(Path(args.output)) as partial,
                partial.open("w", encoding="utf-8", newline="") as out,
            ):
                _write(out, counted, args.format)
            progress.finish()
        else:
            _write(sys.stdout, records, args.format)
        return 0
    warcs = sorted((root / "warc").glob("*.warc.gz"))
    if not warcs:
        raise CliError(f"no WARC files in {root}/warc/")
    if importlib.util.find_spec("wacz") is None:
        raise CliError("WACZ export needs the wacz package: pip install 'defnews[wacz]'")
    from wacz.main import main as wacz_main

    target = Path(args.output or root / "archive.wacz").resolve()
    _check_warcs(root, warcs, allow_damaged=args.allow_damaged)
    with _replacing(target) as partial, tempfile.TemporaryDirectory() as scratch:
        pages = Path(scratch) / "pages.jsonl"
        pages.write_text(pages_jsonl(root), encoding="utf-8")
        # WACZ resource names must match ^[-a-z0-9._/]+$; Heritrix-style names carry "~host".
        # Links under WACZ-safe names: the package indexes the files by the names it is given.
        inputs = []
        for warc in warcs:
            link = Path(scratch) / _wacz_name(warc.name)
            link.symlink_to(warc.resolve())
            inputs.append(str(link))
        # wacz chats about its progress; keep it, and show it only if the build fails.
        chatter = io.StringIO()
        with contextlib.redirect_stdout(chatter), contextlib.redirect_stderr(chatter):
            status = wacz_main(["create", "-o", str(partial), "-p", str(pages), *inputs])
        if status:
            last = (chatter.getvalue().strip().splitlines() or [""])[-1]
            raise CliError(f"wacz could not build {target} (status {status}: {last})")
    print(
        f"wrote {target} ({target.stat().st_size / 1e6:.1f} MB, {len(warcs)} WARC files)",
        file=sys.stderr,
    )
    return 0
