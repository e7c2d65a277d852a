"""Legal references: every seed's references, each number family and form on own text,
the excluded forms, rule examples/counterexamples (hostile input: test_linear_refs.py)."""

from __future__ import annotations

import pytest

from bpextract.model import Reference
from bpextract.references import find_references
from bpextract.resolve import resolve_references
from bpextract.rules import get_rules
from conftest import seed_doc

R = get_rules()


def refs_of(text: str) -> list[Reference]:
    return resolve_references(find_references(text, R), R)


def row(r: Reference) -> tuple[str | None, str, str | None, str | None, str | None, str | None]:
    return (r.footnote, r.text, r.type, r.number, r.date, r.issuer)


# 004: 22 in the main text (named documents included), 8 in footnote 1, 10 in footnote 2
SEED_004 = [
    (None, 'Kế hoạch số 2267/KH-UBND, ngày 20/6/2023 của UBND tỉnh Lai Châu',
     'Kế hoạch', '2267/KH-UBND', '2023-06-20', 'UBND tỉnh Lai Châu'),
    (None, 'Quyết định 16/HĐBT ngày 22/02/1989 của Hội đồng Bộ trưởng',
     'Quyết định', '16/HĐBT', '1989-02-22', 'Hội đồng Bộ trưởng'),
    (None, 'Luật Biên giới quốc gia năm 2003', 'Luật', None, None, None),
    (None, 'Nghị định 140/2004/NĐ-CP ngày 25/6/2004 của Chính phủ',
     'Nghị định', '140/2004/NĐ-CP', '2004-06-25', 'Chính phủ'),
    (None, 'Luật Biên giới quốc gia', 'Luật', None, None, None),
    (None, 'Quyết định về việc tổ chức “Ngày Biên phòng toàn dân”', 'Quyết định', None, None, None),
    (None, 'Nghị quyết Trung ương 8 (khóa XI, XII, XIII)', 'Nghị quyết', None, None, None),
    (None, 'Luật Biên phòng Việt Nam', 'Luật', None, None, None),
    (None, 'Chỉ thị 01/CT-TTg ngày 09/01/2015 của Thủ tướng Chính phủ',
     'Chỉ thị', '01/CT-TTg', '2015-01-09', 'Thủ tướng Chính phủ'),
    (None, 'Kế hoạch số 1970/KH-UBND ngày 25/12/2015',
     'Kế hoạch', '1970/KH-UBND', '2015-12-25', None),
    (None, 'Luật Biên Phòng Việt Nam', 'Luật', None, None, None),
    (None, 'luật Biên phòng Việt Nam', 'Luật', None, None, None),
    (None, 'Đề án', 'Đề án', None, None, None),
    (None, 'Quyết định 16/HĐBT của Hội đồng Bộ trưởng',
     'Quyết định', '16/HĐBT', None, 'Hội đồng Bộ trưởng'),
    (None, 'Nghị quyết số 44-NQ/TW', 'Nghị quyết', '44-NQ/TW', None, None),
    (None, 'Nghị quyết Đại hội Đảng toàn quốc lần thứ XIII', 'Nghị quyết', None, None, None),
    (None, 'Nghị quyết Đại hội Đảng bộ tỉnh Lai Châu lần thứ XIV', 'Nghị quyết', None, None, None),
    (None, 'Nghị quyết Đại hội Đảng bộ huyện Phong Thổ lần thứ XX', 'Nghị quyết', None, None, None),
    (None, 'Nghị quyết', 'Nghị quyết', None, None, None),
    (None, 'Nghị quyết số 33 của Bộ Chính trị', 'Nghị quyết', '33-NQ/TW', None, 'Bộ Chính trị'),
    (None, 'Luật Biên phòng Việt Nam', 'Luật', None, None, None),
    (None, 'Nghị định 116/2000/NĐ-CP, ngày 24/12/2010 của Chính phủ',
     'Nghị định', '116/2000/NĐ-CP', '2010-12-24', 'Chính phủ'),
    ('1', 'Quyết định số 16/HĐBT ngày 22/02/1989 của Hội đồng Bộ trưởng',
     'Quyết định', '16/HĐBT', '1989-02-22', 'Hội đồng Bộ trưởng'),
    ('1', 'Luật số 06/2003/QH11', 'Luật', '06/2003/QH11', None, 'Quốc hội'),
    ('1', 'Chỉ thị 01/CT-TTg ngày 09/01/2015 của Thủ tướng Chính phủ',
     'Chỉ thị', '01/CT-TTg', '2015-01-09', 'Thủ tướng Chính phủ'),
    ('1', 'Kế hoạch 1970/KH-UBND ngày 25/12/2015 của UBND tỉnh Lai Châu',
     'Kế hoạch', '1970/KH-UBND', '2015-12-25', 'UBND tỉnh Lai Châu'),
    ('1', 'Chỉ thị số 01/2015/CT-TTg của Thủ tướng Chính phủ',
     'Chỉ thị', '01/2015/CT-TTg', None, 'Thủ tướng Chính phủ'),
    ('1', 'Nghị quyết Trung ương 8 (Khóa IX)', 'Nghị quyết', None, None, None),
    ('1', 'Nghị quyết số 33-NQ/TW ngày 28/9/2018 của Bộ Chính trị',
     'Nghị quyết', '33-NQ/TW', '2018-09-28', 'Bộ Chính trị'),
    ('1', 'Luật Biên phòng Việt Nam', 'Luật', None, None, None),
    ('2', 'Luật Biên Biên phòng Việt Nam', 'Luật', None, None, None),
    ('2', 'Luật nhập cảnh', 'Luật', None, None, None),
    ('2', 'Nghị định số 02/1998/NĐ-CP của Chính phủ',
     'Nghị định', '02/1998/NĐ-CP', None, 'Chính phủ'),
    ('2', 'Pháp lệnh BDBP', 'Pháp lệnh', None, None, None),
    ('2', 'Nghị định 34/2000/NĐ-CP', 'Nghị định', '34/2000/NĐ-CP', None, 'Chính phủ'),
    ('2', 'Nghị định 34/2014/NĐ-CP', 'Nghị định', '34/2014/NĐ-CP', None, 'Chính phủ'),
    ('2', 'Chỉ thị 01/CT-TTg ngày 09/01/2015 của Thủ tướng Chính phủ',
     'Chỉ thị', '01/CT-TTg', '2015-01-09', 'Thủ tướng Chính phủ'),
    ('2', 'Nghị định số 152/2007/NĐ-CP', 'Nghị định', '152/2007/NĐ-CP', None, 'Chính phủ'),
    ('2', 'Nghị định số 02/2016/NĐ-CP ngày 05/01/2016',
     'Nghị định', '02/2016/NĐ-CP', '2016-01-05', 'Chính phủ'),
    ('2', 'Nghị định số 152/2007/NĐ-CP', 'Nghị định', '152/2007/NĐ-CP', None, 'Chính phủ'),
]


