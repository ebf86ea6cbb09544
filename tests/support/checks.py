"""Small checks several test modules make, written independently of the code they check."""

from __future__ import annotations

from crawler.core.sites import get_site
from crawler.demo.server import LoggedRequest

QDND = get_site("qdnd")


def plain_artifact_check(text: str) -> bool:
    """Independent of the production regex: the token, case and spacing aside, anywhere."""
    return "leftcenterrightdel" in "".join(text.lower().split())


def article_paths(requests: list[LoggedRequest]) -> list[str]:
    """The article pages among a demo server's logged requests, in order."""
    return [r.path for r in requests if QDND.is_article(r.path.split("?", 1)[0])]
