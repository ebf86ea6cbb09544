"""Unit tests for the pure extraction helpers: text, artifacts, bylines, dates, decoding."""

from __future__ import annotations

import unicodedata
from zoneinfo import ZoneInfo

import pytest

from crawler.core.article import Article
from crawler.core.extraction.bylines import (
    byline_names,
    is_promo,
    parse_credit,
    split_photo_credit,
)
from crawler.core.extraction.dates import (
    parse_any,
    parse_dmy,
    parse_english,
    parse_iso,
    parse_rfc822,
)
from crawler.core.extraction.decode import decode_html
from crawler.core.extraction.document import parse_document
from crawler.core.extraction.links import hrefs
from crawler.core.extraction.metadata import meta
from crawler.core.extraction.text import fold_diacritics, normalize_line, strip_artifacts
from crawler.core.sites import extract
from crawler.core.sites.generic_parser import GenericParser
from crawler.core.sites.outlets.qdnd import HANOI, QdndV2025
from crawler.core.sites.outlets.qdnd_en import EnQdndV2025
from crawler.core.sites.outlets.tapchiqptd import TapchiQptdV2024

US_EASTERN = ZoneInfo("America/New_York")
from tests.support.checks import plain_artifact_check


@pytest.mark.parametrize(
    "raw",
    [
        "leftcenterrightdel\n Thượng tướng Lê Huy Vịnh phát biểu.",
        "leftcenterrightdelThượng tướng Lê Huy Vịnh phát biểu.",
        "left center right del Thượng tướng Lê Huy Vịnh phát biểu.",
        "LeftCenterRightDel\n\nThượng tướng Lê Huy Vịnh phát biểu.",
        "\u00a0LEFTCENTERRIGHTDEL\u00a0Thượng tướng Lê Huy Vịnh phát biểu.",
    ],
)
def test_artifact_variants_are_removed_and_text_kept(raw: str) -> None:
    assert strip_artifacts(raw) == "Thượng tướng Lê Huy Vịnh phát biểu."


def test_artifact_scrub_leaves_ordinary_words() -> None:
    text = "Căn cứ bên trái (left) và bên phải (right) của trận địa."
    assert strip_artifacts(text) == text


def test_normalize_line_nbsp_nfc_and_invisibles() -> None:
    nfd = unicodedata.normalize("NFD", "Đội")
    assert (
        normalize_line(f"\u00a0Các\u00a0ý kiến\u200b nêu&nbsp ra {nfd}\u00a0")
        == "Các ý kiến nêu ra Đội"
    )
    assert len(normalize_line(nfd)) == 3


def test_fold_diacritics_handles_d_stroke() -> None:
    assert fold_diacritics("Lê Huy Vịnh, Đại tướng") == "Le Huy Vinh, Dai tuong"


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("Tin, ảnh: HUY PHONG - SƠN BÌNH", ["HUY PHONG", "SƠN BÌNH"]),
        ("Tin, ảnh: XUÂN CƯỜNG – THÁI PHƯƠNG", ["XUÂN CƯỜNG", "THÁI PHƯƠNG"]),
        ("Tin, ảnh: TIẾN DŨNG-VĂN CHUNG", ["TIẾN DŨNG", "VĂN CHUNG"]),
        ("Tin, ảnh: KHẮC TÂM, MINH TUẤN", ["KHẮC TÂM", "MINH TUẤN"]),
        ("Bài, ảnh: VĂN ĐẢM", ["VĂN ĐẢM"]),
        ("Bài và ảnh: VŨ ĐÌNH ĐÔNG", ["VŨ ĐÌNH ĐÔNG"]),
        ("Tin,  ảnh :  VIỆT  HÀ", ["VIỆT HÀ"]),
        ("Tin , ảnh: VIỆT HÀ", ["VIỆT HÀ"]),
        ("T in, ảnh: VIỆT HÀ", ["VIỆT HÀ"]),
        ("Bài v à ả nh: VŨ ĐÌNH ĐÔNG", ["VŨ ĐÌNH ĐÔNG"]),
        ("Ảnh: TTXVN", ["TTXVN"]),
        ("PHAN TUỆ", ["PHAN TUỆ"]),
        ("NGUYỄN TẤN", ["NGUYỄN TẤN"]),
        ("TTXVN", ["TTXVN"]),
        ("CHÍNH LÂN (thực hiện)", ["CHÍNH LÂN"]),
        ("QUỲNH OANH (tổng hợp)", ["QUỲNH OANH"]),
        ("Đại tá HOÀNG TUẤN, Viện trưởng Viện Thiết kế, Tổng cục Hậu cần", ["HOÀNG TUẤN"]),
        # tapchiqptd.vn: ranks and degrees in a row, in Vietnamese and in English.
        ("Đại tá, TS. NGUYỄN VĂN HÙNG, Học viện Chính trị", ["NGUYỄN VĂN HÙNG"]),
        ("Thiếu tướng, PGS, TS. LÊ VĂN A", ["LÊ VĂN A"]),
    ],
)
def test_credit_lines(line: str, authors: list[str]) -> None:
    assert parse_credit(line) == authors


