"""Build the tapchiqptd.vn fixture pages (synthetic; see docs/outlets.md).

Measured on live pages by someone else when the profile was written, and taken from there: the wrapper .newsdt-page-ct,
the date in .newsdt-page-ct-time span (with the header's separate #subTopMenu-time showing
today), the title in a <div class="newsdt-page-ct-tit"> (no <h1>, no og:title), the body
.newsdt-page-ct-text of <p>s and caption-bearing image tables, the author's line in bold
italics near the end, and the date formats ("QPTD -Thứ Ba, 17/04/2018, 07:53 (GMT+7)",
"Wednesday, February 04, 2026, 10:46 (GMT+7)"). Verified on the live site: the URL patterns, the
listing links, the footer box titles, the re-stamped date of old articles. INFERRED: the
rest of the page (menus, the tag and breadcrumb boxes, the comment form, most-read).

Texts: one page reposts a REAL qdnd.vn body from crawler/demo/data (index 4, "Thiết kế từ tâm,
nâng tầm chất lượng") as tapchiqptd.vn reposts them, with "Nguồn: qdnd.vn"; the others are
SYNTHETIC. Writes crawler/core/sites/fixtures/tapchiqptd/; make the expected JSON with
scripts/make_fixture.py and read it before committing.

Run: python scripts/tapchiqptd_pages.py
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from fixture_pages import write_pages

ORIGIN = "https://tapchiqptd.vn"
DATA = Path(__file__).parent.parent / "crawler" / "demo" / "data" / "qdnd-2025-bodies.json"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    lang: str
    title: str
    description: str
    shown_date: str
    body: str  # inner HTML of .newsdt-page-ct-text
    section: tuple[str, ...]
    tags: tuple[str, ...]


def image_table(src: str, caption: str) -> str:
    return (
        f'<table align="center" border="0"><tbody><tr><td><img alt="" src="{src}"></td></tr>'
        f'<tr><td><p style="text-align: center;"><em>{escape(caption)}</em></p></td></tr>'
        "</tbody></table>"
    )


def paragraphs(*texts: str) -> str:
    return "".join(f'<p style="text-align: justify;">{escape(t)}</p>' for t in texts)


def reposted_body() -> tuple[str, str, str]:
    """(title, summary, body) of the real qdnd.vn article this page reposts."""
    article = json.loads(DATA.read_text(encoding="utf-8"))["articles"][4]
    inner = re.sub(r"^<div[^>]*>|</div>\s*$", "", article["body_html"].strip())
    source = '<p style="text-align: right;"><em>Nguồn: qdnd.vn</em></p>'
    # The scraper found no sapo for this one ("No Summary Found"): the description is ours.
    summary = "Viện Thiết kế, Tổng cục Hậu cần 70 năm xây dựng và trưởng thành."
    return article["title"], summary, inner + source


TITLE, SUMMARY, BODY = reposted_body()

PAGES = (
    Page(
        name="2018_author-rank_11545",
        path="/vi/nghien-cuu-trao-doi/phat-huy-vai-tro-cua-luc-luong-dan-quan-tu-ve/11545.html",
        lang="vi",
        title="Phát huy vai trò của lực lượng dân quân tự vệ trong xây dựng nền quốc phòng toàn dân",
        description="Dân quân tự vệ là lực lượng vũ trang quần chúng không thoát ly sản xuất.",
        shown_date="QPTD -Thứ Ba, 17/04/2018, 07:53 (GMT+7)",
        body=(
            paragraphs(
                "Dân quân tự vệ là lực lượng vũ trang quần chúng không thoát ly sản xuất, công "
                "tác, là một bộ phận của lực lượng vũ trang nhân dân Việt Nam.",
                "Những năm qua, lực lượng dân quân tự vệ đã được xây dựng vững mạnh, rộng khắp, "
                "góp phần giữ vững an ninh chính trị, trật tự an toàn xã hội ở cơ sở.",
            )
            + image_table(
                "/Uploaded/2018/4/17/dqtv.jpg",
                "Dân quân tự vệ huấn luyện bắn súng. Ảnh: QPTD",
            )
            + paragraphs(
                "Để phát huy vai trò của lực lượng này, cần tiếp tục đổi mới nội dung, hình "
                "thức giáo dục chính trị, nâng cao chất lượng huấn luyện sát với thực tế.",
                "Đồng thời, các địa phương cần bảo đảm tốt chế độ, chính sách, tạo động lực để "
                "dân quân tự vệ yên tâm thực hiện nhiệm vụ.",
            )
            + "<p><strong><em>Đại tá, TS. NGUYỄN VĂN HÙNG</em></strong>, Học viện Chính trị</p>"
            + "<p>&nbsp;</p>"
        ),
        section=("Nghiên cứu - Trao đổi",),
        tags=("dân quân tự vệ", "quốc phòng toàn dân"),
    ),
    Page(
        name="2025_qdnd-repost_24980",
        path="/vi/tin-tuc-thoi-su/thiet-ke-tu-tam-nang-tam-chat-luong/24980.html",
        lang="vi",
        title=TITLE,
        description=SUMMARY,
        shown_date="Thứ Năm, 16/01/2025, 14:20 (GMT+7)",
        body=BODY,
        section=("Tin tức - Thời sự",),
        tags=("Viện Thiết kế",),
    ),
    Page(
        name="2016_restamped_8557",
        path="/vi/tin-tuc-thoi-su/dien-van-be-mac-dai-hoi-dai-bieu-toan-quoc-lan-thu-xii/8557.html",
        lang="vi",
        title="Diễn văn bế mạc Đại hội đại biểu toàn quốc lần thứ XII của Đảng",
        description="Toàn văn diễn văn bế mạc Đại hội đại biểu toàn quốc lần thứ XII của Đảng.",
        # The site move's stamp, not the speech's date (January 2016).
        shown_date="Thứ Sáu, 22/11/2024, 16:08 (GMT+7)",
        body=paragraphs(
            "Sau một thời gian làm việc khẩn trương, nghiêm túc, Đại hội đại biểu toàn quốc lần "
            "thứ XII của Đảng đã hoàn thành chương trình đề ra.",
            "Đại hội đã thảo luận, thông qua các văn kiện quan trọng và bầu Ban Chấp hành Trung "
            "ương khóa mới.",
            "Thay mặt Ban Chấp hành Trung ương, xin trân trọng tuyên bố bế mạc Đại hội.",
        ),
        section=("Những chủ trương công tác lớn", "Tin tức - Thời sự"),
        tags=("Đại hội XII",),
    ),
    Page(
        name="2026_en-author-rank_26936",
        path="/en/theory-and-practice/building-a-strong-regular-army/26936.html",
        lang="en",
        title="Building a revolutionary, regular, elite and modern army",
        description="The Army is building its forces to meet the requirements of the new era.",
        shown_date="Wednesday, February 04, 2026, 10:46 (GMT+7)",
        body=(
            paragraphs(
                "Building a revolutionary, regular, elite and modern army is a consistent policy "
                "of the Party and State.",
                "In recent years, units across the Army have made their organisation leaner and "
                "stronger, with a focus on training close to combat conditions.",
            )
            + image_table("/Uploaded/2026/2/4/training.jpg", "Troops during a training session")
            + paragraphs(
                "In the time to come, the Army will further improve the quality of its training "
                "and the overall strength of its units.",
            )
            + "<p><strong><em>Major General, Assoc. Prof., PhD NGUYEN VAN THANH</em></strong>, "
            "Deputy Director of the Institute of Military Strategy</p>"
        ),
        section=("Theory and practice",),
        tags=("army building",),
    ),
)


def chrome_top(lang: str) -> str:
    today = "Thứ Hai, 24/11/2026" if lang == "vi" else "Monday, November 24, 2026"
    return (
        f'<div id="header_menu"><span id="subTopMenu-time">{today}</span>'
        '<ul class="menu"><li><a href="/vi/default.html">Trang chủ</a></li><li>'
        '<a href="/vi/tin-tuc-thoi-su-3.html">Tin tức - Thời sự</a></li><li>'
        '<a href="/vi/nghien-cuu-trao-doi-5.html">Nghiên cứu - Trao đổi</a></li>'
        '<li><a href="/en/default.html">English</a></li></ul></div>'
        '<div class="header-info">Tòa soạn: 3 Lý Nam Đế, Hà Nội. Giới thiệu Tạp chí và Tòa soạn'
        "</div>"
    )


def boxes(lang: str, tags: tuple[str, ...]) -> str:
    keyword = "/Keywords/Keyword.aspx?cul=" + lang + "&amp;key="
    tag_links = "".join(f'<a href="{keyword}{escape(t)}">{escape(t)}</a> ' for t in tags)
    tag_box = f'<div id="tag-widget"><span>TAG</span> {tag_links}</div>' if tags else ""
    return (
        f"{tag_box}"
        '<div class="comment-box"><div class="title">Ý KIẾN BẠN ĐỌC</div><textarea></textarea>'
        "<button>Gửi</button></div>"
        '<div class="news-other"><div class="title">CÁC TIN, BÀI ĐÃ ĐƯA</div>'
        '<div class="news-other-list"><p><a href="/vi/tin-tuc-thoi-su/bai-cu-mot/20001.html">'
        "Hội nghị Quân chính toàn quân năm 2024</a></p><p>"
        '<a href="/vi/tin-tuc-thoi-su/bai-cu-hai/20002.html">Khai mạc diễn tập khu vực phòng '
        "thủ</a></p></div></div>"
    )


CHROME_SIDE = (
    '<div class="page-main-right"><div class="box"><div class="title">TIÊU ĐIỂM</div>'
    '<a href="/vi/tin-tuc-thoi-su/tieu-diem/20003.html">Tổng kết công tác quốc phòng năm 2024</a>'
    '</div><div class="box"><div class="title">TIN, BÀI XEM NHIỀU</div>'
    '<a href="/vi/tin-tuc-thoi-su/xem-nhieu/20004.html">Xây dựng thế trận lòng dân vững chắc</a>'
    "</div></div>"
)
FOOTER = (
    '<div class="footer"><p>TẠP CHÍ QUỐC PHÒNG TOÀN DÂN - Cơ quan của Quân ủy Trung ương và Bộ '
    "Quốc phòng.</p><p>All rights reserved.</p></div>"
)


def build(page: Page) -> bytes:
    url = ORIGIN + page.path
    crumbs = "".join(f'<a href="/{page.lang}/c-{i}.html">{escape(s)}</a> ' for i, s in
                     enumerate(page.section))  # fmt: skip
    markup = (
        f'<!DOCTYPE html><html lang="{page.lang}"><head><meta charset="utf-8">'
        f"<title>{escape(page.title)}</title>"
        f'<meta name="description" content="{escape(page.description)}">'
        '<meta property="og:title" content="">'
        f'<link rel="canonical" href="{url}"></head><body>'
        f"{chrome_top(page.lang)}"
        '<div class="page-main"><div class="page-main-left-newsdt">'
        f'<div class="newsdt-breadcrumb">{crumbs}</div>'
        '<div class="newsdt-page-ct">'
        f'<div class="newsdt-page-ct-time"><span>{escape(page.shown_date)}</span></div>'
        f'<div class="newsdt-page-ct-tit">{escape(page.title)}</div>'
        f'<div class="newsdt-page-ct-text">{page.body}</div></div>'
        f"{boxes(page.lang, page.tags)}</div>{CHROME_SIDE}</div>{FOOTER}</body></html>"
    )
    return markup.encode("utf-8")


def main() -> None:
    write_pages("tapchiqptd", ((page.name, ORIGIN + page.path, build(page)) for page in PAGES))


if __name__ == "__main__":
    main()
