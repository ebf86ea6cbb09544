"""The Datasette plugin behind `defnews serve`: folded full-text search in Datasette's own
search box, and the reader's pages (crawler.web.pages): a home page of the latest articles,
search with filters and as JSON, a page per article with its versions and what changed.

Registered by crawler.web.app for our server only, not through an entry point: a plugin
installed with defnews would otherwise change every Datasette its user runs.
"""

from __future__ import annotations

import html
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar, cast

from datasette import hookimpl
from datasette.utils import escape_fts
from markupsafe import Markup

from crawler.core.catalog.article_ids import article_id
from crawler.core.catalog.search_fold import fold
from crawler.web import pages
from crawler.web.addresses import page

_Hook = TypeVar("_Hook", bound=Callable[..., Any])


def _hook(function: _Hook) -> _Hook:
    """Datasette's hookimpl, typed (pluggy's marker returns the function unchanged)."""
    return cast(_Hook, hookimpl(function))


def _last_hook(function: _Hook) -> _Hook:
    return cast(_Hook, hookimpl(trylast=True)(function))


NAME = pages.NAME
DATABASE = pages.DATABASE


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


@_hook
def register_routes() -> list[tuple[str, Any]]:
    return list(pages.ROUTES)


def _title_link(row: Any) -> str | None:
    """The article page of a row of the articles table: by its article's ID and version,
    else (a view of the table without them) by its row ID, which redirects there."""
    try:
        key, version = str(row["key"]), int(row["version"])
    except (KeyError, IndexError, TypeError, ValueError):
        pass
    else:
        return page(article_id(key), version)
    try:
        return f"/article/{int(row['id'])}"
    except (KeyError, IndexError, TypeError, ValueError):
        return None


@_hook
def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str
) -> Markup | None:
    # An article's title in the catalogue's tables links to its article page (Datasette draws
    # the id column as a link to the row's own page).
    if database != DATABASE or table != "articles" or column != "title":
        return None
    link = _title_link(row)
    if link is None:
        return None
    return Markup(f'<a href="{html.escape(link)}">{html.escape(str(value))}</a>')


@_hook
def menu_links() -> list[dict[str, str]]:
    return [
        {"href": "/", "label": "Latest articles"},
        {"href": "/search", "label": "Search articles"},
        {"href": f"/{DATABASE}", "label": "Tables and SQL"},
        {"href": f"/{DATABASE}/articles", "label": "All article versions"},
        {"href": f"/{DATABASE}/runs", "label": "Crawl runs"},
    ]
