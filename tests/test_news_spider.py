"""NewsSpider carries out the link-admission verdicts (crawler.core.discovery.admission): the
requests it makes, the coverage, the counters and the failures, for one sitemap answer.
A component test: Scrapy's get_crawler, a response built in memory, no server."""

from __future__ import annotations

from pathlib import Path

from scrapy.http import Request, XmlResponse
from scrapy.utils.test import get_crawler

from crawler.runtime import meta
from crawler.spiders.news import NewsSpider

MIRROR = "http://127.0.0.1:8080"
SITE = "https://www.qdnd.vn"
SITEMAP = f"{SITE}/sitemap.xml"
LONG = f"{SITE}/chinh-tri/{'x' * 200}-9"
ENTRIES = [
    f"{SITE}/chinh-tri/tin-tuc/bai-1",
    f"{SITE}/chinh-tri/tin-tuc/bai-1?utm_source=rss",  # the same article again
    f"{SITE}/chinh-tri",  # a section, not an article
    "https://cdn.example/chinh-tri/tin-tuc/bai-2",  # another host
    LONG,  # over URLLENGTH_LIMIT
    f"{SITE}/quoc-phong/bai-3",
    f"{SITE}/quoc-phong/bai-4",  # past --max-articles 2
]


def _sitemap(urls: list[str]) -> bytes:
    locs = "".join(
        f"<url><loc>{url}</loc><lastmod>2025-03-04T08:00:00+00:00</lastmod></url>" for url in urls
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'
    ).encode()


def test_one_sitemap_answer_is_followed_and_accounted_for(tmp_path: Path) -> None:
    settings = {"CATALOG_ENABLED": False, "OUTPUT_DIR": str(tmp_path), "URLLENGTH_LIMIT": 150}
    crawler = get_crawler(NewsSpider, settings)
    spider = NewsSpider.from_crawler(crawler, site="qdnd", base_url=MIRROR, max_articles="2")
    spider.coverage.source(SITEMAP, "sitemap", profile=True)
    url = f"{MIRROR}/sitemap.xml"
    request = Request(url, meta={meta.COVERAGE: SITEMAP, meta.COVERAGE_KIND: "sitemap"})
    answer = XmlResponse(url, body=_sitemap(ENTRIES), request=request)

    requests = list(spider.parse_sitemap(answer))

    # Two articles, on the mirror, within the budget; each told where it was listed.
    assert [r.url for r in requests] == [
        f"{MIRROR}/chinh-tri/tin-tuc/bai-1",
        f"{MIRROR}/quoc-phong/bai-3",
    ]
    assert requests[0].meta[meta.KIND] == "article"
    assert requests[0].meta[meta.LISTED_BY] == SITEMAP
    assert requests[0].meta[meta.REVALIDATE] is False  # new, not due: fetched whole
    assert requests[0].callback == spider.parse_article
    assert requests[0].errback == spider.on_error
    # Every entry ends in exactly one outcome.
    source = spider.coverage.get(SITEMAP)
    assert source is not None
    counts = (source.listed, source.new, source.elsewhere, source.not_article, source.off_site)
    assert counts == (7, 2, 1, 1, 1)
    assert source.limit == 2  # the long URL and the one past the budget
    assert source.rejected_urls == [
        f"{SITE}/chinh-tri",
        "https://cdn.example/chinh-tri/tin-tuc/bai-2",
    ]
    # The long URL is a failure in words; the budget makes the run partial.
    assert [f["url"] for f in spider.failures] == [f"{MIRROR}/chinh-tri/{'x' * 200}-9"]
    assert "over the 150 limit (URLLENGTH_LIMIT)" in spider.failures[0]["reason"]
    assert spider.partial
    assert spider.admission.left_out == 1
    stats = crawler.stats
    assert stats is not None
    assert stats.get_value("discovery/sitemap") == 2
    assert stats.get_value("coverage/url_too_long") == 1
    # The sitemap's dates are kept under the site's URL, for the fetch log.
    assert spider.source_date(f"{MIRROR}/chinh-tri/tin-tuc/bai-1") == "2025-03-04T08:00:00+00:00"

    # The same sitemap read again (a second child listing the same URLs): nothing new.
    again = list(spider.parse_sitemap(XmlResponse(url, body=_sitemap(ENTRIES), request=request)))
    assert again == []
    assert stats.get_value("coverage/url_too_long") == 1  # said once per URL
    assert len(spider.failures) == 1
