"""A deterministic local copy of www.qdnd.vn: article pages of three layout eras, robots.txt,
sitemaps, cookie-gated RSS feeds and paginated category listings, with gold extraction data.

Pages keep the real site's absolute links (https://www.qdnd.vn/...); the crawler maps that
origin onto the local server. Layout facts come from SITES.md §1.3, §2 and §5.

What is real and what is synthetic:
- the 14 era-"2025" bodies are real (data/qdnd-2025-bodies.json), with a few marked edits;
- article 711953 is SITES.md §2.6's reconstruction (its body text is the real seed);
- every other body (eras 2020 and 2021, the video page) is SYNTHETIC prose written for the
  demo, and so is the page chrome (pages.py).
"""

from __future__ import annotations

import copy
import functools
import json
import re
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from lxml import html as lxml_html

from crawler.demo import pages
from crawler.demo.encoding import (
    ckeditor_entities,
    normalize,
    normalize_lines,
    slugify,
    to_cp1258,
)
from crawler.demo.pages import ArticleView, Link, Teaser, e

ORIGIN = "https://www.qdnd.vn"
VN = timezone(timedelta(hours=7))
DATA = Path(__file__).with_name("data")

HTML_UTF8 = "text/html; charset=utf-8"
XML_UTF8 = "text/xml; charset=utf-8"
RSS_UTF8 = "application/rss+xml; charset=utf-8"

SITEMAP_INDEX = "/sitemaps/pid/feed-0.xml"
TOP_SITEMAP = "/sitemaps/0/top300article.xml"


@dataclass(frozen=True)
class Resource:
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class GoldImage:
    url: str
    caption: str
    credit: str


@dataclass(frozen=True)
class DemoArticle:
    path: str
    article_id: int
    era: str
    discovery: frozenset[str]
    disallowed: bool
    title: str
    summary: str
    paragraphs: tuple[str, ...]
    credit: str
    authors: tuple[str, ...]
    published: str
    modified: str
    section: tuple[str, ...]
    tags: tuple[str, ...]
    images: tuple[GoldImage, ...]
    encoding: str

    @property
    def url(self) -> str:
        return ORIGIN + self.path

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class DemoSite:
    resources: dict[str, Resource]
    articles: tuple[DemoArticle, ...]


# ---------------------------------------------------------------------------------------------
# Sections: breadcrumb (name, path) pairs; the last path is the article's parent path.

SECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "qpan": (
        ("Quốc phòng - An ninh", "/quoc-phong-an-ninh"),
        ("Tin tức", "/quoc-phong-an-ninh/tin-tuc"),
    ),
    "chinh-tri": (("Chính trị", "/chinh-tri"), ("Tin tức", "/chinh-tri/tin-tuc")),
    "van-hoa": (("Văn hóa", "/van-hoa"), ("Đời sống", "/van-hoa/doi-song")),
    "quoc-te": (("Quốc tế", "/quoc-te"), ("Quân sự thế giới", "/quoc-te/quan-su-the-gioi")),
    # robots.txt disallows /video/: this section only holds the one disallowed page.
    "video": (("Video", "/video"), ("Quốc phòng - An ninh", "/video/quoc-phong-an-ninh")),
}

# Category listings: path, title, the sections they list.
LISTINGS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("/quoc-phong-an-ninh/tin-tuc", "Tin tức", ("qpan", "video")),
    ("/chinh-tri", "Chính trị", ("chinh-tri",)),
    ("/quoc-te", "Quốc tế", ("quoc-te",)),
)
LISTING_PAGE_SIZE = 6

# RSS feeds (SITES.md §2.2): path, title, sections (empty = every article marked "rss").
FEEDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("/rss/cate/tin-tuc-moi-nhat.rss", "Tin tức mới nhất", ()),
    ("/rss/cate/quoc-phong-an-ninh-3424.rss", "Quốc phòng - An ninh", ("qpan",)),
    ("/rss/cate/chinh-tri-3429.rss", "Chính trị", ("chinh-tri",)),
    ("/rss/cate/quoc-te-3447.rss", "Quốc tế", ("quoc-te",)),
)

SITEMAP = frozenset({"sitemap"})
RSS = frozenset({"rss"})
LISTING = frozenset({"listing"})
SITEMAP_RSS_LISTING = SITEMAP | RSS | LISTING


@dataclass(frozen=True)
class _Spec:
    """One article before rendering: page markup inputs plus the gold fields it defines."""

    article_id: int
    era: str
    section: str
    title: str
    summary: str
    dateline: str  # sapo prefix shown on the page, not part of the gold summary
    published: datetime
    modified: datetime | None
    body: str  # final markup inside div[itemprop=articleBody]
    credit: str  # expected gold credit, checked against the body at build time
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    discovery: frozenset[str]
    encoding: str = "utf-8"

    @property
    def path(self) -> str:
        return f"{SECTIONS[self.section][-1][1]}/{slugify(self.title)}-{self.article_id}"

    @property
    def disallowed(self) -> bool:
        return self.section == "video"


