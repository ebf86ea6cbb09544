"""Era-2021 (about 2021-2023) article specs: the seed page 711953 and three synthetic pages."""

from __future__ import annotations

from crawler.demo.encoding import e
from crawler.demo.spec import LISTING, SITEMAP, Spec, dt

# The layout hides image-plugin controls in row 1 of `table.imgEditor`. Article 711953 is
# a reconstruction of the real page around the user's seed (its body text is the real seed);
# the rest is SYNTHETIC prose.

_SEED_TITLE = "Tổng cục Kỹ thuật tổng kết 10 năm thực hiện Nghị quyết Trung ương 8"
_SEED_ALT = f'alt="{_SEED_TITLE}"'
_SEED_IMG = "https://file3.qdnd.vn/data/images/0/2022/10/27/upload_2000"

# The seed page's body, reconstructed: the seed's text verbatim in the real page's markup.
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

# Control-row variants [I]: the markup of the hidden controls was never seen, only their text.
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


def specs_2021() -> list[Spec]:
    return [_spec_seed(), _spec_686722(), _spec_720864(), _spec_739208()]


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


def _spec_686722() -> Spec:
    """SYNTHETIC body modelled on the 2021-23 layout (anchor controls, tables split by <p>&nbsp;</p>)."""
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
    return Spec(
        article_id=686722,
        era="2021",
        section="qpan",
        title=title,
        summary="Sáng 10-1, Đảng ủy Tổng cục Kỹ thuật tổ chức hội nghị quán triệt, triển khai "
        "thực hiện các kết luận, quy định của Trung ương về xây dựng, chỉnh đốn Đảng. Trung "
        "tướng Trần Duy Hưng, Bí thư Đảng ủy, Chính ủy Tổng cục Kỹ thuật chủ trì hội nghị.",
        dateline="",
        published=dt("2022-01-10 15:20"),
        modified=dt("2022-01-10 15:48"),
        body=body,
        credit="Tin, ảnh : VIỆT HÀ",
        authors=("VIỆT HÀ",),
        tags=("Tổng cục Kỹ thuật", "Xây dựng, chỉnh đốn Đảng"),
        discovery=SITEMAP,
    )


def _spec_720864() -> Spec:
    """SYNTHETIC body modelled on the 2021-23 layout: three consecutive tables with plain-text
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
    return Spec(
        article_id=720864,
        era="2021",
        section="qpan",
        title=title,
        summary="Sáng 14-2, Thường vụ Đảng ủy Tổng cục Kỹ thuật tổ chức hội nghị học tập, quán "
        "triệt và triển khai thực hiện các nghị quyết của Quân ủy Trung ương cho cán bộ chủ trì "
        "các cơ quan, đơn vị. Trung tướng Trần Duy Hưng, Bí thư Đảng ủy, Chính ủy Tổng cục Kỹ "
        "thuật chủ trì hội nghị.",
        dateline="",
        published=dt("2023-02-14 08:30"),
        modified=dt("2023-02-14 09:05"),
        body=body,
        credit="Tin, ảnh: VIỆT HÀ",
        authors=("VIỆT HÀ",),
        tags=("Tổng cục Kỹ thuật", "Quân ủy Trung ương"),
        discovery=SITEMAP | LISTING,
        encoding="utf-8-mislabelled",
    )


def _spec_739208() -> Spec:
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
    return Spec(
        article_id=739208,
        era="2021",
        section="qpan",
        title=title,
        summary="Trước diễn biến phức tạp của thời tiết trong mùa mưa bão năm 2023, ngành Kỹ "
        "thuật Quân khu 4 đã chủ động kiểm tra, sửa chữa, bảo đảm phương tiện, trang bị sẵn sàng "
        "tham gia phòng, chống thiên tai, tìm kiếm cứu nạn.",
        dateline="",
        published=dt("2023-09-21 10:10"),
        modified=dt("2023-09-21 10:41"),
        body=body,
        credit="THANH SƠN (thực hiện)",
        authors=("THANH SƠN",),
        tags=("Quân khu 4", "Phòng, chống thiên tai"),
        discovery=LISTING,
    )


def _spec_seed() -> Spec:
    return Spec(
        article_id=711953,
        era="2021",
        section="qpan",
        title=_SEED_TITLE,
        # The sapo text is SYNTHETIC (the seed holds only the body).
        summary="Đảng ủy Tổng cục Kỹ thuật tổ chức hội nghị tổng kết 10 năm thực hiện Nghị quyết "
        "Trung ương 8, khóa XI về Chiến lược bảo vệ Tổ quốc trong tình hình mới. Thượng tướng Lê "
        "Huy Vịnh, Ủy viên Trung ương Đảng, Thứ trưởng Bộ Quốc phòng dự và chỉ đạo hội nghị.",
        dateline="",
        published=dt("2022-10-27 09:45"),
        modified=dt("2022-10-27 10:02"),
        body=_SEED_BODY,
        credit="Tin, ảnh: HUY PHONG - SƠN BÌNH",
        authors=("HUY PHONG", "SƠN BÌNH"),
        tags=("Tổng cục Kỹ thuật", "Nghị quyết Trung ương 8"),
        discovery=SITEMAP | LISTING,
    )