def test_an_outlets_own_credit_form_is_its_parsers_not_the_shared_layers() -> None:
    """tapchiqptd.vn's English edition ranks its authors in English: its parser knows the form."""
    line = "Major General, Assoc. Prof., PhD NGUYEN VAN THANH, Deputy Director"
    assert TapchiQptdV2024().credit(line, bare=False) == ["NGUYEN VAN THANH"]
    assert parse_credit(line) is None
    assert GenericParser().credit(line, bare=True) is None


@pytest.mark.parametrize(
    "line",
    [
        "Coi trong xây dựng đội ngũ cán bộ kỹ thuật, góp phần nâng cao tiềm lực quốc phòng.",
        "* Iran trang bị tàu do thám Zagros",
        "Quang cảnh hội nghị.",
        "Hội nghị diễn ra trong 2 ngày (từ 14 đến 15-5).",
        "General Staff officers met NATO counterparts.",
        "Colonel Smith said the drill went well.",
        "Commander USINDOPACOM, Adm. Paparo, said so.",
    ],
)
def test_body_lines_are_not_credits(line: str) -> None:
    assert parse_credit(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "* Mời bạn đọc vào chuyên mục Quốc phòng an ninh xem các tin, bài liên quan.",
        "*Mời  bạn đọc vào chuyên mục Quốc phòng an ninh  xem các tin, bài liên quan.",
        (
            "* Chuyên mục Quân sự thế giới hôm nay trên Báo Quân đội nhân dân Điện tử gửi tới "
            "bạn đọc thông tin mới nhất về tình hình quân sự."
        ),
    ],
)
def test_an_outlets_promo_lines_are_its_parsers(line: str) -> None:
    assert QdndV2025().is_promo(line) and TapchiQptdV2024().is_promo(line)  # it reposts qdnd's
    assert not is_promo(line) and not GenericParser().is_promo(line)
    assert not QdndV2025().is_promo("* Iran trang bị tàu do thám Zagros")


