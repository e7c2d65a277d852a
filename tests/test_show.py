"""`bpextract show`: the outline tree as text, with parts and footnote markers."""

from __future__ import annotations

from tests.conftest import seed_doc

import bpextract
from bpextract.show import render_outline


def test_show_004_tree_with_footnotes_under_their_sections() -> None:
    out = render_outline(seed_doc("004")).splitlines()
    assert out[0].endswith("004_019c82b1cf276d3c.txt: 23 sections, 1 parts, 9 footnotes")
    assert out[1] == "== part 0 (main)"
    assert out[2] == ("Phần thứ nhất KẾT QUẢ THỰC HIỆN “NGÀY BIÊN PHÒNG TOÀN DÂN” "
                      "GIAI ĐOẠN 2019-2024")
    assert out[3] == "  I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO TRIỂN KHAI"
    assert out[4].startswith("    ¹ [footnote 1, at ")
    assert "]: Quyết định số 16/HĐBT ngày 22/02/1989" in out[4]
    i = out.index("    5. Tổ chức các hoạt động “Ngày Biên phòng toàn dân” 03/3 hàng năm")
    assert out[i - 1].startswith("      ⁹ [footnote 9, at ")
    # the four footnotes of section 2. are listed under it, in order
    j = next(k for k, line in enumerate(out) if line.startswith("    2. Thực hiện nhiệm vụ"))
    assert [line.split(" [")[0].strip() for line in out[j + 1:j + 5]] == ["³", "⁴", "⁵", "⁶"]
    assert "        - Đẩy mạnh các hoạt động đối ngoại, xây dựng biên giới hòa bình hữu nghị, " \
           "hợp tác và phát t…" in out
    assert out[-1] == "    3. Kiến nghị, đề xuất"


def test_show_000_parts_as_headers() -> None:
    out = render_outline(seed_doc("000")).splitlines()
    assert out[1] == "== part 0 (main)"
    k = next(i for i, line in enumerate(out) if line.startswith("== part 1 (attachment): "))
    assert out[k].startswith("== part 1 (attachment): ĐỀ CƯƠNG BÁO CÁO SƠ KẾT PHONG TRÀO")
    assert out[k + 1] == "I. ĐẶC ĐIỂM TÌNH HÌNH CÓ LIÊN QUAN"
    assert out[k - 1] == "  6. Các xã biên giới"
    assert "      a) Đại biểu cấp trên và đơn vị phối hợp" in out
    assert out[-1] == "V. KIẾN NGHỊ, ĐỀ XUẤT (nếu có)"


def test_show_lists_unmatched_footnotes() -> None:
    doc = bpextract.parse_text("Số: 1/BC-UBND\n\nTrước mọi mục, văn bản¹ đã ban hành.\n\n"
                               "I. KẾT QUẢ\n\nĐã làm xong².\n\n³ Ghi chú lạc.",
                               source="own.txt")
    out = render_outline(doc).splitlines()
    assert out == [
        "own.txt: 1 sections, 1 parts, 3 footnotes",
        "== part 0 (main)",
        "  (outside the outline)",
        f"    ¹ [footnote 1, at {doc.text.index('¹')}, no body]",
        "I. KẾT QUẢ",
        f"  ² [footnote 2, at {doc.text.index('²')}, no body]",
        "== footnotes without a marker in the text",
        "  ³ [footnote 3, no marker in the text]: Ghi chú lạc.",
    ]


def test_show_document_without_headings() -> None:
    doc = bpextract.parse_text("Một đoạn văn không có đề mục.", source="plain.txt")
    assert render_outline(doc) == ("plain.txt: 0 sections, 1 parts, 0 footnotes\n"
                                   "== part 0 (main)\n  (no headings)\n")
