"""The demo www.qdnd.vn: deterministic build, page sizes, discovery truth, encodings, server."""

from __future__ import annotations

import gzip
import hashlib
import http.client
import json
import re
import struct
import unicodedata
import urllib.robotparser
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from typing import Self
from urllib.parse import quote, urljoin, urlsplit

import pytest
from lxml import etree, html
from selenium.webdriver.remote.webdriver import WebDriver

from crawler.core.sites import extract
from crawler.demo.changes import new_article
from crawler.demo.requisites import localize
from crawler.demo.server import DemoServer
from crawler.demo.site import ORIGIN, DemoArticle, DemoSite, Resource, article_html, build_site
from crawler.demo.spec import dt
from tests.support.browser import start_chromium

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SOURCES = ("sitemap", "rss", "listing")


@pytest.fixture(scope="module")
def site() -> DemoSite:
    return build_site()


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with DemoServer() as running:
        yield running


def _path(url: str) -> str:
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == ORIGIN, url
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _as_served(site: DemoSite, path: str, base_url: str) -> bytes:
    """The built resource as a server at base_url sends it: photo hosts rewritten in pages."""
    return localize(site.resources[path], base_url).body


def _article(site: DemoSite, article_id: int) -> DemoArticle:
    return next(a for a in site.articles if a.article_id == article_id)


# ---------------------------------------------------------------------------------------------
# Discovery sources, parsed the way a crawler would


def _sitemap_urls(site: DemoSite) -> tuple[set[str], set[str]]:
    """(article URLs, sitemap resource paths) reachable from robots.txt's Sitemap line."""
    robots = site.resources["/robots.txt"].body.decode()
    pending = [_path(line.split(":", 1)[1].strip()) for line in robots.splitlines()
               if line.startswith("Sitemap:")]  # fmt: skip
    urls: set[str] = set()
    seen: set[str] = set()
    while pending:
        path = pending.pop()
        seen.add(path)
        root = etree.fromstring(site.resources[path].body)
        if root.tag.endswith("sitemapindex"):
            pending.extend(
                _path(loc)
                for loc in root.xpath("//sm:sitemap/sm:loc/text()", namespaces=SITEMAP_NS)
            )
        else:
            urls.update(root.xpath("//sm:url/sm:loc/text()", namespaces=SITEMAP_NS))
    return urls, seen


def _feed_paths(site: DemoSite) -> list[str]:
    index = html.fromstring(site.resources["/rss"].body)
    return [_path(href) for href in index.xpath("//ul[@class='rss-list']//a/@href")]


def _rss_urls(site: DemoSite) -> set[str]:
    urls: set[str] = set()
    for path in _feed_paths(site):
        root = etree.fromstring(site.resources[path].body)
        urls.update(root.xpath("//item/link/text()"))
    return urls


def _listing_pages(site: DemoSite) -> list[str]:
    """Every listing page reachable from the category roots through the ex_page pager."""
    pending = ["/quoc-phong-an-ninh/tin-tuc", "/chinh-tri", "/quoc-te"]
    seen: list[str] = []
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.append(path)
        doc = html.fromstring(site.resources[path].body)
        pending.extend(_path(href) for href in doc.xpath("//div[@class='ex_page']/a/@href"))
    return seen


def _listing_urls(site: DemoSite) -> set[str]:
    urls: set[str] = set()
    for path in _listing_pages(site):
        doc = html.fromstring(site.resources[path].body)
        urls.update(doc.xpath("//div[@class='list-news-category']/article/h3/a/@href"))
    return urls


# ---------------------------------------------------------------------------------------------
# Build


def test_build_is_deterministic() -> None:
    first = build_site.__wrapped__()
    second = build_site.__wrapped__()
    assert first.resources.keys() == second.resources.keys()
    for path, resource in first.resources.items():
        assert resource == second.resources[path], path
    assert first.articles == second.articles
    assert build_site() is build_site()  # cached


def test_article_pages_weigh_like_the_real_site(site: DemoSite) -> None:
    assert 18 <= len(site.articles) <= 24
    for article in site.articles:
        size = len(site.resources[article.path].body)
        assert 60_000 <= size <= 100_000, (article.article_id, size)
        assert article_html(article) == site.resources[article.path].body


def test_article_urls_follow_the_qdnd_pattern(site: DemoSite) -> None:
    ids = [a.article_id for a in site.articles]
    assert len(set(ids)) == len(ids)
    for article in site.articles:
        assert article.url == ORIGIN + article.path
        assert article.path.endswith(f"-{article.article_id}")
        assert article.path == article.path.lower() and " " not in article.path
    eras = {a.era for a in site.articles}
    assert eras == {"2020", "2021", "2025"}
    assert sum(a.era == "2025" for a in site.articles) >= 14


def test_discovery_flags_match_the_resources(site: DemoSite) -> None:
    found = {
        "sitemap": _sitemap_urls(site)[0],
        "rss": _rss_urls(site),
        "listing": _listing_urls(site),
    }
    for article in site.articles:
        actual = frozenset(source for source in SOURCES if article.url in found[source])
        assert actual == article.discovery, article.article_id
    for source in SOURCES:
        exclusive = [a for a in site.articles if a.discovery == {source}]
        assert len(exclusive) >= 2, source
    assert sum(len(a.discovery) >= 2 for a in site.articles) >= 10