@pytest.mark.parametrize(
    "line", ["Nguồn: qdnd.vn", "Nguồn: https://www.qdnd.vn/quoc-phong-an-ninh/x-812000"]
)
def test_shared_promo_lines(line: str) -> None:
    assert is_promo(line) and GenericParser().is_promo(line) and QdndV2025().is_promo(line)
    assert not is_promo("* Iran trang bị tàu do thám Zagros")


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("Tàu do thám Zagros của Iran. Ảnh: IRNA", ("Tàu do thám Zagros của Iran.", "IRNA")),
        ("Toàn cảnh phiên bế mạc. Ảnh: TTXVN", ("Toàn cảnh phiên bế mạc.", "TTXVN")),
        ("Lễ tiễn quân nhân (Ảnh: TTXVN phát)", ("Lễ tiễn quân nhân", "TTXVN phát")),
        ("Ảnh minh họa: vtv.vn", ("Ảnh minh họa", "vtv.vn")),
        ("Quang cảnh hội nghị.", ("Quang cảnh hội nghị.", "")),
        # The English forms: a closing parenthesis after the sentence, or one that says so.
        (
            "A soldier fires. (U.S. Army photo by Spc. Jane Roe)",
            ("A soldier fires.", "U.S. Army photo by Spc. Jane Roe"),
        ),
        (
            "An F-35A lands. (Staff Sgt. John Doe/U.S. Air Force)",
            ("An F-35A lands.", "Staff Sgt. John Doe/U.S. Air Force"),
        ),
        ("Rendering. (Photo by Sgt. A, U.S. Army)", ("Rendering.", "Sgt. A, U.S. Army")),
        (
            "Tests in 2015 (U.S. Army photo by Amy Walker)",
            ("Tests in 2015", "U.S. Army photo by Amy Walker"),
        ),
        ("Talks in Hanoi (Vietnam)", ("Talks in Hanoi (Vietnam)", "")),
        ("Caption (with an aside) continues.", ("Caption (with an aside) continues.", "")),
        ("Bộ đội huấn luyện. (Ảnh tư liệu)", ("Bộ đội huấn luyện. (Ảnh tư liệu)", "")),
        ("Lễ xuất quân tại Hà Nội (12/5/2024)", ("Lễ xuất quân tại Hà Nội (12/5/2024)", "")),
        ("Tàu ngầm Kilo 636 (HQ-182/HQ-183)", ("Tàu ngầm Kilo 636 (HQ-182/HQ-183)", "")),
        ("Marines with 5th Marines (1/5)", ("Marines with 5th Marines (1/5)", "")),
        ("Talks (José Núñez/AFP)", ("Talks", "José Núñez/AFP")),
        ("Troops (Photo Credit: Amy Walker)", ("Troops", "Amy Walker")),
    ],
)
def test_photo_credit_split(caption: str, expected: tuple[str, str]) -> None:
    assert split_photo_credit(caption) == expected


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Jim Garamone , DOD News", ["Jim Garamone"]),
        ("By Sgt. 1st Class Zach Sheely, National Guard Bureau", ["Sgt. 1st Class Zach Sheely"]),
        ("By Jane Roe and John Doe, 1st Armored Division", ["Jane Roe", "John Doe"]),
        ("By Capt. Joe Legros", ["Capt. Joe Legros"]),
        ("Stephen Losey", ["Stephen Losey"]),  # an author link's text
        ("By John Smith, Jr., DOD News", ["John Smith, Jr."]),
    ],
)
def test_english_bylines(line: str, names: list[str]) -> None:
    assert byline_names(line) == names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Saturday, November 23, 2024, 11:24 (GMT+7)", "2024-11-23T11:24:00+07:00"),
        ("Wednesday, February 04, 2026, 10:46 (GMT+7)", "2026-02-04T10:46:00+07:00"),
        ("9/10/2026 2:48:13 PM", "2026-09-10T14:48:13-04:00"),  # US order, daylight time
        ("Nov. 22, 2024", "2024-11-22T00:00:00-05:00"),
        ("Sept. 3, 2025 3:45 p.m.", "2025-09-03T15:45:00-04:00"),
        ("March 8, 2019", "2019-03-08T00:00:00-05:00"),
        ("Feb. 30, 2024", ""),
        # A zone the line names wins over the outlet's; one it does not know gives no date.
        ("Nov 23 2024 11:24:00 GMT", "2024-11-23T11:24:00+00:00"),
        ("March 3, 2025 11:24:00 +0200", "2025-03-03T11:24:00+02:00"),
        ("Nov. 22, 2024 at 11:24 a.m. UTC", "2024-11-22T11:24:00+00:00"),
        ("Nov. 22, 2024 11:24 a.m. PDT", "2024-11-22T11:24:00-07:00"),
        ("Nov. 22, 2024 11:24 a.m. JST", ""),
        ("July 4, 2024 AP", "2024-07-04T00:00:00-04:00"),  # no time: no zone to read
        ("Issue 12, 2024 - November 23, 2024", "2024-11-23T00:00:00-05:00"),
        ("Thứ Bảy, 23/11/2024, 11:24 (GMT+7)", ""),  # day first: parse_dmy's
    ],
)
def test_english_dates(text: str, expected: str) -> None:
    assert parse_english(text, US_EASTERN) == expected


