"""The cluster's shared seen-set: what counts as the same request."""

from __future__ import annotations

from scrapy.http import Request

from crawler.cluster.codec import seen_key
from crawler.runtime import meta

PAGE = "https://www.qdnd.vn/quoc-phong-an-ninh/tin-tuc/bai-viet-711953"


def test_a_page_is_one_entry_however_its_url_is_dressed() -> None:
    assert seen_key(Request(PAGE)) == seen_key(Request(PAGE + "/?utm_source=x#top"))


def test_a_requisite_never_takes_a_page_s_place() -> None:
    # A page that preloads an article: asked for as a requisite first, the article must still
    # be fetched as a page when a sitemap lists it (and the other way round).
    requisite = Request(PAGE, meta={meta.REQUISITE: "preload", meta.KIND: "requisite"})
    assert seen_key(requisite) != seen_key(Request(PAGE))
    assert seen_key(requisite) == seen_key(Request(PAGE, meta={meta.REQUISITE: "image"}))
