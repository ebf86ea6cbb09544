"""Discovery resources: robots.txt, sitemaps, RSS feeds, paginated category listings, home."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape as xml_escape

from crawler.demo import pages
from crawler.demo.encoding import e
from crawler.demo.model import DemoArticle, Resource, html_resource, lead_image
from crawler.demo.spec import ORIGIN, Spec, iso
from crawler.demo.views import Link, Teaser

XML_UTF8 = "text/xml; charset=utf-8"
RSS_UTF8 = "application/rss+xml; charset=utf-8"

SITEMAP_INDEX = "/sitemaps/pid/feed-0.xml"
TOP_SITEMAP = "/sitemaps/0/top300article.xml"

# Rows of (page path, title, the sections whose articles the page lists).
_Table = tuple[tuple[str, str, tuple[str, ...]], ...]

# Category listings.
LISTINGS: _Table = (
    ("/quoc-phong-an-ninh/tin-tuc", "Tin tức", ("qpan", "video")),
    ("/chinh-tri", "Chính trị", ("chinh-tri",)),
    ("/quoc-te", "Quốc tế", ("quoc-te",)),
)
LISTING_PAGE_SIZE = 6

# RSS feeds (the real site's feed paths); empty sections = every article marked "rss".
FEEDS: _Table = (
    ("/rss/cate/tin-tuc-moi-nhat.rss", "Tin tức mới nhất", ()),
    ("/rss/cate/quoc-phong-an-ninh-3424.rss", "Quốc phòng - An ninh", ("qpan",)),
    ("/rss/cate/chinh-tri-3429.rss", "Chính trị", ("chinh-tri",)),
    ("/rss/cate/quoc-te-3447.rss", "Quốc tế", ("quoc-te",)),
)

# One article with its gold record: the spec has the dates, the gold the normalised text.
Pair = tuple[Spec, DemoArticle]

# Feeds say they were built on the morning after the newest build-time article.
_FEED_BUILD = datetime.fromisoformat("2025-01-17T08:00:00+07:00")


def indexes(pairs: list[Pair], most_read: tuple[Link, ...]) -> dict[str, Resource]:
    """Every resource that lists articles (sitemaps, feeds, listings), newest article first.

    The server rebuilds these from its own article list when the site changes at run time.
    """
    return {**sitemaps(pairs), **feeds(pairs), **listings(pairs, most_read)}


def robots() -> Resource:
    text = (
        "User-agent: *\nDisallow: /video/\nDisallow: /audio/\nDisallow: /search\n\n"
        f"Sitemap: {ORIGIN}{SITEMAP_INDEX}\n"
    )
    return Resource(200, "text/plain; charset=utf-8", text.encode("utf-8"))


def _urlset(entries: list[Pair]) -> Resource:
    items = []
    for spec, gold in entries:
        image = ""
        if gold.images:
            image = (
                f"<image:image><image:loc>{xml_escape(gold.images[0].url)}</image:loc>"
                f"<image:title>{xml_escape(gold.title)}</image:title></image:image>"
            )
        items.append(
            f"<url><loc>{xml_escape(gold.url)}</loc>"
            f"<lastmod>{iso(spec.last_modified)}</lastmod>"
            f"<changefreq>hourly</changefreq><priority>0.8</priority>{image}</url>"
        )
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">\n'
        + "\n".join(items)
        + "\n</urlset>\n"
    )
    return Resource(200, XML_UTF8, text.encode("utf-8"), modified=_newest_lastmod(entries))


def _newest_lastmod(entries: list[Pair]) -> datetime | None:
    """A urlset's freshness: its newest <lastmod>, which a revised older article can set."""
    return max((spec.last_modified for spec, _gold in entries), default=None)


