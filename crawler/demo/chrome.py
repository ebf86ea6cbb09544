"""Page chrome shared by every HTML page: document frame, head, header, sidebar and footer."""

# The chrome is SYNTHETIC but modelled on the qdnd.vn selectors seen on its real pages:
# `div.main-menu > ul > li` with `a[title]`, RDFa breadcrumbs, `div.post-head`,
# `div.post-summary`, `div.post-content > div[itemprop="articleBody"]`,
# `div.post-tag a[itemprop="keywords"]`, `div.comment_list`, listing
# `div.list-news-category article` and pager `div.ex_page`. It is bulky on purpose (inline CSS,
# scripts, ad slots) so article pages weigh 60-100 KB like the real ones.

from __future__ import annotations

from crawler.demo.assets import BODY_SCRIPTS, CSS, HEAD_SCRIPTS
from crawler.demo.encoding import e
from crawler.demo.menu import footer_sitemap, main_menu
from crawler.demo.requisites import LOGO, STYLESHEET
from crawler.demo.spec import ORIGIN
from crawler.demo.views import Link

SITE_NAME = "Báo Quân đội nhân dân"
# The day the demo "was crawled": the header shows it, deterministic on purpose.
TODAY_LABEL = "Thứ sáu, 17/01/2025"


def document(head: str, main: str, sidebar: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="vi" xmlns="http://www.w3.org/1999/xhtml">\n<head>\n'
        f"{head}</head>\n<body>\n"
        '<div id="fb-root"></div>\n'
        f"{_top_bar()}\n{_header()}\n{main_menu()}\n"
        '<div class="container main-content"><div class="row">\n'
        f'<div class="col-md-8 col-sm-12 col-main">\n{main}\n</div>\n'
        f'<div class="col-md-4 col-sm-12 sidebar">\n{sidebar}\n</div>\n'
        "</div></div>\n"
        f"{_footer()}\n{BODY_SCRIPTS}\n</body>\n</html>\n"
    )


def head(title: str, description: str, keywords: str, url: str, image: str, charset: str) -> str:
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
        f'<link rel="stylesheet" type="text/css" href="{STYLESHEET}" />\n'
        f"<style>{CSS}</style>\n{HEAD_SCRIPTS}\n"
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
        f'<img src="{LOGO}" alt="{SITE_NAME}" '
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


def breadcrumbs(crumbs: tuple[Link, ...]) -> str:
    # The home link carries no RDFa, so the first v:title is the category (as on the real site).
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


def sidebar(most_read: tuple[Link, ...]) -> str:
    if not most_read:
        return _side_ads()
    items = "".join(
        f'<li><span class="num">{index}</span>{link.anchor()}</li>'
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


def inline_ad(slot: str) -> str:
    return f'<div id="{slot}" class="ad-slot ad-inline"></div>'


def _footer() -> str:
    return (
        '<footer class="footer"><div class="container">'
        f"{footer_sitemap()}"
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
