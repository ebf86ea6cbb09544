"""HTML chrome of the demo www.qdnd.vn: head, mega menu, sidebar, footer and page templates.

The chrome is SYNTHETIC but modelled on the verified qdnd.vn selectors (SITES.md §2.3, §2.5):
`div.main-menu > ul > li` with `a[title]`, RDFa breadcrumbs, `div.post-head`, `div.post-summary`,
`div.post-content > div[itemprop="articleBody"]`, `div.post-tag a[itemprop="keywords"]`,
`div.comment_list`, listing `div.list-news-category article` and pager `div.ex_page`. It is bulky
on purpose (inline CSS, scripts, ad slots) so article pages weigh 60-100 KB like the real ones.
Links keep the real origin; the crawler maps it onto the local server.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape

ORIGIN = "https://www.qdnd.vn"
SITE_NAME = "Báo Quân đội nhân dân"
# The day the demo "was crawled": the header shows it, deterministic on purpose.
TODAY_LABEL = "Thứ sáu, 17/01/2025"


@dataclass(frozen=True)
class Link:
    url: str
    title: str


@dataclass(frozen=True)
class Teaser:
    """One item of a category listing."""

    url: str
    title: str
    image: str
    date: str  # "16/01/2025 09:15"
    summary: str


@dataclass(frozen=True)
class ArticleView:
    """Everything an article page template needs, already era-specific where it matters."""

    url: str
    title: str
    description: str
    keywords: str
    image: str
    charset: str
    json_ld: str
    crumbs: tuple[Link, ...]
    date_html: str
    summary_html: str
    body_html: str
    tags: tuple[Link, ...]
    related: tuple[Link, ...]
    most_read: tuple[Link, ...]
    comments: tuple[tuple[str, str], ...]


# Top categories of SITES.md §2.1 with plausible sub-menus.
MENU: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "chinh-tri",
        "Chính trị",
        (
            ("tin-tuc", "Tin tức"),
            ("xay-dung-dang", "Xây dựng Đảng"),
            ("binh-luan-phe-phan", "Bình luận - Phê phán"),
            ("hoc-tap-va-lam-theo-bac", "Học tập và làm theo Bác"),
            ("doi-ngoai", "Đối ngoại"),
        ),
    ),
    (
        "quoc-phong-an-ninh",
        "Quốc phòng - An ninh",
        (
            ("tin-tuc", "Tin tức"),
            ("xay-dung-quan-doi", "Xây dựng quân đội"),
            ("bien-dao-que-huong", "Biển đảo quê hương"),
            ("quoc-phong-toan-dan", "Quốc phòng toàn dân"),
            ("an-ninh-trat-tu", "An ninh trật tự"),
            ("chien-si-moi", "Chiến sĩ mới"),
            ("ky-thuat-hau-can", "Kỹ thuật - Hậu cần"),
        ),
    ),
    (
        "da-phuong-tien",
        "Đa phương tiện",
        (
            ("video", "Video"),
            ("anh", "Ảnh"),
            ("infographics", "Infographics"),
            ("longform", "Longform"),
            ("podcast", "Podcast"),
        ),
    ),
    (
        "bao-ve-nen-tang-tu-tuong-cua-dang",
        "Bảo vệ nền tảng tư tưởng của Đảng",
        (
            ("tin-tuc", "Tin tức"),
            ("nhan-dien-phe-phan", "Nhận diện - Phê phán"),
            ("bai-viet", "Bài viết"),
        ),
    ),
    (
        "phong-chong-dien-bien-hoa-binh",
        "Phòng, chống diễn biến hòa bình",
        (("tin-tuc", "Tin tức"), ("binh-luan", "Bình luận")),
    ),
    (
        "kinh-te",
        "Kinh tế",
        (
            ("tin-tuc", "Tin tức"),
            ("cac-van-de", "Các vấn đề"),
            ("thi-truong", "Thị trường"),
            ("doanh-nghiep", "Doanh nghiệp"),
            ("kinh-te-quoc-phong", "Kinh tế quốc phòng"),
        ),
    ),
    (
        "xa-hoi",
        "Xã hội",
        (
            ("tin-tuc", "Tin tức"),
            ("cac-van-de", "Các vấn đề"),
            ("lao-dong-viec-lam", "Lao động - Việc làm"),
            ("moi-truong", "Môi trường"),
            ("nguoi-tot-viec-tot", "Người tốt việc tốt"),
        ),
    ),
    (
        "van-hoa",
        "Văn hóa",
        (
            ("tin-tuc", "Tin tức"),
            ("doi-song", "Đời sống"),
            ("van-hoc-nghe-thuat", "Văn học - Nghệ thuật"),
            ("dien-anh", "Điện ảnh"),
            ("am-nhac", "Âm nhạc"),
        ),
    ),
    (
        "phong-su-dieu-tra",
        "Phóng sự - Điều tra",
        (("phong-su", "Phóng sự"), ("dieu-tra", "Điều tra"), ("ghi-chep", "Ghi chép")),
    ),
    (
        "giao-duc-khoa-hoc",
        "Giáo dục - Khoa học",
        (
            ("giao-duc", "Giáo dục"),
            ("khoa-hoc", "Khoa học"),
            ("chuyen-doi-so", "Chuyển đổi số"),
            ("tuyen-sinh", "Tuyển sinh"),
        ),
    ),
    (
        "phap-luat",
        "Pháp luật",
        (
            ("tin-tuc", "Tin tức"),
            ("ban-doc-hoi-luat-su-tra-loi", "Bạn đọc hỏi - Luật sư trả lời"),
            ("an-ninh-trat-tu", "An ninh trật tự"),
        ),
    ),
    (
        "ban-doc",
        "Bạn đọc",
        (("thu-ban-doc", "Thư bạn đọc"), ("hop-thu", "Hộp thư"), ("phan-hoi", "Phản hồi")),
    ),
    (
        "y-te",
        "Y tế",
        (("tin-tuc", "Tin tức"), ("suc-khoe", "Sức khỏe"), ("quan-y", "Quân y")),
    ),
    (
        "the-thao",
        "Thể thao",
        (
            ("bong-da", "Bóng đá"),
            ("the-thao-quan-doi", "Thể thao quân đội"),
            ("the-thao-quoc-te", "Thể thao quốc tế"),
        ),
    ),
    (
        "quoc-te",
        "Quốc tế",
        (
            ("tin-tuc", "Tin tức"),
            ("quan-su-the-gioi", "Quân sự thế giới"),
            ("binh-luan-quoc-te", "Bình luận quốc tế"),
            ("ho-so-tu-lieu", "Hồ sơ - Tư liệu"),
        ),
    ),
    (
        "du-lich",
        "Du lịch",
        (("diem-den", "Điểm đến"), ("am-thuc", "Ẩm thực")),
    ),
    ("cung-ban-luan", "Cùng bàn luận", (("dien-dan", "Diễn đàn"),)),
)


def e(value: str) -> str:
    """Escape for element text and double-quoted attributes."""
    return escape(value, quote=True)


# ---------------------------------------------------------------------------------------------
# Page templates


def article_page(view: ArticleView) -> str:
    head = _head(view.title, view.description, view.keywords, view.url, view.image, view.charset)
    if view.json_ld:
        head += f'<script type="application/ld+json">{view.json_ld}</script>\n'
    main = "\n".join(
        [
            _breadcrumbs(view.crumbs),
            '<article class="post-detail">',
            (
                f'<div class="post-head">\n<h1 class="post-title">{e(view.title)}</h1>\n'
                f"{view.date_html}\n{_share_bar(view.url)}\n</div>"
            ),
            f'<div class="post-summary">{view.summary_html}</div>',
            _inline_ad("div-gpt-ad-1573612345678-3"),
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
    return _document(head, main, _sidebar(view.most_read))


def listing_page(
    title: str,
    url: str,
    crumbs: tuple[Link, ...],
    teasers: tuple[Teaser, ...],
    pager: str,
    most_read: tuple[Link, ...],
) -> str:
    head = _head(f"{title} - {SITE_NAME}", f"{title} - tin tức mới nhất", title, url, "", "utf-8")
    items = "\n".join(_teaser(teaser, first=index == 0) for index, teaser in enumerate(teasers))
    main = (
        f'{_breadcrumbs(crumbs)}\n<h1 class="cate-title">{e(title)}</h1>\n'
        f'<div class="list-news-category">\n{items}\n</div>\n{pager}'
    )
    return _document(head, main, _sidebar(most_read))


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
    head = _head(SITE_NAME, "Báo Quân đội nhân dân điện tử", "qdnd, quân đội", ORIGIN, "", "utf-8")
    items = "".join(
        f'<li><a href="{e(link.url)}" title="{e(link.title)}">{e(link.title)}</a></li>'
        for link in sections
    )
    main = f'<div class="home-sections"><h2>Chuyên mục</h2><ul>{items}</ul></div>'
    return _document(head, main, _sidebar(most_read))


def rss_index_page(feeds: tuple[Link, ...]) -> str:
    head = _head(f"RSS - {SITE_NAME}", "Kênh RSS", "rss", f"{ORIGIN}/rss", "", "utf-8")
    rows = "".join(
        f'<li><a href="{e(link.url)}" title="{e(link.title)}">{e(link.title)}</a>'
        f' <span class="rss-url">{e(link.url)}</span></li>'
        for link in feeds
    )
    main = (
        '<div class="rss-page"><h1 class="cate-title">Kênh RSS</h1>'
        "<p>Báo Quân đội nhân dân cung cấp kênh RSS cho các chuyên mục sau:</p>"
        f'<ul class="rss-list">{rows}</ul></div>'
    )
    return _document(head, main, "")


def error_page() -> str:
    """Small qdnd-style 404 page (no mega menu: IIS serves a static error document)."""
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8" />'
        f"<title>Không tìm thấy trang - {SITE_NAME}</title>"
        "<style>body{font-family:Arial,sans-serif;color:#333;text-align:center;padding:60px}"
        "h1{color:#b30000}a{color:#1a5e20}</style></head><body>"
        f'<a href="{ORIGIN}"><img src="{ORIGIN}/App_Themes/qdnd/images/logo.png" '
        f'alt="{SITE_NAME}" /></a><h1>404 - Không tìm thấy trang</h1>'
        "<p>Trang bạn tìm không tồn tại hoặc đã bị xóa.</p>"
        f'<p><a href="{ORIGIN}">Quay về trang chủ</a></p></body></html>\n'
    )


# ---------------------------------------------------------------------------------------------
# Building blocks


def _document(head: str, main: str, sidebar: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="vi" xmlns="http://www.w3.org/1999/xhtml">\n<head>\n'
        f"{head}</head>\n<body>\n"
        '<div id="fb-root"></div>\n'
        f"{_top_bar()}\n{_header()}\n{_main_menu()}\n"
        '<div class="container main-content"><div class="row">\n'
        f'<div class="col-md-8 col-sm-12 col-main">\n{main}\n</div>\n'
        f'<div class="col-md-4 col-sm-12 sidebar">\n{sidebar}\n</div>\n'
        "</div></div>\n"
        f"{_footer()}\n{_BODY_SCRIPTS}\n</body>\n</html>\n"
    )


def _head(title: str, description: str, keywords: str, url: str, image: str, charset: str) -> str:
    og_image = image or f"{ORIGIN}/App_Themes/qdnd/images/og-default.jpg"
    return (
        f'<meta charset="{charset}" />\n'
        '<meta http-equiv="X-UA-Compatible" content="IE=edge" />\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'
        f"<title>{e(title)}</title>\n"
        f'<meta name="description" content="{e(description)}" />\n'
        f'<meta name="keywords" content="{e(keywords)}" />\n'
        '<meta name="robots" content="index, follow" />\n'
        '<meta name="copyright" content="Báo Quân đội nhân dân" />\n'
        f'<meta property="og:site_name" content="{SITE_NAME}" />\n'
        '<meta property="og:type" content="article" />\n'
        f'<meta property="og:title" content="{e(title)}" />\n'
        f'<meta property="og:description" content="{e(description)}" />\n'
        f'<meta property="og:url" content="{e(url)}" />\n'
        f'<meta property="og:image" content="{e(og_image)}" />\n'
        '<meta property="fb:app_id" content="1500638256898005" />\n'
        f'<link rel="canonical" href="{e(url)}" />\n'
        f'<link rel="shortcut icon" href="{ORIGIN}/favicon.ico" />\n'
        f"<style>{_CSS}</style>\n{_HEAD_SCRIPTS}\n"
    )


def _top_bar() -> str:
    return (
        '<div class="top-bar"><div class="container">'
        f'<span class="today">{TODAY_LABEL}</span>'
        '<ul class="top-links">'
        '<li><a href="https://en.qdnd.vn" title="English">English</a></li>'
        '<li><a href="https://cn.qdnd.vn" title="中文">中文</a></li>'
        '<li><a href="https://lo.qdnd.vn" title="ລາວ">ລາວ</a></li>'
        '<li><a href="https://km.qdnd.vn" title="ខ្មែរ">ខ្មែរ</a></li>'
        '<li><a href="https://media.qdnd.vn" title="Truyền hình QPVN">Truyền hình</a></li>'
        f'<li><a href="{ORIGIN}/rss" title="RSS">RSS</a></li>'
        "</ul></div></div>"
    )


def _header() -> str:
    return (
        '<header class="header"><div class="container"><div class="row">'
        f'<div class="col-md-4 logo"><a href="{ORIGIN}" title="{SITE_NAME}">'
        f'<img src="{ORIGIN}/App_Themes/qdnd/images/logo.png" alt="{SITE_NAME}" '
        'width="320" height="80" /></a></div>'
        '<div class="col-md-5 banner-top"><div id="div-gpt-ad-1573612345678-0" '
        'class="ad-slot ad-728x90"></div></div>'
        '<div class="col-md-3 header-tools">'
        f'<form class="search-form" action="{ORIGIN}/search" method="get">'
        '<input type="text" name="q" placeholder="Tìm kiếm..." />'
        '<button type="submit" class="btn-search"><i class="fa fa-search"></i></button></form>'
        '<p class="hotline">Đường dây nóng: <b>069.558.100</b></p>'
        "</div></div></div></header>"
    )


def _main_menu() -> str:
    items = []
    for slug, name, subs in MENU:
        sub_items = "".join(
            f'<li><a href="{ORIGIN}/{slug}/{sub}" title="{e(sub_name)}">{e(sub_name)}</a></li>'
            for sub, sub_name in subs
        )
        items.append(
            f'<li class="menu-item menu-{slug}"><a href="{ORIGIN}/{slug}" title="{e(name)}">'
            f'{e(name)}</a><div class="sub-menu-wrap"><ul class="sub-menu">{sub_items}</ul>'
            f'<a class="view-all" href="{ORIGIN}/{slug}" title="{e(name)}">Xem tất cả</a>'
            "</div></li>"
        )
    return (
        '<nav class="navbar"><div class="container"><div class="main-menu"><ul>'
        f'<li class="menu-home"><a href="{ORIGIN}" title="Trang chủ">'
        '<i class="fa fa-home"></i></a></li>' + "".join(items) + "</ul></div></div></nav>"
    )


def _breadcrumbs(crumbs: tuple[Link, ...]) -> str:
    # The home link carries no RDFa, so the first v:title is the category (SITES.md §2.3).
    parts = [f'<a href="{ORIGIN}" class="home" title="Trang chủ"><i class="fa fa-home"></i></a>']
    parts.extend(
        f'<span typeof="v:Breadcrumb"><a href="{e(link.url)}" rel="v:url" '
        f'property="v:title">{e(link.title)}</a></span>'
        for link in crumbs
    )
    return (
        '<div class="breadcrumbs" xmlns:v="http://rdf.data-vocabulary.org/#">'
        + ' <span class="sep">›</span> '.join(parts)
        + "</div>"
    )


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
    items = "".join(
        f'<li><a href="{e(link.url)}" title="{e(link.title)}">{e(link.title)}</a></li>'
        for link in related
    )
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
        f'<h3><a href="{e(teaser.url)}" title="{e(teaser.title)}">{e(teaser.title)}</a></h3>'
        f'<p class="hidden-xs pubdate">{e(teaser.date)}</p>'
        f'<p class="hidden-xs">{e(teaser.summary)}</p></article>'
    )


def _sidebar(most_read: tuple[Link, ...]) -> str:
    if not most_read:
        return _side_ads()
    items = "".join(
        f'<li><span class="num">{index}</span><a href="{e(link.url)}" title="{e(link.title)}">'
        f"{e(link.title)}</a></li>"
        for index, link in enumerate(most_read, start=1)
    )
    box = (
        '<div class="box-widget most-read"><h3 class="box-title">Đọc nhiều</h3>'
        f"<ol>{items}</ol></div>"
    )
    return _side_ads() + box + _topics_box() + _media_box()


def _side_ads() -> str:
    return "".join(
        f'<div id="div-gpt-ad-1573612345678-{slot}" class="ad-slot ad-300x250"></div>'
        for slot in (11, 12)
    )


def _topics_box() -> str:
    topics = (
        ("quoc-phong-an-ninh-1588", "Quốc phòng an ninh"),
        ("nghia-vu-quan-su-1430", "Nghĩa vụ quân sự"),
        ("bo-doi-cu-ho-411", "Bộ đội Cụ Hồ"),
        ("quan-su-the-gioi-hom-nay-1603", "Quân sự thế giới hôm nay"),
        ("chuyen-doi-so-46", "Chuyển đổi số"),
        ("tet-nguyen-dan-1464", "Tết Nguyên đán"),
    )
    items = "".join(
        f'<li><a href="{ORIGIN}/tag/{slug}.html" title="{e(name)}">#{e(name)}</a></li>'
        for slug, name in topics
    )
    return (
        '<div class="box-widget hot-topics"><h3 class="box-title">Chủ đề nóng</h3>'
        f"<ul>{items}</ul></div>"
    )


def _media_box() -> str:
    return (
        '<div class="box-widget media-box"><h3 class="box-title">Truyền hình Quốc phòng</h3>'
        '<div class="media-player" data-src="https://media.qdnd.vn/live"></div>'
        '<a href="https://media.qdnd.vn" title="Xem thêm">Xem thêm</a></div>'
    )


def _inline_ad(slot: str) -> str:
    return f'<div id="{slot}" class="ad-slot ad-inline"></div>'


def _footer() -> str:
    return (
        '<footer class="footer"><div class="container">'
        f"{_footer_sitemap()}"
        '<div class="footer-info row"><div class="col-md-8">'
        "<p><strong>BÁO QUÂN ĐỘI NHÂN DÂN</strong> - CƠ QUAN CỦA QUÂN ỦY TRUNG ƯƠNG VÀ "
        "BỘ QUỐC PHÒNG, TIẾNG NÓI CỦA LỰC LƯỢNG VŨ TRANG VÀ NHÂN DÂN VIỆT NAM</p>"
        "<p>Tòa soạn: Số 7 Phan Đình Phùng, quận Hoàn Kiếm, Hà Nội</p>"
        "<p>Giấy phép số 259/GP-BTTTT do Bộ Thông tin và Truyền thông cấp ngày 12/05/2021</p>"
        "<p>Đường dây nóng: 069.558.100 - Fax: 069.554.402</p>"
        "<p>Ghi rõ nguồn “Báo Quân đội nhân dân” khi phát hành lại thông tin từ website này."
        "</p></div>"
        '<div class="col-md-4 footer-apps"><p>Tải ứng dụng Báo QĐND:</p>'
        '<a href="https://apps.apple.com/vn/app/qdnd" rel="nofollow">App Store</a> '
        '<a href="https://play.google.com/store/apps/details?id=vn.qdnd" rel="nofollow">'
        "Google Play</a></div></div>"
        '<a href="#" class="back-to-top" title="Lên đầu trang">top</a>'
        "</div></footer>"
    )


def _footer_sitemap() -> str:
    """The footer repeats the whole menu tree, as the real site's footer does."""
    blocks = []
    for slug, name, subs in MENU:
        links = "".join(
            f'<li><a href="{ORIGIN}/{slug}/{sub}">{e(sub_name)}</a></li>' for sub, sub_name in subs
        )
        blocks.append(
            f'<div class="col-md-2 col-sm-4 sitemap-col"><h4><a href="{ORIGIN}/{slug}" '
            f'title="{e(name)}">{e(name)}</a></h4><ul>{links}</ul></div>'
        )
    return '<div class="footer-sitemap row">' + "".join(blocks) + "</div>"


