"""The outlets defnews has a profile for. Each is one module of crawler/core/sites/outlets/
that builds its Site and hands it to register(); load() imports every module of that folder,
so adding an outlet is adding a module (and its fixtures), with its key written once.

Registration checks what a forgotten line would otherwise break quietly: a key that is no safe
folder name or is taken, a domain two outlets claim, a parser version that belongs to another
outlet, and a parser that never declared the zone its site writes dates in (TIMEZONE: a
tzinfo, or None for "not known"; there is no default).
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from crawler.core.sites.base import Site, Zone
from crawler.core.sites.keys import safe_key

REGISTRY: dict[str, Site] = {}
# By name, not by an import statement: the outlets depend on this module, not the reverse
# (the framework finds its plug-ins, as Scrapy's spider loader finds spiders).
OUTLETS_PACKAGE = "crawler.core.sites.outlets"
OUTLETS_FOLDER = Path(__file__).parent / "outlets"


class RegistrationError(ValueError):
    """An outlet's profile that cannot be registered as written."""


def register(site: Site, into: dict[str, Site] | None = None) -> Site:
    """Add an outlet (to REGISTRY, or `into`); its parser versions learn their site key from
    it. Returns the site. RegistrationError when its profile is not complete or clashes."""
    registry = REGISTRY if into is None else into
    key = site.key
    if not key or safe_key(key) != key:
        raise RegistrationError(f"outlet key {key!r} is not [a-z0-9-] (it names a folder)")
    if key in registry:
        raise RegistrationError(f"two outlets register the key {key!r}")
    for other in registry.values():
        if shared := set(site.domains) & set(other.domains):
            raise RegistrationError(f"{key} and {other.key} both claim {sorted(shared)}")
    for version in site.parser.versions:
        if version.TIMEZONE is Zone.UNDECLARED:
            raise RegistrationError(
                f"{key}: parser {version.__name__} declares no TIMEZONE; give the zone the site "
                "writes dates in, or None when it is not known"
            )
        owner = version.__dict__.get("site")
        if owner and owner != key:
            raise RegistrationError(f"{key}: parser {version.__name__} belongs to {owner}")
    for version in site.parser.versions:
        version.site = key
    registry[key] = site
    return site


def load() -> None:
    """Import every outlet module once (each registers itself on import)."""
    for module in sorted(pkgutil.iter_modules([str(OUTLETS_FOLDER)]), key=lambda m: m.name):
        importlib.import_module(f"{OUTLETS_PACKAGE}.{module.name}")