def test_seed_004_every_reference() -> None:
    doc = seed_doc("004")
    assert [row(r) for r in doc.references] == SEED_004
    for r in doc.references:
        text = doc.text if r.footnote is None else doc.footnote_by_id(r.footnote).text  # type: ignore[union-attr]
        assert text[r.start:r.end] == r.text


def test_seed_004_short_form_resolves_through_issuer_alias() -> None:
    doc = seed_doc("004")
    short = [r for r in doc.references if r.short_form]
    assert [(r.text, r.number_raw, r.refers_to) for r in short] == [
        ("Nghị quyết số 33 của Bộ Chính trị", "33", "33-NQ/TW")]


def test_seed_002_three_decisions_of_the_prime_minister() -> None:
    doc = seed_doc("002")
    assert [row(r)[1:] for r in doc.references] == [
        ("Chỉ thị số 01/CT-TTg", "Chỉ thị", "01/CT-TTg", "2015-01-09", "Thủ tướng Chính phủ"),
        ("Chỉ thị 01/CT-TTg", "Chỉ thị", "01/CT-TTg", None, "Thủ tướng Chính phủ"),
        ("Quyết định số 570/QĐ-TTg ngày 17/5/2012", "Quyết định", "570/QĐ-TTg", "2012-05-17",
         "Thủ tướng Chính phủ"),
        ("số 1178/QĐ-TTg ngày 10/8/2009", "Quyết định", "1178/QĐ-TTg", "2009-08-10",
         "Thủ tướng Chính phủ"),
        ("số 1179/QĐ-TTg ngày 10/8/2009 của Thủ tướng Chính phủ", "Quyết định", "1179/QĐ-TTg",
         "2009-08-10", "Thủ tướng Chính phủ"),
    ]
    assert [r.relation for r in doc.references[2:]] == ["theo"] * 3
    assert [r.rule for r in doc.references[2:]] == ["numbered", "list", "list"]