# ---------------------------------------------------------------------------------------------
# Inline CSS and scripts (deterministic filler that looks like the real site's)


def _build_css() -> str:
    rules = [_BASE_CSS]
    for size, width in (("xs", 0), ("sm", 768), ("md", 992), ("lg", 1200)):
        block = []
        for column in range(1, 13):
            pct = f"{column * 100 / 12:.8f}".rstrip("0").rstrip(".")
            block.append(f".col-{size}-{column}{{width:{pct}%;float:left}}")
            block.append(f".col-{size}-offset-{column}{{margin-left:{pct}%}}")
            block.append(f".col-{size}-push-{column}{{left:{pct}%}}")
            block.append(f".col-{size}-pull-{column}{{right:{pct}%}}")
        joined = "".join(block)
        rules.append(f"@media (min-width:{width}px){{{joined}}}" if width else joined)
    for side, prop in (("t", "top"), ("b", "bottom"), ("l", "left"), ("r", "right")):
        for step in range(0, 55, 5):
            rules.append(f".m{side}-{step}{{margin-{prop}:{step}px!important}}")
            rules.append(f".p{side}-{step}{{padding-{prop}:{step}px!important}}")
    for index, (slug, _name, _subs) in enumerate(MENU):
        hue = (index * 37) % 360
        rules.append(
            f".main-menu .menu-{slug}:hover>a,.main-menu .menu-{slug}.active>a"
            f"{{background:hsl({hue},45%,28%);color:#fff}}"
            f".cate-{slug} .cate-title{{border-bottom:3px solid hsl({hue},45%,28%)}}"
        )
    for icon, code in _ICONS[:120]:
        rules.append(f'.fa-{icon}:before{{content:"\\{code}"}}')
    return "\n".join(rules)