def test_exclusive_articles_are_linked_from_their_source_only(site: DemoSite) -> None:
    sitemap_paths = _sitemap_urls(site)[1]
    source_paths = {
        "sitemap": sitemap_paths,
        "rss": set(_feed_paths(site)),
        "listing": set(_listing_pages(site)),
    }
    for article in site.articles:
        if len(article.discovery) != 1:
            continue
        (source,) = article.discovery
        allowed = source_paths[source] | {article.path}
        needle = article.url.encode("ascii")
        leaks = [p for p, r in site.resources.items() if p not in allowed and needle in r.body]
        assert leaks == [], (article.article_id, leaks)


def test_disallowed_page_is_blocked_by_robots_and_still_linked(site: DemoSite) -> None:
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(site.resources["/robots.txt"].body.decode().splitlines())
    disallowed = [a for a in site.articles if a.disallowed]
    assert len(disallowed) == 1
    assert disallowed[0].path.startswith("/video/")
    assert disallowed[0].discovery == {"sitemap", "listing"}
    for article in site.articles:
        assert robots.can_fetch("*", article.url) is not article.disallowed
    assert robots.site_maps() == [f"{ORIGIN}/sitemaps/pid/feed-0.xml"]


def test_sitemaps_and_feeds_have_the_real_shapes(site: DemoSite) -> None:
    top = site.resources["/sitemaps/0/top300article.xml"].body.decode()
    assert 'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"' in top
    assert "<image:loc>" in top and "+07:00</lastmod>" in top
    assert "/sitemaps/0/2025-01.xml" in site.resources
    feed = site.resources["/rss/cate/tin-tuc-moi-nhat.rss"]
    assert feed.content_type == "application/rss+xml; charset=utf-8"
    root = etree.fromstring(feed.body)
    item = root.find("channel/item")
    assert item is not None
    assert item.findtext("pubDate", "").endswith("+0700")
    assert item.findtext("description", "").startswith('<a href="https://www.qdnd.vn/')
    assert "<img src=" in item.findtext("description", "")
    assert b"<![CDATA[" in feed.body


def test_listing_markup(site: DemoSite) -> None:
    pages = _listing_pages(site)
    assert {"/quoc-phong-an-ninh/tin-tuc/p/2", "/quoc-phong-an-ninh/tin-tuc/p/3"} <= set(pages)
    doc = html.fromstring(site.resources["/quoc-phong-an-ninh/tin-tuc"].body)
    article = doc.xpath("//div[contains(@class, 'list-news-category')]/article")[0]
    assert article.xpath("./div[@class='article-thumbnail']//img/@src")
    assert article.xpath("./p[contains(@class, 'pubdate')]/text()")[0][2] == "/"
    assert doc.xpath("//div[@class='ex_page']/a[contains(@class, 'active')]/text()") == ["1"]


# ---------------------------------------------------------------------------------------------
# Gold


def test_seed_gold_matches_the_seed_text(site: DemoSite) -> None:
    from crawler.demo.site import DATA

    seed = (DATA / "seed-711953.txt").read_text(encoding="utf-8")
    blocks = [" ".join(b.replace("\xa0", " ").split()) for b in seed.split("\n\n")]
    body = [b for b in blocks if b and not b.startswith("leftcenterrightdel")]
    article = _article(site, 711953)
    assert article.paragraphs == tuple(body[:-1])
    assert article.credit == body[-1] == "Tin, ảnh: HUY PHONG - SƠN BÌNH"
    assert article.authors == ("HUY PHONG", "SƠN BÌNH")
    assert [i.caption for i in article.images][2] == "Các địa biểu dự hội nghị."
    assert article.published == "2022-10-27T09:45:00+07:00"
    assert article.section == ("Quốc phòng - An ninh", "Tin tức")
    page = site.resources[article.path].body.decode()
    assert "<span>left</span><span>center</span><span>right</span><span>del</span>" in page


def test_gold_is_normalised_and_free_of_boilerplate(site: DemoSite) -> None:
    for article in site.articles:
        texts = [article.title, article.summary, article.credit, *article.paragraphs]
        for text in texts:
            assert text == unicodedata.normalize("NFC", text)
            assert "\xa0" not in text and "  " not in text and text == text.strip()
        assert article.paragraphs and article.title and article.summary and article.credit
        assert not article.summary.startswith("QĐND")
        joined = article.text
        assert "leftcenterrightdel" not in joined
        assert "Mời bạn đọc" not in joined and "Mời  bạn" not in joined
        assert article.credit not in article.paragraphs
        for image in article.images:
            assert image.url.startswith("https://file") and " " not in image.url
            assert not image.caption or image.caption not in article.paragraphs
        assert article.published.endswith("+07:00")


