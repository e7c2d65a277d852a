"""Header fields of every seed (issue 2), and the header rules on text of our own."""

from __future__ import annotations

import pytest
import regex
from tests.conftest import ROOT, bench_text, seed_doc

import bpextract
from bpextract.model import Header

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


# -- flattened web text (issue 12 item 2) -----------------------------------------------------

FLAT = {
    "thuviennhadat_qd-14-2007-qd-ubnd_quang-nam.txt": dict(
        issuer="ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM", number="14/2007/QĐ-UBND", place="Tam Kỳ",
        issue_date="2007-06-19", doc_type="Quyết định",
        title="BAN HÀNH QUY ĐỊNH CHỨC NĂNG, NHIỆM VỤ, QUYỀN HẠN VÀ CƠ CẤU TỔ CHỨC CỦA SỞ NÔNG "
              "NGHIỆP & PTNT TỈNH QUẢNG NAM"),
    "thuvienphapluat_qd-2862-qd-ubnd-2018_son-la.txt": dict(
        issuer="ỦY BAN NHÂN DÂN TỈNH SƠN LA", number="2862/QĐ-UBND", place="Sơn La",
        issue_date="2018-11-16", doc_type="Quyết định",
        title="VỀ VIỆC BAN HÀNH QUY CHẾ TIẾP NHẬN, XỬ LÝ VÀ TRẢ LỜI PHẢN ÁNH, KIẾN NGHỊ CỦA NGƯỜI "
              "DÂN, DOANH NGHIỆP TRÊN CỔNG THÔNG TIN ĐIỆN TỬ TỈNH SƠN LA"),
    "hethongphapluat_qd-1748-qd-ubnd-2017_thanh-hoa.txt": dict(
        issuer="ỦY BAN NHÂN DÂN", number="1748/QĐ-UBND", place="Thanh Hóa",
        issue_date="2017-05-29", doc_type="Quyết định",
        title="VỀ VIỆC PHÊ DUYỆT PHÂN BỔ KINH PHÍ THỰC HIỆN CHÍNH SÁCH HỖ TRỢ HỘ NGHÈO, HỘ CHÍNH "
              "SÁCH XÃ HỘI CỦA TỈNH THANH HÓA VỀ TIỀN ĐIỆN SINH HOẠT NĂM 2017"),
}


def _header_of(text: str) -> Header:
    from bpextract.header import extract_header
    from bpextract.normalize import normalize
    from bpextract.parts import split_parts
    from bpextract.rules import get_rules

    rules = get_rules()
    t = normalize(text).text
    h, _ = extract_header(t, split_parts(t, rules), rules)
    for key, (a, b) in h.spans.items():  # provenance holds on joined web lines too
        value = getattr(h, key, None)
        if isinstance(value, str) and key not in ("issue_date", "doc_type", "number"):
            assert " ".join(t[a:b].split()) == value, key
    return h


@pytest.mark.parametrize("name", sorted(FLAT))
def test_flattened_web_page_headers(name: str) -> None:
    """Real scraped pages: motto never the issuer, `Tam` / `Kỳ` one place, `Số:` / number and
    a split place-date line joined, the title stops before the repeated authority line."""
    from tests.conftest import FIXTURES

    h = _header_of((FIXTURES / "flat_web" / name).read_text(encoding="utf-8"))
    e = FLAT[name]
    assert (h.issuer, h.number, h.place, h.issue_date, h.doc_type, h.title) == (
        e["issuer"], e["number"], e["place"], e["issue_date"], e["doc_type"], e["title"])
    assert h.parent_issuer is None


