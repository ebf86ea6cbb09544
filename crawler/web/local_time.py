"""Times on the web view's pages, in the outlet's own zone with the offset written beside them
("2025-03-14 08:30 +07:00"): a reader compares them with what the site printed, and the offset
says which instant it is. The catalogue stores first/last seen in UTC and a publication date as
the page wrote it (with its offset, or none when the site's zone is not known).
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from functools import cache

from crawler.core.sites import registry


@cache
def _zones() -> dict[str, tzinfo | None]:
    registry.load()
    return {key: site.zone for key, site in registry.REGISTRY.items()}


def site_zone(site: str) -> tzinfo | None:
    """The zone the outlet writes dates in; None when not known (a generic site, a key no
    profile of this release has)."""
    return _zones().get(site)


def _shown(moment: datetime) -> str:
    offset = moment.strftime("%z")  # +0700
    if not offset:
        return moment.strftime("%Y-%m-%d %H:%M")
    return f"{moment:%Y-%m-%d %H:%M} {offset[:3]}:{offset[3:5]}"


def published(value: str) -> str:
    """A publication date as the page wrote it, in its own offset ("" when undated, the text
    itself when it is no date). One without an offset is shown without one: its zone is not
    known, and a made-up offset would lie."""
    try:
        return _shown(datetime.fromisoformat(value)) if value else ""
    except ValueError:
        return value


def seen(value: str, site: str) -> str:
    """A time the crawler noted (UTC in the catalogue) in the outlet's zone, else in UTC."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return _shown(moment.astimezone(site_zone(site) or UTC))