@pytest.mark.parametrize(("seed", "total", "shorts"), [
    ("000", 12, {("01", "01/CT-TTg"): 3}),
    ("001", 36, {("01", "01/CT-TTg"): 9}),
    ("003", 38, {("01", "01/CT-TTg"): 20, ("587/KH", "587/KH-UBND"): 1, ("16", "16/HĐBT"): 1}),
])
def test_seed_short_forms_and_aliases(seed: str, total: int,
                                      shorts: dict[tuple[str, str], int]) -> None:
    doc = seed_doc(seed)
    assert len(doc.references) == total
    got: dict[tuple[str | None, str | None], int] = {}
    for r in doc.references:
        if r.short_form:
            got[(r.number_raw, r.refers_to)] = got.get((r.number_raw, r.refers_to), 0) + 1
            assert r.number == r.refers_to
    assert got == shorts


@pytest.mark.parametrize(("seed", "alias_text", "target"), [
    ("001", "Chỉ thị số 01", "01/CT-TTg"),
    ("003", "Chỉ thị số 01", "01/CT-TTg"),
])
def test_seed_declared_alias(seed: str, alias_text: str, target: str) -> None:
    doc = seed_doc(seed)
    aliases = [r for r in doc.references if r.rule == "declared-alias"]
    assert [(r.text, r.refers_to, r.short_form) for r in aliases] == [(alias_text, target, True)]
    before = doc.references[doc.references.index(aliases[0]) - 1]
    assert (before.number, before.date) == ("01/CT-TTg", "2015-01-09")


@pytest.mark.parametrize(("seed", "text", "expected"), [
    ("000", "Công văn số 2381/KH-BCĐ ngày 30/12/2021 của Ban chỉ đạo Phong trào",
     ("Công văn", "2381/KH-BCĐ", "2021-12-30", "căn cứ")),
    ("000", "kế hoạch số 81/KHPH-MTTQ-BCHBP ngày 28/5/2020",
     ("Kế hoạch", "81/KHPH-MTTQ-BCHBP", "2020-05-28", "theo")),
    ("000", "Kế hoạch số: 74 /KH-BCĐ, ngày 11/01/2022",
     ("Kế hoạch", "74/KH-BCĐ", "2022-01-11", "kèm theo")),
    ("001", "Kế hoạch số 1596/KH - UBND ngày 10/12/2015 của Ủy ban nhân dân tỉnh",
     ("Kế hoạch", "1596/KH-UBND", "2015-12-10", "thực hiện")),
    ("003", "Quyết định số 16 của Hội đồng Bộ trưởng",
     ("Quyết định", "16/HĐBT", None, "thực hiện")),
    ("003", "Kết luận số 68-KL/TW của Ban Bí thư Trung ương Đảng",
     ("Kết luận", "68-KL/TW", None, "thực hiện")),
])
def test_seed_reference_values(seed: str, text: str,
                               expected: tuple[str, str, str | None, str]) -> None:
    doc = seed_doc(seed)
    hits = [r for r in doc.references if r.text.startswith(text)]
    assert hits, text
    r = hits[0]
    assert (r.type, r.number, r.date, r.relation) == expected


def test_seed_003_issuer_brackets_and_ban_hanh() -> None:
    doc = seed_doc("003")
    by_number: dict[str | None, Reference] = {}
    for r in doc.references:
        by_number.setdefault(r.number, r)
    assert by_number["587/KH-UBND"].issuer == "Ủy ban nhân dân tỉnh An Giang"
    assert by_number["338/CV-UBND"].issuer == "UBND tỉnh"  # `UBND tỉnh ban hành Công văn ...`
    assert by_number["205/TTg"].issuer == "Thủ tướng Chính phủ"  # deduced from TTg
    assert by_number["15/CP-TTg"].issuer == "Thủ tướng Chính phủ"