def test_gold_details_the_extractor_must_meet(site: DemoSite) -> None:
    world = _article(site, 812152)
    assert "* Iran trang bị tàu do thám Zagros" in world.paragraphs
    assert world.credit == "QUỲNH OANH (tổng hợp)"
    assert ("Tàu do thám Zagros của Iran.", "IRNA") in [(i.caption, i.credit) for i in world.images]
    tables = [p for a in site.articles for p in a.paragraphs if " | " in p]
    assert tables == [
        (
            "Sản phẩm | Kế hoạch năm 2024 | Thực hiện năm 2024\nRau, củ, quả (tấn) | 180 | 212\n"
            "Thịt hơi các loại (tấn) | 45 | 51,6\nCá (tấn) | 12 | 14,3"
        )
    ]
    assert _article(site, 686722).credit == "Tin, ảnh : VIỆT HÀ"
    assert _article(site, 739208).images[0].credit == "vtv.vn"
    spaced = _article(site, 812201).images[2]
    assert spaced.url.endswith("/k%202.jpg?dpi=150&quality=100&w=870")
    old = _article(site, 614530)
    assert (old.images[0].caption, old.images[0].credit) == ("Toàn cảnh phiên bế mạc.", "TTXVN")
    assert old.modified == ""


def test_era_markup(site: DemoSite) -> None:
    for article in site.articles:
        raw = site.resources[article.path].body
        text = raw.decode("cp1258") if article.encoding == "windows-1258" else raw.decode()
        doc = html.fromstring(unicodedata.normalize("NFC", text))
        assert doc.xpath("//div[@class='post-content']/div[@itemprop='articleBody']")
        assert doc.xpath("//link[@rel='canonical']/@href") == [article.url]
        crumbs = doc.xpath("//a[@rel='v:url'][@property='v:title']/text()")
        assert tuple(crumbs) == article.section
        tags = doc.xpath("//div[@class='post-tag']/a[@itemprop='keywords']/text()")
        assert tuple(tags) == article.tags
        ld = doc.xpath("//script[@type='application/ld+json']/text()")
        if article.era == "2020":
            assert ld == []
            assert doc.xpath("//div[@class='post-summary']/h2/text()")[0].startswith("QĐND")
            assert doc.xpath("//span[@class='post-subinfo']/text()")
        else:
            data = json.loads(ld[0])
            assert data["datePublished"] == article.published
            assert data["dateModified"] == article.modified
            assert doc.xpath("//p[@class='logo-online']/text()")[0] == article.summary
        if article.era == "2025":
            assert doc.xpath("//div[@class='post-head']/div[@class='post-date']")
            assert b"&agrave;" in raw or b"&aacute;" in raw
            assert not doc.xpath("//table[contains(@class, 'imgEditor')]")
        if article.era == "2021":
            assert doc.xpath("//span[@class='post-subinfo']/span/text()")
            assert doc.xpath("//tr[@class='alt_imgEditor']")
        box = doc.xpath("//div[contains(@class, 'most-read')]//a")
        assert len(box) == 10


def test_windows_1258_page(site: DemoSite) -> None:
    (article,) = [a for a in site.articles if a.encoding == "windows-1258"]
    resource = site.resources[article.path]
    assert resource.content_type == "text/html; charset=windows-1258"
    with pytest.raises(UnicodeDecodeError):
        resource.body.decode("utf-8")
    decoded = resource.body.decode("cp1258")
    assert article.title not in decoded  # tone marks are combining characters on the wire
    text = unicodedata.normalize("NFC", decoded)
    assert article.title in text
    assert '<meta charset="windows-1258" />' in text


def test_mislabelled_page(site: DemoSite) -> None:
    (article,) = [a for a in site.articles if a.encoding == "utf-8-mislabelled"]
    resource = site.resources[article.path]
    assert resource.content_type == "text/html; charset=iso-8859-1"
    text = resource.body.decode("utf-8")
    assert '<meta charset="utf-8" />' in text and article.title in text


# ---------------------------------------------------------------------------------------------
# Server


