"""Header fields of every seed (issue 2), and the header rules on text of our own."""

from __future__ import annotations

import pytest
from tests.conftest import seed_doc

import bpextract

EXPECTED = {
    "000": dict(number="74/KH-BCĐ", number_raw="74 /KH-BCĐ", place="Hà Quảng",
                issue_date="2022-01-11", doc_type="Kế hoạch", signer="Triệu Đình Dũng",
                position="TRƯỞNG BAN", authority=None),
    "001": dict(number="219/KH-UBND", number_raw="219 /KH-UBND", place=None,
                issue_date="2025-02-14", doc_type="Kế hoạch", signer="Đoàn Ngọc Lâm",
                position="PHÓ CHỦ TỊCH", authority="TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH"),
    "002": dict(number=None, number_raw=None, place=None, issue_date=None,
                doc_type="Kế hoạch", signer=None, position=None, authority=None),
    "003": dict(number="35/BC-UBND", number_raw="35/BC-UBND", place="Nhon Hưng",
                issue_date="2025-02-26", doc_type="Báo cáo", signer="Huỳnh Thanh Vũ",
                position="CHỦ TỊCH", authority=None),
    "004": dict(number=None, number_raw="/BC-UBND", place="Phong Thổ", issue_date=None,
                doc_type="Báo cáo", signer="Mai Thị Hồng Sim", position="PHÓ CHỦ TỊCH",
                authority="TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH"),
}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_seed_header(key: str) -> None:
    h = seed_doc(key).header
    e = EXPECTED[key]
    assert (h.number, h.number_raw, h.place, h.issue_date, h.doc_type) == (
        e["number"], e["number_raw"], e["place"], e["issue_date"], e["doc_type"])
    assert (h.signer.name, h.signer.position, h.signer.authority) == (
        e["signer"], e["position"], e["authority"])


def test_000_title_and_recipients() -> None:
    h = seed_doc("000").header
    assert h.title is not None
    assert h.title.startswith("Tổ chức sơ kết và phát động phong trào")
    assert h.title.endswith("“Ngày hội Biên phòng toàn dân” năm 2022") or h.title.endswith(
        '"Ngày hội Biên phòng toàn dân" năm 2022')
    assert h.recipients[0] == "Thường trực Huyện ủy"
    assert h.recipients[-1] == "Lưu: VT, ĐBPSG (Trung, Bắc)"
    assert len(h.recipients) == 10


def test_001_recovered_number_warns_and_template_does_not_leak() -> None:
    d = seed_doc("001")
    assert any("219/KH-UBND" in w and "recovered" in w for w in d.warnings)
    assert any("14/02/2025" in w for w in d.warnings)
    # the Phụ lục holds a template report: `Số: /BC-UBND` must not become the number
    assert d.header.doc_type == "Kế hoạch"
    assert len(d.header.recipients) == 10


def test_004_blank_number_and_date_are_null_with_warnings() -> None:
    d = seed_doc("004")
    assert d.header.number is None and d.header.issue_date is None
    assert sum("blank" in w for w in d.warnings) == 2
    assert d.header.is_template is False


def test_002_type_from_markdown_heading() -> None:
    h = seed_doc("002").header
    assert h.title == ("Tổ chức phong trào toàn dân tham gia bảo vệ chủ quyền lãnh thổ, "
                       "an ninh biên giới quốc gia trong tình hình mới")
    assert h.recipients[:2] == ("Văn phòng Chính phủ (b/c)", "Bộ Quốc phòng (b/c)")


def test_parts_of_000_and_001() -> None:
    p0 = seed_doc("000").parts
    assert [p.kind for p in p0] == ["main", "attachment"]
    assert p0[1].title is not None and p0[1].title.startswith("ĐỀ CƯƠNG BÁO CÁO SƠ KẾT")
    p1 = seed_doc("001").parts
    assert [p.kind for p in p1] == ["main", "appendix"]
    assert p1[1].title == ("Phụ lục ĐỀ CƯƠNG BÁO CÁO TỔNG KẾT 10 NĂM THỰC HIỆN "
                           "CHỈ THỊ SỐ 01/CT-TTg")
    assert seed_doc("001").text[p1[1].start:].startswith("Phụ lục\nĐỀ CƯƠNG")