def _dt(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%d %H:%M").replace(tzinfo=VN)


# ---------------------------------------------------------------------------------------------
# Era 2025: the real bodies, keyed by their index in data/qdnd-2025-bodies.json.
# (id, section, published, minutes until modified, credit, authors, tags, discovery)

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
# Intertitles and the data table are SYNTHETIC; the junk mirrors SITES.md §2.4 "Editor junk".
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


def _specs_2025() -> list[_Spec]:
    raw = json.loads((DATA / "qdnd-2025-bodies.json").read_text(encoding="utf-8"))["articles"]
    specs = []
    for index, item in enumerate(raw):
        body = item["body_html"]
        body = body.removeprefix(_BODY_OPEN).removesuffix("</div>")
        for target, anchor, insert in _EDITS_2025:
            if target == index:
                body = _edit(body, anchor, insert)
        art_id, section, published, delay, credit, authors, tags, found = _META_2025[index]
        pub = _dt(published)
        specs.append(
            _Spec(
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


# ---------------------------------------------------------------------------------------------
# Era 2021 (about 2021-2023): hidden image-plugin controls in row 1 of `table.imgEditor`.

_SEED_TITLE = "Tổng cục Kỹ thuật tổng kết 10 năm thực hiện Nghị quyết Trung ương 8"
_SEED_ALT = f'alt="{_SEED_TITLE}"'
_SEED_IMG = "https://file3.qdnd.vn/data/images/0/2022/10/27/upload_2000"

# SITES.md §2.6 reconstruction of the seed page body, verbatim minus the doc annotations.
_SEED_BODY = f"""<p>Trung tướng Trần Duy Hưng, Bí thư Đảng ủy, Chính ủy Tổng cục Kỹ thuật chủ trì hội nghị.</p>

<table align="center" border="0" class="imgEditor" id="5b2e6a0c-3f1d-4c47-9b1a-8d2f0c7e1a11">
\t<tbody>
\t\t<tr style="text-align:center"><td><span>left</span><span>center</span><span>right</span><span>del</span></td></tr>
\t\t<tr>
\t\t\t<td><img class="imgtelerik" {_SEED_ALT} src="{_SEED_IMG}/le-huy-vinh.jpg?dpi=150&amp;quality=100&amp;w=870"></td>
\t\t</tr>
\t\t<tr class="alt_imgEditor">
\t\t\t<td>&nbsp;Thượng tướng Lê Huy Vịnh phát biểu chỉ đạo tại hội nghị.</td>
\t\t</tr>
\t</tbody>
</table>

<p>Tại hội nghị, các ý kiến thống nhất đánh giá: 10 năm qua, Đảng ủy Tổng cục đã quán triệt, thực hiện nghiêm Nghị quyết Trung ương 8 và các nghị quyết, chỉ thị, mệnh lệnh của trên về công tác quân sự, quốc phòng; thực hiện tốt chức năng tham mưu với Quân ủy Trung ương, Bộ Quốc phòng và hướng dẫn, chỉ đạo toàn quân thực hiện tốt công tác kỹ thuật.</p>

<p>Các cấp ủy, tổ chức Đảng thường xuyên được củng cố, kiện toàn, năng lực lãnh đạo, sức chiến đấu được nâng lên; hiệu lực của người chỉ huy và vai trò của chính ủy, chính trị viên tiếp tục được khẳng định. Chỉ đạo thực hiện Nghị quyết số 382-NQ/ĐUQSTW ngày 29-11-2007 của Đảng ủy Quân sự Trung ương (nay là Quân ủy Trung ương) về lãnh đạo công tác kỹ thuật trong tình hình mới và Cuộc vận động “Quản lý, khai thác vũ khí trang bị kỹ thuật tốt, bền, an toàn, tiết kiệm và an toàn giao thông”&nbsp;trong toàn quân đạt kết quả tốt.</p>

<table align="center" border="0" class="imgEditor" id="5b2e6a0c-3f1d-4c47-9b1a-8d2f0c7e1a110">
\t<tbody>
\t\t<tr style="text-align:center"><td><span>left</span><span>center</span><span>right</span><span>del</span></td></tr>
\t\t<tr><td><img class="imgtelerik" {_SEED_ALT} src="{_SEED_IMG}/quang-canh.jpg?dpi=150&amp;quality=100&amp;w=870"></td></tr>
\t\t<tr class="alt_imgEditor"><td>&nbsp;Quang cảnh hội nghị.<br />
&nbsp;</td></tr>
\t</tbody>
</table>

<p>Các ý kiến cũng đã nêu&nbsp;ra một số bài học kinh nghiệm, đó là: Thường xuyên quán triệt sâu sắc, triển khai, thực hiện nghiêm các nghị quyết, chỉ thị của trên về công tác quân sự, quốc phòng, nhiệm vụ bảo vệ Tổ quốc; vận dụng, cụ thể hóa sát với đặc điểm, nhiệm vụ của tổng cục. Không ngừng nâng cao năng lực lãnh đạo, sức chiến đấu của cấp ủy, tổ chức đảng, xây dựng cơ quan, đơn vị vững mạnh toàn diện “mẫu mực, tiêu biểu”; phát huy tốt trách nhiệm, sức mạnh tổng hợp của đội ngũ cán bộ các cấp, nhất là người đứng đầu cơ quan, đơn vị; coi trọng công tác kiểm tra, hướng dẫn, đôn đốc việc triển khai thực hiện, kịp thời khắc phục hạn chế, thiếu sót và đề ra phương hướng, giải pháp sát hợp với tình hình thực tế.</p>

<table align="center" border="0" class="imgEditor" id="5b2e6a0c-3f1d-4c47-9b1a-8d2f0c7e1a1100">
\t<tbody>
\t\t<tr style="text-align:center"><td><span>left</span><span>center</span><span>right</span><span>del</span></td></tr>
\t\t<tr><td><img class="imgtelerik" {_SEED_ALT} src="{_SEED_IMG}/dai-bieu.jpg?dpi=150&amp;quality=100&amp;w=870"></td></tr>
\t\t<tr class="alt_imgEditor"><td>&nbsp;Các địa biểu dự hội nghị.</td></tr>
\t</tbody>
</table>

<p>Phát biểu chỉ đạo tại hội nghị, Thượng tướng Lê Huy Vịnh biểu dương Đảng ủy Tổng cục Kỹ thuật đã lãnh đạo triển khai thực hiện Nghị quyết Trung ương 8 đạt nhiều kết quả nổi bật. Yêu cầu trong thời gian tới, Đảng ủy Tổng cục cần tập trung lãnh đạo, chỉ đạo xây dựng Đảng bộ trong sạch, vững mạnh về chính trị, tư tưởng, tổ chức, đạo đức và cán bộ; thường xuyên giáo dục nâng cao nhận thức, ý thức bảo vệ Tổ quốc, nhất là bảo vệ Tổ quốc từ sớm, từ xa cho cán bộ, chiến sĩ.</p>

<p>Tiếp tục quán triệt, triển khai thực hiện nghiêm túc, hiệu quả Nghị quyết Đại hội XIII của Đảng, Nghị quyết Trung ương 8, khóa XI về Chiến lược bảo vệ Tổ quốc trong tình hình mới, các đề án, chiến lược về quân sự, quốc phòng, góp phần bảo vệ Tổ quốc từ sớm, từ xa. Chủ động nghiên cứu, nắm, dự báo đúng tình hình, kịp thời tham mưu với Đảng, Nhà nước chủ trương về công tác kỹ thuật quân sự. Quyết liệt thực hiện chuyển đổi số, đẩy mạnh nghiên cứu khoa học công nghệ trong ngành kỹ thuật. Coi trong xây dựng đội ngũ cán bộ kỹ thuật, xây dựng ngành kỹ thuật quân sự vững mạnh, góp phần nâng cao tiềm lực và sức mạnh quốc phòng, đáp ứng yêu cầu, nhiệm vụ trong giai đoạn tiếp theo.</p>

<p>Cùng với đó, quán triệt, thực hiện nghiêm Nghị quyết của Quân ủy Trung ương về lãnh đạo thực hiện công tác kỹ thuật trong tình hình mới. Tập trung nghiên cứu nắm vững phương hướng, mục tiêu, quan điểm chỉ đạo và các nhiệm vụ, giải pháp công tác kỹ thuật mà Quân ủy Trung ương đã xác định. Chú trọng lãnh đạo toàn diện, tập trung vào những nội dung đột phá, tạo sự chuyển biến mạnh mẽ, vững chắc về công tác kỹ thuật ở tất cả các cấp, gắn lãnh đạo thực hiện công tác kỹ thuật với thực hiện Nghị quyết Trung ương 8 về chiến lược bảo vệ Tổ quốc trong tình hình mới...</p>

<p style="text-align: right;"><strong>Tin, ảnh: HUY PHONG - SƠN BÌNH</strong></p>"""

# Control-row variants (SITES.md §1.3 [I]): the markup of the hidden controls is not attested.
_CONTROLS_ANCHORS = (
    '<tr style="text-align:center"><td><a href="javascript:void(0)">left</a>'
    '<a href="javascript:void(0)">center</a><a href="javascript:void(0)">right</a>'
    '<a href="javascript:void(0)">del</a></td></tr>'
)
_CONTROLS_TEXT = '<tr style="text-align:center"><td>leftcenterrightdel</td></tr>'
_CONTROLS_CLASSED = (
    '<tr style="text-align:center"><td><span class="align-left">left</span>'
    '<span class="align-center">center</span><span class="align-right">right</span>'
    '<span class="img-del">del</span></td></tr>'
)


def _image_table_2021(guid: str, controls: str, alt: str, src: str, caption_cell: str) -> str:
    return (
        f'<table align="center" border="0" class="imgEditor" id="{guid}">\n\t<tbody>\n'
        f"\t\t{controls}\n\t\t<tr>\n"
        f'\t\t\t<td><img class="imgtelerik" alt="{e(alt)}" src="{e(src)}"></td>\n\t\t</tr>\n'
        f'\t\t<tr class="alt_imgEditor">\n\t\t\t<td>{caption_cell}</td>\n\t\t</tr>\n'
        "\t</tbody>\n</table>"
    )


def _img_url(day: str, uploader: str, name: str) -> str:
    return f"https://file3.qdnd.vn/data/images/0/{day}/{uploader}/{name}?dpi=150&quality=100&w=870"


def _spec_686722() -> _Spec:
    """SYNTHETIC body modelled on SITES.md §1.2 (anchor controls, tables split by <p>&nbsp;</p>)."""
    title = (
        "Đảng ủy Tổng cục Kỹ thuật quán triệt, triển khai các kết luận, quy định của Trung ương "
        "về xây dựng, chỉnh đốn Đảng"
    )
    guid = "0c1d5e7a-2b44-4f0e-9a51-6f3c2d8e4b71"
    body = "\n\n".join(
        [
            (
                "<p>Tại hội nghị, các đại biểu được nghe báo cáo viên quán triệt những nội dung cơ "
                "bản của Kết luận số 21-KL/TW ngày 25-10-2021 của Hội nghị lần thứ tư Ban Chấp "
                "hành Trung ương Đảng khóa XIII về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống "
                "chính trị; kiên quyết ngăn chặn, đẩy lùi, xử lý nghiêm cán bộ, đảng viên suy "
                "thoái về tư tưởng chính trị, đạo đức, lối sống, biểu hiện “tự diễn biến”, “tự "
                "chuyển hóa” và Quy định số 37-QĐ/TW ngày 25-10-2021 về những điều đảng viên không "
                "được làm.</p>"
            ),
            _image_table_2021(
                guid,
                _CONTROLS_ANCHORS,
                title,
                _img_url("2022/01/10", "vietha", "khai-mac.jpg"),
                "Trung tướng Trần Duy Hưng phát biểu khai mạc hội nghị.&nbsp;&nbsp;",
            ),
            "<p>&nbsp;</p>",
            _image_table_2021(
                guid + "0",
                _CONTROLS_ANCHORS,
                title,
                _img_url("2022/01/10", "vietha", "dai-bieu.jpg"),
                "&nbsp;&nbsp; Các đại biểu dự hội nghị.",
            ),
            (
                "<p>Theo báo cáo của Đảng ủy Tổng cục, thời gian qua, cấp ủy, tổ chức đảng các cấp "
                "trong Đảng bộ đã lãnh đạo triển khai thực hiện nghiêm túc Nghị quyết Trung ương 4 "
                "khóa XII, khóa XIII gắn với thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị và "
                "Cuộc vận động “Phát huy truyền thống, cống hiến tài năng, xứng danh Bộ đội Cụ "
                "Hồ”. Chất lượng sinh hoạt đảng, công tác kiểm tra, giám sát có chuyển biến tích "
                "cực.</p>"
            ),
            (
                "<p>Phát biểu kết luận hội nghị, Trung tướng Trần Duy Hưng yêu cầu cấp ủy, tổ chức "
                "đảng các cấp tiếp tục quán triệt sâu sắc, cụ thể hóa các kết luận, quy định của "
                "Trung ương thành chương trình, kế hoạch hành động sát với chức năng, nhiệm vụ của "
                "từng cơ quan, đơn vị; gắn với thực hiện Nghị quyết số 847-NQ/QUTW ngày 28-12-2021 "
                "của Quân ủy Trung ương về phát huy phẩm chất Bộ đội Cụ Hồ, kiên quyết, kiên trì "
                "đấu tranh chống chủ nghĩa cá nhân trong tình hình mới.</p>"
            ),
            (
                "<p>Cùng với đó, đẩy mạnh công tác giáo dục chính trị, tư tưởng, nâng cao nhận "
                "thức, trách nhiệm của cán bộ, đảng viên; chú trọng xây dựng đội ngũ cán bộ, nhất "
                "là cán bộ chủ trì các cấp đủ phẩm chất, năng lực, uy tín, ngang tầm nhiệm vụ; "
                "tăng cường công tác kiểm tra, giám sát, kịp thời phát hiện, ngăn chặn những biểu "
                "hiện suy thoái về tư tưởng chính trị, đạo đức, lối sống trong nội bộ.</p>"
            ),
            (
                "<p>Hội nghị cũng triển khai kế hoạch tự kiểm điểm, đánh giá việc thực hiện các "
                "kết luận, quy định của Trung ương ở các cấp; phấn đấu xây dựng Đảng bộ Tổng cục "
                "Kỹ thuật trong sạch vững mạnh tiêu biểu, hoàn thành tốt nhiệm vụ công tác kỹ "
                "thuật năm 2022.</p>"
            ),
            # Stray (and non-breaking) spaces inside the credit line, as typed by the editor.
            (
                '<p style="text-align: right;"><strong>Tin,&nbsp; ảnh :&nbsp; VIỆT&nbsp; HÀ'
                "</strong></p>"
            ),
        ]
    )
    return _Spec(
        article_id=686722,
        era="2021",
        section="qpan",
        title=title,
        summary="Sáng 10-1, Đảng ủy Tổng cục Kỹ thuật tổ chức hội nghị quán triệt, triển khai "
        "thực hiện các kết luận, quy định của Trung ương về xây dựng, chỉnh đốn Đảng. Trung "
        "tướng Trần Duy Hưng, Bí thư Đảng ủy, Chính ủy Tổng cục Kỹ thuật chủ trì hội nghị.",
        dateline="",
        published=_dt("2022-01-10 15:20"),
        modified=_dt("2022-01-10 15:48"),
        body=body,
        credit="Tin, ảnh : VIỆT HÀ",
        authors=("VIỆT HÀ",),
        tags=("Tổng cục Kỹ thuật", "Xây dựng, chỉnh đốn Đảng"),
        discovery=SITEMAP,
    )


def _spec_720864() -> _Spec:
    """SYNTHETIC body modelled on SITES.md §1.2: three consecutive tables with plain-text
    controls, each followed by <p>&nbsp;</p>. Served as UTF-8 labelled ISO-8859-1."""
    title = (
        "Thường vụ Đảng ủy Tổng cục Kỹ thuật tổ chức học tập, quán triệt và triển khai thực "
        "hiện các nghị quyết của Quân ủy Trung ương"
    )
    guid = "8e0f3b12-7c6d-4a2e-b3f9-15d7a2c94e60"
    captions = (
        "&nbsp;Trung tướng Trần Duy Hưng phát biểu khai mạc hội nghị.",
        "&nbsp;Báo cáo viên quán triệt các nghị quyết tại hội nghị.",
        "&nbsp;Các đại biểu dự hội nghị.",
    )
    tables = [
        _image_table_2021(
            guid + "0" * index,
            _CONTROLS_TEXT,
            title,
            _img_url("2023/02/14", "vietha", f"hoi-nghi-{index + 1}.jpg"),
            caption,
        )
        + "\n\n<p>&nbsp;</p>"
        for index, caption in enumerate(captions)
    ]
    body = "\n\n".join(
        [
            (
                "<p>Hội nghị được tổ chức theo hình thức trực tiếp kết hợp trực tuyến đến điểm cầu "
                "các cơ quan, đơn vị trực thuộc Tổng cục. Tại hội nghị, các đại biểu được nghe "
                "quán triệt những nội dung cơ bản của các nghị quyết của Quân ủy Trung ương về "
                "lãnh đạo thực hiện nhiệm vụ quân sự, quốc phòng năm 2023 và về công tác kỹ thuật "
                "trong tình hình mới.</p>"
            ),
            *tables,
            (
                "<p>Phát biểu chỉ đạo hội nghị, Trung tướng Trần Duy Hưng yêu cầu các cơ quan, đơn "
                "vị khẩn trương tổ chức học tập, quán triệt đến 100% cán bộ, đảng viên, quần "
                "chúng; xây dựng chương trình, kế hoạch hành động cụ thể, sát với chức năng, nhiệm "
                "vụ được giao, bảo đảm các nghị quyết sớm đi vào cuộc sống.</p>"
            ),
            (
                "<p>Các cấp ủy, tổ chức đảng cần tập trung lãnh đạo thực hiện tốt công tác bảo đảm "
                "kỹ thuật cho huấn luyện, sẵn sàng chiến đấu; đẩy mạnh nghiên cứu, ứng dụng khoa "
                "học kỹ thuật, cải tiến, hiện đại hóa vũ khí trang bị; thực hiện hiệu quả Cuộc vận "
                "động “Quản lý, khai thác vũ khí trang bị kỹ thuật tốt, bền, an toàn, tiết kiệm và "
                "an toàn giao thông”.</p>"
            ),
            (
                "<p>Cùng với đó, tiếp tục nâng cao chất lượng công tác giáo dục chính trị, tư "
                "tưởng, xây dựng tổ chức đảng trong sạch vững mạnh, cơ quan, đơn vị vững mạnh toàn "
                "diện “mẫu mực, tiêu biểu”; chăm lo đời sống vật chất, tinh thần cho cán bộ, nhân "
                "viên, chiến sĩ, tạo động lực hoàn thành thắng lợi nhiệm vụ năm 2023.</p>"
            ),
            '<p style="text-align: right;"><strong>Tin, ảnh: VIỆT HÀ</strong></p>',
        ]
    )
    return _Spec(
        article_id=720864,
        era="2021",
        section="qpan",
        title=title,
        summary="Sáng 14-2, Thường vụ Đảng ủy Tổng cục Kỹ thuật tổ chức hội nghị học tập, quán "
        "triệt và triển khai thực hiện các nghị quyết của Quân ủy Trung ương cho cán bộ chủ trì "
        "các cơ quan, đơn vị. Trung tướng Trần Duy Hưng, Bí thư Đảng ủy, Chính ủy Tổng cục Kỹ "
        "thuật chủ trì hội nghị.",
        dateline="",
        published=_dt("2023-02-14 08:30"),
        modified=_dt("2023-02-14 09:05"),
        body=body,
        credit="Tin, ảnh: VIỆT HÀ",
        authors=("VIỆT HÀ",),
        tags=("Tổng cục Kỹ thuật", "Quân ủy Trung ương"),
        discovery=SITEMAP | LISTING,
        encoding="utf-8-mislabelled",
    )


def _spec_739208() -> _Spec:
    """SYNTHETIC: classed span controls, intertitles, an "Ảnh minh họa: vtv.vn" caption credit
    and an "X (thực hiện)" credit line."""
    title = "Kỹ thuật Quân khu 4 chủ động bảo đảm phương tiện phòng, chống bão lũ"
    guid = "a41c9e3d-52b0-4d7f-8c16-e9b3f07d2a58"
    body = "\n\n".join(
        [
            (
                "<p>Theo nhận định của cơ quan chức năng, mùa mưa bão năm nay trên địa bàn các "
                "tỉnh Bắc Trung Bộ có thể diễn biến bất thường, tiềm ẩn nguy cơ lũ quét, sạt lở "
                "đất. Quán triệt chỉ đạo của Bộ tư lệnh Quân khu, Cục Kỹ thuật Quân khu 4 đã hướng "
                "dẫn các cơ quan, đơn vị rà soát, bổ sung kế hoạch bảo đảm kỹ thuật sát với từng "
                "phương án, từng địa bàn trọng điểm.</p>"
            ),
            "<p><strong>Sẵn sàng phương tiện từ sớm, từ xa</strong></p>",
            (
                "<p>Ngay từ đầu tháng 8, các đơn vị đã tổ chức kiểm tra toàn bộ xe ô tô, xuồng, ca "
                "nô, máy phát điện và các trang bị chuyên dùng phục vụ cứu hộ, cứu nạn. Những "
                "phương tiện hư hỏng được sửa chữa, thay thế kịp thời; các kho, trạm được gia cố, "
                "chằng chống, bảo đảm an toàn trước mùa mưa lũ.</p>"
            ),
            _image_table_2021(
                guid,
                _CONTROLS_CLASSED,
                title,
                _img_url("2023/09/21", "upload_2105", "mua lu 1.jpg"),
                "&nbsp;Lực lượng vũ trang giúp nhân dân khắc phục hậu quả mưa lũ. "
                "Ảnh minh họa: vtv.vn",
            ),
            (
                "<p>Cùng với đó, ngành Kỹ thuật Quân khu duy trì nghiêm chế độ trực, bố trí lực "
                "lượng kỹ thuật cơ động sẵn sàng sửa chữa, bảo đảm cho các lực lượng làm nhiệm vụ "
                "trên các hướng. Các đơn vị phối hợp chặt chẽ với địa phương nắm chắc tình hình, "
                "chủ động xây dựng phương án huy động phương tiện của nhân dân khi cần thiết.</p>"
            ),
            "<p><strong>Huấn luyện nâng cao kỹ năng cho lực lượng kỹ thuật</strong></p>",
            (
                "<p>Bên cạnh công tác chuẩn bị vật chất, các đơn vị chú trọng huấn luyện cho đội "
                "ngũ thợ sửa chữa, lái xe, lái xuồng kỹ năng xử lý tình huống trong điều kiện mưa "
                "lũ, chia cắt. Nhiều buổi diễn tập được tổ chức sát thực tế, giúp cán bộ, nhân "
                "viên kỹ thuật thuần thục các động tác, phối hợp nhịp nhàng giữa các lực lượng.</p>"
            ),
            _image_table_2021(
                guid + "0",
                _CONTROLS_CLASSED,
                title,
                _img_url("2023/09/21", "upload_2105", "xuong-cuu-ho.jpg"),
                "&nbsp;Nhân viên kỹ thuật kiểm tra xuồng cứu hộ trước mùa mưa bão.",
            ),
            (
                "<p>Với sự chuẩn bị chu đáo, chủ động, ngành Kỹ thuật Quân khu 4 sẵn sàng bảo đảm "
                "tốt phương tiện, trang bị cho các lực lượng tham gia phòng, chống thiên tai, tìm "
                "kiếm cứu nạn, góp phần giảm thiểu thiệt hại về người và tài sản của nhân dân.</p>"
            ),
            '<p style="text-align: right;"><strong>THANH SƠN</strong> (thực hiện)</p>',
        ]
    )
    return _Spec(
        article_id=739208,
        era="2021",
        section="qpan",
        title=title,
        summary="Trước diễn biến phức tạp của thời tiết trong mùa mưa bão năm 2023, ngành Kỹ "
        "thuật Quân khu 4 đã chủ động kiểm tra, sửa chữa, bảo đảm phương tiện, trang bị sẵn sàng "
        "tham gia phòng, chống thiên tai, tìm kiếm cứu nạn.",
        dateline="",
        published=_dt("2023-09-21 10:10"),
        modified=_dt("2023-09-21 10:41"),
        body=body,
        credit="THANH SƠN (thực hiện)",
        authors=("THANH SƠN",),
        tags=("Quân khu 4", "Phòng, chống thiên tai"),
        discovery=LISTING,
    )


def _spec_seed() -> _Spec:
    return _Spec(
        article_id=711953,
        era="2021",
        section="qpan",
        title=_SEED_TITLE,
        # SITES.md §2.6: the sapo text is SYNTHETIC (the seed holds only the body).
        summary="Đảng ủy Tổng cục Kỹ thuật tổ chức hội nghị tổng kết 10 năm thực hiện Nghị quyết "
        "Trung ương 8, khóa XI về Chiến lược bảo vệ Tổ quốc trong tình hình mới. Thượng tướng Lê "
        "Huy Vịnh, Ủy viên Trung ương Đảng, Thứ trưởng Bộ Quốc phòng dự và chỉ đạo hội nghị.",
        dateline="",
        published=_dt("2022-10-27 09:45"),
        modified=_dt("2022-10-27 10:02"),
        body=_SEED_BODY,
        credit="Tin, ảnh: HUY PHONG - SƠN BÌNH",
        authors=("HUY PHONG", "SƠN BÌNH"),
        tags=("Tổng cục Kỹ thuật", "Nghị quyết Trung ương 8"),
        discovery=SITEMAP | LISTING,
    )


# ---------------------------------------------------------------------------------------------
# Era 2020: empty first row, `img.imgtelerik`, <em><span> captions, "QĐND -" sapo, no JSON-LD.


def _image_table_2020(guid: str, alt: str, src: str, caption: str) -> str:
    return (
        f'<table border="0" class="imgEditor" id="{guid}">\n\t<tbody>\n'
        '\t\t<tr style="text-align:center">\n\t\t\t\n\t\t</tr>\n'
        f'\t\t<tr>\n\t\t\t<td>\n\t\t\t\t<img class="imgtelerik" src="{e(src)}" alt="{e(alt)}">'
        "</td>\n\t\t</tr>\n"
        '\t\t<tr>\n\t\t\t<td style="text-align: center;">\n'
        '\t\t\t\t<em><span style="font-size:12px;"><span style="font-family:arial,helvetica,'
        f'sans-serif;">{e(caption)}</span></span></em></td>\n\t\t</tr>\n'
        "\t</tbody>\n</table>"
    )


def _img_2020(day: str, uploader: str, name: str) -> str:
    return f"https://file.qdnd.vn/data/images/0/{day}/{uploader}/{name}?dpi=150&quality=100&w=575"


def _p2020(text: str) -> str:
    return f'<p style="text-align: justify;">{e(text)}</p>'


def _spec_614530() -> _Spec:
    """SYNTHETIC body; served in windows-1258 with combining tone marks."""
    title = "Hội nghị lần thứ 12, Ban Chấp hành Trung ương Đảng khóa XII thành công tốt đẹp"
    body = "\n".join(
        [
            _p2020(
                "Tại hội nghị, Ban Chấp hành Trung ương đã thảo luận, cho ý kiến vào các dự thảo "
                "văn kiện trình Đại hội XIII của Đảng; xem xét, quyết định nhiều nội dung quan "
                "trọng về công tác xây dựng Đảng và công tác cán bộ."
            ),
            _image_table_2020(
                "3c624f25-5056-459b-96d3-fb4c3e3c0bee",
                title,
                _img_2020("2020/05/14", "vuongthuy", "14052020vtthuy23.jpg"),
                "Toàn cảnh phiên bế mạc. Ảnh: TTXVN",
            ),
            _p2020(
                "Phát biểu bế mạc hội nghị, đồng chí Tổng Bí thư, Chủ tịch nước đề nghị các cấp "
                "ủy, tổ chức đảng khẩn trương quán triệt, triển khai thực hiện nghiêm túc các "
                "kết luận của hội nghị; chuẩn bị thật tốt mọi mặt cho đại hội đảng bộ các cấp tiến "
                "tới Đại hội đại biểu toàn quốc lần thứ XIII của Đảng."
            ),
            _p2020(
                "Hội nghị yêu cầu các cấp, các ngành tiếp tục thực hiện thắng lợi mục tiêu kép: "
                "vừa phòng, chống hiệu quả dịch Covid-19, vừa khôi phục, phát triển kinh tế - xã "
                "hội, bảo đảm quốc phòng, an ninh, giữ vững ổn định chính trị."
            ),
            _p2020(
                "Ban Chấp hành Trung ương đánh giá cao sự chuẩn bị công phu, chu đáo của các cơ "
                "quan tham mưu, tinh thần làm việc khẩn trương, nghiêm túc, trách nhiệm của các "
                "đồng chí Ủy viên Trung ương trong suốt thời gian hội nghị."
            ),
            "<p><strong>NGUYỄN TẤN</strong></p>",
        ]
    )
    return _Spec(
        article_id=614530,
        era="2020",
        section="chinh-tri",
        title=title,
        summary="Chiều 14-5, tại Thủ đô Hà Nội, sau thời gian làm việc khẩn trương, nghiêm túc, "
        "Hội nghị lần thứ 12 Ban Chấp hành Trung ương Đảng khóa XII đã hoàn thành toàn bộ nội "
        "dung, chương trình đề ra và bế mạc.",
        dateline="QĐND - ",
        published=_dt("2020-05-14 17:32"),
        modified=None,
        body=body,
        credit="NGUYỄN TẤN",
        authors=("NGUYỄN TẤN",),
        tags=("Hội nghị Trung ương 12", "Đại hội XIII của Đảng"),
        discovery=SITEMAP | LISTING,
        encoding="windows-1258",
    )


def _spec_628417() -> _Spec:
    """SYNTHETIC body; "QĐND Online -" dateline and a "Bài và ảnh:" credit."""
    title = "Lực lượng vũ trang Quảng Bình giúp nhân dân khắc phục hậu quả lũ lụt"
    guid = "f1b7d2a4-6c3e-4e85-a0d9-3b2c8e7f6a15"
    body = "\n".join(
        [
            _p2020(
                "Những ngày qua, mưa lớn kéo dài đã khiến nhiều địa phương của tỉnh Quảng Bình bị "
                "ngập sâu, hàng nghìn ngôi nhà bị cô lập. Ngay khi nước bắt đầu rút, các đơn vị "
                "thuộc Bộ CHQS tỉnh đã khẩn trương cơ động lực lượng đến những địa bàn bị thiệt "
                "hại nặng nề nhất."
            ),
            _image_table_2020(
                guid,
                title,
                _img_2020("2020/10/19", "honghai", "lu-quang-binh-1.jpg"),
                "Cán bộ, chiến sĩ Bộ CHQS tỉnh Quảng Bình giúp người dân di chuyển tài sản.",
            ),
            _p2020(
                "Tại huyện Lệ Thủy, cán bộ, chiến sĩ đã giúp nhân dân dọn bùn đất, vệ sinh nhà "
                "cửa, trường học, trạm y tế; sửa chữa đường giao thông bị sạt lở. Lực lượng quân "
                "y tổ chức khám bệnh, cấp thuốc miễn phí, hướng dẫn người dân vệ sinh môi trường, "
                "phòng dịch bệnh sau lũ."
            ),
            _image_table_2020(
                guid + "0",
                title,
                _img_2020("2020/10/19", "honghai", "lu-quang-binh-2.jpg"),
                "Bộ đội giúp nhân dân vệ sinh trường học sau lũ.",
            ),
            _p2020(
                "Chỉ huy Bộ CHQS tỉnh cho biết, đơn vị sẽ duy trì lực lượng, phương tiện tại các "
                "địa bàn trọng điểm cho đến khi người dân ổn định cuộc sống; đồng thời sẵn sàng "
                "ứng phó với các đợt mưa lũ tiếp theo."
            ),
            "<p><strong>Bài và ảnh: HỒNG THÁI</strong></p>",
        ]
    )
    return _Spec(
        article_id=628417,
        era="2020",
        section="qpan",
        title=title,
        summary="Ngày 19-10, Bộ CHQS tỉnh Quảng Bình tiếp tục huy động hàng trăm cán bộ, chiến "
        "sĩ cùng nhiều phương tiện giúp nhân dân các huyện Lệ Thủy, Quảng Ninh khắc phục hậu quả "
        "lũ lụt, sớm ổn định cuộc sống.",
        dateline="QĐND Online - ",
        published=_dt("2020-10-19 16:05"),
        modified=None,
        body=body,
        credit="Bài và ảnh: HỒNG THÁI",
        authors=("HỒNG THÁI",),
        tags=("Quảng Bình", "Lũ lụt", "Lực lượng vũ trang"),
        discovery=SITEMAP | LISTING,
    )


def _spec_637905() -> _Spec:
    """SYNTHETIC body; bare all-caps credit, photo credit inside the caption."""
    title = "Sư đoàn 312 hoàn thành kiểm tra kết thúc năm huấn luyện 2020"
    body = "\n".join(
        [
            _p2020(
                "Nội dung kiểm tra gồm: Chính trị, điều lệnh, bắn súng, thể lực, chiến thuật và "
                "kỹ thuật chuyên ngành. Công tác kiểm tra được tiến hành chặt chẽ, đúng quy định, "
                "đánh giá khách quan, thực chất chất lượng huấn luyện của từng cơ quan, đơn vị."
            ),
            _image_table_2020(
                "7d3e9a61-0b2f-4c58-9e47-a6c1d5f2b830",
                title,
                _img_2020("2020/12/18", "manhhung", "kiem-tra-ban-sung.jpg"),
                "Kiểm tra bắn súng tiểu liên AK bài 1. Ảnh: MẠNH HƯNG",
            ),
            _p2020(
                "Qua kiểm tra cho thấy, trình độ, khả năng tổ chức, điều hành huấn luyện của đội "
                "ngũ cán bộ các cấp được nâng lên; bộ đội nắm chắc kiến thức, thực hành thành thạo "
                "các động tác kỹ thuật, chiến thuật; nhiều đơn vị có kết quả bắn đạn thật đạt "
                "giỏi."
            ),
            _p2020(
                "Phát biểu kết luận, thủ trưởng Sư đoàn yêu cầu các cơ quan, đơn vị rút kinh "
                "nghiệm sâu sắc những hạn chế qua kiểm tra; tập trung chuẩn bị tốt mọi mặt cho năm "
                "huấn luyện 2021, nhất là công tác tiếp nhận, huấn luyện chiến sĩ mới."
            ),
            "<p><strong>MẠNH HƯNG</strong></p>",
        ]
    )
    return _Spec(
        article_id=637905,
        era="2020",
        section="qpan",
        title=title,
        summary="Từ ngày 14 đến 17-12, Sư đoàn 312 (Quân đoàn 1) tổ chức kiểm tra kết thúc năm "
        "huấn luyện 2020 cho các cơ quan, đơn vị. Kết quả, 100% nội dung kiểm tra đạt yêu cầu, "
        "trong đó 80% khá, giỏi.",
        dateline="QĐND - ",
        published=_dt("2020-12-18 09:10"),
        modified=None,
        body=body,
        credit="MẠNH HƯNG",
        authors=("MẠNH HƯNG",),
        tags=("Sư đoàn 312", "Huấn luyện"),
        discovery=LISTING,
    )


def _spec_video() -> _Spec:
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
    return _Spec(
        article_id=812280,
        era="2025",
        section="video",
        title=title,
        summary="Những ngày giữa tháng 1, các quận, huyện của Hà Nội khẩn trương hoàn tất công "
        "tác chuẩn bị cho Lễ giao nhận quân năm 2025. Thanh niên trúng tuyển đều phấn khởi, sẵn "
        "sàng lên đường làm nhiệm vụ.",
        dateline="",
        published=_dt("2025-01-16 17:00"),
        modified=_dt("2025-01-16 17:12"),
        body=ckeditor_entities(body),
        credit="Video: THU HÀ",
        authors=("THU HÀ",),
        tags=("Nhập ngũ", "Hà Nội"),
        discovery=SITEMAP | LISTING,
    )


def _all_specs() -> list[_Spec]:
    specs = [
        *_specs_2025(),
        _spec_video(),
        _spec_seed(),
        _spec_686722(),
        _spec_720864(),
        _spec_739208(),
        _spec_614530(),
        _spec_628417(),
        _spec_637905(),
    ]
    return sorted(specs, key=lambda spec: spec.published, reverse=True)


# ---------------------------------------------------------------------------------------------
# Gold extraction from the body markup (what a perfect extractor returns)

_PROMO = re.compile(r"^\*\s*(?:Mời\s+bạn đọc|Chuyên mục)\b")
_CONTROLS = re.compile(r"^left\s*center\s*right\s*del$", re.IGNORECASE)
_CAPTION_CREDIT = re.compile(
    r"^(?P<caption>(?:.*[.!?…])?)\s*Ảnh(?: minh họa)?\s*:\s*(?P<credit>.+)$"
)
_BREAK = "\u2029"  # stands for <br> while flattening an element to text


def _flat_text(element: lxml_html.HtmlElement) -> str:
    """Element text where only <br> breaks lines (source newlines are plain whitespace)."""
    clone = copy.deepcopy(element)
    clone.tail = None
    for br in clone.iter("br"):
        br.tail = _BREAK + (br.tail or "")
    text = clone.text_content().replace("\n", " ").replace(_BREAK, "\n")
    return normalize_lines(text)


def _gold_images(table: lxml_html.HtmlElement) -> list[GoldImage]:
    captions = []
    for row in table.iter("tr"):
        if row.find(".//img") is not None:
            continue
        text = normalize(_flat_text(row))
        if text and not _CONTROLS.match(text):
            captions.append(text)
    caption, credit = " ".join(captions), ""
    if match := _CAPTION_CREDIT.match(caption):
        caption, credit = match["caption"].strip(), match["credit"].strip()
    return [
        GoldImage(url=img.get("src", "").replace(" ", "%20"), caption=caption, credit=credit)
        for img in table.iter("img")
    ]


def _table_block(table: lxml_html.HtmlElement) -> str:
    rows = []
    for row in table.iter("tr"):
        cells = [normalize(cell.text_content()) for cell in row if cell.tag in ("td", "th")]
        rows.append(" | ".join(cells))
    return "\n".join(rows)


def _gold_body(body: str) -> tuple[list[str], str, list[GoldImage]]:
    """(paragraphs, credit, images): blocks in order, promo lines dropped, last block = credit."""
    root = lxml_html.fragment_fromstring(body, create_parent="div")
    blocks: list[str] = []
    images: list[GoldImage] = []
    for child in root:
        if not isinstance(child.tag, str) or child.get("id") == "gtx-trans":
            continue
        if child.tag == "table" and child.find(".//img") is not None:
            images.extend(_gold_images(child))
        elif child.tag == "table":
            blocks.append(_table_block(child))
        elif text := _flat_text(child):
            blocks.append(text)
    blocks = [block for block in blocks if not _PROMO.match(block)]
    return blocks[:-1], blocks[-1], images


# ---------------------------------------------------------------------------------------------
# Rendering


def _iso(moment: datetime | None) -> str:
    return moment.isoformat() if moment else ""


def _tag_link(name: str) -> Link:
    # Tag ids are made up but stable: the real site's ids for the seed's tags are unknown too.
    tag_id = zlib.crc32(name.encode("utf-8")) % 1900 + 100
    return Link(f"{ORIGIN}/tag/{slugify(name)}-{tag_id}.html", name)


_WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")


def _date_html(spec: _Spec) -> str:
    stamp = spec.published.strftime("%d/%m/%Y - %H:%M")
    if spec.era == "2025":
        return f'<div class="post-date">{_WEEKDAYS[spec.published.weekday()]}, {stamp}</div>'
    if spec.era == "2021":
        return f'<span class="post-subinfo"><span>{stamp}</span></span>'
    return f'<span class="post-subinfo">{stamp}</span>'


def _summary_html(spec: _Spec) -> str:
    if spec.era == "2020":
        return f"<h2>{e(spec.dateline + spec.summary)}</h2>"
    return f'<p class="logo-online">{e(spec.summary)}</p>'


def _json_ld(spec: _Spec, url: str, image: str) -> str:
    if spec.era == "2020":  # the 2020 layout had no structured data
        return ""
    return pages.json_ld(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "headline": spec.title,
            "description": spec.summary,
            "image": [image],
            "datePublished": _iso(spec.published),
            "dateModified": _iso(spec.modified),
            "publisher": {
                "@type": "Organization",
                "name": "Báo Quân đội nhân dân",
                "logo": {
                    "@type": "ImageObject",
                    "url": f"{ORIGIN}/App_Themes/qdnd/images/logo.png",
                },
            },
        }
    )


# SYNTHETIC reader comments for the comment block (boilerplate an extractor must drop).
_COMMENTS = (
    (
        "Trần Văn Hùng",
        "Bài viết rất ý nghĩa, chúc các đồng chí mạnh khỏe, hoàn thành tốt nhiệm vụ.",
    ),
    ("Nguyễn Thị Lan", "Tự hào về Bộ đội Cụ Hồ. Cảm ơn Báo Quân đội nhân dân đã đưa tin kịp thời."),
    ("Lê Minh Đức", "Mong báo có thêm nhiều bài viết về đời sống của cán bộ, chiến sĩ ở cơ sở."),
)


def _render(
    spec: _Spec, gold: DemoArticle, related: tuple[Link, ...], most_read: tuple[Link, ...]
) -> Resource:
    image = gold.images[0].url if gold.images else ""
    view = ArticleView(
        url=gold.url,
        title=spec.title,
        description=spec.summary,
        keywords=", ".join(spec.tags),
        image=image,
        charset="windows-1258" if spec.encoding == "windows-1258" else "utf-8",
        json_ld=_json_ld(spec, gold.url, image),
        crumbs=tuple(Link(ORIGIN + path, name) for name, path in SECTIONS[spec.section]),
        date_html=_date_html(spec),
        summary_html=_summary_html(spec),
        body_html=spec.body,
        tags=tuple(_tag_link(tag) for tag in spec.tags),
        related=related,
        most_read=most_read,
        comments=_COMMENTS[: spec.article_id % 4],
    )
    page = pages.article_page(view)
    if spec.encoding == "windows-1258":
        return Resource(200, "text/html; charset=windows-1258", to_cp1258(page))
    if spec.encoding == "utf-8-mislabelled":
        return Resource(200, "text/html; charset=iso-8859-1", page.encode("utf-8"))
    return Resource(200, HTML_UTF8, page.encode("utf-8"))


def _gold(spec: _Spec) -> DemoArticle:
    paragraphs, credit, images = _gold_body(spec.body)
    if normalize(credit) != spec.credit:
        raise ValueError(f"article {spec.article_id}: credit {credit!r} != {spec.credit!r}")
    return DemoArticle(
        path=spec.path,
        article_id=spec.article_id,
        era=spec.era,
        discovery=spec.discovery,
        disallowed=spec.disallowed,
        title=normalize(spec.title),
        summary=normalize(spec.summary),
        paragraphs=tuple(paragraphs),
        credit=spec.credit,
        authors=spec.authors,
        published=_iso(spec.published),
        modified=_iso(spec.modified),
        section=tuple(name for name, _path in SECTIONS[spec.section]),
        tags=spec.tags,
        images=tuple(images),
        encoding=spec.encoding,
    )


def _linkable(specs: list[_Spec]) -> list[_Spec]:
    """Articles other pages may link to: found by two or more sources and not disallowed.

    Exclusive articles (one discovery source) must be reachable through that source only.
    """
    return [spec for spec in specs if len(spec.discovery) > 1 and not spec.disallowed]


def _boxes(spec: _Spec, linkable: list[_Spec]) -> tuple[tuple[Link, ...], tuple[Link, ...]]:
    """(related, most read) links for one article page, rotating deterministically."""
    others = [other for other in linkable if other.article_id != spec.article_id]
    start = spec.article_id % len(others)
    rotated = others[start:] + others[:start]
    same_section = [other for other in rotated if other.section == spec.section]
    related = tuple(Link(ORIGIN + o.path, o.title) for o in (same_section or rotated)[:4])
    most_read = tuple(Link(ORIGIN + o.path, o.title) for o in rotated[:10])
    return related, most_read


# ---------------------------------------------------------------------------------------------
# Discovery resources


def _robots() -> Resource:
    text = (
        "User-agent: *\nDisallow: /video/\nDisallow: /audio/\nDisallow: /search\n\n"
        f"Sitemap: {ORIGIN}{SITEMAP_INDEX}\n"
    )
    return Resource(200, "text/plain; charset=utf-8", text.encode("utf-8"))


def _urlset(entries: list[tuple[_Spec, DemoArticle]]) -> Resource:
    items = []
    for spec, gold in entries:
        image = ""
        if gold.images:
            image = (
                f"<image:image><image:loc>{xml_escape(gold.images[0].url)}</image:loc>"
                f"<image:title>{xml_escape(gold.title)}</image:title></image:image>"
            )
        items.append(
            f"<url><loc>{xml_escape(gold.url)}</loc>"
            f"<lastmod>{_iso(spec.modified or spec.published)}</lastmod>"
            f"<changefreq>hourly</changefreq><priority>0.8</priority>{image}</url>"
        )
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">\n'
        + "\n".join(items)
        + "\n</urlset>\n"
    )
    return Resource(200, XML_UTF8, text.encode("utf-8"))


def _sitemaps(pairs: list[tuple[_Spec, DemoArticle]]) -> dict[str, Resource]:
    listed = [pair for pair in pairs if "sitemap" in pair[0].discovery]
    children: dict[str, list[tuple[_Spec, DemoArticle]]] = {
        TOP_SITEMAP: [pair for pair in listed if pair[0].published.year >= 2025]
    }
    for pair in listed:
        month = pair[0].published.strftime("%Y-%m")
        children.setdefault(f"/sitemaps/0/{month}.xml", []).append(pair)
    resources = {path: _urlset(entries) for path, entries in children.items()}
    index = "\n".join(
        f"<sitemap><loc>{ORIGIN}{path}</loc>"
        f"<lastmod>{_iso(entries[0][0].modified or entries[0][0].published)}</lastmod></sitemap>"
        for path, entries in children.items()
    )
    resources[SITEMAP_INDEX] = Resource(
        200,
        XML_UTF8,
        (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{index}\n</sitemapindex>\n"
        ).encode(),
    )
    return resources


def _feed(path: str, title: str, entries: list[tuple[_Spec, DemoArticle]]) -> Resource:
    items = []
    for spec, gold in entries:
        image = gold.images[0].url if gold.images else ""
        description = f'<a href="{e(gold.url)}"><img src="{e(image)}" /></a>{e(gold.summary)}'
        items.append(
            f"<item><title>{xml_escape(gold.title)}</title><link>{gold.url}</link>"
            f"<description><![CDATA[{description}]]></description>"
            f"<pubDate>{format_datetime(spec.published)}</pubDate>"
            f'<guid isPermaLink="true">{gold.url}</guid></item>'
        )
    text = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>\n'
        f"<title>{xml_escape(title)} - Báo Quân đội nhân dân</title>\n<link>{ORIGIN}</link>\n"
        f"<description>{xml_escape(title)}</description>\n<language>vi-vn</language>\n"
        "<copyright>Báo Quân đội nhân dân</copyright>\n"
        "<lastBuildDate>Fri, 17 Jan 2025 08:00:00 +0700</lastBuildDate>\n"
        f'<atom:link href="{ORIGIN}{path}" rel="self" type="application/rss+xml" />\n'
        + "\n".join(items)
        + "\n</channel></rss>\n"
    )
    return Resource(200, RSS_UTF8, text.encode("utf-8"))