def _pipe_flatten(tab_text: str) -> str:
    """The TAB-joined header rows of a bench page as the other scrapers write them: each cell on
    lines of its own, `|` between cells, `Số:` and `<Place>, ngày N` cut from what follows."""
    out: list[str] = []
    lines = tab_text.split("\n")
    for i, ln in enumerate(lines):
        if "\t" not in ln:
            out += lines[i:]
            break
        for cell in ln.split("\t"):
            cell = regex.sub(r"^((?:\S+ ){0,2}[Ss]ố:)\s*", r"\1\n", cell)
            cell = regex.sub(r"(ngày \d+) (tháng)", r"\1\n\2", cell)
            cell = regex.sub(r" (Độc lập)", r"\n\1", cell)
            out += [cell, "|"]
    return "\n".join(out)


BENCH = {  # vbpl.vn pages of the bench (TAB-joined header rows); values as the page prints them
    "vbpl-html:doc_000001": ("CHÍNH PHỦ", "249/2025/NĐ-CP", "Hà Nội", "2025-09-19", "Nghị định",
                             "Quy định cơ chế, chính sách thu hút chuyên gia khoa học, công nghệ, "
                             "đổi mới sáng tạo và chuyển đổi số"),
    "vbpl-html:doc_000038": ("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "101/2025/TT-BNNMT", "Hà Nội",
                             "2025-12-31", "Thông tư", None),
    "vbpl-html:doc_000085": ("ỦY BAN THƯỜNG VỤ QUỐC HỘI", "104/2025/UBTVQH15", "Hà Nội",
                             "2025-09-26", "Nghị quyết", "BAN HÀNH QUY CHẾ LÀM VIỆC MẪU CỦA HỘI "
                             "ĐỒNG NHÂN XÃ, PHƯỜNG, ĐẶC KHU"),
}


@pytest.mark.parametrize("doc_id", sorted(BENCH))
@pytest.mark.parametrize("style", ["tab", "pipe"])
def test_bench_web_headers_tab_and_pipe(doc_id: str, style: str) -> None:
    text = bench_text(doc_id)
    if style == "pipe":
        text = _pipe_flatten(text)
        assert "\n|\n" in text and regex.search(r"số:\n\d", text, regex.IGNORECASE)
    h = _header_of(text)
    issuer, number, place, date, doc_type, title = BENCH[doc_id]
    assert (h.issuer, h.number, h.place, h.issue_date, h.doc_type) == (
        issuer, number, place, date, doc_type)
    if title is not None:
        assert h.title == title  # not run on into the repeated `ỦY BAN THƯỜNG VỤ QUỐC HỘI`
    else:
        assert h.title is not None and h.title.startswith("Hướng dẫn các loại máy chuyên dùng")


def test_cong_van_type_from_number_and_title_from_v_v_line() -> None:
    """A Công văn has no type line: the type comes from a number without a type code and the
    title is the `V/v` line with its wrapped line (number and subject of a real letter listed
    in the Phú Thọ register of ../shared/data/html)."""
    text = ("ỦY BAN NHÂN DÂN\nTỈNH PHÚ THỌ\n-------\n|\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\n|\nSố: 4532/UBND-KSTTHC\nV/v Xây dựng kế hoạch rà soát\n"
            "quy trình thủ tục hành chính\n|\nPhú Thọ, ngày 28\ntháng 12 năm 2011\n|\n"
            "Kính gửi: Các sở, ban, ngành tỉnh\n"
            "Thực hiện chỉ đạo của Chủ tịch UBND tỉnh, đề nghị các cơ quan xây dựng kế hoạch.\n")
    h = _header_of(text)
    assert (h.doc_type, h.number, h.issuer, h.place, h.issue_date) == (
        "Công văn", "4532/UBND-KSTTHC", "ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ", "Phú Thọ", "2011-12-28")
    assert h.title == "V/v Xây dựng kế hoạch rà soát quy trình thủ tục hành chính"
    assert h.recipients == ("Các sở, ban, ngành tỉnh",)
    # a number with its own type code is no letter
    h2 = _header_of(text.replace("4532/UBND-KSTTHC", "45/KH-UBND"))
    assert h2.doc_type == "Kế hoạch"