# own text: (text, [(type, number, date, issuer)])
FORMS = [
    ("Căn cứ Nghị định số 158/2025/NĐ-CP ngày 29 tháng 6 năm 2025 của Chính phủ quy định chi tiết;",
     [("Nghị định", "158/2025/NĐ-CP", "2025-06-29", "Chính phủ")]),
    ("Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;",
     [("Luật", "63/2025/QH15", None, "Quốc hội")]),
    ("Căn cứ Luật Giá ngày 19 tháng 6 năm 2023;", [("Luật", None, "2023-06-19", None)]),
    ("thực hiện Thông tư 36/2026/TT-BTC của Bộ Tài chính.",
     [("Thông tư", "36/2026/TT-BTC", None, "Bộ Tài chính")]),
    ("theo Thông tư số 04/2023/TT-BKHĐT.", [("Thông tư", "04/2023/TT-BKHĐT", None,
                                          "Bộ Kế hoạch và Đầu tư")]),
    ("theo Nghị định 61/2018/NĐCP về cơ chế một cửa",
     [("Nghị định", "61/2018/NĐ-CP", None, "Chính phủ")]),
    ("thực hiện Quyết định số 1961/QĐUBND ngày 05/9/2019 của UBND tỉnh",
     [("Quyết định", "1961/QĐ-UBND", "2019-09-05", "UBND tỉnh")]),
    ("Quán triệt Nghị quyết số 44-NQ/TW ngày 24/11/2023 của Ban Chấp hành Trung ương Đảng",
     [("Nghị quyết", "44-NQ/TW", "2023-11-24", "Ban Chấp hành Trung ương Đảng")]),
    ("Văn bản số 1027/CTK-CSCL ngày 02/7/2025 của Cục Thống kê",
     [("Văn bản", "1027/CTK-CSCL", "2025-07-02", "Cục Thống kê")]),
    ("các Nghị định số 12/2020/NĐ-CP, số 13/2020/NĐ-CP và số 14/2020/NĐ-CP của Chính phủ",
     [("Nghị định", "12/2020/NĐ-CP", None, "Chính phủ"),
      ("Nghị định", "13/2020/NĐ-CP", None, "Chính phủ"),
      ("Nghị định", "14/2020/NĐ-CP", None, "Chính phủ")]),
    ("các Quyết định số 1/QĐ-UBND; số 2/QĐ-UBND của UBND huyện X",
     [("Quyết định", "1/QĐ-UBND", None, "UBND huyện X"),
      ("Quyết định", "2/QĐ-UBND", None, "UBND huyện X")]),
    ("THỰC HIỆN CHỈ THỊ SỐ 52-CT/TW NGÀY 03 THÁNG 10 NĂM 2025 CỦA BAN BÍ THƯ",
     [("Chỉ thị", "52-CT/TW", "2025-10-03", "BAN BÍ THƯ")]),
    ("theo Nghị Quyết số 282/NQ-CP ngày 15/9/2025 của Chính phủ",
     [("Nghị quyết", "282/NQ-CP", "2025-09-15", "Chính phủ")]),
    ("Luật sửa đổi, bổ sung một số điều của Luật Đất đai ngày 29 tháng 6 năm 2024;",
     [("Luật", None, "2024-06-29", None)]),
    ("Sắc lệnh số 34/SL năm 1946", [("Sắc lệnh", "34/SL", None, None)]),
    ("Xét đề nghị của Sở Nội vụ tại Tờ trình số 88/TTr-SNV ngày 01/3/2024.",
     [("Tờ trình", "88/TTr-SNV", "2024-03-01", "Sở Nội vụ")]),
    ("Ngày 09/01/2015, Thủ tướng Chính phủ đã ban hành Chỉ thị số 01/CT-TTg về việc X.",
     [("Chỉ thị", "01/CT-TTg", "2015-01-09", "Thủ tướng Chính phủ")]),
    ("theo Hướng dẫn số 31-HD/BTCTW, Quyết định 205/TTg",
     [("Hướng dẫn", "31-HD/BTCTW", None, "Ban Tổ chức Trung ương"),
      ("Quyết định", "205/TTg", None, "Thủ tướng Chính phủ")]),
    ("Thông báo kết luận số 123-TB/TU của Tỉnh ủy;",
     [("Thông báo", "123-TB/TU", None, "Tỉnh ủy")]),
    ("Thông tư liên tịch số 01/2020/TTLT-BQP-BCA;",
     [("Thông tư liên tịch", "01/2020/TTLT-BQP-BCA", None, "Bộ Quốc phòng - Bộ Công an")]),
    ("Căn cứ Quyết định số 1234/QĐ-UBND ngày 12 tháng 3 năm 2024 của Chủ tịch UBND tỉnh Quảng "
     "Ninh; Nghị quyết số 12-NQ/TU ngày 10/10/2021 của Ban Thường vụ Tỉnh ủy về phát triển.",
     [("Quyết định", "1234/QĐ-UBND", "2024-03-12", "Chủ tịch UBND tỉnh Quảng Ninh"),
      ("Nghị quyết", "12-NQ/TU", "2021-10-10", "Ban Thường vụ Tỉnh ủy")]),
    ("theo Luật thuế thu nhập doanh nghiệp và Điều 1 của Nghị định số 30/1998/NĐ-CP",
     [("Luật", None, None, None), ("Nghị định", "30/1998/NĐ-CP", None, "Chính phủ")]),
    ("Luật Sửa đổi bổ sung một số điều của Luật Thuế xuất khẩu ngày 20 tháng 5 năm 1998",
     [("Luật", None, "1998-05-20", None)]),
    ("Kế hoạch số 12/KH-BCĐ389 ngày 3/4/2023 của Ban Chỉ đạo 389 tỉnh về chống buôn lậu",
     [("Kế hoạch", "12/KH-BCĐ389", "2023-04-03", "Ban Chỉ đạo 389 tỉnh")]),
    ("Nghị quyết số 33-NQ/TW của Bộ Chính trị 5 năm qua",
     [("Nghị quyết", "33-NQ/TW", None, "Bộ Chính trị")]),
    # bare numbers with a known code, no type word
    ("được sửa đổi bởi 02/2016/NĐ-CP.", [("Nghị định", "02/2016/NĐ-CP", None, "Chính phủ")]),
    # PDF line wraps inside the type word, after `số`, inside the name of a law
    ("theo quy định tại Nghị \nđịnh số 23/2024/NĐ-CP",
     [("Nghị định", "23/2024/NĐ-CP", None, "Chính phủ")]),
    ("việc thực hiện Chỉ thị số \n52-CT/TW để đạt", [("Chỉ thị", "52-CT/TW", None, None)]),
    ("Điều 69 Luật \nXây dựng số 135/2025/QH15", [("Luật", "135/2025/QH15", None, "Quốc hội")]),
    ("Căn cứ Nghị quyết số *76/2025/UBTVQH15 ngày 14 tháng 4 năm 2025*",
     [("Nghị quyết", "76/2025/UBTVQH15", "2025-04-14", "Ủy ban Thường vụ Quốc hội")]),
]


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_forms(text: str, expected: list[tuple[str, str | None, str | None, str | None]]) -> None:
    got = [(r.type, r.number, r.date, r.issuer) for r in refs_of(text)]
    assert got == expected


