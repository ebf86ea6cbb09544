"""A small English defense-news outlet that defnews has no profile for, on 127.0.0.1: the site
`defnews crawl --start URL` is tested against, and the English part of the gold set
(crawler.core.jobs.evaluation).

Built like a typical WordPress news site (as breakingdefense.com and thedefensepost.com are):
robots.txt naming a news sitemap, an RSS feed named by <link rel="alternate"> on every page,
article URLs /YYYY/MM/DD/<slug>/, JSON-LD NewsArticle and OpenGraph, a body in
div.entry-content with a figure, and the furniture around it (menu, most-read box, related
stories, a newsletter promo, footer). The articles are SYNTHETIC. Two articles are in the
sitemap only, one in the feed only; a newsletter page looks like an article URL but has no date;
/about/ and a tag page are linked but are not articles.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

from crawler.demo.png import photo


@dataclass(frozen=True)
class Story:
    path: str
    title: str
    summary: str
    author: str
    published: str  # ISO 8601 with offset
    paragraphs: tuple[str, ...]
    caption: str
    where: frozenset[str]  # home, sitemap, feed


STORIES = (
    Story(
        "/2025/01/14/army-tests-new-self-propelled-howitzer/",
        "Army tests new self-propelled howitzer at desert range",
        "Live-fire trials of the tracked howitzer will run through March.",
        "Jane Porter",
        "2025-01-14T09:30:00-05:00",
        (
            (
                "The Army began live-fire trials of a new self-propelled howitzer this week at its "
                "desert proving ground, officials said on Tuesday."
            ),
            (
                "The tracked vehicle carries a longer barrel than the system it would replace, and "
                "its crew of four can load and fire without leaving the armored cab."
            ),
            (
                "Program officials said the trials would measure accuracy at long range, the rate "
                "of fire over several hours, and how the chassis copes with heat and sand."
            ),
            "A production decision is expected next year if the trials go to plan.",
        ),
        "The howitzer fires during a trial at the desert range.",
        frozenset({"home", "sitemap"}),
    ),
    Story(
        "/2025/01/15/navy-commissions-second-frigate-of-its-class/",
        "Navy commissions second frigate of its class",
        "The ship joins the fleet after a year of sea trials.",
        "Marcus Webb",
        "2025-01-15T14:00:00-05:00",
        (
            (
                "The Navy commissioned the second frigate of its new class on Wednesday in a "
                "ceremony at the shipyard where it was built."
            ),
            (
                "The frigate spent a year in sea trials, testing its radar, its engines and the "
                "vertical launch cells that carry its missiles."
            ),
            (
                "Its commanding officer told the crew that the ship would deploy before the end "
                "of the year."
            ),
        ),
        "Sailors man the rails of the new frigate.",
        frozenset({"home", "feed"}),
    ),
    Story(
        "/2025/01/16/air-force-orders-additional-trainer-jets/",
        "Air Force orders additional trainer jets",
        "The contract adds forty aircraft to the training fleet.",
        "Priya Natarajan",
        "2025-01-16T11:15:00-05:00",
        (
            (
                "The Air Force has ordered forty more trainer jets, the service said on Thursday, "
                "to replace aircraft that have flown for more than five decades."
            ),
            (
                "Deliveries of the new jets are due to begin in two years, with the first squadron "
                "ready for student pilots soon after."
            ),
            "The order brings the planned fleet to more than three hundred aircraft.",
        ),
        "A trainer jet on the flight line.",
        frozenset({"sitemap"}),
    ),
    Story(
        "/2025/01/17/defense-ministry-opens-cyber-training-center/",
        "Defense ministry opens cyber training center",
        "The center will train a thousand specialists a year.",
        "Tom Alvarez",
        "2025-01-17T08:45:00-05:00",
        (
            (
                "The defense ministry opened a cyber training center on Friday that will train "
                "about a thousand specialists a year."
            ),
            (
                "Courses at the center cover network defense, incident response and the protection "
                "of weapons systems that rely on software."
            ),
            "Officials said the first class of students would graduate in the summer.",
        ),
        "The new cyber training center.",
        frozenset({"feed"}),
    ),
)
NEWSLETTER = "/newsletters/sign-up-for-the-daily-brief/"
NOT_ARTICLES = ("/about/", "/tag/artillery/", NEWSLETTER)

MENU = (
    '<header class="site-header"><a class="logo" href="/">Defense Wire</a><nav class="main-nav">'
    '<ul><li><a href="/land/">Land</a></li><li><a href="/sea/">Sea</a></li>'
    '<li><a href="/air/">Air</a></li><li><a href="/about/">About us</a></li></ul></nav></header>'
)
ASIDE = (
    '<aside class="sidebar"><h3>Most read</h3><ol><li><a href="/2025/01/14/army-tests-new-self-'
    'propelled-howitzer/">Army tests new self-propelled howitzer</a></li></ol>'
    '<div class="newsletter-promo">Get the Daily Brief in your inbox every morning. '
    f'<a href="{NEWSLETTER}">Sign up now</a></div></aside>'
)
FOOTER = (
    '<footer class="site-footer"><p>© 2025 Defense Wire Media. All rights reserved.</p>'
    '<p><a href="/privacy/">Privacy policy</a> · <a href="/tag/artillery/">Artillery</a></p>'
    "</footer>"
)


ORIGIN = "https://defensewire.example"


def figure_caption(story: Story) -> str:
    return f"{story.caption} (Defense Wire photo)"


def _head(title: str, url: str, extra: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8"><title>{title} - '
        f'Defense Wire</title><link rel="alternate" type="application/rss+xml" '
        f'title="Defense Wire feed" href="/feed/"><link rel="canonical" href="{url}">{extra}'
        "</head>"
    )


def article_page(story: Story, origin: str) -> str:
    url = origin + story.path
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "description": story.summary,
        "datePublished": story.published,
        "author": [{"@type": "Person", "name": story.author}],
        "mainEntityOfPage": url,
    }
    meta = (
        f'<meta property="og:type" content="article"><meta property="og:title" '
        f'content="{story.title}"><meta property="og:description" content="{story.summary}">'
        f'<meta property="article:published_time" content="{story.published}">'
        f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    )
    first, *rest = story.paragraphs
    body = (
        f"<p>{first}</p>"
        f'<figure class="wp-block-image"><img src="/img/{len(story.title)}.jpg" alt="">'
        f"<figcaption>{figure_caption(story)}</figcaption></figure>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in rest)
    )
    related = (
        '<section class="related-posts"><h3>Related stories</h3><ul>'
        + "".join(
            f'<li><a href="{other.path}">{other.title}</a></li>'
            for other in STORIES
            if other is not story and "home" in other.where
        )
        + "</ul></section>"
    )
    return (
        _head(story.title, url, meta)
        + f'<body>{MENU}<main><article class="post"><h1 class="entry-title">{story.title}'
        f'</h1><div class="byline">By <a href="/author/x/">{story.author}</a> · '
        f'<time datetime="{story.published}">January 2025</time></div>'
        f'<div class="entry-content">{body}</div>'
        '<div class="share-buttons">Share: Facebook Twitter LinkedIn Email</div>'
        f"</article>{related}</main>{ASIDE}{FOOTER}</body></html>"
    )


def other_page(title: str, paragraphs: tuple[str, ...], origin: str, path: str) -> str:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        _head(title, origin + path)
        + f'<body>{MENU}<main><h1>{title}</h1><div class="page-content">{body}</div></main>'
        f"{ASIDE}{FOOTER}</body></html>"
    )


def build(origin: str) -> dict[str, tuple[str, bytes]]:
    """path -> (content type, body) for the whole site at origin."""
    html_type, xml_type = "text/html; charset=UTF-8", "application/xml; charset=UTF-8"
    pages: dict[str, tuple[str, bytes]] = {}
    home_links = "".join(
        f'<li><a href="{s.path}">{s.title}</a></li>' for s in STORIES if "home" in s.where
    )
    home = (
        _head("Defense Wire", origin + "/")
        + f'<body>{MENU}<main><ul class="latest">{home_links}</ul>'
        '<p><a href="/about/">About Defense Wire</a> · <a href="/tag/artillery/">Artillery</a>'
        f"</p></main>{ASIDE}{FOOTER}</body></html>"
    )
    pages["/"] = (html_type, home.encode())
    for story in STORIES:
        pages[story.path] = (html_type, article_page(story, origin).encode())
        # Its photo, a real (small) picture: an archive of the page archives it too.
        picture = f"/img/{len(story.title)}.jpg"
        pages[picture] = ("image/png", photo(picture))
    about = (
        (
            "Defense Wire covers armies, navies and air forces around the world for readers who "
            "work in and around defense."
        ),
        "Our reporters are based in five countries and have covered defense for decades.",
    )
    pages["/about/"] = (
        html_type,
        other_page("About Defense Wire", about, origin, "/about/").encode(),
    )
    pages["/tag/artillery/"] = (
        html_type,
        other_page("Artillery", ("Stories about artillery.",), origin, "/tag/artillery/").encode(),
    )
    signup = (
        (
            "The Daily Brief brings the day's most important defense stories to your inbox every "
            "weekday morning, with analysis from our reporters."
        ),
        "Sign up with your email address below. You can unsubscribe at any time.",
    )
    pages[NEWSLETTER] = (
        html_type,
        other_page("Sign up for the Daily Brief", signup, origin, NEWSLETTER).encode(),
    )
    robots = f"User-agent: *\nDisallow: /wp-admin/\n\nSitemap: {origin}/news-sitemap.xml\n"
    pages["/robots.txt"] = ("text/plain", robots.encode())
    urls = "".join(
        f"<url><loc>{origin}{s.path}</loc><lastmod>{s.published}</lastmod></url>"
        for s in STORIES
        if "sitemap" in s.where
    )
    pages["/news-sitemap.xml"] = (
        xml_type,
        (
            '<?xml version="1.0" encoding="UTF-8"?><urlset '
            f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        ).encode(),
    )
    items = "".join(
        f"<item><title>{s.title}</title><link>{origin}{s.path}</link>"
        f"<pubDate>{s.published}</pubDate></item>"
        for s in STORIES
        if "feed" in s.where
    )
    pages["/feed/"] = (
        "application/rss+xml; charset=UTF-8",
        (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Defense Wire</title><link>{origin}/</link>{items}</channel></rss>"
        ).encode(),
    )
    return pages


class GenericSite:
    """The outlet on 127.0.0.1 in a background thread; requests logged by path."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.base_url = ""
        self._server: ThreadingHTTPServer | None = None

    def __enter__(self) -> Self:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                owner.requests.append(self.path)
                found = owner.pages.get(self.path.split("?", 1)[0])
                content_type, body = found or ("text/html", b"<h1>Not found</h1>")
                self.send_response(200 if found else 404)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        host, port = self._server.server_address[:2]
        self.base_url = f"http://{host!s}:{port}"
        self.pages = build(self.base_url)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
