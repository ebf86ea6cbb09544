"""Public entry point of the demo www.qdnd.vn: build every page and its gold extraction data."""

# A deterministic local copy of www.qdnd.vn: article pages of three layout eras, robots.txt,
# sitemaps, cookie-gated RSS feeds and paginated category listings. Layout facts come from
# the site's own pages as they were studied when the qdnd profile was written (markup, URL
# patterns, feeds, encodings). What is real and what is synthetic:
# - the 14 era-"2025" bodies are real (data/qdnd-2025-bodies.json), with a few marked edits;
# - article 711953 is a reconstruction of a real page around the user's seed text (its body
#   text is the real seed);
# - every other body (eras 2020 and 2021, the video page) is SYNTHETIC prose written for the
#   demo, and so is the page chrome (chrome.py, menu.py, assets.py, pages.py).

from __future__ import annotations

import functools

from crawler.demo import discovery
from crawler.demo.articles_2020 import specs_2020
from crawler.demo.articles_2021 import specs_2021
from crawler.demo.articles_2025 import DATA, specs_2025
from crawler.demo.gold import gold_article
from crawler.demo.model import DemoArticle, DemoSite, GoldImage, Resource
from crawler.demo.render import link_boxes, linkable_specs, most_read_links, render_article
from crawler.demo.spec import ORIGIN, Spec

__all__ = [
    "DATA",
    "ORIGIN",
    "DemoArticle",
    "DemoSite",
    "GoldImage",
    "Resource",
    "article_html",
    "build_site",
]


@functools.cache
def build_site() -> DemoSite:
    """Build every page of the demo site; deterministic (same bytes on every call)."""
    specs = _all_specs()
    golds = [gold_article(spec) for spec in specs]
    pairs = list(zip(specs, golds, strict=True))
    linkable = linkable_specs(specs)
    home_most_read = most_read_links(specs)
    resources: dict[str, Resource] = {
        "/": discovery.home(home_most_read),
        "/robots.txt": discovery.robots(),
    }
    resources.update(discovery.indexes(pairs, home_most_read))
    for spec, gold in pairs:
        related, most_read = link_boxes(spec, linkable)
        resources[gold.path] = render_article(spec, gold, related, most_read)
    return DemoSite(resources=resources, articles=tuple(golds), specs=tuple(specs))


def article_html(article: DemoArticle) -> bytes:
    """The served bytes of one article page (in its served encoding)."""
    return build_site().resources[article.path].body


def _all_specs() -> list[Spec]:
    specs = [*specs_2025(), *specs_2021(), *specs_2020()]
    return sorted(specs, key=lambda spec: spec.published, reverse=True)