def _request(
    server: DemoServer, path: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[http.client.HTTPResponse, bytes]:
    host, port = urlsplit(server.base_url).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        return response, response.read()
    finally:
        conn.close()


def test_server_identity_and_gzip_only_when_asked(server: DemoServer, site: DemoSite) -> None:
    article = site.articles[0]
    plain, body = _request(server, article.path)
    assert plain.status == 200 and body == _as_served(site, article.path, server.base_url)
    assert plain.getheader("Content-Encoding") is None
    assert plain.getheader("Server") == "Microsoft-IIS/10.0"
    assert plain.getheader("Date") and plain.getheader("Cache-Control") == "private"
    assert plain.getheader("Content-Length") == str(len(body))
    zipped, packed = _request(server, article.path, headers={"Accept-Encoding": "gzip, deflate"})
    assert zipped.getheader("Content-Encoding") == "gzip"
    assert zipped.getheader("Vary") == "Accept-Encoding"
    assert len(packed) < len(body) and gzip.decompress(packed) == body


def test_server_head_and_404(server: DemoServer, site: DemoSite) -> None:
    head, body = _request(server, "/robots.txt", method="HEAD")
    assert head.status == 200 and body == b""
    assert head.getheader("Content-Length") == str(len(site.resources["/robots.txt"].body))
    missing, page = _request(server, "/khong-co-trang-nay-123")
    assert missing.status == 404 and b"404" in page
    assert missing.getheader("Content-Type") == "text/html; charset=utf-8"


def test_rss_cookie_gate(server: DemoServer) -> None:
    first, _ = _request(server, "/rss")
    assert first.status == 302 and first.getheader("Location") == "/rss"
    cookies = first.headers.get_all("Set-Cookie") or []
    assert len(cookies) == 2
    assert cookies[0].startswith("ASP.NET_SessionId=") and "HttpOnly" in cookies[0]
    assert cookies[1].startswith("qdnd_session=1")
    jar = "; ".join(cookie.split(";", 1)[0] for cookie in cookies)
    index, page = _request(server, "/rss", headers={"Cookie": jar})
    assert index.status == 200 and b"/rss/cate/tin-tuc-moi-nhat.rss" in page
    gated, _ = _request(server, "/rss/cate/tin-tuc-moi-nhat.rss")
    assert gated.status == 302 and gated.getheader("Location") == "/rss"
    feed, xml = _request(server, "/rss/cate/tin-tuc-moi-nhat.rss", headers={"Cookie": jar})
    assert feed.status == 200 and xml.startswith(b"<?xml")


def test_add_and_remove_at_run_time(server: DemoServer) -> None:
    before = len(server.requests)
    server.add("/tam-thoi", Resource(200, "text/plain; charset=utf-8", b"xin chao"))
    response, body = _request(server, "/tam-thoi", headers={"User-Agent": "demo-test"})
    assert response.status == 200 and body == b"xin chao"
    server.remove("/tam-thoi")
    assert _request(server, "/tam-thoi")[0].status == 404
    logged = server.requests[before]
    assert (logged.method, logged.path) == ("GET", "/tam-thoi")
    assert logged.headers["user-agent"] == "demo-test"
    assert "/tam-thoi" not in build_site().resources  # the cached site is never mutated


def test_server_start_stop_on_a_fresh_port() -> None:
    server = DemoServer(port=0).start()
    try:
        assert server.base_url.startswith("http://127.0.0.1:")
        assert _request(server, "/robots.txt")[0].status == 200
    finally:
        server.stop()
    server.stop()  # idempotent


# ---------------------------------------------------------------------------------------------
# Conditional GET and a site that changes at run time

FEED = "/rss/cate/tin-tuc-moi-nhat.rss"
QPAN_FEED = "/rss/cate/quoc-phong-an-ninh-3424.rss"
TOP = "/sitemaps/0/top300article.xml"
JANUARY = "/sitemaps/0/2025-01.xml"
INDEX = "/sitemaps/pid/feed-0.xml"
QPAN_LISTING = "/quoc-phong-an-ninh/tin-tuc"
SESSION = {"Cookie": "qdnd_session=1"}


class _Client:
    """One keep-alive connection, as a crawler holds it: 304s must not break it."""

    def __init__(self, server: DemoServer) -> None:
        self.base_url = server.base_url
        host, port = urlsplit(server.base_url).netloc.split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=10)

    def get(
        self, path: str, method: str = "GET", **headers: str
    ) -> tuple[http.client.HTTPResponse, bytes]:
        self.conn.request(
            method, path, headers={k.replace("_", "-"): v for k, v in headers.items()}
        )
        response = self.conn.getresponse()
        return response, response.read()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.conn.close()

    def etag(self, path: str, **headers: str) -> str:
        response, _ = self.get(path, **headers)
        assert response.status == 200, path
        return response.getheader("ETag", "")


@pytest.fixture
def client(server: DemoServer) -> Iterator[_Client]:
    with _Client(server) as client:
        yield client


def _assert_not_modified(response: http.client.HTTPResponse, body: bytes, etag: str) -> None:
    assert response.status == 304 and body == b""
    assert response.getheader("ETag") == etag
    assert response.getheader("Last-Modified") and response.getheader("Date")
    assert response.getheader("Content-Length") in (None, "0")
    assert response.getheader("Content-Type") is None


def _urlset(client: _Client, path: str) -> list[tuple[str, str]]:
    """(loc, lastmod) of each <url>, in document order."""
    response, body = client.get(path)
    assert response.status == 200
    root = etree.fromstring(body)
    return [
        (url.findtext("sm:loc", "", SITEMAP_NS), url.findtext("sm:lastmod", "", SITEMAP_NS))
        for url in root.iterfind("sm:url", SITEMAP_NS)
    ]


def test_every_200_carries_validators_from_its_content(client: _Client, site: DemoSite) -> None:
    article = _article(site, 812201)  # published 2025-01-16 10:30, modified 15 minutes later
    cases = {
        article.path: "Thu, 16 Jan 2025 03:45:00 GMT",
        TOP: "Thu, 16 Jan 2025 10:12:00 GMT",  # the video page's lastmod, the newest listed
        INDEX: "Thu, 16 Jan 2025 10:12:00 GMT",
        FEED: "Thu, 16 Jan 2025 08:40:00 GMT",  # the newest item's pubDate
    }
    for path, last_modified in cases.items():
        response, body = client.get(path, **SESSION)
        assert response.status == 200 and body == _as_served(site, path, client.base_url)
        expected = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        assert response.getheader("ETag") == expected, path
        assert response.getheader("Last-Modified") == last_modified, path
    home, _ = client.get("/")  # no date of its own: when the server set it
    assert parsedate_to_datetime(home.getheader("Last-Modified", "")).year >= 2025
    missing, _ = client.get("/khong-co-trang-nay-123")
    assert missing.getheader("ETag") is None and missing.getheader("Last-Modified") is None
    gated, _ = client.get(FEED)
    assert gated.status == 302 and gated.getheader("ETag") is None


