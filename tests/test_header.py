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
