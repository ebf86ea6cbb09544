"""`defnews export`: the articles (jsonl, csv, parquet) or the whole archive (wacz).

The formats are the exporters of crawler.core.export, looked up by name; this module parses
the options, opens the catalogue, owns the target file (replaced whole, never left half
written) and prints what was written.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import itertools
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from crawler.cli.dates import parse_bound, within
from crawler.cli.errors import CliError
from crawler.cli.options import (
    add_out,
    add_published_since,
    add_site_filter,
    known_site,
    open_catalog,
)
from crawler.core.catalog.image_captures import with_image_captures
from crawler.core.export import REGISTRY, get_exporter
from crawler.core.export.base import (
    ArticleSource,
    ExportError,
    ExportJob,
    StreamExporter,
)
from crawler.core.status_line import Progress


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "export",
        help="export the articles (jsonl) or the archive (wacz)",
        description="jsonl: one article per line from the catalogue (the contract's fields and "
        "its version and ID), latest versions only unless --all-versions, on stdout or to -o FILE. "
        "wacz: the WARCs, their index and pages.jsonl (with the clean text) in one WACZ file "
        "(needs the 'wacz' extra).",
    )
    parser.add_argument("--format", choices=tuple(REGISTRY), default="jsonl")
    add_out(parser)
    add_site_filter(parser)
    add_published_since(parser)
    parser.add_argument(
        "--until", metavar="DATE", help="only articles published on or before DATE (its whole day)"
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


def _source(root: Path) -> ArticleSource:
    """The catalogue's articles as records, each with its version, in publication order
    (crawler.core.export.base.ArticleSource); the catalogue is opened when they are read."""

    def articles(
        *, site: str | None = None, since: str | None = None, all_versions: bool = False
    ) -> Iterator[dict[str, Any]]:
        with open_catalog(root) as catalog:
            for stored in catalog.articles(site=site, since=since, all_versions=all_versions):
                # Each image with where it is archived (None: it is not).
                fields = with_image_captures(catalog.db, stored.fields)
                yield {**fields, "version": stored.version, "id": stored.article}

    return articles


def _started(records: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The records with the first one read now: a missing catalogue fails here, before any
    output."""
    first = next(records, None)
    return itertools.chain([first] if first else [], records)


def _counting(records: Iterator[dict[str, Any]], progress: Progress) -> Iterator[dict[str, Any]]:
    for number, record in enumerate(records, 1):
        progress.update(number, unit="articles")
        yield record


def run(args: argparse.Namespace) -> int:
    root = Path(args.out)
    exporter = get_exporter(args.format)
    articles = _source(root)
    records: Iterator[dict[str, Any]] = iter(())
    if args.site:  # a mistake even for a format that packs everything
        with open_catalog(root) as catalog:
            known_site(catalog, args.site, root)
    if exporter.selects_articles:
        since = parse_bound(args.since, "--since") if args.since else None
        until = parse_bound(args.until, "--until") if args.until else None
        records = articles(
            site=args.site,
            since=since.widest_utc(until=False).isoformat() if since else None,
            all_versions=args.all_versions,
        )
        if since or until:  # each article's own day, as `list` reads it (crawler.cli.dates)
            records = (r for r in records if within(str(r.get("published", "")), since, until))
    job = ExportJob(root, records, articles, allow_damaged=args.allow_damaged)
    try:
        exporter.check(job)
        job = dataclasses.replace(job, records=_started(records))
        if isinstance(exporter, StreamExporter):
            _stream(exporter, job, args.output)
        else:
            target = exporter.target(root, args.output)
            with _replacing(target) as partial:
                held = exporter.build(job, partial, target)
            print(f"wrote {target} ({held})", file=sys.stderr)
    except ExportError as error:
        raise CliError(str(error)) from None
    return 0


def _stream(exporter: StreamExporter, job: ExportJob, output: str | None) -> None:
    if not output:
        exporter.write(sys.stdout, job.records)
        return
    progress = Progress(f"exporting to {output}")
    with (
        _replacing(Path(output)) as partial,
        partial.open("w", encoding="utf-8", newline="") as out,
    ):
        exporter.write(out, _counting(job.records, progress))
    progress.finish()
