"""What a page needs to be seen as it was, found in markup written the many ways sites write it
(crawler.core.archive.requisites)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from crawler.core.archive.requisites import (
    IMAGE,
    article_photos,
    css_references,
    fetchable,
    page_requisites,
)
from crawler.core.article import Article, Image
from crawler.core.catalog.catalog import Catalog
from crawler.core.catalog.image_captures import image_key, site_form

BASE = "https://news.example/world/2026/story.html"

PAGE = b"""<!doctype html><html><head>
<meta charset="utf-8">
<meta name="twitter:image" content="/media/lead-card.jpg">
<link rel="stylesheet" href="/css/site.css?v=3">
<link rel="preload" as="font" href="https://cdn.example/f/icons.woff2" crossorigin>
<link rel="shortcut icon" href="/favicon.ico">
<link rel="alternate" type="application/rss+xml" href="/feed.xml">
<link rel="canonical" href="https://news.example/story">
<script src="//cdn.example/js/app.js"></script>
<script>var inline = 1;</script>
<style>.hero{background:url('../img/hero.webp')} @import "print.css";</style>
</head><body style="background-image: url(/img/paper.png)">
<img src="data:image/gif;base64,R0lGOD" data-src="/img/lazy.jpg" alt="">
<picture><source srcset="/img/p-800.avif 800w, /img/p-1600.avif 1600w" type="image/avif">
<img src="/img/p.jpg" srcset="/img/p-2x.jpg 2x"></picture>
<video poster="/img/poster.jpg"><source src="/v/clip.mp4"></video>
<a href="/other-story.html">not loaded by the page</a>
<img src="javascript:alert(1)"><img src="#top"><img src="">
</body></html>"""


def test_a_page_loads_its_stylesheets_scripts_icons_images_and_their_candidates() -> None:
    found = {r.url: r.what for r in page_requisites(PAGE, BASE, "utf-8")}
    assert found == {
        "https://news.example/css/site.css?v=3": "stylesheet",
        "https://cdn.example/f/icons.woff2": "font",
        "https://news.example/favicon.ico": "icon",
        "https://cdn.example/js/app.js": "script",
        "https://news.example/world/img/hero.webp": "image",  # relative to the page
        "https://news.example/world/2026/print.css": "stylesheet",
        "https://news.example/img/paper.png": "image",
        "https://news.example/img/lazy.jpg": "image",
        "https://news.example/img/p-800.avif": "image",  # every candidate: replay picks one
        "https://news.example/img/p-1600.avif": "image",
        "https://news.example/img/p.jpg": "image",
        "https://news.example/img/p-2x.jpg": "image",
        "https://news.example/img/poster.jpg": "image",
        "https://news.example/v/clip.mp4": "source",
    }
    # Not loaded by a browser showing the page: a feed, the canonical link, a plain link.
    assert not {u for u in found if "feed" in u or u.endswith(("/story", "other-story.html"))}


def test_srcset_urls_with_commas_in_them_stay_whole() -> None:
    page = (
        b'<html><body><img srcset="https://img.example/c/w_300,h_200/a.jpg 300w, '
        b'https://img.example/c/w_600,h_400/a.jpg 600w,/b.jpg, /c.jpg 2x">'
    )
    assert [r.url for r in page_requisites(page, BASE, None)] == [
        "https://img.example/c/w_300,h_200/a.jpg",
        "https://img.example/c/w_600,h_400/a.jpg",
        "https://news.example/b.jpg",
        "https://news.example/c.jpg",
    ]


def test_a_base_element_moves_what_relative_urls_mean() -> None:
    page = b'<html><head><base href="https://static.example/s/"></head><body><img src="a.png">'
    assert [r.url for r in page_requisites(page, BASE, None)] == ["https://static.example/s/a.png"]


def test_an_articles_photos_are_its_images_and_its_lead_picture_each_once() -> None:
    article = Article(
        url=BASE,
        site="x",
        images=[
            Image("https://news.example/img/p.jpg", "A caption"),
            Image("/img/second.jpg"),
            Image("https://news.example/img/p.jpg#again"),
        ],
    )
    photos = article_photos(article, PAGE, "utf-8")
    assert [(p.url, p.kind, p.what) for p in photos] == [
        ("https://news.example/media/lead-card.jpg", IMAGE, "lead picture"),
        ("https://news.example/img/p.jpg", IMAGE, "photo"),
        ("https://news.example/img/second.jpg", IMAGE, "photo"),
    ]


def test_an_open_graph_picture_comes_before_a_twitter_card() -> None:
    page = (
        b'<html><head><meta name="twitter:image" content="/t.jpg">'
        b'<meta property="og:image" content="/og.jpg"></head><body></body></html>'
    )
    photos = article_photos(Article(url=BASE, site="x"), page, None)
    # Document order decides: the first picture the page names as its own.
    assert [p.url for p in photos] == ["https://news.example/t.jpg"]


def test_a_stylesheet_loads_fonts_backgrounds_and_imports() -> None:
    css = b"""@font-face{src:url("../fonts/a.woff2") format("woff2"),url(../fonts/a.woff)}
    .x{background:URL( 'img/b.png' )} @import url(more.css); @import 'other.css';
    .y{background:url(data:image/png;base64,AAAA)} .z{behavior:url(#default#VML)}"""
    assert css_references(css, "https://cdn.example/css/site.css") == [
        "https://cdn.example/fonts/a.woff2",
        "https://cdn.example/fonts/a.woff",
        "https://cdn.example/css/img/b.png",
        "https://cdn.example/css/more.css",
        "https://cdn.example/css/other.css",
    ]


def test_only_http_urls_are_fetchable() -> None:
    assert fetchable("mailto:a@b.c", BASE) == ""
    assert fetchable("ftp://x.example/a.png", BASE) == ""
    assert fetchable("http://[::1", BASE) == ""
    assert fetchable(" /a.png#frag ", BASE) == "https://news.example/a.png"


def test_a_page_that_is_not_html_gives_nothing() -> None:
    assert page_requisites(b"", BASE, None) == []
    assert page_requisites(b"\x00\x01\x02", BASE, None) == []


def test_a_photo_is_keyed_as_the_fetch_log_files_it() -> None:
    """The photos table, export and the web view find a photo by the key the fetch log filed
    its request under: escaped as a request URL is, on the site's own origin when it is on an
    alias domain or on the mirror its article was crawled from; a CDN host stays itself."""
    live = {"site": "qdnd", "url": "https://www.qdnd.vn/a-1"}
    assert site_form(live, "https://qdnd.vn/img/a b.jpg?w=3&h=2") == (
        "https://www.qdnd.vn/img/a%20b.jpg?w=3&h=2"  # the query keeps its order to be fetched
    )
    assert image_key(live, "https://qdnd.vn/img/a b.jpg?w=3&h=2") == (
        "https://www.qdnd.vn/img/a%20b.jpg?h=2&w=3"
    )
    assert site_form(live, "https://file3.qdnd.vn/i.jpg") == "https://file3.qdnd.vn/i.jpg"
    mirror = {"site": "qdnd", "url": "http://127.0.0.1:9/a-1"}
    assert site_form(mirror, "http://127.0.0.1:9/data/i.jpg") == "https://www.qdnd.vn/data/i.jpg"
    assert site_form({"site": "nope", "url": "x"}, "http://h/ä.jpg") == "http://h/%C3%A4.jpg"


def test_a_failure_never_undoes_an_archived_photo(tmp_path: Path) -> None:
    with Catalog(tmp_path / "catalog.sqlite") as catalog:
        catalog.want("qdnd", "k", "https://www.qdnd.vn/i.jpg")
        catalog.settle("k", "archived", final_key="k2")
        catalog.settle("k", "failed", "DNSLookupError")  # refetched later, host down
        assert catalog.photo("k") == ("archived", "k2", "")
        assert catalog.owed("qdnd", timedelta(0), 10) == ([], 0)
        catalog.want("qdnd", "m", "https://www.qdnd.vn/m.jpg")
        catalog.settle("m", "failed", "HTTP 404")
        assert catalog.owed("qdnd", timedelta(days=7), 10) == ([], 0)  # not yet: retried later
        over = timedelta(seconds=-5)  # a retry period already over (times have whole seconds)
        assert catalog.owed("qdnd", over, 10)[0] == ["https://www.qdnd.vn/m.jpg"]