def test_cuc_thue_letter_is_no_chi_thi() -> None:
    """`5528/CT-CS`: CT is Cục Thuế's organ code followed by a unit code (organs.yaml
    organ_units), not the type code of Chỉ thị; `01/CT-TTg` stays a Chỉ thị."""
    doc = bpextract.parse(ROOT / "tests" / "fixtures" / "mdweb" / "31a15f59ab505674.md")
    assert (doc.header.doc_type, doc.header.number, doc.header.title) == (
        "Công văn", "5528/CT-CS", "V/v tiền thuê đất.")
    text = ("BỘ TÀI CHÍNH\nCỤC THUẾ\n-------\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\n|\nSố: 4114/CT-NVT\nV/v cảnh báo rủi ro khi đăng ký\n"
            "thuế\n|\nHà Nội, ngày 10 tháng 11 năm 2025\n|\nKính gửi: Thuế các tỉnh, thành phố\n"
            "Cục Thuế đề nghị Thuế các tỉnh, thành phố thực hiện.\n")
    h = _header_of(text)
    assert (h.doc_type, h.number, h.title) == (
        "Công văn", "4114/CT-NVT", "V/v cảnh báo rủi ro khi đăng ký thuế")
    h2 = _header_of(text.replace("4114/CT-NVT", "01/CT-TTg"))
    assert h2.doc_type == "Chỉ thị"


def test_header_module_sets_no_regex_timeouts() -> None:
    """Issue 10 determinism: header patterns are linear, no clock-dependent `timeout=`."""
    import inspect

    import bpextract.header as header

    assert "timeout=" not in inspect.getsource(header)


def test_consolidated_text_header_from_its_authentication_block() -> None:
    """A văn bản hợp nhất: banner and the consolidated document's line at the top, the header
    in the `XÁC THỰC VĂN BẢN HỢP NHẤT` block at the end (real Công báo texts)."""
    doc = bpextract.parse_text(bench_text(
        "congbao-txt:cong_doan/van-ban-hop-nhat-so-835-vbhn-bldtbxh-41446"))
    h = doc.header
    assert (h.issuer, h.parent_issuer, h.number, h.place, h.issue_date, h.doc_type) == (
        "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", None, "835/VBHN-BLĐTBXH", "Hà Nội",
        "2024-03-05", "Thông tư liên tịch")
    assert (h.signer.authority, h.signer.position, h.signer.name) == (
        "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Nguyễn Bá Hoan")
    # the type line carries a footnote marker (`QUYẾT ĐỊNH¹`); the banner names the organ
    h = bpextract.parse_text(bench_text(
        "congbao-txt:bhxh/van-ban-hop-nhat-so-16-vbhn-btc-30897")).header
    assert (h.issuer, h.parent_issuer, h.number, h.issue_date, h.doc_type) == (
        "BỘ TÀI CHÍNH", None, "16/VBHN-BTC", "2020-03-06", "Quyết định")
    assert h.title is not None and h.title.startswith("Cơ chế quản lý tài chính về bảo hiểm")