def _feeds(pairs: list[tuple[_Spec, DemoArticle]]) -> dict[str, Resource]:
    in_rss = [pair for pair in pairs if "rss" in pair[0].discovery]
    resources = {
        path: _feed(path, title, [p for p in in_rss if not sections or p[0].section in sections])
        for path, title, sections in FEEDS
    }
    index = pages.rss_index_page(tuple(Link(ORIGIN + path, title) for path, title, _s in FEEDS))
    resources["/rss"] = Resource(200, HTML_UTF8, index.encode("utf-8"))
    return resources


def _listings(
    pairs: list[tuple[_Spec, DemoArticle]], most_read: tuple[Link, ...]
) -> dict[str, Resource]:
    resources = {}
    for base, title, sections in LISTINGS:
        entries = [p for p in pairs if "listing" in p[0].discovery and p[0].section in sections]
        chunks = [
            entries[start : start + LISTING_PAGE_SIZE]
            for start in range(0, len(entries), LISTING_PAGE_SIZE)
        ] or [[]]
        crumbs: tuple[Link, ...] = (Link(ORIGIN + base, title),)
        if base.count("/") > 1:  # a sub-category: its parent comes first in the breadcrumb
            crumbs = (Link(f"{ORIGIN}/quoc-phong-an-ninh", "Quốc phòng - An ninh"), *crumbs)
        for number, chunk in enumerate(chunks, start=1):
            teasers = tuple(
                Teaser(
                    url=gold.url,
                    title=gold.title,
                    image=gold.images[0].url if gold.images else "",
                    date=spec.published.strftime("%d/%m/%Y %H:%M"),
                    summary=gold.summary,
                )
                for spec, gold in chunk
            )
            html = pages.listing_page(
                title,
                ORIGIN + base,
                crumbs,
                teasers,
                pages.pager(ORIGIN + base, number, len(chunks)),
                most_read,
            )
            path = base if number == 1 else f"{base}/p/{number}"
            resources[path] = Resource(200, HTML_UTF8, html.encode("utf-8"))
    return resources


