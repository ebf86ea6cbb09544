"""Era-2025 article specs: the real bodies of data/qdnd-2025-bodies.json, plus the video page."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from crawler.demo.encoding import ckeditor_entities
from crawler.demo.spec import LISTING, RSS, SITEMAP, SITEMAP_RSS_LISTING, Spec, dt

DATA = Path(__file__).with_name("data")

# The bodies are real, keyed by their index in data/qdnd-2025-bodies.json; the metadata below
# (id, section, published, minutes until modified, credit, authors, tags, discovery) is ours.
_Meta = tuple[int, str, str, int, str, tuple[str, ...], tuple[str, ...], frozenset[str]]
_META_2025: dict[int, _Meta] = {
    5: (812011, "qpan", "2025-01-15 10:05", 12, "PHAN TUỆ", ("PHAN TUỆ",),
        ("Vùng 2 Hải quân", "Nghĩa vụ quân sự"), SITEMAP_RSS_LISTING),
    9: (812034, "qpan", "2025-01-15 11:40", 9, "Tin, ảnh: HÀ KHÁNH", ("HÀ KHÁNH",),
        ("Bộ đội Biên phòng", "Tỉnh Điện Biên", "Xuân biên cương"), SITEMAP | LISTING),
    4: (812058, "qpan", "2025-01-15 14:00", 25,
        "Đại tá HOÀNG TUẤN, Viện trưởng Viện Thiết kế, Tổng cục Hậu cần", ("HOÀNG TUẤN",),
        ("Viện Thiết kế", "Tổng cục Hậu cần"), SITEMAP),
    7: (812077, "qpan", "2025-01-15 15:25", 18, "Bài và ảnh: NGUYỄN HỒNG KỶ",
        ("NGUYỄN HỒNG KỶ",), ("Tăng gia sản xuất", "Nghệ An", "Chiến sĩ mới"),
        SITEMAP_RSS_LISTING),
    13: (812093, "chinh-tri", "2025-01-15 16:50", 7, "TTXVN", ("TTXVN",),
         ("Thủ tướng Chính phủ", "Điện hạt nhân", "Ninh Thuận"), SITEMAP_RSS_LISTING),
    6: (812115, "qpan", "2025-01-15 18:10", 14, "Tin, ảnh: TUẤN MINH", ("TUẤN MINH",),
        ("Tổng cục Công nghiệp Quốc phòng", "Nhà máy Z199"), RSS | LISTING),
    12: (812130, "qpan", "2025-01-15 19:35", 21, "Tin, ảnh: HÙNG KHOA", ("HÙNG KHOA",),
         ("Thượng tướng Lê Quang Minh", "Tổng cục Chính trị", "TP Hồ Chí Minh"),
         SITEMAP_RSS_LISTING),
    11: (812152, "quoc-te", "2025-01-16 06:00", 8, "QUỲNH OANH (tổng hợp)", ("QUỲNH OANH",),
         ("Quân sự thế giới hôm nay", "FA-50", "Máy bay không người lái"),
         SITEMAP_RSS_LISTING),
    8: (812168, "qpan", "2025-01-16 07:45", 11, "Tin, ảnh: ĐĂNG TOÀN", ("ĐĂNG TOÀN",),
        ("Quân khu 5", "Nghĩa vụ quân sự", "Bộ đội Cụ Hồ"), SITEMAP | RSS),
    0: (812201, "qpan", "2025-01-16 10:30", 15, "Tin, ảnh: VĂN TOẢN", ("VĂN TOẢN",),
        ("Nghĩa vụ quân sự", "Đắk Nông", "Quân nhân xuất ngũ"), SITEMAP_RSS_LISTING),
    1: (812214, "qpan", "2025-01-16 11:15", 32, "Tin, ảnh: TIẾN DŨNG-VĂN CHUNG",
        ("TIẾN DŨNG", "VĂN CHUNG"),
        ("Đại tướng Phan Văn Giang", "Quân khu 5", "Tư lệnh Quân khu 5"),
        SITEMAP_RSS_LISTING),
    2: (812236, "qpan", "2025-01-16 13:05", 10, "Tin, ảnh: NGUYỄN ANH SƠN", ("NGUYỄN ANH SƠN",),
        ("Sẵn sàng chiến đấu", "Quân đoàn 34", "Tết Nguyên đán"), SITEMAP | LISTING),
    3: (812249, "qpan", "2025-01-16 14:20", 6, "Tin, ảnh: TUẤN NAM", ("TUẤN NAM",),
        ("Công an nhân dân", "Kỷ nguyên vươn mình", "Bảo vệ an ninh trật tự"), RSS),
    10: (812263, "van-hoa", "2025-01-16 15:40", 13, "TUẤN SƠN (thực hiện)", ("TUẤN SƠN",),
         ("Phố ẩm thực", "Hà Nội", "Tết Nguyên đán"), RSS),
}  # fmt: skip

# SYNTHETIC sapo: the source scraper lost this article's sapo ("No Summary Found").
_SUMMARY_FIXES = {
    4: "Trải qua 70 năm xây dựng và trưởng thành, Viện Thiết kế, Tổng cục Hậu cần đã khẳng định "
    "vai trò là đơn vị tư vấn, khảo sát, thiết kế đầu ngành của toàn quân, để lại dấu ấn ở "
    "nhiều công trình quân sự, quốc phòng và dân dụng.",
}

_GTX_TRANS = (
    '\n<div id="gtx-trans" style="position: absolute; left: 781px; top: 2191px;">'
    "\n<div>&nbsp;</div>\n</div>"
)

# SYNTHETIC data table (no image) added to body 7; the gold keeps it as one block.
_DATA_TABLE = """<p>Kết quả tăng gia sản xuất năm 2024 của Bộ CHQS tỉnh:</p>
<table border="1" cellpadding="1" cellspacing="1" style="width: 100%;">
\t<thead>
\t\t<tr>
\t\t\t<th scope="col">Sản phẩm</th>
\t\t\t<th scope="col">Kế hoạch năm 2024</th>
\t\t\t<th scope="col">Thực hiện năm 2024</th>
\t\t</tr>
\t</thead>
\t<tbody>
\t\t<tr>
\t\t\t<td>Rau, củ, quả (tấn)</td>
\t\t\t<td>180</td>
\t\t\t<td>212</td>
\t\t</tr>
\t\t<tr>
\t\t\t<td>Thịt hơi các loại (tấn)</td>
\t\t\t<td>45</td>
\t\t\t<td>51,6</td>
\t\t</tr>
\t\t<tr>
\t\t\t<td>Cá (tấn)</td>
\t\t\t<td>12</td>
\t\t\t<td>14,3</td>
\t\t</tr>
\t</tbody>
</table>
"""

# Edits to the real bodies: (index, anchor, text inserted before the anchor). "" = append.
# Intertitles and the data table are SYNTHETIC; the junk mirrors what the real CMS's editor
# leaves in its bodies (stray entities, empty paragraphs).
_EDITS_2025: tuple[tuple[int, str, str], ...] = (
    (0, "", _GTX_TRANS),
    (6, "", _GTX_TRANS),
    (2, "trao quà tặng đơn vị.</p>", '<span style="text-align: center;">\u00a0</span>'),
    (12, "<p>Thời gian tới, Thượng tướng", "<p>\u00a0</p>\n"),
    (4, "<p>Từ một đơn vị ít cán bộ",
     "<p><strong>Đơn vị tư vấn, thiết kế đầu ngành</strong></p>\n"),
    (7, "<p>Trong năm 2024, Bộ CHQS tỉnh chỉ đạo",
     "<p><strong>Chủ động nguồn thực phẩm tại chỗ</strong></p>\n"),
    (7, "<table align=\"center\" border=\"0\" id=\"29ed4477-09b3-41f9-8e39-1b9f10e37e3e0\">",
     _DATA_TABLE),
)  # fmt: skip

_BODY_OPEN = '<div itemprop="articleBody">'


def _edit(body: str, anchor: str, insert: str) -> str:
    if not anchor:
        return body + insert
    if body.count(anchor) != 1:
        raise ValueError(f"edit anchor not unique in body: {anchor!r}")
    return body.replace(anchor, insert + anchor)


def specs_2025() -> list[Spec]:
    """The real 2025 articles in file order, then the synthetic video page."""
    return [*_real_specs(), _spec_video()]


def _real_specs() -> list[Spec]:
    raw = json.loads((DATA / "qdnd-2025-bodies.json").read_text(encoding="utf-8"))["articles"]
    specs = []
    for index, item in enumerate(raw):
        body = item["body_html"]
        body = body.removeprefix(_BODY_OPEN).removesuffix("</div>")
        for target, anchor, insert in _EDITS_2025:
            if target == index:
                body = _edit(body, anchor, insert)
        art_id, section, published, delay, credit, authors, tags, found = _META_2025[index]
        pub = dt(published)
        specs.append(
            Spec(
                article_id=art_id,
                era="2025",
                section=section,
                title=item["title"],
                summary=_SUMMARY_FIXES.get(index, item["summary"]),
                dateline="",
                published=pub,
                modified=pub + timedelta(minutes=delay),
                body=ckeditor_entities(body),
                credit=credit,
                authors=authors,
                tags=tags,
                discovery=found,
            )
        )
    return specs


def _spec_video() -> Spec:
    """SYNTHETIC 2025-era video page under /video/, which robots.txt disallows."""
    title = "Thanh niên Thủ đô sẵn sàng lên đường nhập ngũ năm 2025"
    video = (
        '<div class="video-embed"><video controls="controls" preload="none" width="100%" '
        'poster="https://file3.qdnd.vn/data/images/0/2025/01/16/upload_2230/nhap-ngu.jpg">'
        '<source src="https://file3.qdnd.vn/data/videos/0/2025/01/16/upload_2230/'
        'nhap-ngu-2025.mp4" type="video/mp4" /></video></div>'
    )
    image = (
        '<table align="center" border="0" id="5e8a1c3f-9d27-4b60-8f14-c2e7a9b3d051">\n'
        '<tbody>\n<tr>\n<td><img alt="" loading="lazy" src="https://file3.qdnd.vn/data/'
        'images/0/2025/01/16/upload_2230/tan-binh.jpg?dpi=150&amp;quality=100&amp;w=870"/>'
        "</td>\n</tr>\n<tr>\n<td>Tân binh Hà Nội trong buổi gặp mặt trước ngày nhập ngũ."
        "</td>\n</tr>\n</tbody>\n</table>"
    )
    first = (
        "<p>Những ngày này, không khí chuẩn bị cho ngày hội tòng quân đang diễn ra sôi nổi "
        "tại các quận, huyện của Hà Nội. Các địa phương đã hoàn tất việc phát lệnh gọi công "
        "dân nhập ngũ, tổ chức gặp mặt, động viên tân binh và gia đình.</p>"
    )
    second = (
        "<p>Nhiều thanh niên đã tình nguyện viết đơn xin nhập ngũ, trong đó có không ít bạn "
        "trẻ đã tốt nghiệp đại học, cao đẳng. Các em đều bày tỏ niềm tự hào, quyết tâm rèn "
        "luyện, phấn đấu trưởng thành trong môi trường quân đội.</p>"
    )
    credit = "<p><strong>Video: THU HÀ</strong></p>"
    body = f"{video}\n{first}\n{image}\n{second}\n{credit}"
    return Spec(
        article_id=812280,
        era="2025",
        section="video",
        title=title,
        summary="Những ngày giữa tháng 1, các quận, huyện của Hà Nội khẩn trương hoàn tất công "
        "tác chuẩn bị cho Lễ giao nhận quân năm 2025. Thanh niên trúng tuyển đều phấn khởi, sẵn "
        "sàng lên đường làm nhiệm vụ.",
        dateline="",
        published=dt("2025-01-16 17:00"),
        modified=dt("2025-01-16 17:12"),
        body=ckeditor_entities(body),
        credit="Video: THU HÀ",
        authors=("THU HÀ",),
        tags=("Nhập ngũ", "Hà Nội"),
        discovery=SITEMAP | LISTING,
    )