def test_header_spans_point_at_their_values() -> None:
    d = seed_doc("000")
    s, e = d.header.spans["number"]
    assert "74 /KH-BCĐ" in d.text[s:e]
    s, e = d.header.spans["place"]
    assert d.text[s:e] == "Hà Quảng"


NEW_TEXT = """ỦY BAN NHÂN DÂN
TỈNH AN GIANG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 1234/QĐ - UBND\tLong Xuyên, ngày 5 tháng 6 năm 2023

QUYẾT ĐỊNH
Về việc ban hành Quy chế phối hợp
trong công tác quản lý biên giới

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;

Điều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp.

Nơi nhận:
- Như Điều 3;
- Lưu: VT.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn Bình
"""


def test_header_on_new_text_with_two_column_cells() -> None:
    d = bpextract.parse_text(NEW_TEXT)
    h = d.header
    assert h.issuer == "ỦY BAN NHÂN DÂN TỈNH AN GIANG"
    assert h.parent_issuer is None
    assert (h.number, h.place, h.issue_date, h.doc_type) == (
        "1234/QĐ-UBND", "Long Xuyên", "2023-06-05", "Quyết định")
    assert h.title == "Về việc ban hành Quy chế phối hợp trong công tác quản lý biên giới"
    assert (h.signer.name, h.signer.position, h.signer.authority) == (
        "Nguyễn Văn Bình", "PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH")
    assert h.recipients == ("Như Điều 3", "Lưu: VT")


def test_parent_and_issuer_and_split_number() -> None:
    text = ("UBND HUYỆN HÀ QUẢNG\nBAN CHỈ ĐẠO PHONG TRÀO\nSố: 63\n/2025/QĐ-CTUBND\n"
            "Hà Quảng, ngày 31 tháng 02 năm 2022\n\nKẾ HOẠCH\nTổ chức sơ kết\n\nCăn cứ x.\n")
    d = bpextract.parse_text(text)
    assert (d.header.parent_issuer, d.header.issuer) == ("UBND HUYỆN HÀ QUẢNG",
                                                         "BAN CHỈ ĐẠO PHONG TRÀO")
    assert d.header.number == "63/2025/QĐ-CTUBND"
    assert d.header.issue_date is None  # 31/02 is not a date
    assert any("invalid" in w for w in d.warnings)


@pytest.mark.parametrize(("text", "expected"), [
    # issuer, number and motto run together in one cell of a two-column table
    ("BỘ Y TẾ ————— Số: 12/2024/TT-BYT\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - "
     "Hạnh Phúc ——————— Hà Nội, ngày 02 tháng 3 năm 2024\nTHÔNG TƯ\nQuy định về y tế\n"
     "Căn cứ Luật Khám bệnh, chữa bệnh;\n",
     {"issuer": "BỘ Y TẾ", "number": "12/2024/TT-BYT", "place": "Hà Nội",
      "issue_date": "2024-03-02", "doc_type": "Thông tư", "title": "Quy định về y tế"}),
    # the type word before `số`
    ("ỦY BAN THƯỜNG VỤ QUỐC HỘI\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "Nghị quyết số: 99/2024/UBTVQH15\nNGHỊ QUYẾT\nVỀ VIỆC THÀNH LẬP THỊ XÃ\n\nCăn cứ Hiến pháp;\n",
     {"issuer": "ỦY BAN THƯỜNG VỤ QUỐC HỘI", "number": "99/2024/UBTVQH15",
      "doc_type": "Nghị quyết", "title": "VỀ VIỆC THÀNH LẬP THỊ XÃ", "issue_date": None}),
    # a form: `Mẫu số 3` is not the number; the type line carries the title
    ("Mẫu số 3\nTên đơn vị:\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\t....., ngày   tháng   năm\n\n"
     "BÁO CÁO TÌNH HÌNH AN TOÀN THỰC PHẨM\n\nKính gửi: Sở Y tế tỉnh Long An\n\n1. Số cơ sở:\n",
     {"number": None, "number_raw": None, "doc_type": "Báo cáo",
      "title": "TÌNH HÌNH AN TOÀN THỰC PHẨM", "recipients": ("Sở Y tế tỉnh Long An",),
      "is_template": True}),
    # a report whose first line is its type and title, wrapped
    ("Báo cáo về tình hình thu ngân sách\nquý I năm 2006\n1. Thu nội địa:\nĐạt 25%.\n",
     {"doc_type": "Báo cáo", "title": "về tình hình thu ngân sách quý I năm 2006",
      "number": None}),
])
def test_header_forms(text: str, expected: dict[str, object]) -> None:
    h = bpextract.parse_text(text).header
    for key, value in expected.items():
        assert getattr(h, key) == value, key


