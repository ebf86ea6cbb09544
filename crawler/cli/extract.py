"""`defnews extract`: offline extraction from HTML files, stdin or WARC files. Never uses the network."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from crawler.cli.errors import CliError
from crawler.core.archive.reader import ArchivedPage, ArchiveError, body_at, iter_html_responses
from crawler.core.article import Article
from crawler.core.extraction.blocked import block_page
from crawler.core.not_stored import WORDS, article_gap, not_html
from crawler.core.sites import UnknownSite, extract, get_site, is_article_page


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "extract",
        help="extract articles from HTML files, stdin (-) or WARC files, offline",
        description="Extract article fields from saved pages; prints one JSON object per page.",
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="HTML file, '-' for stdin, or a WARC file"
    )
    parser.add_argument(
        "--url", help="the page's URL (picks the site parser; default: its canonical link)"
    )
    parser.add_argument("--site", help="force a site parser by key (see the site registry)")
    parser.add_argument("--jsonl", action="store_true", help="one compact JSON object per line")
    parser.add_argument(
        "--all-pages",
        action="store_true",
        help="from a WARC, print every HTML page, not only articles (listings, home pages too)",
    )
    parser.set_defaults(run=run)


def _is_warc(path: Path) -> bool:
    """By name (junk named .warc.gz is a bad WARC, not a page) or by the record header."""
    if path.name.endswith((".warc", ".warc.gz", ".warc.open", ".warc.gz.open")):
        return True
    with path.open("rb") as handle:
        return handle.read(4) == b"WARC"


Page = tuple[
    bytes, str, str | None, datetime | None, bool
]  # body, url, content type, date, from WARC


class _Revisits:
    """Originals seen so far (payload digest -> file and offset), for the revisits that follow.

    A later run's WARC holds revisits of pages an earlier WARC holds whole: given both, in
    order, every article comes out; given only the later one, we say what is missing."""

    def __init__(self) -> None:
        self.originals: dict[str, tuple[Path, int]] = {}
        self.unresolved = 0

    def body(self, path: Path, page: ArchivedPage) -> bytes | None:
        if not page.revisit:
            if page.digest:
                self.originals.setdefault(page.digest, (path, page.offset))
            return page.body
        if page.digest in self.originals:
            return body_at(*self.originals[page.digest])
        self.unresolved += 1
        return None


def _pages(path_arg: str, url: str | None, revisits: _Revisits) -> Iterator[Page]:
    if path_arg == "-":
        yield sys.stdin.buffer.read(), url or "", None, None, False
        return
    path = Path(path_arg)
    if not path.is_file():
        raise CliError(f"no such file: {path_arg}")
    if _is_warc(path):
        try:
            for page in iter_html_responses(path):
                if (body := revisits.body(path, page)) is not None:
                    yield body, page.url, page.content_type, page.date, True
        except ArchiveError as error:
            raise CliError(f"{path_arg}: {error}") from None
        return
    yield path.read_bytes(), url or "", None, None, False


def run(args: argparse.Namespace) -> int:
    try:
        site = get_site(args.site) if args.site else None
    except UnknownSite as error:
        raise CliError(str(error)) from None
    revisits = _Revisits()
    refused = 0
    for path_arg in args.paths:
        for body, url, content_type, fetched_at, from_warc in _pages(path_arg, args.url, revisits):
            where = f"{path_arg} ({url})" if from_warc else path_arg
            if why := not_html(body, content_type):  # a binary, an empty file: nothing to parse
                print(f"defnews: {where}: no article: {why}", file=sys.stderr)
                refused += 1
                continue
            if block := block_page(body):  # a CDN's refusal saved as a page: no article in it
                print(f"defnews: {where}: not an article but {block}", file=sys.stderr)
                refused += 1
                continue
            article = extract(
                body, url, content_type=content_type, fetched_at=fetched_at, site=site
            )
            # A crawl archives listings and home pages too; from a WARC, print the articles.
            if from_warc and not args.all_pages and not is_article_page(article):
                continue
            if gap := article_gap(article):  # printed all the same: extract is for looking
                print(
                    f"defnews: {where}: {WORDS[gap]} (a crawl would not store it)", file=sys.stderr
                )
            _print(article, jsonl=args.jsonl)
    if revisits.unresolved:
        print(
            f"defnews: note: {revisits.unresolved} revisit record(s) skipped: the pages they "
            "repeat are in earlier WARC files; give those too, first",
            file=sys.stderr,
        )
    return 1 if refused else 0


def _print(article: Article, *, jsonl: bool) -> None:
    record = article.to_dict()
    if jsonl:
        print(json.dumps(record, ensure_ascii=False))
    else:
        print(json.dumps(record, ensure_ascii=False, indent=1))