def test_rfc822_does_not_read_an_english_date_with_its_offset_as_utc() -> None:
    assert parse_any("Saturday, November 23, 2024, 11:24 (GMT+7)") == "2024-11-23T11:24:00+07:00"
    assert parse_any("Tue, 05 Nov 2024 10:00:00 GMT") == "2024-11-05T10:00:00+00:00"


def test_meta_names_in_any_case() -> None:
    doc = parse_document('<html><head><meta name="DESCRIPTION" content="Upper."></head></html>')
    assert meta(doc, "description") == "Upper."


def test_dateline_prefixes_are_the_outlets() -> None:
    qdnd, english = QdndV2025(), EnQdndV2025()
    assert qdnd.strip_dateline("QĐND - Chiều 14-5, Hội nghị") == "Chiều 14-5, Hội nghị"
    assert qdnd.strip_dateline("QĐND Online - Sáng 14-11, tại") == "Sáng 14-11, tại"
    assert qdnd.strip_dateline("(QK7 Online) - Sáng 14-11") == "Sáng 14-11"
    assert english.strip_dateline("PANO – Defence") == "Defence"
    # No outlet's dateline is anyone else's: the generic parser strips none.
    assert GenericParser().strip_dateline("QĐND - Chiều 14-5") == "QĐND - Chiều 14-5"


def test_dates_keep_time_and_offset() -> None:
    assert parse_dmy("27/10/2022 - 09:45", HANOI) == "2022-10-27T09:45:00+07:00"
    assert parse_dmy("Thứ năm, 16/01/2025 - 09:15", HANOI) == "2025-01-16T09:15:00+07:00"
    assert parse_dmy("14/05/2020", HANOI) == "2020-05-14T00:00:00+07:00"
    assert parse_iso("2022-10-27T09:45:00+0700") == "2022-10-27T09:45:00+07:00"
    assert parse_rfc822("Thu, 16 Jan 2025 09:15:00 +0700") == "2025-01-16T09:15:00+07:00"
    assert parse_dmy("no date here") == ""
    assert parse_dmy("09:15 16/01/2025", HANOI) == "2025-01-16T09:15:00+07:00"
    assert parse_dmy("09:15 - Thứ năm, 16/01/2025", HANOI) == "2025-01-16T09:15:00+07:00"


def test_a_date_without_an_offset_gets_no_zone_it_was_not_given() -> None:
    """The shared layer assumes no zone: the wall-clock time as written, no offset."""
    assert parse_dmy("27/10/2022 - 09:45") == "2022-10-27T09:45:00"
    assert parse_iso("2025-03-04T10:00:00") == "2025-03-04T10:00:00"
    assert parse_any("2025-03-04 10:00") == "2025-03-04T10:00:00"
    assert parse_english("March 4, 2025 10:00") == "2025-03-04T10:00:00"
    assert parse_rfc822("Tue, 04 Mar 2025 10:00:00 -0000") == "2025-03-04T10:00:00"
    assert parse_iso("2025-03-04T10:00:00", US_EASTERN) == "2025-03-04T10:00:00-05:00"