@pytest.mark.parametrize(("tail", "signer"), [
    ("TM. CHÍNH PHỦ KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG (Đã ký) Trần Văn Minh",
     ("Trần Văn Minh", "PHÓ THỦ TƯỚNG", "TM. CHÍNH PHỦ / KT. THỦ TƯỚNG")),
    ("Nơi nhận: - Như Điều 5; - Lưu: VT.\tKT. BỘ TRƯỞNG THỨ TRƯỞNG (Đã ký) Lê Thị Hoa",
     ("Lê Thị Hoa", "THỨ TRƯỞNG", "KT. BỘ TRƯỞNG")),
    ("KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n\nThượng tướng Nguyễn Văn Nam",
     ("Nguyễn Văn Nam", "THỨ TRƯỞNG", "KT. BỘ TRƯỞNG")),
    ("CHỦ TỊCH\n\n\nHồ Văn Ba", ("Hồ Văn Ba", "CHỦ TỊCH", None)),
])
def test_signature_forms(tail: str, signer: tuple[str | None, ...]) -> None:
    text = ("BỘ Y TẾ\nSố: 5/2024/TT-BYT\nTHÔNG TƯ\nQuy định\n\nĐiều 1. Phạm vi\nNội dung.\n\n"
            + tail + "\n")
    d = bpextract.parse_text(text)
    s = d.header.signer
    assert (s.name, s.position, s.authority) == signer
    start, end = d.header.spans["signer"]
    assert d.text[start:end] == signer[0]


def test_inline_recipients() -> None:
    text = ("KẾ HOẠCH\nViệc a\n\nI. MỤC ĐÍCH\nNội dung.\n\n"
            "Nơi nhận: - Như Điều 5; - Bộ Tư pháp (để kiểm tra); - Lưu: VT, PC (03).\tCHỦ TỊCH "
            "Hồ Văn Ba\n")
    h = bpextract.parse_text(text).header
    assert h.recipients == ("Như Điều 5", "Bộ Tư pháp (để kiểm tra)", "Lưu: VT, PC (03)")
    assert h.signer.name == "Hồ Văn Ba"


def test_table_rule_lines_in_the_signature_area() -> None:
    """Markdown tables put the recipients and the signer in cells, with rule lines between."""
    text = ("QUYẾT ĐỊNH\nVề việc a\n\nĐiều 1. Nội dung.\n\n| | |\n| --- | --- |\n"
            "| Nơi nhận: - Như Điều 1; - Lưu: VT. | BỘ TRƯỞNG Lê Văn Tám |\n||\n")
    h = bpextract.parse_text(text).header
    assert h.recipients == ("Như Điều 1", "Lưu: VT")
    assert (h.signer.name, h.signer.position) == ("Lê Văn Tám", "BỘ TRƯỞNG")
