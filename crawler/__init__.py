"""defnews: a crawler and archive for defense news."""

from __future__ import annotations

__version__ = "0.1.0"
