"""The Datasette plugin behind `defnews serve`: folded full-text search in Datasette's own
search box, a search page ranked as `defnews search` ranks, and a page per article.

Registered by crawler.web.app for our server only, not through an entry point: a plugin
installed with defnews would otherwise change every Datasette its user runs.
"""

from __future__ import annotations

import html
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from datasette import Response, hookimpl
from datasette.utils import escape_fts
from markupsafe import Markup

from crawler.core.catalog.search import fold
from crawler.web import views

_Hook = TypeVar("_Hook", bound=Callable[..., Any])


def _hook(function: _Hook) -> _Hook:
    """Datasette's hookimpl, typed (pluggy's marker returns the function unchanged)."""
    return cast(_Hook, hookimpl(function))


def _last_hook(function: _Hook) -> _Hook:
    return cast(_Hook, hookimpl(trylast=True)(function))


NAME = "defnews"
DATABASE = "catalog"
SEARCH_LIMIT = 50


def _folded_escape_fts(query: str) -> str:
    return str(escape_fts(fold(query)))


# trylast: pluggy calls hooks newest first, and Datasette's own escape_fts is registered
# by a built-in plugin; ours must be created after it to replace it.
@_last_hook
def prepare_connection(conn: sqlite3.Connection) -> None:
    # The FTS index holds folded text (crawler.core.catalog.search): fold what the search box sends
    # as well, so "le huy vinh" and "Lê Huy Vịnh" both find "Lê Huy Vịnh" there too.
    conn.create_function("escape_fts", 1, _folded_escape_fts, deterministic=True)
    conn.create_function("defnews_fold", 1, fold, deterministic=True)


def _config(datasette: Any) -> tuple[Path, str]:
    config = datasette.plugin_config(NAME) or {}
    return Path(config["root"]), str(config.get("replay", ""))


def marked(snippet: str) -> Markup:
    """A snippet escaped for HTML, its hits (between views.MARK) as <mark> elements."""
    escaped = html.escape(snippet)
    return Markup(escaped.replace(views.MARK[0], "<mark>").replace(views.MARK[1], "</mark>"))


async def search_page(datasette: Any, request: Any) -> Response:
    query = request.args.get("q", "")
    site = request.args.get("site", "")
    db = datasette.get_database(DATABASE)
    view = await db.execute_fn(lambda conn: views.search_view(conn, query, site, SEARCH_LIMIT))
    context = {"view": view, "marked": marked, "limit": SEARCH_LIMIT, "web_link": views.web_link}
    body = await datasette.render_template("defnews_search.html", context, request=request)
    return Response.html(body)


async def article_page(datasette: Any, request: Any) -> Response:
    root, replay = _config(datasette)
    article_id = int(request.url_vars["id"])
    if request.url_vars["id"] != str(article_id):  # /article/007: one address per article
        return Response.redirect(f"/article/{article_id}", status=301)
    db = datasette.get_database(DATABASE)
    view = await db.execute_fn(lambda conn: views.article_view(conn, root, article_id, replay))
    if view is None:
        context = {"article_id": article_id}
        body = await datasette.render_template("defnews_missing.html", context, request=request)
        return Response.html(body, status=404)
    body = await datasette.render_template("defnews_article.html", {"view": view}, request=request)
    return Response.html(body)


@_hook
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/search$", search_page), (r"^/article/(?P<id>\d{1,18})$", article_page)]


@_hook
def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str
) -> Markup | None:
    # An article's title in the catalogue's tables links to its article page (Datasette draws
    # the id column as a link to the row's own page).
    if database != DATABASE or table != "articles" or column != "title":
        return None
    try:
        row_id = int(row["id"])
    except (KeyError, IndexError, TypeError, ValueError):
        return None  # a view of the table without its id column
    return Markup(f'<a href="/article/{row_id}">{html.escape(str(value))}</a>')


@_hook
def menu_links() -> list[dict[str, str]]:
    return [
        {"href": "/search", "label": "Search articles"},
        {"href": f"/{DATABASE}/articles", "label": "All article versions"},
        {"href": f"/{DATABASE}/runs", "label": "Crawl runs"},
    ]
