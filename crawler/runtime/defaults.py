"""The defaults of defnews' own settings, taken from crawler/settings.py: each value in one place.

Scrapy applies crawler/settings.py only when it is the project's settings module (the CLI,
`scrapy crawl`); the add-on then finds every name set. A crawler built another way (a test's
get_crawler with a dict of settings, a script with settings of its own) would find defnews'
names unset, and a getter with no fallback would read 0 or False where the project means 5 or
True. `settings_of` gives such a crawler's settings the module's values underneath whatever
was set, so no getter carries a default of its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from scrapy.settings import default_settings

import crawler.settings as project

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

_WITH_DEFAULTS: WeakKeyDictionary[Crawler, BaseSettings] = WeakKeyDictionary()


def own_defaults() -> dict[str, Any]:
    """defnews' own settings (those Scrapy does not define) with their default values."""
    return {
        name: getattr(project, name)
        for name in dir(project)
        if name.isupper() and not hasattr(default_settings, name)
    }


def changed_scrapy_defaults() -> dict[str, Any]:
    """Scrapy's settings whose default crawler/settings.py changes, with defnews' value."""
    return {
        name: getattr(project, name)
        for name in dir(project)
        if name.isupper() and hasattr(default_settings, name)
    }


def missing_defaults(settings: BaseSettings) -> dict[str, Any]:
    return {name: value for name, value in own_defaults().items() if name not in settings}


def with_defaults(settings: BaseSettings) -> BaseSettings:
    """The settings themselves when every defnews name is set, else a copy with the missing
    ones at their defaults (at Scrapy's lowest priority: anything set wins)."""
    missing = missing_defaults(settings)
    if not missing:
        return settings
    filled = settings.copy()  # a deep copy, frozen as the original was
    was_frozen, filled.frozen = filled.frozen, False
    filled.setdict(missing, priority="default")
    if was_frozen:
        filled.freeze()
    return filled


def settings_of(crawler: Crawler) -> BaseSettings:
    """The crawler's settings, defnews' defaults filled in. The copy (only when a name is
    missing) is kept once the settings are frozen: before, the add-on and the spider may
    still change them (the spider is built before the add-on runs)."""
    settings = _WITH_DEFAULTS.get(crawler)
    if settings is None:
        settings = with_defaults(crawler.settings)
        if crawler.settings.frozen:
            _WITH_DEFAULTS[crawler] = settings
    return settings


def output_dir(settings: BaseSettings) -> Path:
    """OUTPUT_DIR as a path; an empty value (`--set OUTPUT_DIR=`) is the default folder."""
    return Path(settings.get("OUTPUT_DIR") or project.OUTPUT_DIR)


def cluster_host_delay(settings: BaseSettings) -> float:
    """CLUSTER_HOST_DELAY, or when unset (None) the crawl's own DOWNLOAD_DELAY."""
    value = settings.get("CLUSTER_HOST_DELAY")
    return float(value) if value is not None else settings.getfloat("DOWNLOAD_DELAY")
