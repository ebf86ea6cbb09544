"""The reader's pages of `defnews serve`, as Datasette route handlers: the home page, search
(HTML and /search.json), an article's page and the diff between two of its versions. What
they show comes from crawler.web.reader, .views and .addresses; this module only asks the
database thread for it and renders it.

A page that does not exist (a bad ID, a version the article never had) is our 404 page and
one line on the terminal, never a traceback: a mistyped address is no server error.
"""

from __future__ import annotations

import html
import sqlite3
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from datasette import Response
from markupsafe import Markup

from crawler.web import local_time, reader
from crawler.web.addresses import diff_view, locate, page
from crawler.web.views import article_view, web_link

NAME = "defnews"
DATABASE = "catalog"
SEARCH_LIMIT = 50
JSON_LIMIT = 200


def marked(snippet: str) -> Markup:
    """A snippet escaped for HTML, its hits (between reader.MARK) as <mark> elements."""
    escaped = html.escape(snippet)
    return Markup(escaped.replace(reader.MARK[0], "<mark>").replace(reader.MARK[1], "</mark>"))


# What every page's template may call: times in the outlet's zone, safe links, addresses.
HELPERS = {
    "published": local_time.published,
    "seen": local_time.seen,
    "web_link": web_link,
    "page": page,
    "marked": marked,
    "outlet_name": reader.outlet_name,
}


def _config(datasette: Any) -> tuple[Path, str]:
    config = datasette.plugin_config(NAME) or {}
    return Path(config["root"]), str(config.get("replay", ""))


async def _render(
    datasette: Any, request: Any, template: str, context: dict[str, Any], status: int = 200
) -> Response:
    body = await datasette.render_template(template, {**HELPERS, **context}, request=request)
    return Response.html(body, status=status)


def _printable(text: str) -> str:
    return "".join(char if char.isprintable() else "?" for char in text)[:200]


async def not_found(datasette: Any, request: Any, reason: str) -> Response:
    """Our 404 page, and one line on the terminal saying what was asked and why."""
    asked = request.path + (f"?{request.query_string}" if request.query_string else "")
    print(f"defnews serve: 404 {_printable(asked)}: {reason}", file=sys.stderr, flush=True)
    return await _render(datasette, request, "defnews_missing.html", {"reason": reason}, 404)


async def home_page(datasette: Any, request: Any) -> Response:
    db = datasette.get_database(DATABASE)
    outlets = await db.execute_fn(reader.home_view)
    return await _render(datasette, request, "defnews_home.html", {"outlets": outlets})


async def _search(
    datasette: Any, request: Any, limit: int, mark: tuple[str, str]
) -> tuple[reader.Asked, reader.Found | None, str]:
    """The search asked for, its hits (None: nothing asked, or an error) and the error."""
    try:
        wanted = reader.asked(request.args)
    except ValueError as error:
        return reader.Asked(query=request.args.get("q", "")), None, str(error)
    if not wanted.anything:
        return wanted, None, ""
    db = datasette.get_database(DATABASE)
    site = wanted.filters.site
    if site and not await db.execute_fn(lambda conn: reader.known_site(conn, site)):
        # An outlet that names nothing is a mistake to say, not a reason for no hits.
        return wanted, None, f"unknown outlet {site!r}: no outlet of that key in this archive"
    try:
        found = await db.execute_fn(lambda conn: reader.find(conn, wanted, limit, mark))
    except ValueError as error:
        return wanted, None, str(error)
    except sqlite3.OperationalError as error:  # FTS5 refusing a query it cannot parse
        return wanted, None, f"cannot search: {error}"
    return wanted, found, ""


async def search_page(datasette: Any, request: Any) -> Response:
    wanted, found, error = await _search(datasette, request, SEARCH_LIMIT, reader.MARK)
    db = datasette.get_database(DATABASE)
    sites, sections, indexed = await db.execute_fn(
        lambda conn: (
            reader.sites(conn),
            reader.sections(conn),
            int(conn.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0]),
        )
    )
    shown_from = (wanted.page - 1) * SEARCH_LIMIT
    more = found is not None and found.total > shown_from + len(found.hits)
    context = {
        "pages": _pages(request, wanted.page, more and wanted.page < reader.MAX_PAGE),
        "first": shown_from + 1,
        "wanted": wanted,
        "filters": wanted.filters.as_dict(),
        "found": found,
        "error": error,
        "sites": sites,
        "sections": sections,
        "indexed": indexed,
        "limit": SEARCH_LIMIT,
    }
    return await _render(datasette, request, "defnews_search.html", context)