@pytest.mark.parametrize(("text", "relation"), [
    ("Căn cứ Kế hoạch số 12/KH-UBND ngày 01/02/2024;", "căn cứ"),
    ("Thực hiện Chỉ thị số 01/CT-TTg", "thực hiện"),
    ("(Kèm theo Quyết định số 844/QĐ-TTg ngày 13 tháng 5 năm 2026)", "kèm theo"),
    ("Quyết định này thay thế Quyết định số 12/2010/QĐ-UBND", "thay thế"),
    ("Tổ chức theo Kế hoạch số 3/KH-BCĐ", "theo"),
    ("Ngày 09/01/2015, Thủ tướng đã ban hành Chỉ thị số 01/CT-TTg", None),
])
def test_relation(text: str, relation: str | None) -> None:
    assert [r.relation for r in refs_of(text)] == [relation]


def test_relation_carries_over_a_list_of_bases() -> None:
    text = ("Căn cứ Hướng dẫn số 7210/HD-BQP ngày 11/8/2015 của Bộ Quốc phòng; Kế hoạch số "
            "3961/KH-BTL ngày 30/01/2015 của Bộ Tư lệnh Bộ đội Biên phòng; Luật Biên phòng "
            "Việt Nam.\nTổ chức hội nghị, Chỉ thị số 01/CT-TTg")
    assert [r.relation for r in refs_of(text)] == ["căn cứ", "căn cứ", "căn cứ", None]