_BASE_CSS = """
html{font-size:10px;-webkit-tap-highlight-color:rgba(0,0,0,0)}body{margin:0;font-family:Arial,
"Helvetica Neue",Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222;background:#fff}
a{color:#222;text-decoration:none}a:hover,a:focus{color:#1a5e20;text-decoration:none}
img{vertical-align:middle;border:0;max-width:100%;height:auto}.container{width:1170px;margin:0 auto;
padding:0 15px}.row{margin:0 -15px}.row:after,.container:after{content:"";display:table;clear:both}
.top-bar{background:#0f3d14;color:#e5e5e5;font-size:12px;height:30px;line-height:30px}
.top-bar .top-links{float:right;list-style:none;margin:0;padding:0}.top-bar .top-links li{
display:inline-block;margin-left:12px}.top-bar a{color:#e5e5e5}.header{padding:12px 0;
background:#fff url(/App_Themes/qdnd/images/bg-header.png) repeat-x}.header .logo img{
max-height:80px}.header-tools .search-form{position:relative;margin-top:18px}.search-form input{
width:100%;height:34px;border:1px solid #ccc;border-radius:2px;padding:0 40px 0 10px}
.btn-search{position:absolute;right:0;top:0;height:34px;width:38px;border:0;background:#1a5e20;
color:#fff}.hotline{font-size:12px;color:#b30000;margin:6px 0 0}.navbar{background:#1a5e20;
border-top:3px solid #c9a227;position:relative;z-index:50}.main-menu>ul{list-style:none;margin:0;
padding:0}.main-menu>ul>li{float:left;position:relative}.main-menu>ul>li>a{display:block;
color:#fff;font-size:13px;font-weight:700;text-transform:uppercase;padding:0 9px;line-height:42px}
.main-menu .sub-menu-wrap{display:none;position:absolute;left:0;top:42px;min-width:240px;
background:#fff;box-shadow:0 3px 8px rgba(0,0,0,.2);padding:8px 0}.main-menu li:hover
.sub-menu-wrap{display:block}.sub-menu{list-style:none;margin:0;padding:0}.sub-menu li a{
display:block;padding:6px 15px;font-size:14px;color:#333}.sub-menu li a:hover{background:#f2f2f2}
.view-all{display:block;padding:6px 15px;font-size:12px;color:#1a5e20;font-style:italic}
.breadcrumbs{font-size:13px;margin:15px 0 10px;color:#777}.breadcrumbs a{color:#1a5e20;
font-weight:700;text-transform:uppercase}.breadcrumbs .sep{margin:0 6px;color:#aaa}
.post-head .post-title{font-size:30px;line-height:1.3;font-weight:700;margin:10px 0;color:#111}
.post-subinfo,.post-date{font-size:13px;color:#888;display:block;margin-bottom:8px}
.post-summary{font-weight:700;font-size:17px;line-height:1.6;margin:12px 0}.post-summary h2{
font-size:17px;margin:0}.post-summary .logo-online:before{content:"";display:inline-block;
width:60px;height:14px;background:url(/App_Themes/qdnd/images/logo-online.png) no-repeat;
margin-right:4px}.post-content{font-size:17px;line-height:1.7}.post-content p{margin:0 0 14px;
text-align:justify}.post-content table{margin:10px auto;max-width:100%}.post-content table td{
font-size:14px;color:#555;text-align:center;font-style:italic}.post-content table img{
display:block;margin:0 auto}.post-content table.data-table td,.post-content table.data-table th{
font-style:normal;border:1px solid #ccc;padding:4px 8px;text-align:left;color:#222}
.imgEditor tr[style]:first-child{display:none}.imgEditor tr:first-child td span,.imgEditor
tr:first-child td a{display:none}.alt_imgEditor td{font-size:14px;color:#555}.post-tag{
margin:20px 0;font-size:14px}.post-tag a{display:inline-block;background:#f1f1f1;padding:3px 10px;
margin:0 4px 6px 0;border-radius:2px}.social-share{margin:10px 0;font-size:13px}.social-share a{
display:inline-block;margin-right:10px;padding:2px 8px;border:1px solid #ddd;border-radius:3px}
.related-news{border-top:2px solid #1a5e20;margin:20px 0}.title-box{font-size:16px;
text-transform:uppercase;color:#1a5e20;margin:10px 0}.related-news ul{padding-left:18px}
.related-news li{margin-bottom:6px}.comment-box{margin:25px 0;background:#fafafa;padding:15px}
.comment-item{border-bottom:1px dashed #ddd;padding:8px 0}.comment-name span{color:#999;
font-size:12px}.comment-form textarea,.comment-form input{width:100%;margin-bottom:8px;
border:1px solid #ccc;padding:6px}.btn-send{background:#1a5e20;color:#fff;border:0;
padding:8px 20px}.sidebar .box-widget{margin-bottom:20px;border:1px solid #e5e5e5}.box-title{
background:#1a5e20;color:#fff;font-size:14px;margin:0;padding:8px 12px;text-transform:uppercase}
.most-read ol{list-style:none;margin:0;padding:8px 12px}.most-read li{padding:7px 0 7px 34px;
position:relative;border-bottom:1px solid #eee;font-size:14px}.most-read .num{position:absolute;
left:0;top:6px;width:24px;height:24px;line-height:24px;text-align:center;background:#c9a227;
color:#fff;border-radius:50%;font-weight:700}.hot-topics ul{margin:0;padding:10px;list-style:none}
.hot-topics li{display:inline-block;margin:0 6px 6px 0}.ad-slot{margin:0 auto 15px;
text-align:center;background:#f7f7f7}.ad-728x90{width:728px;height:90px}.ad-300x250{
width:300px;height:250px}.ad-inline{width:100%;min-height:120px}.list-news-category article{
overflow:hidden;padding:12px 0;border-bottom:1px solid #eee}.list-news-category
.article-thumbnail{float:left;width:240px;margin-right:15px}.list-news-category h3{font-size:18px;
margin:0 0 6px}.list-news-category .featured h3{font-size:24px}.pubdate{color:#999;font-size:12px;
margin:0 0 4px}.ex_page{margin:20px 0;text-align:center}.ex_page a{display:inline-block;
min-width:32px;height:32px;line-height:32px;margin:0 3px;border:1px solid #ddd;color:#333}
.ex_page a.active{background:#1a5e20;color:#fff;border-color:#1a5e20}.cate-title{font-size:24px;
text-transform:uppercase;color:#1a5e20;margin:10px 0 15px}.footer{background:#0f3d14;
color:#d9d9d9;padding:25px 0;margin-top:30px;font-size:13px}.footer a{color:#d9d9d9}
.footer-menu{list-style:none;margin:0 0 15px;padding:0 0 10px;border-bottom:1px solid #2d5b32}
.footer-menu li{display:inline-block;margin:0 12px 6px 0}.back-to-top{position:fixed;right:20px;
bottom:20px;width:40px;height:40px;line-height:40px;text-align:center;background:#1a5e20;
color:#fff;border-radius:50%;display:none}.hidden-xs{display:block}@media (max-width:767px){
.hidden-xs{display:none!important}.container{width:auto}.main-menu{display:none}.ad-728x90{
display:none}.list-news-category .article-thumbnail{width:120px}}.fa{display:inline-block;
font:normal normal normal 14px/1 FontAwesome;font-size:inherit;text-rendering:auto;
-webkit-font-smoothing:antialiased}
"""

