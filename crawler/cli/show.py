"""`defnews show`: one article from the catalogue, as clean text, as the archived page, or as
the archived HTTP exchange (read from the WARC by offset). Imports no Scrapy."""

from __future__ import annotations

import argparse
import json
import pydoc
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawler.cli.errors import CliError
from crawler.cli.options import add_out, open_catalog, positive_int
from crawler.cli.terminal import width, wrap_paragraphs

if TYPE_CHECKING:
    from crawler.core.archive.reader import Capture
    from crawler.core.catalog.catalog import Catalog, StoredArticle


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "show",
        help="print one article: clean text, the archived page (--html) or exchange (--headers)",
        description="Print an article of the catalogue, found by its ID (see `defnews list` "
        "and `search`; an earlier release's numeric version ID still works) or its URL: the "
        "clean text (on a terminal wrapped to its width); with --html the page exactly as "
        "archived, decoded; with --headers the archived HTTP request and response heads. An "
        "earlier version than the latest is said on stderr.",
    )
    parser.add_argument("article", metavar="ID|URL")
    add_out(parser)
    parser.add_argument("--version", type=positive_int, help="an earlier version (default: latest)")
    view = parser.add_mutually_exclusive_group()
    view.add_argument("--html", action="store_true", help="the archived page, decoded")
    view.add_argument("--headers", action="store_true", help="the archived HTTP exchange")
    view.add_argument("--json", action="store_true", help="the article record as JSON")
    parser.set_defaults(run=run)


def _capture(root: Path, catalog: Catalog, stored: StoredArticle) -> Capture:
    from crawler.core.archive.reader import ArchiveError
    from crawler.core.catalog.captures import capture_of

    try:
        return capture_of(root, catalog, stored.fields)
    except ArchiveError as error:
        raise CliError(f"article {stored.article}: {error}") from None


def _page(text: str, *, wrapped: bool = False) -> None:
    """Long text through a pager when a person is reading; straight out otherwise. wrapped:
    prose, fitted to the terminal's width first, so that the pager (less shows long lines
    cut or folded anywhere) never breaks a word; a pipe gets it unchanged."""
    columns = width()
    if columns is None:
        sys.stdout.write(text)
        return
    if wrapped:
        text = wrap_paragraphs(text, columns)
    if text.count("\n") > shutil.get_terminal_size().lines:
        pydoc.pager(text)
    else:
        sys.stdout.write(text)


def _find(catalog: Catalog, ident: str, version: int | None, root: Path) -> StoredArticle:
    """The article (version) asked for, or a one-line error: none, or an ambiguous ID."""
    from crawler.core.catalog.article_ids import AmbiguousId

    try:
        stored = catalog.find(ident, version=version)
    except AmbiguousId as error:
        raise CliError(str(error)) from None
    if stored is None:
        which = f"version {version} of " if version else ""
        raise CliError(f"no {which}article {ident} in {root}/catalog.sqlite")
    return stored


def _note_newer(catalog: Catalog, stored: StoredArticle) -> None:
    """An earlier version (an old link's numeric ID names one): say so, on stderr, so that
    what is piped stays the article alone."""
    latest = catalog.latest(stored.key)
    if latest is not None and latest.version > stored.version:
        print(
            f"defnews: version {stored.version} of {latest.version}; the latest is "
            f"`defnews show {stored.article}`",
            file=sys.stderr,
        )


def run(args: argparse.Namespace) -> int:
    from crawler.core.article import Article
    from crawler.core.catalog.article_files import render_text
    from crawler.core.extraction.decode import decode_html

    root = Path(args.out)
    with open_catalog(root) as catalog:
        stored = _find(catalog, args.article, args.version, root)
        _note_newer(catalog, stored)
        if args.json:
            record = {
                "id": stored.article,
                "version": stored.version,
                "version_id": stored.id,
                **stored.fields,
            }
            print(json.dumps(record, ensure_ascii=False, indent=1))
        elif args.html or args.headers:
            capture = _capture(root, catalog, stored)
            if args.html:
                language = str(stored.fields.get("language", ""))
                _page(decode_html(capture.body, capture.content_type, language=language)[0])
            else:
                ref = stored.fields["warc"]
                print(f"# {capture.kind} {ref['file']} offset {ref['offset']}, {capture.date}")
                print(f"# {capture.url}\n")
                heads = [capture.request_head, capture.response_head]
                sys.stdout.write("\n".join(head.replace("\r\n", "\n") for head in heads if head))
        else:
            _page(render_text(Article.from_dict(stored.fields)), wrapped=True)
    return 0
