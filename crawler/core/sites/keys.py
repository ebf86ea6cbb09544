"""Site keys as folder and file names: only [a-z0-9-], so no key can reach outside its folder."""

from __future__ import annotations

import re

from crawler.core.extraction.text import fold_diacritics

_UNSAFE = re.compile(r"[^a-z0-9-]+")


def safe_key(value: str) -> str:
    """A folder name from a site key or similar label."""
    return _UNSAFE.sub("-", fold_diacritics(value).lower()).strip("-") or "unknown"