def test_matching_if_none_match_gets_304_on_one_keep_alive_connection(
    client: _Client, site: DemoSite
) -> None:
    article = _article(site, 812201)
    for path in (TOP, FEED, article.path):
        etag = client.etag(path, **SESSION)
        _assert_not_modified(*client.get(path, If_None_Match=etag, **SESSION), etag)
        weak_in_a_list = f'"nope", W/{etag}'
        _assert_not_modified(*client.get(path, If_None_Match=weak_in_a_list, **SESSION), etag)
        head = client.get(path, "HEAD", If_None_Match=etag, **SESSION)
        _assert_not_modified(*head, etag)
        _assert_not_modified(*client.get(path, If_None_Match="*", **SESSION), etag)
        # A stale validator: the full body, on the same connection after the 304s.
        response, body = client.get(path, If_None_Match='"0123456789abcdef"', **SESSION)
        assert response.status == 200 and body == _as_served(site, path, client.base_url)
    # The gzipped variant has the same ETag (a documented simplification) and revalidates.
    etag = client.etag(article.path)
    zipped, _ = client.get(article.path, Accept_Encoding="gzip")
    assert zipped.getheader("Content-Encoding") == "gzip"
    assert zipped.getheader("ETag") == etag
    _assert_not_modified(
        *client.get(article.path, If_None_Match=etag, Accept_Encoding="gzip"), etag
    )
    # The cookie gate comes first: no session, no feed and no 304.
    assert client.get(FEED, If_None_Match=client.etag(FEED, **SESSION))[0].status == 302


def test_if_modified_since(client: _Client, site: DemoSite) -> None:
    for path in (TOP, FEED, "/robots.txt"):
        response, _ = client.get(path, **SESSION)
        last_modified = response.getheader("Last-Modified", "")
        moment = parsedate_to_datetime(last_modified)
        etag = response.getheader("ETag", "")
        _assert_not_modified(*client.get(path, If_Modified_Since=last_modified, **SESSION), etag)
        later = format_datetime(moment + timedelta(days=1), usegmt=True)
        _assert_not_modified(*client.get(path, If_Modified_Since=later, **SESSION), etag)
        earlier = format_datetime(moment - timedelta(seconds=1), usegmt=True)
        response, body = client.get(path, If_Modified_Since=earlier, **SESSION)
        assert response.status == 200 and body == _as_served(site, path, client.base_url)
        # If-None-Match decides when sent: a stale ETag beats a fresh date.
        stale = client.get(path, If_None_Match='"stale"', If_Modified_Since=later, **SESSION)
        assert stale[0].status == 200
        assert client.get(path, If_Modified_Since="not a date", **SESSION)[0].status == 200


def test_publish_serves_and_lists_a_new_article(site: DemoSite) -> None:
    spec = new_article(
        900101,
        "Lữ đoàn 171 diễn tập bảo vệ vùng biển đảo",
        ["Sáng 17-1, Lữ đoàn 171 tổ chức diễn tập.", "Cuộc diễn tập đạt kết quả tốt."],
        published=dt("2025-01-17 09:30"),
    )
    url = ORIGIN + spec.path
    with DemoServer(site) as server, _Client(server) as client:
        before = {path: client.etag(path, **SESSION) for path in (TOP, INDEX, FEED, QPAN_LISTING)}
        assert client.get(spec.path)[0].status == 404
        assert server.publish(spec) == spec.path

        page, body = client.get(spec.path)
        assert page.status == 200 and "Cuộc diễn tập đạt kết quả tốt" in body.decode()
        assert page.getheader("Last-Modified") == "Fri, 17 Jan 2025 02:30:00 GMT"
        for path in (TOP, JANUARY):
            assert _urlset(client, path)[0] == (url, "2025-01-17T09:30:00+07:00")
        index = etree.fromstring(client.get(INDEX)[1])
        assert (
            index.findtext("sm:sitemap/sm:lastmod", "", SITEMAP_NS) == "2025-01-17T09:30:00+07:00"
        )
        for feed in (FEED, QPAN_FEED):
            items = etree.fromstring(client.get(feed, **SESSION)[1]).findall("channel/item")
            assert items[0].findtext("link") == url, feed
        listing = html.fromstring(client.get(QPAN_LISTING)[1])
        first = listing.xpath("//div[@class='list-news-category']/article/h3/a/@href")[0]
        assert first == url
        for path, old_etag in before.items():  # these really changed: old validators fail
            response, _ = client.get(path, If_None_Match=old_etag, **SESSION)
            assert response.status == 200 and response.getheader("ETag") != old_etag, path
        assert client.get(TOP, If_Modified_Since="Thu, 16 Jan 2025 10:12:00 GMT")[0].status == 200
        assert server.articles[0].article_id == 900101
        with pytest.raises(ValueError, match="already"):
            server.publish(spec)
    assert spec.path not in build_site().resources and spec.path not in site.resources


