"""Page templates of the demo site: article, category listing, home, RSS index and 404 pages."""

from __future__ import annotations

import json

from crawler.demo import chrome
from crawler.demo.chrome import SITE_NAME
from crawler.demo.encoding import e
from crawler.demo.requisites import LOGO
from crawler.demo.spec import ORIGIN
from crawler.demo.views import ArticleView, Link, Teaser


def article_page(view: ArticleView) -> str:
    head = chrome.head(
        view.title, view.description, view.keywords, view.url, view.image, view.charset
    )
    if view.json_ld:
        head += f'<script type="application/ld+json">{view.json_ld}</script>\n'
    main = "\n".join(
        [
            chrome.breadcrumbs(view.crumbs),
            '<article class="post-detail">',
            (
                f'<div class="post-head">\n<h1 class="post-title">{e(view.title)}</h1>\n'
                f"{view.date_html}\n{_share_bar(view.url)}\n</div>"
            ),
            f'<div class="post-summary">{view.summary_html}</div>',
            chrome.inline_ad("div-gpt-ad-1573612345678-3"),
            '<div class="post-content">',
            f'<div itemprop="articleBody">{view.body_html}</div>',
            "</div>",
            _tags(view.tags),
            _share_bar(view.url),
            _related(view.related),
            _comments(view.comments),
            "</article>",
        ]
    )
    return chrome.document(head, main, chrome.sidebar(view.most_read))


def listing_page(
    title: str,
    url: str,
    crumbs: tuple[Link, ...],
    teasers: tuple[Teaser, ...],
    pager: str,
    most_read: tuple[Link, ...],
) -> str:
    head = chrome.head(
        f"{title} - {SITE_NAME}", f"{title} - tin tức mới nhất", title, url, "", "utf-8"
    )
    items = "\n".join(_teaser(teaser, first=index == 0) for index, teaser in enumerate(teasers))
    main = (
        f'{chrome.breadcrumbs(crumbs)}\n<h1 class="cate-title">{e(title)}</h1>\n'
        f'<div class="list-news-category">\n{items}\n</div>\n{pager}'
    )
    return chrome.document(head, main, chrome.sidebar(most_read))


def pager(base_url: str, current: int, total: int) -> str:
    """`div.ex_page` pager: the current page is `a.boxdv1.active` without href."""
    links = []
    for number in range(1, total + 1):
        if number == current:
            links.append(f'<a class="boxdv1 active">{number}</a>')
        else:
            href = base_url if number == 1 else f"{base_url}/p/{number}"
            links.append(f'<a class="boxdv1" href="{e(href)}">{number}</a>')
    if current < total:
        links.append(f'<a class="boxdv1 next" href="{e(base_url)}/p/{current + 1}">Trang sau</a>')
    return '<div class="ex_page">' + "".join(links) + "</div>"


def home_page(sections: tuple[Link, ...], most_read: tuple[Link, ...]) -> str:
    head = chrome.head(
        SITE_NAME, "Báo Quân đội nhân dân điện tử", "qdnd, quân đội", ORIGIN, "", "utf-8"
    )
    items = "".join(f"<li>{link.anchor()}</li>" for link in sections)
    main = f'<div class="home-sections"><h2>Chuyên mục</h2><ul>{items}</ul></div>'
    return chrome.document(head, main, chrome.sidebar(most_read))


def rss_index_page(feeds: tuple[Link, ...]) -> str:
    head = chrome.head(f"RSS - {SITE_NAME}", "Kênh RSS", "rss", f"{ORIGIN}/rss", "", "utf-8")
    rows = "".join(
        f'<li>{link.anchor()} <span class="rss-url">{e(link.url)}</span></li>' for link in feeds
    )
    main = (
        '<div class="rss-page"><h1 class="cate-title">Kênh RSS</h1>'
        "<p>Báo Quân đội nhân dân cung cấp kênh RSS cho các chuyên mục sau:</p>"
        f'<ul class="rss-list">{rows}</ul></div>'
    )
    return chrome.document(head, main, "")


