"""The Datasette instance of `defnews serve`: the catalogue read-only, described for people
(search box on the articles, facets by site), with our plugin and templates."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

TEMPLATES = Path(__file__).parent / "templates"


def metadata(root: Path, replay_base: str) -> dict[str, Any]:
    return {
        "title": "defnews archive",
        "description_html": (
            '<a href="/">The latest articles</a> · <a href="/search">search them</a> '
            "(diacritics optional), or browse the catalogue's tables and query them in SQL. "
            "Each article's page shows its clean text beside the archived original."
        ),
        "extra_css_urls": ["/-/defnews-tables.css"],  # crawler.web.pages.TABLES_CSS
        "plugins": {"defnews": {"root": str(root.resolve()), "replay": replay_base}},
        "databases": {
            "catalog": {
                "tables": {
                    "articles": {
                        "description": "One row per version of an article; the search box "
                        "searches the latest versions, with or without diacritics.",
                        # articles_fts holds folded copies, rowid = articles.id
                        "fts_table": "articles_fts",
                        "fts_pk": "id",
                        "label_column": "title",
                        "sort_desc": "published_utc",
                        "facets": ["site"],
                    },
                    "urls": {"facets": ["site", "kind", "outcome"]},
                    "runs": {"sort_desc": "started", "facets": ["site", "status"]},
                    "payloads": {"hidden": True},
                }
            }
        },
    }


def build(root: Path, catalog: Path, replay_base: str, *, immutable: bool = False) -> Any:
    """A Datasette over the catalogue at `catalog` (root's, or a link to it), with our plugin.
    Read-only either way: mutable files are opened mode=ro (a crawl may write meanwhile),
    immutable ones (a read-only archive) without locking."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    from crawler.web import (
        plugin,
        watch,  # the watching pages: changes, attention, health, feeds
    )

    # Our plugin modules, each registered once per process (pluggy refuses a second time).
    plugins: tuple[tuple[str, ModuleType], ...] = ((plugin.NAME, plugin), (watch.NAME, watch))
    for name, module in plugins:
        if not pm.is_registered(module):
            pm.register(module, name=name)
    files = [str(catalog)]
    return Datasette(
        files=[] if immutable else files,
        immutables=files if immutable else [],
        metadata=metadata(root, replay_base),
        template_dir=str(TEMPLATES),
        settings={
            "truncate_cells_html": 160,  # the fields JSON and article texts stay one line
            "default_page_size": 50,
            "sql_time_limit_ms": 5000,
        },
    )
