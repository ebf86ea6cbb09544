"""Sitemaps and feeds parsed safely; output file names that cannot leave the output folder."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from crawler.core.catalog.paths import OutputLayout, safe_stem
from crawler.core.extraction.feeds import parse_feed, parse_sitemap

NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://www.qdnd.vn/quoc-phong-an-ninh/tin-tuc/a-812001</loc>
    <lastmod>2025-01-16T10:00:00+07:00</lastmod>
    <news:news><news:publication><news:name>QĐND</news:name><news:language>vi</news:language>
      </news:publication><news:publication_date>2025-01-16T09:15:00+07:00</news:publication_date>
      <news:title>Lễ tiễn quân nhân</news:title></news:news>
    <image:image><image:loc>https://file3.qdnd.vn/a.jpg</image:loc></image:image>
  </url>
</urlset>""".encode()


def test_news_sitemap_keeps_dates_and_title() -> None:
    sitemap = parse_sitemap(NEWS_SITEMAP)
    assert not sitemap.is_index
    (entry,) = sitemap.entries
    assert entry.url.endswith("-812001")
    assert entry.modified == "2025-01-16T10:00:00+07:00"
    assert entry.published == "2025-01-16T09:15:00+07:00"
    assert entry.title == "Lễ tiễn quân nhân"


def test_sitemap_index_and_gzip() -> None:
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://www.qdnd.vn/sitemaps/0/2025-01.xml</loc></sitemap></sitemapindex>"""
    sitemap = parse_sitemap(gzip.compress(index))
    assert sitemap.is_index
    assert [e.url for e in sitemap.entries] == ["https://www.qdnd.vn/sitemaps/0/2025-01.xml"]


def test_entities_are_not_expanded() -> None:
    laughs = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://www.qdnd.vn/a/b-1&lol3;</loc></url><url><loc>&xxe;</loc></url></urlset>"""
    urls = [entry.url for entry in parse_sitemap(laughs).entries]
    assert all("lollol" not in url and "root:" not in url for url in urls)


def test_rss_and_atom() -> None:
    rss = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>
      <item><title>Tin một</title><link>https://www.qdnd.vn/chinh-tri/tin-tuc/tin-mot-812002</link>
      <description><![CDATA[<a href="x"><img src="y"/></a>Sapo]]></description>
      <pubDate>Thu, 16 Jan 2025 09:15:00 +0700</pubDate></item></channel></rss>""".encode()
    (item,) = parse_feed(rss)
    assert item.url.endswith("-812002")
    assert item.published == "2025-01-16T09:15:00+07:00"
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title>
      <link rel="alternate" href="https://breakingdefense.com/2024/06/x/"/>
      <updated>2024-06-01T12:00:00Z</updated></entry></feed>"""
    (entry,) = parse_feed(atom)
    assert entry.url == "https://breakingdefense.com/2024/06/x/"
    assert entry.modified == "2024-06-01T12:00:00+00:00"


def test_garbage_is_empty_not_an_error() -> None:
    assert parse_feed(b"\x00\x01 not xml") == ()
    assert parse_sitemap(b"<html><body>404</body></html>").entries == ()


@pytest.mark.parametrize(
    "url",
    [
        "https://www.qdnd.vn/../../../etc/passwd",
        "https://www.qdnd.vn/a/..%2F..%2Fetc%2Fpasswd",
        "https://www.qdnd.vn/a/%00/C:\\Windows\\x",
        "https://www.qdnd.vn/",
        "https://www.qdnd.vn/a/" + "x" * 500,
    ],
)
def test_file_names_stay_inside_the_output(tmp_path: Path, url: str) -> None:
    stem = safe_stem(url)
    assert stem and "/" not in stem and "\\" not in stem and ".." not in stem and len(stem) < 100
    path = OutputLayout(tmp_path).article("../../evil", "2025-01-16T09:15:00+07:00", url)
    assert path.resolve().is_relative_to(tmp_path.resolve())


def test_vietnamese_slug_is_folded() -> None:
    stem = safe_stem("https://www.qdnd.vn/a/Đắk-Nông-tiễn-quân-nhân-812001")
    assert stem.startswith("dak-nong-tien-quan-nhan-812001-")