def error_page() -> str:
    """Small qdnd-style 404 page (no mega menu: IIS serves a static error document)."""
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8" />'
        f"<title>Không tìm thấy trang - {SITE_NAME}</title>"
        "<style>body{font-family:Arial,sans-serif;color:#333;text-align:center;padding:60px}"
        "h1{color:#b30000}a{color:#1a5e20}</style></head><body>"
        f'<a href="{ORIGIN}"><img src="{LOGO}" '
        f'alt="{SITE_NAME}" /></a><h1>404 - Không tìm thấy trang</h1>'
        "<p>Trang bạn tìm không tồn tại hoặc đã bị xóa.</p>"
        f'<p><a href="{ORIGIN}">Quay về trang chủ</a></p></body></html>\n'
    )


def json_ld(data: dict[str, object]) -> str:
    """JSON-LD text safe inside <script>: no raw "</" sequence."""
    return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")


def _share_bar(url: str) -> str:
    quoted = e(url)
    return (
        '<div class="social-share"><span class="share-label">Chia sẻ:</span>'
        f'<a class="fb" href="https://www.facebook.com/sharer/sharer.php?u={quoted}" '
        'target="_blank" rel="nofollow">Facebook</a>'
        f'<a class="zalo zalo-share-button" data-href="{quoted}" data-layout="1" '
        'data-oaid="579745863508352884">Zalo</a>'
        '<a class="copy-link" href="javascript:void(0)" data-msg="Đã copy link chia sẻ">'
        "Link chia sẻ</a>"
        '<a class="embed-code" href="javascript:void(0)" data-msg="Đã copy mã nhúng">'
        "Mã nhúng</a>"
        '<a class="print" href="javascript:window.print()">In bài</a></div>'
    )


def _tags(tags: tuple[Link, ...]) -> str:
    links = ", ".join(
        f'<a itemprop="keywords" href="{e(link.url)}" title="{e(link.title)}">{e(link.title)}</a>'
        for link in tags
    )
    return f'<div class="post-tag"><span class="tag-title">Từ khóa:</span> {links}</div>'


def _related(related: tuple[Link, ...]) -> str:
    items = "".join(f"<li>{link.anchor()}</li>" for link in related)
    return (
        f'<div class="related-news"><h3 class="title-box">Tin liên quan</h3><ul>{items}</ul></div>'
    )


def _comments(comments: tuple[tuple[str, str], ...]) -> str:
    items = "".join(
        '<div class="comment-item"><p class="comment-name"><b>'
        f"{e(name)}</b> <span>17/01/2025</span></p>"
        f'<p class="comment-content">{e(text)}</p>'
        '<a class="reply" href="javascript:void(0)">Trả lời</a> '
        '<a class="like" href="javascript:void(0)">Thích</a></div>'
        for name, text in comments
    )
    return (
        '<div class="comment-box">'
        f'<h3 class="title-box">Ý kiến bạn đọc ({len(comments)})</h3>'
        f'<div class="comment_list">{items}</div>'
        '<form class="comment-form" action="javascript:void(0)" method="post">'
        '<textarea name="content" rows="4" placeholder="Ý kiến của bạn..."></textarea>'
        '<input type="text" name="fullname" placeholder="Họ và tên" />'
        '<input type="email" name="email" placeholder="Email" />'
        '<p class="note">Ý kiến của bạn sẽ được biên tập trước khi đăng. '
        "Xin vui lòng gõ tiếng Việt có dấu.</p>"
        '<button type="submit" class="btn-send">Gửi ý kiến</button></form></div>'
    )


def _teaser(teaser: Teaser, *, first: bool) -> str:
    css = "story featured" if first else "story"
    image = (
        f'<div class="article-thumbnail"><a href="{e(teaser.url)}" title="{e(teaser.title)}">'
        f'<img src="{e(teaser.image)}" alt="{e(teaser.title)}" /></a></div>'
    )
    return (
        f'<article class="{css}">{image}'
        f"<h3>{Link(teaser.url, teaser.title).anchor()}</h3>"
        f'<p class="hidden-xs pubdate">{e(teaser.date)}</p>'
        f'<p class="hidden-xs">{e(teaser.summary)}</p></article>'
    )