def test_consolidated_text_read_by_an_ocr_that_lost_accents() -> None:
    text = ("VAN BẢN HỢP NHAT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "QUYET ĐỊNH\nVề học bổng khuyến khích học tập đối với học sinh, sinh viên\n"
            "trong các trường chuyên\nQuyết định số 44/2007/QĐ-BGDĐT ngày 15 tháng 8 năm 2007 "
            "của Bộ trưởng\nBộ Giáo dục và Đào tạo, có hiệu lực kể từ ngày 14 tháng 9 năm 2007.\n"
            "Căn cứ Nghị định số 86/2002/NĐ-CP ngày 05 tháng 11 năm 2002 của Chính phủ;\n"
            "Điều 1. Học bổng khuyến khích học tập.\nĐiều 2. Quyết định này có hiệu lực./.\n"
            "BỘ GIÁO DỤC VÀ ĐÀO TẠO\nXÁC THỰC VAN BẢN HỢP NHAT\nSố: 28/VBHN-BGDĐT\n"
            "Ha Nội, ngày 31 tháng 12 năm 2014\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nPhạm Mạnh Hùng\n")
    h = _header_of(text)
    assert (h.issuer, h.parent_issuer, h.number, h.place, h.issue_date, h.doc_type) == (
        "BỘ GIÁO DỤC VÀ ĐÀO TẠO", None, "28/VBHN-BGDĐT", "Ha Nội", "2014-12-31", "Quyết định")
    assert h.title == ("Về học bổng khuyến khích học tập đối với học sinh, sinh viên trong các "
                       "trường chuyên")
    assert h.signer.authority == "KT. BỘ TRƯỞNG"
    # without the authentication mark the top is read as before: no VBHN number
    h2 = _header_of(text.replace("XÁC THỰC VAN BẢN HỢP NHAT\n", ""))
    assert h2.number != "28/VBHN-BGDĐT"


def test_ocr_signature_column_interleaved_with_the_recipients() -> None:
    """An OCR of a scanned letter (corpus 025's layout) reads the two columns under the text
    line by line: `Noi nhận:` without its accent, the authority line between the list items,
    letters of the seal alone on their lines, an academic title and the name broken after the
    surname."""
    text = ("ĐẠI HỌC ĐÀ NẴNG\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 1787/ĐHĐN-KHHTQT\nĐà Nẵng, ngày 13 tháng 5 năm 2024\nV/v sửa đổi quy định\n"
            "Kính gửi: Các trường đại học thành viên\nĐHĐN đề nghị các đơn vị triển khai.\n"
            "Noi nhận:\nKT. GIÁM ĐỐC\n- Như trên;\nì\nÁ\n-Giám đốc (04 bản);\n-Lưu: VT, KHHTQT.\n"
            "PGS.TS.\nLê\nQuang Sơn\n")
    h = _header_of(text)
    assert h.recipients == ("Như trên", "Giám đốc (04 bản)", "Lưu: VT, KHHTQT")
    assert (h.signer.authority, h.signer.position, h.signer.name) == (
        "KT. GIÁM ĐỐC", None, "Lê Quang Sơn")


def test_tm_line_wrapped_before_its_last_word() -> None:
    """`TM. ỦY BAN NHÂN` / `DÂN` (a flattened page's cell wrap, corpus 021): the word under a
    TM. line that is no position continues the organ; a position under it stays a position."""
    head = ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\n|\nSố: 165/KH-UBND\n|\n"
            "Cần Thơ, ngày 21 tháng 11 năm 2025\n|\nKẾ HOẠCH\nThực hiện công tác dân số\n"
            "Thực hiện Chỉ thị số 27/CT-TTg.\n"
            "Nơi nhận:\n- Bộ Y tế;\n- Lưu: VT.\n|\n")
    h = _header_of(head + "TM. ỦY BAN NHÂN\nDÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n"
                   "Nguyễn Thị Ngọc Điệp\n")
    assert (h.signer.authority, h.signer.position, h.signer.name) == (
        "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Thị Ngọc Điệp")
    h = _header_of(head + "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nTrần Văn Hiếu\n")
    assert (h.signer.authority, h.signer.position, h.signer.name) == (
        "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn Hiếu")


