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

if TYPE_CHECKING:
    from crawler.core.archive.reader import Capture
    from crawler.core.catalog.catalog import Catalog, StoredArticle


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "show",
        help="print one article: clean text, the archived page (--html) or exchange (--headers)",
        description="Print an article of the catalogue, found by its ID (see `defnews list` "
        "and `search`) or its URL: the clean text; with --html the page exactly as archived, "
        "decoded; with --headers the archived HTTP request and response heads.",
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
        raise CliError(f"article {stored.id}: {error}") from None


def _page(text: str) -> None:
    """Long text through a pager when a person is reading; straight out otherwise."""
    if sys.stdout.isatty() and text.count("\n") > shutil.get_terminal_size().lines:
        pydoc.pager(text)
    else:
        sys.stdout.write(text)


def run(args: argparse.Namespace) -> int:
    from crawler.core.article import Article
    from crawler.core.catalog.article_files import render_text
    from crawler.core.extraction.decode import decode_html

    root = Path(args.out)
    with open_catalog(root) as catalog:
        stored = catalog.find(args.article, version=args.version)
        if stored is None:
            which = f"version {args.version} of " if args.version else ""
            raise CliError(f"no {which}article {args.article} in {root}/catalog.sqlite")
        if args.json:
            record = {"id": stored.id, "version": stored.version, **stored.fields}
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
            _page(render_text(Article.from_dict(stored.fields)))
    return 0
