"""The outlets table (`defnews sites`, README's copy), generated from the registry.

Each outlet's fixtures (crawler.core.sites.fixture_files) are shipped with the package, so the
table can count them anywhere. Pure: no Scrapy.
"""

from __future__ import annotations

from typing import Any

from crawler.core.sites import REGISTRY
from crawler.core.sites.fixture_files import FIXTURE_ROOT

__all__ = ["COLUMNS", "FIXTURE_ROOT", "markdown", "rows"]
COLUMNS = (
    ("key", "KEY"),
    ("name", "OUTLET"),
    ("domains", "DOMAINS"),
    ("discovery", "DISCOVERY"),
    ("parsers", "PARSERS"),
    ("fixtures", "FIXTURES"),
)


def _discovery(site: Any) -> str:
    parts = ["robots.txt"]
    for count, what in (
        (len(site.sitemaps), "sitemap"),
        (len(site.feeds), "feed"),
        (len(site.listings), "listing"),
    ):
        if count:
            parts.append(f"{count} {what}{'s' if count > 1 else ''}")
    if site.feed_priming_path:
        parts.append(f"feeds behind {site.feed_priming_path} cookie")
    return ", ".join(parts)


def rows() -> list[dict[str, Any]]:
    """One row per outlet, in key order."""
    table = []
    for key in sorted(REGISTRY):
        site = REGISTRY[key]
        table.append(
            {
                "key": key,
                "name": site.name,
                "domains": ", ".join(site.domains),
                "discovery": _discovery(site),
                "parsers": ", ".join(version().name for version in site.parser.versions),
                "fixtures": len(list((FIXTURE_ROOT / key).glob("*.json"))),
            }
        )
    return table


def markdown() -> str:
    """The table as README carries it."""
    lines = [
        "| " + " | ".join(title.lower() for _, title in COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    for row in rows():
        cells = [f"`{row['key']}`", *(str(row[name]) for name, _ in COLUMNS[1:])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