_ICONS: tuple[tuple[str, str], ...] = tuple(
    (name, f"f{index:03x}")
    for index, name in enumerate(
        [
            "glass",
            "music",
            "search",
            "envelope-o",
            "heart",
            "star",
            "star-o",
            "user",
            "film",
            "th-large",
            "th",
            "th-list",
            "check",
            "times",
            "search-plus",
            "search-minus",
            "power-off",
            "signal",
            "cog",
            "trash-o",
            "home",
            "file-o",
            "clock-o",
            "road",
            "download",
            "arrow-circle-o-down",
            "arrow-circle-o-up",
            "inbox",
            "play-circle-o",
            "repeat",
            "refresh",
            "list-alt",
            "lock",
            "flag",
            "headphones",
            "volume-off",
            "volume-down",
            "volume-up",
            "qrcode",
            "barcode",
            "tag",
            "tags",
            "book",
            "bookmark",
            "print",
            "camera",
            "font",
            "bold",
            "italic",
            "text-height",
            "text-width",
            "align-left",
            "align-center",
            "align-right",
            "align-justify",
            "list",
            "dedent",
            "indent",
            "video-camera",
            "picture-o",
            "pencil",
            "map-marker",
            "adjust",
            "tint",
            "pencil-square-o",
            "share-square-o",
            "check-square-o",
            "arrows",
            "step-backward",
            "fast-backward",
            "backward",
            "play",
            "pause",
            "stop",
            "forward",
            "fast-forward",
            "step-forward",
            "eject",
            "chevron-left",
            "chevron-right",
            "plus-circle",
            "minus-circle",
            "times-circle",
            "check-circle",
            "question-circle",
            "info-circle",
            "crosshairs",
            "times-circle-o",
            "check-circle-o",
            "ban",
            "arrow-left",
            "arrow-right",
            "arrow-up",
            "arrow-down",
            "share",
            "expand",
            "compress",
            "plus",
            "minus",
            "asterisk",
            "exclamation-circle",
            "gift",
            "leaf",
            "fire",
            "eye",
            "eye-slash",
            "exclamation-triangle",
            "plane",
            "calendar",
            "random",
            "comment",
            "magnet",
            "chevron-up",
            "chevron-down",
            "retweet",
            "shopping-cart",
            "folder",
            "folder-open",
            "arrows-v",
            "arrows-h",
            "bar-chart",
            "twitter-square",
            "facebook-square",
            "camera-retro",
            "key",
            "cogs",
            "comments",
            "thumbs-o-up",
            "thumbs-o-down",
            "star-half",
            "heart-o",
            "sign-out",
            "linkedin-square",
            "thumb-tack",
            "external-link",
            "sign-in",
            "trophy",
            "github-square",
            "upload",
            "lemon-o",
            "phone",
            "square-o",
            "bookmark-o",
            "phone-square",
            "twitter",
            "facebook",
            "github",
            "unlock",
            "credit-card",
            "rss",
            "hdd-o",
            "bullhorn",
            "bell",
            "certificate",
            "hand-o-right",
            "hand-o-left",
            "hand-o-up",
            "hand-o-down",
            "arrow-circle-left",
            "arrow-circle-right",
            "arrow-circle-up",
            "arrow-circle-down",
            "globe",
            "wrench",
            "tasks",
            "filter",
            "briefcase",
            "arrows-alt",
            "users",
            "link",
            "cloud",
            "flask",
            "scissors",
            "files-o",
            "paperclip",
            "floppy-o",
            "square",
            "bars",
            "list-ul",
            "list-ol",
            "strikethrough",
            "underline",
            "table",
            "magic",
            "truck",
            "pinterest",
            "pinterest-square",
            "google-plus-square",
            "google-plus",
            "money",
            "caret-down",
            "caret-up",
            "caret-left",
            "caret-right",
            "columns",
            "sort",
            "sort-desc",
            "sort-asc",
            "envelope",
            "linkedin",
            "undo",
            "gavel",
            "tachometer",
            "comment-o",
            "comments-o",
            "bolt",
            "sitemap",
            "umbrella",
            "clipboard",
            "lightbulb-o",
            "exchange",
            "cloud-download",
            "cloud-upload",
            "user-md",
            "stethoscope",
            "suitcase",
            "bell-o",
            "coffee",
            "cutlery",
            "file-text-o",
            "building-o",
            "hospital-o",
            "ambulance",
            "medkit",
            "fighter-jet",
            "beer",
            "h-square",
            "plus-square",
            "angle-double-left",
            "angle-double-right",
            "angle-double-up",
            "angle-double-down",
            "angle-left",
            "angle-right",
            "angle-up",
            "angle-down",
            "desktop",
            "laptop",
            "tablet",
            "mobile",
            "circle-o",
            "quote-left",
            "quote-right",
            "spinner",
            "circle",
            "reply",
            "github-alt",
            "folder-o",
            "folder-open-o",
        ]
    )
)

