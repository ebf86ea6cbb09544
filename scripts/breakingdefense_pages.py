"""Build the breakingdefense.com fixture pages (synthetic; see docs/outlets.md).

Verified on the live site: the URL pattern, the article:published_time and :modified_time metas, and
the body in div.content > div.post-single__content. Inferred: the rest of the WordPress page
(title, byline, tags, the "RELATED:" cross-links and newsletter box inside the body, related
posts, footer). The texts are SYNTHETIC. Writes crawler/core/sites/fixtures/breakingdefense/;
make the expected JSON with scripts/make_fixture.py and read it before committing.

Run: python scripts/breakingdefense_pages.py
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from fixture_pages import write_pages

ORIGIN = "https://breakingdefense.com"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    title: str
    summary: str
    paragraphs: tuple[str, ...]
    intertitle: str
    caption: str
    author: str
    published: str
    modified: str
    tags: tuple[str, ...]


PAGES = (
    Page(
        name="2025_related-and-newsletter",
        path="/2025/01/space-force-picks-vendors-for-missile-tracking-layer/",
        title="Space Force picks vendors for next missile tracking layer",
        summary="Three companies will build satellites for the next tranche.",
        paragraphs=(
            (
                "The Space Force has picked three companies to build satellites for the next "
                "tranche of its missile tracking layer, officials said Monday."
            ),
            "The satellites are meant to follow hypersonic weapons from launch to impact.",
            "Launches of the first satellites are planned for 2027.",
            "Officials did not say how much the contracts are worth.",
        ),
        intertitle="A crowded launch schedule",
        caption="An artist's rendering of a tracking satellite. (Space Development Agency)",
        author="Theresa Hitchens",
        published="2025-01-13T16:20:00-05:00",
        modified="2025-01-13T18:02:00-05:00",
        tags=("Space Force", "missile tracking"),
    ),
)


def build(page: Page) -> bytes:
    url = ORIGIN + page.path
    p1, p2, p3, p4 = page.paragraphs
    body = (
        f"<p>{escape(p1)}</p>"
        '<p>RELATED: <a href="/2024/12/a-b-c/">Missile Defense Agency eyes new interceptor</a></p>'
        f"<p>{escape(p2)}</p>"
        f'<figure class="wp-block-image"><img src="/wp-content/uploads/2025/01/{page.name}.jpg" '
        f'alt=""><figcaption>{escape(page.caption)}</figcaption></figure>'
        f"<h2>{escape(page.intertitle)}</h2><p>{escape(p3)}</p>"
        '<div class="newsletter-signup"><p>Get the Breaking Defense newsletter in your inbox.</p>'
        '<form><input type="email"><button>Sign up</button></form></div>'
        f"<p>{escape(p4)}</p>"
    )
    tags = "".join(f'<a href="/tag/{i}/">{escape(t)}</a>' for i, t in enumerate(page.tags))
    markup = (
        '<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8">'
        f"<title>{escape(page.title)} - Breaking Defense</title>"
        f'<meta name="description" content="{escape(page.summary)}">'
        f'<meta property="og:title" content="{escape(page.title)}">'
        f'<meta property="article:published_time" content="{page.published}">'
        f'<meta property="article:modified_time" content="{page.modified}">'
        f'<link rel="canonical" href="{url}"></head><body>'
        '<header class="site-header"><a href="/">Breaking Defense</a><nav><a href="/category/'
        'air/">Air</a> <a href="/category/land/">Land</a> <a href="/category/space/">Space</a>'
        "</nav></header><main>"
        '<article class="post-single"><div class="post-single__header">'
        '<div class="post-single__category"><a href="/category/space/">Space</a></div>'
        f'<h1 class="post-single__title">{escape(page.title)}</h1>'
        f'<div class="post-single__author">By <a href="/author/x/">{escape(page.author)}</a>'
        '</div><div class="post-single__date">January 13, 2025 4:20 PM</div></div>'
        f'<div class="content"><div class="post-single__content">{body}</div></div>'
        f'<div class="post-single__tags">{tags}</div></article>'
        '<section class="related"><h3>Recommended</h3><a href="/2025/01/x-y-z/">Army picks '
        "new drone</a></section></main>"
        "<footer><p>© 2025 Breaking Media, Inc. All rights reserved.</p></footer></body></html>"
    )
    return markup.encode("utf-8")


def main() -> None:
    write_pages("breakingdefense", ((page.name, ORIGIN + page.path, build(page)) for page in PAGES))


if __name__ == "__main__":
    main()
