"""Era-2020 article specs: three SYNTHETIC pages in the oldest layout (one served as cp1258)."""

from __future__ import annotations

from crawler.demo.encoding import e
from crawler.demo.spec import LISTING, SITEMAP, Spec, dt

# The 2020 layout: empty first table row, `img.imgtelerik`, <em><span> captions, a "QĐND -"
# dateline before the sapo, and no JSON-LD.


def specs_2020() -> list[Spec]:
    return [_spec_614530(), _spec_628417(), _spec_637905()]


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


def _spec_614530() -> Spec:
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
    return Spec(
        article_id=614530,
        era="2020",
        section="chinh-tri",
        title=title,
        summary="Chiều 14-5, tại Thủ đô Hà Nội, sau thời gian làm việc khẩn trương, nghiêm túc, "
        "Hội nghị lần thứ 12 Ban Chấp hành Trung ương Đảng khóa XII đã hoàn thành toàn bộ nội "
        "dung, chương trình đề ra và bế mạc.",
        dateline="QĐND - ",
        published=dt("2020-05-14 17:32"),
        modified=None,
        body=body,
        credit="NGUYỄN TẤN",
        authors=("NGUYỄN TẤN",),
        tags=("Hội nghị Trung ương 12", "Đại hội XIII của Đảng"),
        discovery=SITEMAP | LISTING,
        encoding="windows-1258",
    )


def _spec_628417() -> Spec:
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
    return Spec(
        article_id=628417,
        era="2020",
        section="qpan",
        title=title,
        summary="Ngày 19-10, Bộ CHQS tỉnh Quảng Bình tiếp tục huy động hàng trăm cán bộ, chiến "
        "sĩ cùng nhiều phương tiện giúp nhân dân các huyện Lệ Thủy, Quảng Ninh khắc phục hậu quả "
        "lũ lụt, sớm ổn định cuộc sống.",
        dateline="QĐND Online - ",
        published=dt("2020-10-19 16:05"),
        modified=None,
        body=body,
        credit="Bài và ảnh: HỒNG THÁI",
        authors=("HỒNG THÁI",),
        tags=("Quảng Bình", "Lũ lụt", "Lực lượng vũ trang"),
        discovery=SITEMAP | LISTING,
    )


def _spec_637905() -> Spec:
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
    return Spec(
        article_id=637905,
        era="2020",
        section="qpan",
        title=title,
        summary="Từ ngày 14 đến 17-12, Sư đoàn 312 (Quân đoàn 1) tổ chức kiểm tra kết thúc năm "
        "huấn luyện 2020 cho các cơ quan, đơn vị. Kết quả, 100% nội dung kiểm tra đạt yêu cầu, "
        "trong đó 80% khá, giỏi.",
        dateline="QĐND - ",
        published=dt("2020-12-18 09:10"),
        modified=None,
        body=body,
        credit="MẠNH HƯNG",
        authors=("MẠNH HƯNG",),
        tags=("Sư đoàn 312", "Huấn luyện"),
        discovery=LISTING,
    )