def test_revise_changes_the_body_and_the_sitemap_lastmod(site: DemoSite) -> None:
    article = _article(site, 812201)
    url = ORIGIN + article.path
    addendum = "Cập nhật: đơn vị đã hoàn thành việc tiếp nhận quân nhân xuất ngũ."
    with DemoServer(site) as server, _Client(server) as client:
        old_etag = client.etag(article.path)
        old_january = client.etag(JANUARY)
        server.revise(article.path, addendum, modified=dt("2025-01-20 08:00"))

        response, body = client.get(article.path, If_None_Match=old_etag)
        assert response.status == 200 and response.getheader("ETag") != old_etag
        assert response.getheader("Last-Modified") == "Mon, 20 Jan 2025 01:00:00 GMT"
        text = " ".join(html.fromstring(body).xpath("//div[@itemprop='articleBody']//text()"))
        assert addendum in text
        assert "2025-01-20T08:00:00+07:00" in body.decode()  # JSON-LD dateModified
        (gold,) = [a for a in server.articles if a.article_id == article.article_id]
        assert gold.paragraphs == (*article.paragraphs, addendum)
        assert gold.credit == article.credit and gold.modified == "2025-01-20T08:00:00+07:00"
        for path in (TOP, JANUARY):
            lastmods = dict(_urlset(client, path))
            assert lastmods[url] == "2025-01-20T08:00:00+07:00", path
        index = etree.fromstring(client.get(INDEX)[1])
        january = index.xpath(
            "//sm:sitemap[sm:loc[contains(., '2025-01')]]/sm:lastmod/text()",
            namespaces=SITEMAP_NS,
        )
        assert january == ["2025-01-20T08:00:00+07:00"]
        assert client.get(JANUARY, If_None_Match=old_january)[0].status == 200

        # Default modified time: now, UTC+7; an older page in windows-1258 works too.
        (old,) = [a for a in site.articles if a.encoding == "windows-1258"]
        server.revise(old.path, "Bổ sung: hội nghị đã bế mạc.")
        response, body = client.get(old.path)
        assert "Bổ sung: hội nghị đã bế mạc." in unicodedata.normalize("NFC", body.decode("cp1258"))
        revised_at = parsedate_to_datetime(response.getheader("Last-Modified", ""))
        assert abs(revised_at - datetime.now(UTC)) < timedelta(minutes=1)
        with pytest.raises(KeyError):
            server.revise("/khong-co-bai-nay-1", addendum)
    assert build_site().articles == site.articles  # the cached site is untouched


def test_resources_without_a_date_move_their_last_modified_on_change(site: DemoSite) -> None:
    with DemoServer(site) as server, _Client(server) as client:
        response, _ = client.get(QPAN_LISTING)
        last_modified = response.getheader("Last-Modified", "")
        server.publish(new_article(900102, "Tin mới trong ngày", ["Nội dung tin mới."]))
        # Even within the same second, a change moves Last-Modified past the old value.
        changed, _ = client.get(QPAN_LISTING, If_Modified_Since=last_modified)
        assert changed.status == 200
        moved = parsedate_to_datetime(changed.getheader("Last-Modified", ""))
        assert moved > parsedate_to_datetime(last_modified)
        # Untouched resources keep their validators.
        robots = client.get("/robots.txt", If_Modified_Since=last_modified)
        assert robots[0].status == 304


# ---------------------------------------------------------------------------------------------
# Page requisites: photos, stylesheet, font, logo, favicon (crawler.demo.requisites)