@pytest.mark.parametrize(("text", "subject"), [
    ("Chỉ thị số 01/CT-TTg ngày 09/01/2015 của Thủ tướng Chính phủ “Về việc tổ chức phong trào”",
     "Về việc tổ chức phong trào"),
    ("Kế hoạch số 587/KH-UBND của UBND tỉnh về thực hiện Chỉ thị số 01; tiếp",
     "về thực hiện Chỉ thị số 01"),
    ("Quyết định số 16 của Hội đồng Bộ trưởng (nay là Chính phủ) về việc tổ chức X.",
     "về việc tổ chức X"),
])
def test_subject_outside_the_span(text: str, subject: str) -> None:
    r = refs_of(text)[0]
    assert r.subject == subject
    assert subject not in r.text


@pytest.mark.parametrize("text", [
    "Điều 3. Quyết định này có hiệu lực",
    "thực hiện tốt các Chỉ thị, Nghị quyết, Kế hoạch tổ chức thực hiện",
    "phổ biến các Chỉ thị, Quyết định của Thủ tướng Chính phủ",
    "Huyện ủy đã ban hành Nghị quyết đồng thời, chỉ đạo",
    "Quyết định phân công các đồng chí lãnh đạo",
    "Số: 74 /KH-BCĐ",
    "BỘ CÔNG THƯƠNG  Số: 11/2026/TT-BCT\tHà Nội, ngày 01 tháng 3 năm 2026",
    "QCVN 07:2023/BXD Quy chuẩn kỹ thuật; QCVN 41: 2019/BGTVT",
    "Kế hoạch 5 năm 2021 - 2025",
    "triển khai chương trình “Chung tay vì cộng đồng”",
    "Rà soát, xây dựng Luật Bảo hiểm y tế sửa đổi.",
    "Bộ Y tế | Luật Bảo hiểm y tế \n(sửa đổi) | Quý I/2029",
    "chính sách, pháp luật Nhà nước",
    "Luật này có hiệu lực thi hành",
    "ngày 30/12/2021, 171/171 bản, Khóa VII/2023, 0915 248 216",
])
def test_not_references(text: str) -> None:
    assert refs_of(text) == []


def _rule_entries(section: str) -> list[tuple[str, str, bool]]:
    out = []
    for e in R["references"].entries(section):
        assert e.get("examples"), f"{e.where}: rule without examples"
        key = str(e.get("relation") or e.get("name"))
        out += [(key, str(x), True) for x in e["examples"]]
        out += [(key, str(x), False) for x in e.get("counterexamples") or []]
    return out


@pytest.mark.parametrize(("relation", "text", "positive"), _rule_entries("relations"))
def test_relation_rule_examples(relation: str, text: str, positive: bool) -> None:
    rels = [r.relation for r in refs_of(text)]
    assert (relation in rels) is positive, rels


@pytest.mark.parametrize(("name", "text", "positive"), _rule_entries("named"))
def test_named_rule_examples(name: str, text: str, positive: bool) -> None:
    rules_hit = [r.rule for r in refs_of(text)]
    assert (f"named-{name}" in rules_hit) is positive, rules_hit


