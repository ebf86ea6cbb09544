"""A "not found" page served with 200 is told from an article: by what its headline or its
canonical link says, and only when it has no article body. Never on a real article."""

from __future__ import annotations

import pytest

from crawler.core.extraction.decode import decode_html
from crawler.core.follow.soft_removal import not_found_signal, soft_removal
from tests.support.real_news import real_pages

URL = "https://news.example.org/2026/03/14/story-123"


def _page(head: str, body: str) -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


NOTICE = "<p>The page you are looking for may have been removed. Go back home or search.</p>"


@pytest.mark.parametrize(
    ("page", "said"),
    [
        # A WordPress-style theme's 404 template, sent with 200 by a caching layer.
        (
            _page("<title>Page not found – Example News</title>", f"<h1>Oops!</h1>{NOTICE}"),
            "its title says 'Page not found – Example News'",
        ),
        (
            _page("<title>Example News</title>", f"<main><h1>404 - Not Found</h1>{NOTICE}</main>"),
            "its headline says '404 - Not Found'",
        ),
        (
            _page(
                '<meta property="og:title" content="This story is no longer available">',
                NOTICE,
            ),
            "its og:title says 'This story is no longer available'",
        ),
        (
            _page("<title>Lỗi 404 | Báo Mới</title>", "<p>Trang bạn tìm không tồn tại.</p>"),
            "its title says 'Lỗi 404 | Báo Mới'",
        ),
        (
            _page("<title>Tin tức</title>", "<h1>Bài viết không còn tồn tại</h1>"),
            "its headline says 'Bài viết không còn tồn tại'",
        ),
        # Nothing in words, but the page disowns the article: its canonical is the home page.
        (
            _page('<title>Example News</title><link rel="canonical" href="/">', NOTICE),
            "its canonical link is the home page",
        ),
        (
            _page('<meta property="og:url" content="https://news.example.org/">', ""),
            "its og:url is the home page",
        ),
    ],
)
def test_a_not_found_page_is_a_removal(page: str, said: str) -> None:
    assert not_found_signal(page, URL) == said
    assert soft_removal(page, URL, "", "") == (
        f"answered 200 with a page that is no article: {said}"
    )


def test_an_article_about_a_404_is_no_removal() -> None:
    body = " ".join(["The outage left readers with a page not found error for hours."] * 8)
    page = _page("<title>Page not found: how a CDN took down the ministry's site</title>", body)
    assert not_found_signal(page, URL) == ""  # a headline that only starts like a notice
    title = "Page not found: how a CDN took down the ministry's site"
    assert soft_removal(page, URL, title, body) == ""
    notice = _page("<title>Page not found | Example News</title>", body)
    assert not_found_signal(notice, URL)  # the headline reads as one...
    assert soft_removal(notice, URL, "Page not found", body) == ""  # ...but there is a body


@pytest.mark.parametrize(
    "headline",
    [
        "Missing sailors not found after storm",
        "Vẫn không tìm thấy nạn nhân mất tích",
        "Error in radar software delays launch",
        "Bài viết về 404 chiến sĩ",
        "Lỗi: hệ thống phòng không bắn nhầm mục tiêu",
        "Not found: the missing submarine",
        "Error: radar fault grounds jets",
    ],
)
def test_a_short_story_whose_headline_has_the_words_is_no_removal(headline: str) -> None:
    # A photo or video story may be short: its headline decides, and this one is a story's.
    page = _page(f"<title>{headline} - Example News</title>", f"<h1>{headline}</h1><p>Short.</p>")
    assert not_found_signal(page, URL) == ""
    assert soft_removal(page, URL, headline, "Short.") == ""


def test_a_broken_page_without_a_notice_is_no_removal() -> None:
    # A redesign the parser misses: no body found, nothing says "not found": drift, not gone.
    page = _page('<title>Story - Example News</title><link rel="canonical" href="' + URL + '">', "")
    assert soft_removal(page, URL, "", "") == ""
    # A short story on a template whose canonical is always the home page keeps its words.
    home = _page('<title>Story</title><link rel="canonical" href="/">', "<p>Short.</p>")
    assert soft_removal(home, URL, "Story", "Short.") == ""
    # Canonical to another host's root is not this site's home page.
    other = _page('<link rel="canonical" href="https://partner.example.com/">', "")
    assert soft_removal(other, URL, "", "") == ""


def test_no_real_article_reads_as_not_found() -> None:
    seen = 0
    for real in real_pages():
        page, _ = decode_html(real.body)
        text = "\n".join(real.gold["paragraphs"])
        assert not_found_signal(page, real.url) == "", real.url
        assert soft_removal(page, real.url, str(real.gold["title"]), text) == "", real.url
        seen += 1
    assert seen == 252


@pytest.mark.parametrize(
    "title",
    ["Error: Page not found", "Lỗi: Không tìm thấy trang", "QDND: Page not found",
     "Page not found : Example"],
)  # fmt: skip
def test_a_notice_beside_a_colon_is_read(title: str) -> None:
    page = _page(f"<title>{title}</title>", NOTICE)
    assert not_found_signal(page, URL) == f"its title says {title!r}"


def test_an_xhtml_notice_with_an_xml_declaration_is_read() -> None:
    page = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>404 Not Found</title></head>'
        "<body><p>Gone.</p></body></html>"
    )
    assert not_found_signal(page, URL) == "its title says '404 Not Found'"