_CSS = _build_css()

_HEAD_SCRIPTS = (
    """<script async src="https://www.googletagmanager.com/gtag/js?id=G-QDND0DEMO1"></script>
<script>
window.dataLayer = window.dataLayer || [];
function gtag(){dataLayer.push(arguments);}
gtag('js', new Date());
gtag('config', 'G-QDND0DEMO1', {'anonymize_ip': true, 'cookie_flags': 'SameSite=None;Secure'});
</script>
<script async src="https://securepubads.g.doubleclick.net/tag/js/gpt.js"></script>
<script>
window.googletag = window.googletag || {cmd: []};
googletag.cmd.push(function() {
"""
    + "".join(
        f"  googletag.defineSlot('/21812345678/qdnd_{name}', [{size}], "
        f"'div-gpt-ad-1573612345678-{slot}').addService(googletag.pubads());\n"
        for slot, (name, size) in enumerate(
            (
                ("top_banner", "[970, 90], [728, 90]"),
                ("menu_banner", "[970, 250]"),
                ("left_sticky", "[160, 600]"),
                ("inline_article_1", "[300, 250], [336, 280], 'fluid'"),
                ("inline_article_2", "[300, 250], [336, 280], 'fluid'"),
                ("inline_article_3", "[640, 360]"),
                ("below_article", "[728, 90], [640, 200]"),
                ("related_native", "'fluid'"),
                ("comment_top", "[728, 90]"),
                ("footer_banner", "[970, 90]"),
                ("right_sticky", "[160, 600]"),
                ("sidebar_1", "[300, 250], [300, 600]"),
                ("sidebar_2", "[300, 250]"),
                ("sidebar_3", "[300, 250]"),
                ("sidebar_4", "[300, 600]"),
                ("mobile_top", "[320, 100], [320, 50]"),
                ("mobile_inline", "[300, 250]"),
                ("mobile_bottom", "[320, 100]"),
                ("catfish", "[970, 90], [728, 90]"),
                ("popup", "[600, 400]"),
            )
        )
    )
    + """  googletag.pubads().enableSingleRequest();
  googletag.pubads().collapseEmptyDivs();
  googletag.pubads().setTargeting('site', 'qdnd').setTargeting('lang', 'vi');
  googletag.enableServices();
});
</script>"""
)

