"""The watching half of `defnews serve`, a Datasette plugin of its own: what changed (/changes),
how much a story was covered over time (/attention, /attention.json), how the crawling goes
(/health), and Atom feeds a feed reader can follow (/feed.atom, ?site=KEY, ?q=saved search).

Registered by crawler.web.app beside crawler.web.plugin (the reading pages), for our server
only. The pages' contents come from crawler.web.watch_views and the core, run in Datasette's
database threads; this module only turns requests into calls and views into responses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from datasette import Response, hookimpl
from markupsafe import Markup

from crawler.core.follow.health import health
from crawler.web import chart, feeds, plugin, watch_views

_Hook = TypeVar("_Hook", bound=Callable[..., Any])


def _hook(function: _Hook) -> _Hook:
    """Datasette's hookimpl, typed (pluggy's marker returns the function unchanged)."""
    return cast(_Hook, hookimpl(function))


NAME = "defnews-watch"
DATABASE = plugin.DATABASE
CHANGES_LIMIT = 200
FEED_ENTRIES = 50
ATOM_TYPE = "application/atom+xml; charset=utf-8"


async def _run(datasette: Any, function: Callable[[Any], Any]) -> Any:
    return await datasette.get_database(DATABASE).execute_fn(function)


async def _page(
    datasette: Any, request: Any, template: str, context: dict[str, Any], status: int = 200
) -> Response:
    body = await datasette.render_template(template, context, request=request)
    return Response.html(body, status=status)


async def changes_page(datasette: Any, request: Any) -> Response:
    since, site = request.args.get("since", ""), request.args.get("site", "")
    view = await _run(
        datasette, lambda conn: watch_views.changes_view(conn, since, site, CHANGES_LIMIT)
    )
    feed = "/feed.atom" + (f"?{urlencode({'site': site})}" if site and not view.error else "")
    context = {"view": view, "limit": CHANGES_LIMIT, "feed": feed}
    return await _page(
        datasette, request, "defnews_changes.html", context, 400 if view.error else 200
    )


def _attention_args(request: Any) -> tuple[str, str, str]:
    by = request.args.get("by", "day")
    return (
        request.args.get("q", ""),
        by if by in ("day", "week") else "day",
        request.args.get("site", ""),
    )


async def attention_page(datasette: Any, request: Any) -> Response:
    query, by, site = _attention_args(request)
    view = await _run(datasette, lambda conn: watch_views.attention_view(conn, query, by, site))
    drawn = Markup(chart.svg(view.found)) if view.found and view.found.buckets else None
    context = {"view": view, "chart": drawn, "colour": chart.colour}
    if query and not view.error:
        context["feed"] = "/feed.atom?" + urlencode(
            {"q": query, **({"site": site} if site else {})}
        )
        context["json"] = "/attention.json?" + urlencode({"q": query, "by": by, "site": site})
    return await _page(
        datasette, request, "defnews_attention.html", context, 400 if view.error else 200
    )


async def attention_json(datasette: Any, request: Any) -> Response:
    query, by, site = _attention_args(request)
    if not query.strip():
        return Response.json({"error": "give a query: /attention.json?q=WORDS"}, status=400)
    view = await _run(datasette, lambda conn: watch_views.attention_view(conn, query, by, site))
    if view.error or view.found is None:
        return Response.json({"error": view.error}, status=400)
    return Response.json(view.found.as_dict())


async def health_page(datasette: Any, request: Any) -> Response:
    outlets = await _run(datasette, health)
    context = {"outlets": outlets, "shown_time": watch_views.shown_time}
    return await _page(datasette, request, "defnews_health.html", context)


def _base(request: Any) -> str:
    """The scheme and host the request came to: links in a feed must be absolute."""
    return f"{request.scheme}://{request.host}"


async def feed(datasette: Any, request: Any) -> Response:
    site, query = request.args.get("site", ""), request.args.get("q", "")

    def read(conn: Any) -> Response | list[watch_views.ChangeRow]:
        """The feed's rows, or the answer to a request that names no feed."""
        known = watch_views.sites(conn)
        if site and site not in known:
            said = f"no site {site!r} in this archive; it has {', '.join(known) or 'none'}\n"
            return Response.text(said, status=404)
        try:
            return watch_views.recent_changes(
                conn, site=site, query=query, kinds=watch_views.FEED_KINDS, limit=FEED_ENTRIES
            )
        except watch_views.BadInput as error:
            return Response.text(f"{error}\n", status=400)

    rows = await _run(datasette, read)
    if isinstance(rows, Response):
        return rows
    base = _base(request)
    asked = {name: value for name, value in (("site", site), ("q", query)) if value}
    suffix = f"?{urlencode(asked)}" if asked else ""
    what = " ".join([f"matching “{query}”" if query else "", f"on {site}" if site else ""]).strip()
    page = f"/attention?{urlencode(asked)}" if query else f"/changes{suffix}"
    document = feeds.atom(
        feeds.Feed(
            title=f"defnews: new and changed articles {what}".strip(),
            self_url=f"{base}/feed.atom{suffix}",
            page_url=base + page,
            ident=f"{feeds.TAG}feed/{urlencode(sorted(asked.items()))}",
            base=base,
        ),
        rows,
    )
    return Response(document, content_type=ATOM_TYPE)


@_hook
def register_routes() -> list[tuple[str, Any]]:
    routes: list[tuple[str, Any]] = [
        (r"^/changes$", changes_page),
        (r"^/attention$", attention_page),
        (r"^/attention\.json$", attention_json),
        (r"^/health$", health_page),
        (r"^/feed\.atom$", feed),
    ]
    return routes


@_hook
def menu_links() -> list[dict[str, str]]:
    return [
        {"href": "/changes", "label": "Changes"},
        {"href": "/attention", "label": "Attention over time"},
        {"href": "/health", "label": "Crawl health"},
        {"href": "/feed.atom", "label": "Atom feed"},
    ]