def sitemaps(pairs: list[Pair]) -> dict[str, Resource]:
    listed = [pair for pair in pairs if "sitemap" in pair[0].discovery]
    children: dict[str, list[Pair]] = {
        TOP_SITEMAP: [pair for pair in listed if pair[0].published.year >= 2025]
    }
    for pair in listed:
        month = pair[0].published.strftime("%Y-%m")
        children.setdefault(f"/sitemaps/0/{month}.xml", []).append(pair)
    resources = {path: _urlset(entries) for path, entries in children.items()}
    index = "\n".join(
        f"<sitemap><loc>{ORIGIN}{path}</loc>"
        f"<lastmod>{iso(resources[path].modified)}</lastmod></sitemap>"
        for path in children
    )
    resources[SITEMAP_INDEX] = Resource(
        200,
        XML_UTF8,
        (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{index}\n</sitemapindex>\n"
        ).encode(),
        modified=_newest_lastmod(listed),
    )
    return resources


def _feed(path: str, title: str, entries: list[Pair]) -> Resource:
    newest = max((spec.published for spec, _gold in entries), default=None)
    built = max(_FEED_BUILD, newest) if newest else _FEED_BUILD
    items = []
    for spec, gold in entries:
        image = lead_image(gold)
        description = f'<a href="{e(gold.url)}"><img src="{e(image)}" /></a>{e(gold.summary)}'
        items.append(
            f"<item><title>{xml_escape(gold.title)}</title><link>{gold.url}</link>"
            f"<description><![CDATA[{description}]]></description>"
            f"<pubDate>{format_datetime(spec.published)}</pubDate>"
            f'<guid isPermaLink="true">{gold.url}</guid></item>'
        )
    text = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>\n'
        f"<title>{xml_escape(title)} - Báo Quân đội nhân dân</title>\n<link>{ORIGIN}</link>\n"
        f"<description>{xml_escape(title)}</description>\n<language>vi-vn</language>\n"
        "<copyright>Báo Quân đội nhân dân</copyright>\n"
        f"<lastBuildDate>{format_datetime(built)}</lastBuildDate>\n"
        f'<atom:link href="{ORIGIN}{path}" rel="self" type="application/rss+xml" />\n'
        + "\n".join(items)
        + "\n</channel></rss>\n"
    )
    return Resource(200, RSS_UTF8, text.encode("utf-8"), modified=newest)


def feeds(pairs: list[Pair]) -> dict[str, Resource]:
    in_rss = [pair for pair in pairs if "rss" in pair[0].discovery]
    resources = {
        path: _feed(path, title, [p for p in in_rss if not sections or p[0].section in sections])
        for path, title, sections in FEEDS
    }
    resources["/rss"] = html_resource(pages.rss_index_page(_links(FEEDS)))
    return resources


def listings(pairs: list[Pair], most_read: tuple[Link, ...]) -> dict[str, Resource]:
    resources = {}
    for base, title, sections in LISTINGS:
        entries = [p for p in pairs if "listing" in p[0].discovery and p[0].section in sections]
        chunks = [
            entries[start : start + LISTING_PAGE_SIZE]
            for start in range(0, len(entries), LISTING_PAGE_SIZE)
        ] or [[]]
        crumbs: tuple[Link, ...] = (Link(ORIGIN + base, title),)
        if base.count("/") > 1:  # a sub-category: its parent comes first in the breadcrumb
            crumbs = (Link(f"{ORIGIN}/quoc-phong-an-ninh", "Quốc phòng - An ninh"), *crumbs)
        for number, chunk in enumerate(chunks, start=1):
            teasers = tuple(
                Teaser(
                    url=gold.url,
                    title=gold.title,
                    image=lead_image(gold),
                    date=spec.published.strftime("%d/%m/%Y %H:%M"),
                    summary=gold.summary,
                )
                for spec, gold in chunk
            )
            html = pages.listing_page(
                title,
                ORIGIN + base,
                crumbs,
                teasers,
                pages.pager(ORIGIN + base, number, len(chunks)),
                most_read,
            )
            path = base if number == 1 else f"{base}/p/{number}"
            resources[path] = html_resource(html)
    return resources


def home(most_read: tuple[Link, ...]) -> Resource:
    return html_resource(pages.home_page(_links(LISTINGS) + _links(FEEDS), most_read))


def _links(table: _Table) -> tuple[Link, ...]:
    """Links to the pages of a LISTINGS or FEEDS table."""
    return tuple(Link(ORIGIN + path, title) for path, title, _sections in table)