def test_qdnd_dates_are_given_in_hanoi_time() -> None:
    ld = '{"@type": "NewsArticle", "datePublished": "2025-01-31T20:15:00Z"}'
    page = (
        '<html><head><link rel="canonical" href="https://www.qdnd.vn/a/b-4">'
        f'<script type="application/ld+json">{ld}</script></head><body>'
        '<h1 class="post-title">T</h1><div itemprop="articleBody"><p>Một.</p></div></body></html>'
    )
    assert extract(page.encode(), "").published == "2025-02-01T03:15:00+07:00"


def _cp1258(text: str) -> bytes:
    """Encode as windows-1258 does: tone marks as combining characters after the base letter."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            tones = [m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"]
            rest = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in tones))
            out += (rest + "".join(tones)).encode("cp1258")
    return bytes(out)


def test_decode_windows_1258_to_nfc() -> None:
    page = "<html><head><meta charset='windows-1258'></head><body>Quân đội nhân dân Việt Nam</body></html>"
    text, encoding = decode_html(_cp1258(page), "text/html; charset=windows-1258")
    assert encoding == "cp1258"
    assert "Quân đội nhân dân Việt Nam" in text


def test_decode_utf8_mislabelled_as_latin1() -> None:
    page = "<html><body>Bộ Quốc phòng</body></html>".encode()
    text, encoding = decode_html(page, "text/html; charset=iso-8859-1")
    assert encoding == "utf-8"
    assert "Bộ Quốc phòng" in text


def test_decode_without_any_label_guesses_cp1258() -> None:
    text, _ = decode_html(_cp1258("<p>Bộ Quốc phòng</p>"), None)
    assert "Bộ Quốc phòng" in text


def test_extract_named_entities_and_nbsp() -> None:
    page = (
        '<html><head><link rel="canonical" href="https://www.qdnd.vn/a/b-1"></head><body>'
        '<h1 class="post-title">Bộ Quốc ph&ograve;ng</h1><div itemprop="articleBody">'
        "<p>Thượng tướng chủ tr&igrave; hội nghị&nbsp;&ldquo;mẫu mực&rdquo;.</p></div></body></html>"
    )
    article = extract(page.encode(), "")
    assert article.site == "qdnd"
    assert article.title == "Bộ Quốc phòng"
    assert article.text == "Thượng tướng chủ trì hội nghị “mẫu mực”."


def test_qdnd_falls_back_when_the_body_container_changes() -> None:
    """A template without itemprop=articleBody still gives the body, first from .post-content."""
    page = (
        '<html><head><link rel="canonical" href="https://www.qdnd.vn/a/b-2"></head><body>'
        '<h1 class="post-title">Tiêu đề</h1><div class="post-content"><p>Đoạn một của bài.</p>'
        "<p><strong>Tin, ảnh: VĂN TOẢN</strong></p></div></body></html>"
    )
    article = extract(page.encode(), "")
    assert (article.text, article.authors) == ("Đoạn một của bài.", ["VĂN TOẢN"])
    bare = "<p>" + " ".join(["Bộ đội biên phòng tuần tra trên tuyến biên giới."] * 12) + "</p>"
    page = (
        '<html><head><link rel="canonical" href="https://www.qdnd.vn/a/b-3"></head><body>'
        f'<h1 class="post-title">Tiêu đề</h1><main><article>{bare}{bare}</article></main></body></html>'
    )
    article = extract(page.encode(), "")
    assert article.site == "qdnd"
    assert "Bộ đội biên phòng tuần tra" in article.text


@pytest.mark.parametrize(
    "junk",
    [b"", b"   \n", b"\x00\x01\x02", bytes(range(256)) * 20, b"<html>" * 10000, b"<div>" * 100000],
    ids=["empty", "blank", "control", "binary", "open-tags", "deep-nesting"],
)
def test_extract_never_raises_on_junk(junk: bytes) -> None:
    article = extract(junk, "https://www.qdnd.vn/a/b-1")
    assert article.site == "qdnd"
    assert not plain_artifact_check(article.text)


@pytest.mark.parametrize(
    ("encoding", "label"),
    [
        ("utf-8", "windows-1258"),
        ("utf-8", "iso-8859-15"),
        ("utf-8", "windows-1250"),
        ("cp1258", "iso-8859-1"),
        ("cp1258", "windows-1252"),
        ("cp1258", None),
        ("utf-8", None),
    ],
)
def test_wrong_or_missing_labels_still_decode(encoding: str, label: str | None) -> None:
    page = "<html lang='vi'><head><title>Tiêu đề Quân đội</title></head><body>Bộ Quốc phòng</body></html>"
    body = page.encode() if encoding == "utf-8" else _cp1258(page)
    text, _ = decode_html(body, f"text/html; charset={label}" if label else "text/html")
    assert "Tiêu đề Quân đội" in text and "Bộ Quốc phòng" in text


def test_real_latin1_stays_latin1() -> None:
    text, encoding = decode_html(
        "<html lang='it'><p>così però</p></html>".encode("latin-1"), "text/html; charset=iso-8859-1"
    )
    assert (encoding, "così però" in text) == ("iso8859-1", True)


def _qdnd(body: str, *, container: str = '<div itemprop="articleBody">{}</div>') -> Article:
    page = (
        '<html><head><link rel="canonical" href="https://www.qdnd.vn/a/b-9"></head><body>'
        '<h1 class="post-title">Tiêu đề bài</h1>' + container.format(body) + "</body></html>"
    )
    return extract(page.encode(), "")


def test_artifact_scrub_keeps_blocks_apart() -> None:
    assert strip_artifacts("Một.\n\nleftcenterrightdel Hai.\n\nBa.") == "Một.\n\nHai.\n\nBa."


def test_the_artifact_glued_to_a_latin_word_goes_too() -> None:
    """Glued to the credit of an English caption (hypothesis found "aleftcenterrightdel" kept:
    the token once had to follow a non-ASCII letter or none)."""
    assert strip_artifacts("Troops on parade. Photo: VNAleftcenterrightdel") == (
        "Troops on parade. Photo: VNA"
    )
    assert strip_artifacts("aLeft Center Right Delete") == "a"


def test_bare_capitals_are_a_credit_only_when_set_apart() -> None:
    closing = "<p>Liên minh đã họp tại Brussels.</p>"
    assert _qdnd(closing + "<p>NATO</p>").text.endswith("NATO")
    bold = _qdnd(closing + "<p><strong>PHAN TUỆ.</strong></p>")
    assert (bold.authors, bold.credit) == (["PHAN TUỆ"], "PHAN TUỆ.")
    right = _qdnd(closing + '<p style="text-align: right;">NGUYỄN TẤN</p>')
    assert right.authors == ["NGUYỄN TẤN"]


def test_credit_after_a_line_break_in_the_last_paragraph() -> None:
    article = _qdnd("<p>Đoạn đầu.</p><p>Đoạn cuối.<br>Tin, ảnh: VIỆT HÀ</p>")
    assert (article.text, article.authors) == ("Đoạn đầu.\n\nĐoạn cuối.", ["VIỆT HÀ"])


def test_table_with_icons_is_data_and_photos_side_by_side_keep_their_captions() -> None:
    flags = (
        "<table><tr><th>Nước</th><th>Cờ</th><th>Số lượng</th></tr>"
        '<tr><td>Việt Nam</td><td><img src="/vn.png"></td><td>12</td></tr></table>'
    )
    pair = (
        '<table><tr><td><img src="/a.jpg"></td><td><img src="/b.jpg"></td></tr>'
        "<tr><td><p>Chú thích A.</p></td><td><p>Chú thích B.</p> <p>Ảnh: KAI</p></td></tr></table>"
    )
    article = _qdnd(f"<p>Mở đầu.</p>{flags}{pair}<p>Kết.</p>")
    assert article.text == "Mở đầu.\n\nNước | Cờ | Số lượng\nViệt Nam | | 12\n\nKết."
    assert [(i.url.rsplit("/", 1)[1], i.caption, i.credit) for i in article.images] == [
        ("a.jpg", "Chú thích A.", ""),
        ("b.jpg", "Chú thích B.", "KAI"),
    ]


def test_fallback_without_a_body_container_keeps_blocks_and_captions_apart() -> None:
    prose = " ".join(["Bộ đội biên phòng tuần tra trên tuyến biên giới, giữ vững chủ quyền."] * 4)
    table = (
        '<table class="imgEditor"><tr><td><span>left</span><span>center</span><span>right</span>'
        '<span>del</span></td></tr><tr><td><img src="/x.jpg"></td></tr>'
        "<tr><td>&nbsp;Chú thích ảnh. Ảnh: TTXVN</td></tr></table>"
    )
    article = _qdnd(
        f"<h2>Tiêu đề bài</h2><p>{prose}</p>{table}<p>{prose} Hai.</p>",
        container='<div class="noi-dung"><article>{}</article></div>',
    )
    assert article.text == f"{prose}\n\n{prose} Hai."
    assert [(i.caption, i.credit) for i in article.images] == [("Chú thích ảnh.", "TTXVN")]


def test_controls_glued_to_text_or_beside_an_image_are_removed() -> None:
    glued = _qdnd(
        "<p>Quang cảnh hội nghị<span>left</span><span>center</span><span>right</span><span>del</span></p>"
    )
    assert glued.text == "Quang cảnh hội nghị"
    beside = _qdnd(
        '<table><tr><td><span>left</span><span>center</span><span>right</span><span>del</span><img src="/x.jpg">'
        "</td></tr><tr><td>Chú thích.</td></tr></table><p>Một.</p>"
    )
    assert (beside.text, [i.caption for i in beside.images]) == ("Một.", ["Chú thích."])
    assert strip_artifacts("Quang cảnh hội nghịleftcenterrightdel") == "Quang cảnh hội nghị"
    for article in (glued, beside):
        assert not plain_artifact_check(str(article.to_dict()))


def test_figure_pasted_into_a_table_cell_is_an_image_with_its_caption() -> None:
    article = _qdnd(
        '<table><tr><td><figure><img src="/y.jpg"><figcaption>Hình ảnh. Ả nh: QUANG MINH</figcaption>'
        "</figure></td></tr></table><p>Hai.</p>"
    )
    assert article.text == "Hai."
    assert [(i.caption, i.credit) for i in article.images] == [("Hình ảnh.", "QUANG MINH")]


def test_credit_in_a_right_aligned_div_and_paragraphs_inside_spans() -> None:
    credit = _qdnd('<p>Một.</p><div style="text-align: right;"><strong>PHAN TUỆ</strong></div>')
    assert (credit.text, credit.authors) == ("Một.", ["PHAN TUỆ"])
    assert _qdnd("<span><p>Một.</p></span><span><p>Hai.</p></span>").text == "Một.\n\nHai."
    closing = _qdnd("<p>Một.</p><p><strong>KẾT LUẬN</strong></p>")
    assert (closing.text, closing.authors) == ("Một.\n\nKẾT LUẬN", [])


def test_placeholder_and_non_iso_dates() -> None:
    ld = '{"@type": "NewsArticle", "datePublished": "27/10/2022 09:45", "dateModified": "0001-01-01T00:00:00"}'
    page = (
        '<html><head><link rel="canonical" href="https://www.qdnd.vn/a/b-5">'
        f'<script type="application/ld+json">{ld}</script></head><body>'
        '<h1 class="post-title">T</h1><div itemprop="articleBody"><p>Một.</p></div></body></html>'
    )
    article = extract(page.encode(), "")
    assert (article.published, article.modified) == ("2022-10-27T09:45:00+07:00", "")


def test_site_language_decides_a_latin1_label_without_lang() -> None:
    page = _cp1258("<html><body><h1 class='post-title'>Bộ Quốc phòng</h1></body></html>")
    article = extract(
        page, "https://www.qdnd.vn/a/b-6", content_type="text/html; charset=ISO-8859-1"
    )
    assert article.title == "Bộ Quốc phòng"


def test_consecutive_duplicate_lines_are_printed_once() -> None:
    article = _qdnd("<p>Một.</p><p>Hai.</p><p>Hai.</p><p>Ba.</p>")
    assert article.text == "Một.\n\nHai.\n\nBa."


def test_listing_with_an_xml_declaration_still_gives_its_links() -> None:
    page = '<?xml version="1.0" encoding="utf-8"?><html><body><a href="/a/b-1">x</a></body></html>'
    assert hrefs(page, "https://www.qdnd.vn/") == ["https://www.qdnd.vn/a/b-1"]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<link rel="canonical" href="javascript:/a/-1-1?0:alert(1)">', "fetched"),
        ('<link rel="canonical" href="data:text/html,x">', "fetched"),
        (
            '<link rel="canonical" href="/quoc-phong/tin-tuc/bai-2"><meta content="javascript:x">',
            "https://www.qdnd.vn/quoc-phong/tin-tuc/bai-2",
        ),
        (
            '<meta property="og:url" content="https://www.qdnd.vn/a/b-3">',
            "https://www.qdnd.vn/a/b-3",
        ),
    ],
)
def test_a_canonical_address_is_a_web_address(head: str, expected: str) -> None:
    from crawler.core.extraction.document import parse_document
    from crawler.core.extraction.metadata import canonical_url

    fetched = "https://www.qdnd.vn/quoc-phong/tin-tuc/bai-1"
    doc = parse_document(f"<html><head>{head}</head><body><p>x</p></body></html>")
    assert canonical_url(doc, fetched) == (fetched if expected == "fetched" else expected)


@pytest.mark.parametrize(
    "line",
    ["Translated by Minh Anh", "Translated by: Minh Anh", "Translated and edited by Thu Nguyen"],
)
def test_a_translators_line_is_a_credit_naming_no_author(line: str) -> None:
    """en.qdnd.vn's footer: its parser knows it; the shared layer and other outlets do not."""
    english = EnQdndV2025()
    assert english.credit(line, bare=False) == []
    blocks, credit, authors = english.split_tail(["The story.", line])
    assert (blocks, credit, authors) == (["The story."], line, [])
    assert (
        english.credit("Translated texts are published weekly by the ministry.", bare=True) is None
    )
    assert parse_credit(line, bare=False) is None
    assert GenericParser().split_tail(["The story.", line]) == (["The story.", line], "", [])


def test_an_article_record_is_what_asdict_would_make_with_its_runtime_fields_left_out() -> None:
    """to_dict is written by hand for speed; it must not drift from the dataclasses."""
    import dataclasses

    from crawler.core.article import Image, WarcRef

    article = Article(
        url="https://www.qdnd.vn/a-1",
        site="qdnd",
        title="Tiêu đề",
        authors=["A", "B"],
        images=[Image("https://file.qdnd.vn/x.jpg", "chú thích", "ảnh: C")],
        warc=WarcRef("warc/x.warc.gz", 10, 20, "<urn:uuid:1>"),
        sources={"title": "primary"},
        files="articles/x",
        key="k",
    )
    expected = dataclasses.asdict(article)
    for runtime in ("sources", "files", "key"):
        del expected[runtime]
    record = article.to_dict()
    assert record == expected
    assert record["authors"] is not article.authors  # a copy: the record outlives the item
