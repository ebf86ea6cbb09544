"""Build the thedefensepost.com fixture pages (synthetic; see docs/outlets.md).

Verified on the live site: the URL pattern and the JSON-LD in script#tie-schema-json with the full
articleBody. Inferred: the Jannah theme's markup around it (div.entry-content, the byline, tag
box, related posts, newsletter box, footer). The texts are SYNTHETIC. The second page is
syndicated copy (publisher AFP) served without the usual content container, so its text can
come only from the JSON-LD articleBody: the parser's fallback. Writes
crawler/core/sites/fixtures/defensepost/<name>.html.gz; make the expected JSON with
scripts/make_fixture.py and read it before committing.

Run: python scripts/defensepost_pages.py
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape

from fixture_pages import write_pages

ORIGIN = "https://thedefensepost.com"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    title: str
    summary: str
    paragraphs: tuple[str, ...]
    caption: str
    author: str
    publisher: str
    published: str
    tags: tuple[str, ...]
    container: str  # the body's class: "entry-content", or another for the fallback case


PAGES = (
    Page(
        name="2025_own-story",
        path="/2025/01/14/poland-orders-additional-air-defense-batteries/",
        title="Poland Orders Additional Air Defense Batteries",
        summary="Warsaw signed a contract for four more batteries on Tuesday.",
        paragraphs=(
            (
                "Poland signed a contract on Tuesday for four more air defense batteries, the "
                "defense ministry said, as it continues to expand its armed forces."
            ),
            (
                "The batteries will be delivered over the next three years and deployed to protect "
                "military bases and critical infrastructure."
            ),
            "The ministry said local industry would produce part of the launchers and radars.",
        ),
        caption="An air defense launcher on display. Photo: Polish Ministry of Defense",
        author="Jen Judson",
        publisher="The Defense Post",
        published="2025-01-14T09:12:00+00:00",
        tags=("Poland", "Air Defense"),
        container="entry-content",
    ),
    Page(
        name="2025_syndicated-ld-body",
        path="/2025/01/15/japan-coast-guard-commissions-patrol-vessel/",
        title="Japan Coast Guard Commissions New Patrol Vessel",
        summary="The vessel is the largest in the coast guard's fleet.",
        paragraphs=(
            (
                "Japan's coast guard commissioned its largest patrol vessel on Wednesday, officials "
                "said, as it steps up surveillance of surrounding waters."
            ),
            "The ship can stay at sea for several weeks and carries two helicopters.",
        ),
        caption="",
        author="AFP",
        publisher="AFP",
        published="2025-01-15T05:40:00+00:00",
        tags=("Japan", "Coast Guard"),
        container="amp-content",
    ),
)

HEADER = (
    '<header id="theme-header"><div class="logo"><a href="/">The Defense Post</a></div>'
    '<nav id="main-nav"><ul><li><a href="/latest/">Latest</a></li><li><a href="/category/'
    'news/">News</a></li><li><a href="/category/analysis/">Analysis</a></li></ul></nav></header>'
)
AFTER = (
    '<div class="share-buttons">Share on Facebook Twitter LinkedIn WhatsApp</div>'
    '<div class="related-posts"><h3>Related Posts</h3><ul><li><a href="/2025/01/10/a-b-c/">'
    "US Army Awards Contract for Long-Range Fires</a></li></ul></div>"
    '<div class="newsletter-box">Subscribe to The Defense Post newsletter.</div>'
)
FOOTER = '<footer id="footer"><p>© 2025 The Defense Post. All rights reserved.</p></footer>'


def build(page: Page) -> bytes:
    url = ORIGIN + page.path
    schema = {
        "@context": "http://schema.org",
        "@type": "NewsArticle",
        "name": page.title,
        "headline": page.title,
        "datePublished": page.published,
        "dateModified": page.published,
        "description": page.summary,
        "keywords": ", ".join(page.tags),
        "author": {"@type": "Person", "name": page.author},
        "publisher": {"@type": "Organization", "name": page.publisher},
        "articleBody": "\n".join(page.paragraphs),
        "mainEntityOfPage": url,
    }
    first, *rest = page.paragraphs
    figure = (
        f'<figure class="wp-block-image"><img src="/wp-content/uploads/2025/01/{page.name}.jpg" '
        f'alt=""><figcaption>{escape(page.caption)}</figcaption></figure>'
        if page.caption
        else ""
    )
    body = f"<p>{escape(first)}</p>{figure}" + "".join(f"<p>{escape(p)}</p>" for p in rest)
    tags = "".join(f'<a href="/tag/{i}/">{escape(t)}</a>' for i, t in enumerate(page.tags))
    markup = (
        f'<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8"><title>'
        f"{escape(page.title)} | The Defense Post</title>"
        f'<meta property="og:title" content="{escape(page.title)}">'
        f'<meta property="og:description" content="{escape(page.summary)}">'
        f'<link rel="canonical" href="{url}"><script id="tie-schema-json" '
        f'type="application/ld+json">{json.dumps(schema)}</script></head><body>{HEADER}'
        f'<nav id="breadcrumb"><a href="/">Home</a> / <a href="/category/news/">News</a></nav>'
        f'<article id="the-post" class="post-content"><header class="entry-header-outer">'
        f'<h1 class="post-title entry-title">{escape(page.title)}</h1><div class="post-meta">'
        f'<span class="meta-author"><a href="/author/x/">{escape(page.author)}</a></span>'
        f'<span class="date meta-item">January 2025</span></div></header>'
        f'<div class="{page.container} entry clearfix">{body}</div>'
        f'<div class="post-bottom-tags">Tags: {tags}</div></article>{AFTER}{FOOTER}</body></html>'
    )
    return markup.encode("utf-8")


def main() -> None:
    write_pages("defensepost", ((page.name, ORIGIN + page.path, build(page)) for page in PAGES))


if __name__ == "__main__":
    main()