@pytest.mark.parametrize(("name", "text", "positive"), _rule_entries("aliases"))
def test_alias_rule_examples(name: str, text: str, positive: bool) -> None:
    full = "Chỉ thị số 01/CT-TTg ngày 09/01/2015 của Thủ tướng Chính phủ " + text
    aliases = [r for r in refs_of(full) if r.rule == name]
    assert (len(aliases) == 1 and aliases[0].refers_to == "01/CT-TTg") is positive


def test_described_document_with_bare_alias() -> None:
    text = ("Về việc phê duyệt Kế hoạch phát triển rừng bền vững giai đoạn 2021 - 2025\n"
            "Điều 1. Phê duyệt Kế hoạch phát triển rừng bền vững giai đoạn 2021 - 2025 "
            "(gọi tắt là Kế hoạch).\nĐiều 2. Các sở thực hiện Kế hoạch; Kế hoạch này có hiệu lực.")
    got = [(r.text, r.rule, r.short_form, r.number) for r in refs_of(text)]
    assert got == [
        ("Kế hoạch phát triển rừng bền vững", "named-approved", False, None),
        ("Kế hoạch phát triển rừng bền vững", "named-approved", False, None),
        ("Kế hoạch", "described-alias", True, None),
        ("Kế hoạch", "described-alias", True, None),
    ]
    text = ("Triển khai Đề án xây dựng nông thôn mới kiểu mẫu (sau đây gọi tắt là Đề án). "
            "Các xã thực hiện Đề án; Đề án số 06 khác.")
    got2 = [(r.text, r.rule, r.short_form) for r in refs_of(text)]
    assert got2 == [("Đề án xây dựng nông thôn mới kiểu mẫu", "described", False),
                   ("Đề án", "described-alias", True), ("Đề án", "described-alias", True),
                   ("Đề án số 06", "short", True)]


def test_user_rules_extend_types_and_relations(tmp_path: object) -> None:
    from pathlib import Path

    from bpextract.rules import Rules
    d = Path(str(tmp_path))
    (d / "doc_types.yaml").write_text(
        "types:\n  - {code: QĐKT, name: Quyết định khen thưởng, family: administrative,"
        " examples: ['Quyết định khen thưởng số 12/QĐKT-UBND']}\n", encoding="utf-8")
    (d / "references.yaml").write_text(
        "relations:\n  - {relation: căn cứ, words: [căn cứ, dựa vào],"
        " examples: ['Dựa vào Quyết định số 1/QĐ-UBND']}\n", encoding="utf-8")
    rules = Rules(d)
    refs = find_references("Dựa vào Quyết định khen thưởng số 12/QĐKT-UBND.", rules)
    assert [(r.type, r.number, r.relation) for r in refs] == [
        ("Quyết định khen thưởng", "12/QĐKT-UBND", "căn cứ")]


def _type_word_probes() -> str:
    from bpextract.docnumbers import tables
    probes = []
    for w in sorted(tables(R).type_by_name):
        for v in (w, w.upper(), w.title(), w[:1].upper() + w[1:]):
            for tail in ("", "x", " x", "\n", ".", " phối hợp", " liên tịch", " thư", " kết luận"):
                for gap in (" ", "", " \n ", "   "):
                    probes.append(v.replace(" ", gap) + tail)
    return " | ".join(probes) + "".join(probes)


def test_type_word_trie_matches_like_the_flat_alternation() -> None:
    # the prefix-factored pattern (issue 11) must choose what the longest-first flat
    # alternation chose, wrapped and glued forms included
    import regex

    from bpextract.docnumbers import tables
    from bpextract.references import _compile
    from bpextract.rules import literal_alternation
    flat = literal_alternation(list(tables(R).type_by_name), cases=True).replace(
        r"\ ", r"[ \t\u00a0]{0,2}\n?[ \t\u00a0]{0,2}")
    old = regex.compile(rf"(?<![\w/])(?P<type>{flat})(?!\w)")
    new = _compile(R).type_word
    assert new.pattern != old.pattern
    text = _type_word_probes() + "\n".join(seed_doc(k).text for k in ("000", "001", "004"))
    got = [(m.span(), m.group("type")) for m in new.finditer(text)]
    assert len(got) > 1500
    assert got == [(m.span(), m.group("type")) for m in old.finditer(text)]