def _home(most_read: tuple[Link, ...]) -> Resource:
    sections = tuple(Link(ORIGIN + path, title) for path, title, _s in LISTINGS)
    feeds = tuple(Link(ORIGIN + path, title) for path, title, _s in FEEDS)
    html = pages.home_page(sections + feeds, most_read)
    return Resource(200, HTML_UTF8, html.encode("utf-8"))


@functools.cache
def build_site() -> DemoSite:
    """Build every page of the demo site; deterministic (same bytes on every call)."""
    specs = _all_specs()
    golds = [_gold(spec) for spec in specs]
    pairs = list(zip(specs, golds, strict=True))
    linkable = _linkable(specs)
    home_most_read = tuple(Link(ORIGIN + s.path, s.title) for s in linkable[:10])
    resources: dict[str, Resource] = {"/": _home(home_most_read), "/robots.txt": _robots()}
    resources.update(_sitemaps(pairs))
    resources.update(_feeds(pairs))
    resources.update(_listings(pairs, home_most_read))
    for spec, gold in pairs:
        related, most_read = _boxes(spec, linkable)
        resources[gold.path] = _render(spec, gold, related, most_read)
    return DemoSite(resources=resources, articles=tuple(golds))


def article_html(article: DemoArticle) -> bytes:
    """The served bytes of one article page (in its served encoding)."""
    return build_site().resources[article.path].body