def _pages(request: Any, number: int, more: bool) -> dict[str, str]:
    """The addresses of the previous and next page of a search ("" where there is none)."""
    args = [(name, request.args[name]) for name in request.args if name != "page"]

    def address(page_number: int) -> str:
        return "/search?" + urlencode([*args, ("page", str(page_number))])

    return {
        "previous": address(number - 1) if number > 1 else "",
        "next": address(number + 1) if more else "",
    }


def _limit(text: str) -> int:
    if text.isascii() and text.isdigit() and 0 < int(text) <= JSON_LIMIT:
        return int(text)
    raise ValueError(f"limit: wants a number from 1 to {JSON_LIMIT}, got {text!r}")


async def search_json(datasette: Any, request: Any) -> Response:
    try:
        limit = _limit(request.args.get("limit", str(SEARCH_LIMIT)))
    except ValueError as bad:
        return Response.json({"ok": False, "error": str(bad)}, status=400)
    wanted, found, problem = await _search(datasette, request, limit, reader.PLAIN)
    if found is None:
        problem = problem or "nothing to search for: give words (q) or a filter"
        return Response.json({"ok": False, "error": problem}, status=400)
    base = datasette.absolute_url(request, "/").rstrip("/")
    return Response.json(
        {
            "ok": True,
            "query": wanted.query,
            "filters": wanted.params(),
            "total": found.total,
            "limit": limit,
            "page": wanted.page,
            "hits": [reader.hit_json(hit, base) for hit in found.hits],
        }
    )


async def article_page(datasette: Any, request: Any) -> Response:
    root, replay = _config(datasette)
    ident = request.url_vars["id"]
    db = datasette.get_database(DATABASE)
    version = request.args.get("version", "")
    located = await db.execute_fn(lambda conn: locate(conn, ident, version))
    if located.redirect:  # an old version ID, /article/007: one address per article
        return Response.redirect(located.redirect, status=301)
    if located.row is None:
        return await not_found(datasette, request, located.missing)
    row = located.row
    view = await db.execute_fn(lambda conn: article_view(conn, root, row, replay))
    if view is None:  # removed between the two reads (a merge rewrote the catalogue)
        return await not_found(datasette, request, f"no article {ident}")
    changes = None
    if view.previous is not None:  # what this version changed, on its own page
        pair = (view.ident, str(view.previous.version), str(view.version))
        changes, _ = await db.execute_fn(lambda conn: diff_view(conn, *pair))
    context = {"view": view, "changes": changes}
    return await _render(datasette, request, "defnews_article.html", context)


async def diff_page(datasette: Any, request: Any) -> Response:
    ident = request.url_vars["id"]
    old, new = request.args.get("from", ""), request.args.get("to", "")
    db = datasette.get_database(DATABASE)
    view, missing = await db.execute_fn(lambda conn: diff_view(conn, ident, old, new))
    if view is None:
        return await not_found(datasette, request, missing)
    return await _render(datasette, request, "defnews_diff.html", {"diff": view})


# Datasette's own tables, made readable: a title gets room for its words (it was squeezed to
# one word a line beside the content hashes), and the hashes, keys and records give it way.
TABLES_CSS = """
table.rows-and-columns td.col-title { min-width: 16em; }
table.rows-and-columns td.col-url, table.rows-and-columns td.col-key { word-break: break-all; min-width: 12em; }
table.rows-and-columns td.col-content_hash, table.rows-and-columns td.col-fields {
  max-width: 9em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
"""


async def tables_css(datasette: Any, request: Any) -> Response:
    return Response(TABLES_CSS, content_type="text/css; charset=utf-8")


ROUTES = [
    (r"^/-/defnews-tables\.css$", tables_css),
    (r"^/$", home_page),
    (r"^/search$", search_page),
    (r"^/search\.json$", search_json),
    (r"^/article/(?P<id>[^/]+)/diff$", diff_page),
    (r"^/article/(?P<id>[^/]+)$", article_page),
]