def test_lines_read_without_accents_by_table_and_pretests() -> None:
    """The header reads every line without accents (OCR labels): the translate table gives the
    same forms as stripping each combining mark, and the pretests (an ASCII first letter, a mark
    absent from the whole text) never drop a label the full reading finds."""
    import unicodedata

    from bpextract.header import _bare, _compile, _fold, _recipients_label
    from bpextract.rules import get_rules

    def by_char(s: str) -> str:
        d = unicodedata.normalize("NFD", _fold(s))
        return "".join(ch for ch in d if unicodedata.category(ch) != "Mn")

    for s in ["XÁC THỰC VĂN BẢN HỢP NHẤT", "  Nơi   nhận:  ", "Straße Ǆ ﬁ ẍ", "\u0301a", ""]:
        assert _bare(s) == by_char(s)
    assert _bare("XÁC THỰC VĂN BẢN HỢP NHẤT") == "xac thuc van ban hop nhat"
    c = _compile(get_rules())
    assert _recipients_label("Noi nhận: - Như trên;", c) == 10
    assert _recipients_label("Nơi nhận:", c) == 9
    assert _recipients_label("NOI NHAN: - UBND tỉnh", c) == 10
    assert _recipients_label("Kính gửi: Sở Tài chính", c) is None
    assert _recipients_label("Ủy ban nhân dân", c) is None


def test_consolidation_mark_pretest_never_misses_a_line_that_holds_it() -> None:
    """`_holding` leaves out only lines that, read without accents, cannot hold the mark."""
    from bpextract.header import _bare, _compile, _finder, _holding, _lines, _mark_starts, _overlaps
    from bpextract.rules import get_rules

    c = _compile(get_rules())
    marks = c.consolidation_marks
    assert marks == ("xac thuc van ban hop nhat",)

    def held(text: str) -> tuple[list[int], list[int]]:
        """(lines the pretest keeps, lines that hold the mark)"""
        lines = _lines(text, 0, len(text))
        starts = _mark_starts(text, 0, len(text), c.marks_find)["consolidation"]
        return (list(_holding(lines, starts)),
                [i for i, ln in enumerate(lines) if any(m in _bare(ln.text) for m in marks)])

    assert held("BỘ Y TẾ\nXÁC THỰC VĂN BẢN HỢP NHẤT") == ([1], [1])
    assert held("XAC THUC\u00a0VAN BẢN  HỢP NHAT") == ([0], [0])  # OCR: accents lost, NBSP
    assert held("a\nxác thực văn bản hợp nhất;") == ([1], [1])
    decomposed = "XA\u0301C THU\u031b\u0323C VA\u0306N BA\u0309N HO\u031b\u0323P NHA\u0302\u0301T"
    assert held(f"x\n{decomposed}\ny") == ([1], [1])
    assert held("XÁC THỰC VĂN BẢN\nHỢP NHẤT") == ([0], [])  # only a pretest
    assert held("QUYẾT ĐỊNH\nVề việc ban hành văn bản hợp nhất") == ([], [])
    assert held("VĂN BẢN HỢP NHẤT - BỘ Y TẾ") == ([], [])
    # `ß` reads `ss`, no piece of the mark: the pattern still tells
    assert held("Straße\nQUYẾT ĐỊNH\nXÁC THỰC VĂN BẢN HỢP NHẤT") == ([2], [2])
    # a letter read as two that can be a piece of a mark (`ﬅ` reads `st`, a mark `tâm`):
    # every line of a text that holds one is read
    find = _finder({"k": ["Tâm"]})
    text = "x\nﬅâm\nTÂM"
    assert [i for i, ln in enumerate(_lines(text, 0, len(text))) if "tam" in _bare(ln.text)] \
        == [1, 2]
    assert _mark_starts(text, 0, len(text), find)["k"] is None
    assert _mark_starts("x\nTÂM", 0, 5, find)["k"] == [2]
    assert _overlaps(b"st", b"tam") and _overlaps(b"ffi", b"xaff") and _overlaps(b"fi", b"xfiy")
    assert not _overlaps(b"ss", b"xacthucvanbanhopnhat") and not _overlaps(b"st", b"noinhan")


