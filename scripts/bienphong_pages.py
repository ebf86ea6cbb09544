"""Build the bienphong.com.vn fixture pages (synthetic; see docs/outlets.md).

The selectors the parser relies on are the verified ones (h1.bp-detail-content-title-h1,
p.bp-detail-sapo, div.bp-detail-text-content, span.bp-date-time); the page furniture around
them (menu, breadcrumb, tag box, related and most-read boxes, footer) is INFERRED, and the
article texts are SYNTHETIC, written for these fixtures. One page carries JSON-LD, the other
only its visible date. Writes crawler/core/sites/fixtures/bienphong/<name>.html.gz; make the
expected JSON with scripts/make_fixture.py and read it before committing.

Run: python scripts/bienphong_pages.py
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape

from fixture_pages import write_pages

ORIGIN = "https://www.bienphong.com.vn"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    title: str
    sapo: str
    paragraphs: tuple[str, ...]
    caption: str  # with its photo credit, as the page prints it
    byline: str
    shown_date: str
    published: str  # for JSON-LD; "" for a page without it
    section: tuple[str, ...]
    tags: tuple[str, ...]


PAGES = (
    Page(
        name="2025_json-ld_post512345",
        path="/don-bien-phong-ho-tro-nguoi-dan-don-tet-post512345.html",
        title="Đồn Biên phòng hỗ trợ người dân vùng biên đón Tết",
        sapo=(
            "Những ngày giáp Tết, cán bộ, chiến sĩ Đồn Biên phòng cửa khẩu đã trao hàng trăm "
            "suất quà cho các hộ gia đình khó khăn trên địa bàn biên giới."
        ),
        paragraphs=(
            (
                "Sáng 16-1, Đồn Biên phòng cửa khẩu phối hợp với chính quyền địa phương tổ chức "
                "chương trình “Xuân Biên phòng ấm lòng dân bản”."
            ),
            (
                "Tại chương trình, đơn vị đã trao 200 suất quà, mỗi suất gồm gạo, dầu ăn và bánh "
                "chưng, cho các hộ nghèo và gia đình chính sách."
            ),
            "Dịp này, đơn vị cũng tổ chức khám bệnh, cấp thuốc miễn phí cho hơn 300 lượt người dân.",
        ),
        caption="Cán bộ Đồn Biên phòng trao quà cho người dân. Ảnh: NGỌC ANH",
        byline="THANH HẢI",
        shown_date="Thứ Năm, 16/01/2025 | 10:30",
        published="2025-01-16T10:30:00+07:00",
        section=("Quốc phòng - An ninh", "Biên giới"),
        tags=("Tết biên giới", "Đồn Biên phòng"),
    ),
    Page(
        name="2025_visible-date_post512400",
        path="/tuan-tra-bao-ve-moc-quoc-gioi-post512400.html",
        title="Tuần tra song phương bảo vệ mốc quốc giới",
        sapo=(
            "Lực lượng biên phòng hai bên đã phối hợp tuần tra song phương, kiểm tra hệ thống "
            "mốc quốc giới trên tuyến biên giới."
        ),
        paragraphs=(
            (
                "Trong chuyến tuần tra, hai bên đã kiểm tra 12 cột mốc và trao đổi tình hình an "
                "ninh trật tự tại khu vực biên giới."
            ),
            "Kết quả cho thấy các cột mốc đều nguyên vẹn, đường biên giới được quản lý chặt chẽ.",
        ),
        caption="Tổ tuần tra kiểm tra cột mốc quốc giới. Ảnh: MINH ĐỨC",
        byline="HOÀNG NAM",
        shown_date="Thứ Sáu, 17/01/2025 | 08:15",
        published="",
        section=("Quốc phòng - An ninh", "Biên giới"),
        tags=("Mốc quốc giới",),
    ),
)

CHROME_TOP = (
    '<header class="bp-header"><a class="bp-logo" href="/">Báo Biên phòng</a>'
    '<ul class="bp-menu"><li><a href="/thoi-su/">Thời sự</a></li><li><a href="/quoc-phong-an-ninh/">'
    'Quốc phòng - An ninh</a></li><li><a href="/kinh-te/">Kinh tế</a></li><li>'
    '<a href="/videos/">Video</a></li></ul></header>'
)
CHROME_SIDE = (
    '<aside class="bp-sidebar"><div class="bp-box-title">Đọc nhiều</div><ul>'
    '<li><a href="/bai-doc-nhieu-mot-post500001.html">Bộ đội Biên phòng giúp dân thu hoạch '
    'lúa</a></li><li><a href="/bai-doc-nhieu-hai-post500002.html">Phát hiện vụ vận chuyển '
    "hàng lậu qua biên giới</a></li></ul></aside>"
)
CHROME_BOTTOM = (
    '<footer class="bp-footer"><p>Cơ quan của Bộ Tư lệnh Bộ đội Biên phòng. Tổng Biên tập: ...'
    "</p><p>© Bản quyền thuộc về Báo Biên phòng.</p></footer>"
)


def build(page: Page) -> bytes:
    url = ORIGIN + page.path
    ld = ""
    if page.published:
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": page.title,
            "datePublished": page.published,
            "mainEntityOfPage": url,
        }
        ld = f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'
    first, *rest = page.paragraphs
    body = (
        f"<p>{escape(first)}</p>"
        f'<figure class="image"><img src="/images/media//730/2025/1/16/{page.name}.jpg" '
        f'alt=""><figcaption>{escape(page.caption)}</figcaption></figure>'
        + "".join(f"<p>{escape(p)}</p>" for p in rest)
        + f'<p style="text-align: right;"><strong>{escape(page.byline)}</strong></p>'
    )
    crumbs = "".join(f'<a href="/{i}/">{escape(name)}</a>' for i, name in enumerate(page.section))
    tags = "".join(f'<a href="/tag/{i}.html">{escape(tag)}</a>' for i, tag in enumerate(page.tags))
    related = (
        '<div class="bp-related"><div class="bp-box-title">Tin liên quan</div><ul><li>'
        '<a href="/tin-lien-quan-post500010.html">Biên phòng tỉnh tổ chức Tết Quân - Dân</a>'
        "</li></ul></div>"
    )
    markup = (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{escape(page.title)}</title>"
        f'<meta name="description" content="{escape(page.sapo)}">'
        f'<meta property="og:title" content="{escape(page.title)}">'
        f'<meta property="og:url" content="{url}"><link rel="canonical" href="{url}">{ld}'
        f'</head><body>{CHROME_TOP}<div class="bp-breadcrumb">{crumbs}</div>'
        f'<div class="bp-detail"><h1 class="bp-detail-content-title-h1">{escape(page.title)}</h1>'
        f'<span class="bp-date-time">{escape(page.shown_date)}</span>'
        f'<p class="bp-detail-sapo">{escape(page.sapo)}</p>'
        f'<div class="bp-detail-text-content">{body}</div>'
        f'<div class="bp-detail-tags">Từ khóa: {tags}</div>{related}</div>'
        f"{CHROME_SIDE}{CHROME_BOTTOM}</body></html>"
    )
    return markup.encode("utf-8")


def main() -> None:
    write_pages("bienphong", ((page.name, ORIGIN + page.path, build(page)) for page in PAGES))


if __name__ == "__main__":
    main()