_BODY_SCRIPTS = (
    """<script>
(function (w, d) {
  'use strict';
  var menu = d.querySelector('.main-menu');
  function closeAll() {
    var open = d.querySelectorAll('.main-menu li.open');
    for (var i = 0; i < open.length; i++) { open[i].classList.remove('open'); }
  }
  if (menu) {
    menu.addEventListener('mouseleave', closeAll);
    var items = menu.querySelectorAll('li.menu-item');
    for (var i = 0; i < items.length; i++) {
      items[i].addEventListener('mouseenter', function () {
        closeAll();
        this.classList.add('open');
      });
    }
  }
  var top = d.querySelector('.back-to-top');
  w.addEventListener('scroll', function () {
    if (!top) { return; }
    top.style.display = (w.pageYOffset > 600) ? 'block' : 'none';
  });
  if (top) {
    top.addEventListener('click', function (ev) { ev.preventDefault(); w.scrollTo(0, 0); });
  }
  function copy(text, msg) {
    var area = d.createElement('textarea');
    area.value = text; d.body.appendChild(area); area.select();
    try { d.execCommand('copy'); alert(msg); } catch (err) { /* ignore */ }
    d.body.removeChild(area);
  }
  var links = d.querySelectorAll('.copy-link, .embed-code');
  for (var j = 0; j < links.length; j++) {
    links[j].addEventListener('click', function () {
      var text = this.classList.contains('embed-code')
        ? '<iframe src="' + w.location.href + '?embed=1" width="640" height="360"></iframe>'
        : w.location.href;
      copy(text, this.getAttribute('data-msg'));
    });
  }
  var lazy = d.querySelectorAll('img[data-src]');
  if ('IntersectionObserver' in w) {
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          entry.target.src = entry.target.getAttribute('data-src');
          io.unobserve(entry.target);
        }
      });
    }, {rootMargin: '200px'});
    for (var k = 0; k < lazy.length; k++) { io.observe(lazy[k]); }
  }
  var form = d.querySelector('.comment-form');
  if (form) {
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var name = form.querySelector('[name=fullname]').value.trim();
      var body = form.querySelector('[name=content]').value.trim();
      if (!name || body.length < 10) { alert('Vui lòng nhập họ tên và nội dung ý kiến.'); return; }
      alert('Cảm ơn bạn đã gửi ý kiến. Ý kiến sẽ được biên tập trước khi đăng.');
      form.reset();
    });
  }
})(window, document);
</script>
<script>
(function (d, s, id) {
  var js, fjs = d.getElementsByTagName(s)[0];
  if (d.getElementById(id)) { return; }
  js = d.createElement(s); js.id = id; js.async = true;
  js.src = 'https://connect.facebook.net/vi_VN/sdk.js#xfbml=1&version=v18.0';
  fjs.parentNode.insertBefore(js, fjs);
}(document, 'script', 'facebook-jssdk'));
</script>
<script src="https://sp.zalo.me/plugins/sdk.js" async></script>
<script>
googletag.cmd.push(function () {
"""
    + "".join(f"  googletag.display('div-gpt-ad-1573612345678-{slot}');\n" for slot in range(20))
    + """});
</script>"""
)


def json_ld(data: dict[str, object]) -> str:
    """JSON-LD text safe inside <script>: no raw "</" sequence."""
    return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