def test_recipients_pretest_keeps_every_label_line() -> None:
    """The last `Nơi nhận` line is looked for only among the lines `_holding` keeps: it keeps
    every line the label reading finds, whatever the case, accents or spelling of the letters."""
    from bpextract.header import _compile, _holding, _lines, _mark_starts, _recipients_label
    from bpextract.rules import get_rules

    c = _compile(get_rules())
    text = ("Nơi nhận công văn\nNOI NHAN: - UBND tỉnh\n  Noi nhận:\nNƠİ NHẬN:\n"
            "No\u031bi nha\u0323\u0302n:\nNhận xét\nKính gửi: Sở Tài chính\nnơi nhận hồ sơ")
    lines = _lines(text, 0, len(text))
    labels = [i for i, ln in enumerate(lines) if _recipients_label(ln.text, c) is not None]
    assert labels == [0, 1, 2, 3, 7]  # decomposed accents (4) are no label, nor `Nhận xét`
    starts = _mark_starts(text, 0, len(text), c.marks_find)["recipients"]
    assert list(_holding(lines, starts)) == [0, 1, 2, 3, 4, 7]


def test_ascii_readings_cover_unicode() -> None:
    """The characters read as ASCII once folded and decomposed all lie in `_READABLE`; no
    combining mark nor blank is read as anything (so a mark's reading is one character per
    letter, with only characters read as nothing between them)."""
    import sys
    import unicodedata

    from bpextract.header import _BLANKS, _READABLE, _ascii_reading, _readings

    inside = {cp for lo, hi in _READABLE for cp in range(lo, hi)}
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        if cp in inside or (ch.casefold() == ch and not unicodedata.decomposition(ch)
                            and not ch.isascii()):
            continue
        assert _ascii_reading(ch) == b"", hex(cp)
    readings = _readings()
    assert readings["Ấ"] == b"a" and readings["\u212a"] == b"k" and readings["ﬃ"] == b"ffi"
    assert not any(unicodedata.combining(ch) for ch in readings)
    assert not any(_BLANKS.fullmatch(ch) for ch in readings)


def test_signature_after_a_table_of_numbers() -> None:
    """The last lines of a Thông tư without `Nơi nhận` hold a table of numbers, then the
    signature: the number cells are no part of it (none is read for a title or a name)."""
    from bpextract.header import extract_header
    from bpextract.model import Part
    from bpextract.rules import get_rules

    text = ("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\nSố: 01/2025/TT-BLĐTBXH\n\nTHÔNG TƯ\n"
            "Quy định mức điều chỉnh tiền lương\n\nĐiều 1. Phạm vi\n\n"
            "Năm | 2008 | 2009 | 2010\nMức điều chỉnh | 2,21 | 2,07 | 1,90\n\n"
            "KT. BỘ TRƯỞNG\n\nTHỨ TRƯỞNG\n\nNguyễn Bá Hoan")
    h, _ = extract_header(text, [Part(0, "main", None, 0, len(text))], get_rules())
    assert (h.signer.authority, h.signer.position, h.signer.name) == (
        "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Nguyễn Bá Hoan")
    assert h.number == "01/2025/TT-BLĐTBXH" and h.doc_type == "Thông tư"



def test_first_lines_are_the_lines_read_no_further() -> None:
    from bpextract.header import _first_lines, _lines

    text = "  Công văn 12/UBND-KT  \r\n\n\t\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập\n x \ny"
    got = _first_lines(text, 0, len(text), 3)
    assert [(ln.start, ln.end, ln.text) for ln in got] == [
        (2, 21, "Công văn 12/UBND-KT"), (28, 62, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (63, 70, "Độc lập")]
    assert [ln.text for ln in _first_lines(text, 0, 10, 4)] == ["Công văn"]  # cut at the end
    assert [ln.text for ln in _first_lines(text, 0, len(text), 9)] == [
        "Công văn 12/UBND-KT", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập", "x", "y"]
    # on the corpus texts, from every 700th character: `_lines` cut to n
    checked = 0
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        real = path.read_text(encoding="utf-8")
        for a in range(0, len(real), 700):
            end = min(len(real), a + 1200)
            for n in (1, 4):
                assert _first_lines(real, a, end, n) == _lines(real, a, end)[:n]
                checked += 1
    assert checked > 500
