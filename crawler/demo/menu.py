"""The demo site's category tree and the two places it is rendered: mega menu and footer."""

from __future__ import annotations

from crawler.demo.encoding import e
from crawler.demo.spec import ORIGIN
from crawler.demo.views import Link

# The site's real top categories (as its URLs show them) with plausible sub-menus.
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


def main_menu() -> str:
    items = []
    for slug, name, subs in MENU:
        sub_items = "".join(
            f"<li>{Link(f'{ORIGIN}/{slug}/{sub}', sub_name).anchor()}</li>"
            for sub, sub_name in subs
        )
        items.append(
            f'<li class="menu-item menu-{slug}">{_top_link(slug, name)}'
            f'<div class="sub-menu-wrap"><ul class="sub-menu">{sub_items}</ul>'
            f'<a class="view-all" href="{ORIGIN}/{slug}" title="{e(name)}">Xem tất cả</a>'
            "</div></li>"
        )
    return (
        '<nav class="navbar"><div class="container"><div class="main-menu"><ul>'
        f'<li class="menu-home"><a href="{ORIGIN}" title="Trang chủ">'
        '<i class="fa fa-home"></i></a></li>' + "".join(items) + "</ul></div></div></nav>"
    )


def footer_sitemap() -> str:
    """The footer repeats the whole menu tree, as the real site's footer does."""
    blocks = []
    for slug, name, subs in MENU:
        # Unlike the mega menu, the footer's sub-category links carry no title attribute.
        links = "".join(
            f'<li><a href="{ORIGIN}/{slug}/{sub}">{e(sub_name)}</a></li>' for sub, sub_name in subs
        )
        blocks.append(
            '<div class="col-md-2 col-sm-4 sitemap-col">'
            f"<h4>{_top_link(slug, name)}</h4><ul>{links}</ul></div>"
        )
    return '<div class="footer-sitemap row">' + "".join(blocks) + "</div>"


def _top_link(slug: str, name: str) -> str:
    return Link(f"{ORIGIN}/{slug}", name).anchor()