PHOTO_HOSTS = (b"file3.qdnd.vn", b"file.qdnd.vn")
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def _png_size(body: bytes) -> tuple[int, int]:
    """Decode a PNG as a viewer would (8-bit RGB/RGBA, any filter): every chunk's CRC, the
    zlib stream and each scanline's filter; (width, height). Fails on anything else."""
    assert body[:8] == b"\x89PNG\r\n\x1a\n", body[:8]
    at, chunks = 8, []
    while at < len(body):
        (length,) = struct.unpack(">I", body[at : at + 4])
        kind, data = body[at + 4 : at + 8], body[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", body[at + 8 + length : at + 12 + length])
        assert len(data) == length and zlib.crc32(kind + data) == crc, kind
        chunks.append((kind, data))
        at += 12 + length
    assert chunks[0][0] == b"IHDR" and chunks[-1] == (b"IEND", b"")
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert depth == 8 and colour in (2, 6) and interlace == 0
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(data for kind, data in chunks if kind == b"IDAT"))
    stride = width * channels
    assert len(raw) == height * (stride + 1)
    previous = bytearray(stride)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        assert kind <= 4, f"row {y}: filter {kind}"
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up, corner = previous[x], previous[x - channels] if x >= channels else 0
            guess = (0, left, up, (left + up) // 2, _paeth(left, up, corner))[kind] if kind else 0
            line[x] = (line[x] + guess) & 0xFF
        previous = line
    return width, height


def _paeth(left: int, up: int, corner: int) -> int:
    estimate = left + up - corner
    near = min((abs(estimate - v), i) for i, v in enumerate((left, up, corner)))[1]
    return (left, up, corner)[near]


def _assert_image(response: http.client.HTTPResponse, body: bytes, url: str) -> tuple[int, int]:
    assert response.status == 200, url
    kind = response.getheader("Content-Type")
    if kind == "image/x-icon":  # ICONDIR, one entry, its PNG
        count, size, offset = struct.unpack("<H", body[4:6])[0], *struct.unpack("<II", body[14:22])
        assert body[:4] == b"\x00\x00\x01\x00" and count == 1 and offset + size == len(body)
        return _png_size(body[offset:])
    assert kind == "image/png", (url, kind)
    width, height = _png_size(body)
    assert 0 < width <= 400 and 0 < height <= 400 and len(body) < 8_000, (url, len(body))
    return width, height


def _get(server: DemoServer, url: str, **headers: str) -> tuple[http.client.HTTPResponse, bytes]:
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == server.base_url, url
    path = quote(parts.path, safe="/%") + (f"?{parts.query}" if parts.query else "")
    return _request(server, path, headers={k.replace("_", "-"): v for k, v in headers.items()})


def _requisites(page: bytes, page_url: str, base_url: str) -> dict[str, set[str]]:
    """What a browser loads for a page, by kind, as absolute URLs: images (img, video poster,
    og:image, url() in inline CSS, the favicon), stylesheets, video sources. Links on the
    real origin are mapped onto base_url, as the crawler maps them."""
    doc = html.fromstring(page)

    def absolute(url: str) -> str:
        url = url.strip()
        if url.startswith(ORIGIN + "/"):
            url = base_url + url[len(ORIGIN) :]
        return urljoin(page_url, url)

    inline_css = " ".join(doc.xpath("//style/text()"))
    images = [
        *doc.xpath("//img/@src"),
        *doc.xpath("//video/@poster"),
        *doc.xpath("//meta[@property='og:image']/@content"),
        *doc.xpath("//link[contains(@rel, 'icon')]/@href"),
        *_CSS_URL.findall(inline_css),
    ]
    return {
        "images": {absolute(url) for url in images},
        "stylesheets": {absolute(u) for u in doc.xpath("//link[@rel='stylesheet']/@href")},
        "videos": {absolute(url) for url in doc.xpath("//video/source/@src")},
    }


def _html_paths(site: DemoSite) -> list[str]:
    return [p for p, r in site.resources.items() if r.content_type.startswith("text/html")]


def test_every_requisite_of_every_served_page_is_a_real_file(
    server: DemoServer, site: DemoSite
) -> None:
    seen: dict[str, tuple[int, int]] = {}
    stylesheets: set[str] = set()
    videos: set[str] = set()
    for path in _html_paths(site):
        page_url = server.base_url + path
        response, page = _get(server, page_url, **SESSION)
        assert response.status == 200, path
        assert not any(host in page for host in PHOTO_HOSTS), path  # no photo off the server
        found = _requisites(page, page_url, server.base_url)
        for url in found["images"] - seen.keys():
            seen[url] = _assert_image(*_get(server, url), url)
        stylesheets |= found["stylesheets"]
        videos |= found["videos"]
        article = next((a for a in site.articles if a.path == path), None)
        if article is not None:  # its photos and the chrome's logo, on this server
            photos = {u for u in found["images"] if "/data/images/" in u}
            assert len(photos) >= len({i.url for i in article.images}) >= 1, path
            assert server.base_url + "/App_Themes/qdnd/images/logo.png" in found["images"]
    assert seen[server.base_url + "/App_Themes/qdnd/images/logo.png"] == (320, 80)
    # The photos differ from each other: a crawl deduplicating by digest keeps them all.
    # (One photo may be named with and without its query, a space raw or escaped: one path.)
    photos = {quote(urlsplit(url).path, safe="/%") for url in seen if "/data/images/" in url}
    bodies = {_request(server, path)[1] for path in photos}
    assert len(bodies) == len(photos) >= 80
    # The video page's video is not served (a video is megabytes); its poster is, above.
    assert videos and all(_get(server, url)[0].status == 404 for url in videos)

    (stylesheet,) = stylesheets
    response, css = _get(server, stylesheet)
    assert (
        response.status == 200 and response.getheader("Content-Type") == "text/css; charset=utf-8"
    )
    assert response.getheader("ETag") and response.getheader("Last-Modified")
    referenced = {urljoin(stylesheet, url) for url in _CSS_URL.findall(css.decode("utf-8"))}
    assert len(referenced) >= 4 and len(css) < 2_000
    for url in referenced:
        answer, body = _get(server, url)
        if url.endswith(".woff2"):
            assert answer.status == 200 and answer.getheader("Content-Type") == "font/woff2"
            assert body[:4] == b"wOF2" and int.from_bytes(body[8:12], "big") == len(body)
        else:
            _assert_image(answer, body, url)


def test_a_photo_is_found_whatever_its_query_the_same_bytes_and_revalidates(
    server: DemoServer, site: DemoSite
) -> None:
    article = _article(site, 711953)
    image = article.images[1]  # as the gold and the built page name it
    assert image.url.startswith("https://file3.qdnd.vn/data/images/") and "?" in image.url
    path = image.url.split("qdnd.vn", 1)[1].replace("&amp;", "&")
    first, body = _request(server, path)
    plain, again = _request(server, path.split("?", 1)[0])
    assert first.status == plain.status == 200 and body == again
    etag = first.getheader("ETag", "")
    assert etag == '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
    assert first.getheader("Last-Modified") == "Wed, 26 Oct 2022 17:00:00 GMT"  # its path's day
    _assert_not_modified(*_request(server, path, headers={"If-None-Match": etag}), etag)
    since = {"If-Modified-Since": first.getheader("Last-Modified", "")}
    _assert_not_modified(*_request(server, path, headers=since), etag)
    zipped, packed = _request(server, path, headers={"Accept-Encoding": "gzip"})
    assert zipped.getheader("ETag") == etag and gzip.decompress(packed) == body
    # Another server, another port: the same bytes and validators (deterministic).
    with DemoServer() as other:
        response, same = _request(other, path)
        assert same == body and response.getheader("ETag") == etag
    # A name with a space, as a client sends it.
    spaced = next(i for a in site.articles for i in a.images if "%20" in i.url)
    answer, photo = _request(server, spaced.url.split("qdnd.vn", 1)[1])
    assert answer.status == 200 and _png_size(photo)
    assert _request(server, "/data/images/0/2025/01/16/khong-co-anh-nay.jpg")[0].status == 404


def test_served_pages_differ_from_the_build_only_in_their_photo_host(
    server: DemoServer, site: DemoSite
) -> None:
    own = server.base_url.encode() + b"/"
    for path in _html_paths(site):
        built = site.resources[path].body
        _, plain = _request(server, path, headers=SESSION)
        _, packed = _request(server, path, headers={"Accept-Encoding": "gzip", **SESSION})
        expected = built.replace(b"https://file3.qdnd.vn/", own).replace(
            b"https://file.qdnd.vn/", own
        )
        assert plain == expected == gzip.decompress(packed), path
        assert server.lookup(path).body == plain
    legacy = next(a for a in site.articles if a.encoding == "windows-1258")
    page = server.lookup(legacy.path)
    assert page.content_type == "text/html; charset=windows-1258" and own in page.body
    assert legacy.title in unicodedata.normalize("NFC", page.body.decode("cp1258"))


def test_the_served_pages_extract_to_the_gold_with_photos_on_the_server(
    server: DemoServer, site: DemoSite
) -> None:
    for gold in site.articles:
        served = server.lookup(gold.path)
        got = extract(served.body, gold.url, content_type=served.content_type)
        assert (got.title, got.summary, got.text, got.credit) == (
            gold.title, gold.summary, gold.text, gold.credit
        )  # fmt: skip
        assert (got.published, got.authors, got.tags) == (
            gold.published, list(gold.authors), list(gold.tags)
        )  # fmt: skip
        want = [
            (re.sub(r"^https://file3?\.qdnd\.vn", server.base_url, i.url), i.caption, i.credit)
            for i in gold.images
        ]
        assert [(i.url, i.caption, i.credit) for i in got.images] == want, gold.path


def test_a_published_article_s_photo_is_served(site: DemoSite) -> None:
    spec = new_article(900301, "Ảnh mới của bài mới", ["Một đoạn văn đủ dài cho bài báo."])
    with DemoServer(site) as server:
        path = server.publish(spec)
        _, page = _request(server, path)
        (src,) = [u for u in html.fromstring(page).xpath("//img/@src") if "/data/images/" in u]
        assert src.startswith(server.base_url + "/data/images/0/") and "900301.jpg" in src
        response, photo = _get(server, src)
        assert _assert_image(response, photo, src) == (320, 200)


# What a browser decodes: every photo and image of the page, the stylesheet's rules and the
# footer's background image from it. Image.decode() loads each image whatever `loading=lazy`.
_IN_THE_BROWSER = """
const done = arguments[arguments.length - 1];
const urls = new Set([...document.images].map((img) => img.src));
document.querySelectorAll('video[poster]').forEach((video) => urls.add(video.poster));
const sheet = [...document.styleSheets].find((s) => (s.href || '').endsWith('/site.css'));
const footer = getComputedStyle(document.querySelector('footer.footer')).backgroundImage;
Promise.all([...urls].map((url) => {
  const image = new Image();
  image.src = url;
  return image.decode().then(() => [url, image.naturalWidth], () => [url, 0]);
})).then((sizes) => {
  const logo = document.querySelector('.logo img');  // decoded above: its pixels are known
  const canvas = document.createElement('canvas');
  canvas.width = logo.naturalWidth;
  canvas.height = logo.naturalHeight;
  const context = canvas.getContext('2d');
  context.drawImage(logo, 0, 0);
  const middle = [...context.getImageData(160, 40, 1, 1).data];
  done({sizes: sizes, rules: sheet ? sheet.cssRules.length : -1, footer, middle});
});
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    driver = start_chromium(eager=True)  # the pages' ad and analytics scripts never load here
    try:
        yield driver
    finally:
        driver.quit()


def test_chromium_shows_every_photo_and_applies_the_stylesheet(
    server: DemoServer, site: DemoSite, browser: WebDriver
) -> None:
    # One page per layout era and encoding, the video page (its poster), and a listing.
    picked = {next(a.path for a in site.articles if a.era == era) for era in ("2020", "2021")}
    picked |= {a.path for a in site.articles if a.encoding == "windows-1258"}
    picked |= {_article(site, 812280).path, _article(site, 812201).path, QPAN_LISTING}
    for path in picked:
        browser.get(server.base_url + path)
        result = browser.execute_async_script(_IN_THE_BROWSER)
        sizes = dict(result["sizes"])
        assert sizes and all(width > 0 for width in sizes.values()), (path, sizes)
        assert all(url.startswith(server.base_url + "/") for url in sizes), path
        assert any("/data/images/" in url for url in sizes), path
        assert result["rules"] >= 5, path
        assert "/App_Themes/qdnd/images/bg-footer.png" in result["footer"], path
        assert result["middle"] == [0xC9, 0xA2, 0x27, 255], path  # the logo's gold band
