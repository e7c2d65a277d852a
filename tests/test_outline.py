"""Outline: heading rules, the full trees of the seeds, parts, and level inference on own text."""

from __future__ import annotations

import gzip
import json

import pytest
import regex
from tests.conftest import ROOT, bench_text, seed_doc, shared_path

import bpextract
from bpextract.model import Part, Section
from bpextract.outline import build_outline, compiled
from bpextract.rules import get_rules

RULES = get_rules()
HEADINGS = RULES["headings"]


# ---------------------------------------------------------------- rules match their examples

@pytest.mark.parametrize("entry", HEADINGS.entries("styles") + HEADINGS.entries("not_headings")
                         + HEADINGS.entries("stops"), ids=lambda e: e["name"])
def test_heading_rule_examples(entry) -> None:  # type: ignore[no-untyped-def]
    pattern = regex.compile(entry["pattern"])
    assert entry.get("examples") and entry.get("counterexamples"), entry.where
    for ex in entry["examples"]:
        assert pattern.match(ex), f"{entry.where}: misses {ex!r}"
    for ex in entry["counterexamples"]:
        assert not pattern.match(ex), f"{entry.where}: matches {ex!r}"


def test_styles_have_known_kinds_and_labels() -> None:
    cfg = compiled(RULES)
    assert {s.kind for s in cfg.styles} == {"division", "heading", "item"}
    for st in cfg.styles:
        assert "label" in st.pattern.groupindex, st.name


# ---------------------------------------------------------------- full trees of the seeds

# (label, title, level, index of the parent in this list, part); a title ending with "…" is
# the start of a longer title.
TREE_000 = [
    ('I.', 'MỤC ĐÍCH, YÊU CẦU', 1, None, 0),  # 0
    ('1.', 'Mục đích', 2, 0, 0),  # 1
    ('2.', 'Yêu cầu', 2, 0, 0),  # 2
    ('II.', 'NỘI DUNG', 1, None, 0),  # 3
    ('1.', 'Đánh giá kết quả thực hiện Chỉ thị số 01 về tổ chức pho…', 2, 3, 0),  # 4
    ('2.', 'Tổ chức "Ngày Hội Biên phòng toàn dân" năm 2022 theo kế…', 2, 3, 0),  # 5
    ('3.', 'Căn cứ diễn biến tình hình dịch Covid-19 ở từng địa phư…', 2, 3, 0),  # 6
    ('4.', 'Khen thưởng các tập thể, cá nhân có thành tích xuất sắc…', 2, 3, 0),  # 7
    ('5.', 'Tổ chức các hoạt động VHVN, TDTT và các trò chơi dân gi…', 2, 3, 0),  # 8
    ('III.', 'HÌNH THỨC', 1, None, 0),  # 9
    ('A.', 'CÁC XÃ BIÊN GIỚI', 2, 9, 0),  # 10
    ('1.', 'Thành phần', 3, 10, 0),  # 11
    ('a)', 'Đại biểu cấp trên và đơn vị phối hợp', 4, 11, 0),  # 12
    ('b)', 'Cấp cơ sở', 4, 11, 0),  # 13
    ('2.', 'Chương trình', 3, 10, 0),  # 14
    ('3.', 'Ma kết hội nghị…', 3, 10, 0),  # 15
    ('4.', 'Thời gian', 3, 10, 0),  # 16
    ('B.', 'CẤP XÓM (BẢN) KHU VỰC BIÊN GIỚI', 2, 9, 0),  # 17
    ('III.', 'KHEN THƯỞNG', 1, None, 0),  # 18
    ('1.', 'Bằng khen UBND tỉnh Cao Bằng', 2, 18, 0),  # 19
    ('2.', 'Giấy khen Bộ Chỉ huy BĐBP tỉnh', 2, 18, 0),  # 20
    ('3.', 'Giấy khen UBND huyện Hà Quảng', 2, 18, 0),  # 21
    ('IV.', 'TỔ CHỨC THỰC HIỆN', 1, None, 0),  # 22
    ('1.', 'Các Đoàn Biên phòng', 2, 22, 0),  # 23
    ('2.', 'Đoàn Biên phòng cửa khẩu Sóc Giang', 2, 22, 0),  # 24
    ('3.', 'Phòng Tài chính – Kế hoạch', 2, 22, 0),  # 25
    ('4.', 'Phòng Nội vụ', 2, 22, 0),  # 26
    ('5.', 'Văn phòng HĐND-UBND huyện', 2, 22, 0),  # 27
    ('6.', 'Các xã biên giới', 2, 22, 0),  # 28
    ('I.', 'ĐẶC ĐIỂM TÌNH HÌNH CÓ LIÊN QUAN', 1, None, 1),  # 29
    ('II.', 'KẾT QUẢ TỔ CHỨC PHONG TRÀO NĂM QUA', 1, None, 1),  # 30
    ('1.', 'Công tác lãnh đạo, chỉ đạo', 2, 30, 1),  # 31
    ('2.', 'Kết quả thực hiện', 2, 30, 1),  # 32
    ('a)', 'Kết quả tham gia quản lý, bảo vệ chủ quyền lãnh thổ', 3, 32, 1),  # 33
    ('b)', 'Kết quả tham gia giữ gìn an ninh biên giới quốc gia', 3, 32, 1),  # 34
    ('c)', 'Kết quả công tác xây dựng, củng cố lực lượng dân quân,…', 3, 32, 1),  # 35
    ('d)', 'Việc phát huy sức mạnh tổng hợp ở cơ sở tham gia thực h…', 3, 32, 1),  # 36
    ('III.', 'ĐÁNH GIÁ CHUNG', 1, None, 1),  # 37
    ('1.', 'Ưu điểm', 2, 37, 1),  # 38
    ('2.', 'Hạn chế, tồn tại', 2, 37, 1),  # 39
    ('3.', 'Nguyên nhân', 2, 37, 1),  # 40
    ('4.', 'Bài học kinh nghiệm', 2, 37, 1),  # 41
    ('IV.', 'CHỦ TRƯỞNG, GIẢI PHÁP TỔ CHỨC PHONG TRÀO NĂM TIẾP THEO', 1, None, 1),  # 42
    ('1.', 'Dự báo tình hình có liên quan', 2, 42, 1),  # 43
    ('2.', 'Nhiệm vụ, chỉ tiêu, giải pháp thực hiện phong trào', 2, 42, 1),  # 44
    ('V.', 'KIẾN NGHỊ, ĐỀ XUẤT (nếu có)', 1, None, 1),  # 45
]

TREE_003 = [
    ('I.', 'ĐẶC ĐIỂM TÌNH HÌNH', 1, None, 0),  # 0
    ('II.', 'KẾT QUẢ TỔ CHỨC THỰC HIỆN', 1, None, 0),  # 1
    ('1.', 'Công tác lãnh đạo, chỉ đạo', 2, 1, 0),  # 2
    ('2.', 'Công tác tuyên truyền, phổ biến, quán triệt các chủ trư…', 2, 1, 0),  # 3
    ('3.', 'Kết quả 10 năm thực hiện Chỉ thị số 01', 2, 1, 0),  # 4
    ('a)', 'Công tác phối hợp tổ chức phong trào', 3, 4, 0),  # 5
    ('-', 'Trên cơ sở kết quả triển khai thực hiện Chỉ thị số 01,…', 4, 5, 0),  # 6
    ('b)', 'Tham gia công tác quản lý, bảo vệ biên giới', 3, 4, 0),  # 7
    ('c.', 'Xây dựng khu vực biên giới vững mạnh toàn diện', 3, 4, 0),  # 8
    ('d)', 'Công tác xây dựng Bộ đội Biên phòng, các đơn vị lực lượ…', 3, 4, 0),  # 9
    ('e)', 'Biểu dương, khen thưởng các tập thể, cá nhân có thành t…', 3, 4, 0),  # 10
    ('III.', 'ĐÁNH GIÁ CHUNG', 1, None, 0),  # 11
    ('1.', 'Ưu điểm', 2, 11, 0),  # 12
    ('2.', 'Tồn tại, hạn chế', 2, 11, 0),  # 13
    ('-', 'Nguyên nhân khách quan', 4, 13, 0),  # 14
    ('-', 'Nguyên nhân chủ quan', 4, 13, 0),  # 15
    ('4.', 'Một số kinh nghiệm rút ra', 2, 11, 0),  # 16
    ('IV.', 'PHƯƠNG HƯỚNG THỰC HIỆN THỜI GIAN TỚI', 1, None, 0),  # 17
    ('1.', 'Tiếp tục triển khai thực hiện tốt Kế hoạch số 587/KH-UB…', 2, 17, 0),  # 18
    ('2.', 'Cấp ủy, chính quyền địa phương thường xuyên lãnh đạo, c…', 2, 17, 0),  # 19
    ('3.', 'Tổ chức quán triệt sâu rộng đến toàn cán bộ, công chức,…', 2, 17, 0),  # 20
    ('4.', 'Phối hợp chặt chẽ giữa Đoàn Biên phòng với UBND phường,…', 2, 17, 0),  # 21
    ('5.', 'Hàng năm, tiến hành sơ, tổng kết thực hiện Chỉ thị số 0…', 2, 17, 0),  # 22
    ('6.', 'Xây dựng và nhân rộng điển hình tiên tiến, có hình thức…', 2, 17, 0),  # 23
    ('V.', 'KIẾN NGHỊ, ĐỀ XUẤT', 1, None, 0),  # 24
    ('1.', 'Kiến nghị Ủy ban nhân dân thị xã hàng năm đưa vào chỉ t…', 2, 24, 0),  # 25
    ('2.', 'Năm 2026, Đoàn Biên phòng Cửa khẩu Quốc tế Tịnh Biên là…', 2, 24, 0),  # 26
]

TREE_004 = [
    ('Phần thứ nhất', 'KẾT QUẢ THỰC HIỆN “NGÀY BIÊN PHÒNG TOÀN DÂN” GIAI ĐOẠN…', 1, None, 0),  # 0
    ('I.', 'CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO TRIỂN KHAI', 2, 0, 0),  # 1
    ('II.', 'KẾT QUẢ THỰC HIỆN', 2, 0, 0),  # 2
    ('1.', 'Công tác tuyên truyền, giáo dục nâng cao ý thức, trách…', 3, 2, 0),  # 3
    ('2.', 'Thực hiện nhiệm vụ quản lý, bảo vệ chủ quyền, giữ vững…', 3, 2, 0),  # 4
    ('3.', 'Xây dựng khu vực biên giới vững mạnh, toàn diện, tập tr…', 3, 2, 0),  # 5
    ('4.', 'Xây dựng Bộ đội Biên phòng, các đơn vị lực lượng vũ tra…', 3, 2, 0),  # 6
    ('5.', 'Tổ chức các hoạt động “Ngày Biên phòng toàn dân” 03/3 h…', 3, 2, 0),  # 7
    ('II.', 'ĐÁNH GIÁ CHUNG, NGUYÊN NHÂN VÀ BÀI HỌC KINH NGHIỆM', 2, 0, 0),  # 8
    ('1.', 'Đánh giá chung', 3, 8, 0),  # 9
    ('a)', 'Ưu điểm', 4, 9, 0),  # 10
    ('b)', 'Hạn chế', 4, 9, 0),  # 11
    ('2.', 'Nguyên nhân hạn chế', 3, 8, 0),  # 12
    ('3.', 'Bài học kinh nghiệm', 3, 8, 0),  # 13
    ('Phần thứ hai', 'PHƯƠNG HƯỚNG TIẾP TỤC THỰC HIỆN “NGÀY BIÊN PHÒNG TOÀN D…', 1, None, 0),  # 14
    ('1.', 'Nhận định tình hình', 3, 14, 0),  # 15
    ('2.', 'Phương hướng thực hiện', 3, 14, 0),  # 16
    ('-', 'Đẩy mạnh công tác tuyên truyền, giáo dục nâng cao nhận…', 5, 16, 0),  # 17
    ('-', 'Tăng cường sự lãnh đạo của các cấp ủy Đảng, nâng cao nă…', 5, 16, 0),  # 18
    ('-', 'Xây dựng khu vực biên giới vững mạnh toàn diện, tập tru…', 5, 16, 0),  # 19
    ('-', 'Đẩy mạnh các hoạt động đối ngoại, xây dựng biên giới hò…', 5, 16, 0),  # 20
    ('-', 'Xây dựng lực lượng Bộ đội Biên phòng và lực lượng vũ tr…', 5, 16, 0),  # 21
    ('3.', 'Kiến nghị, đề xuất', 3, 14, 0),  # 22
]


def assert_tree(sections: tuple[Section, ...] | list[Section],
                expected: list[tuple[str, str, int, int | None, int]]) -> None:
    index = {s.id: i for i, s in enumerate(sections)}
    got = [(s.label, s.title or "", s.level, index.get(s.parent) if s.parent else None, s.part)
           for s in sections]
    assert len(got) == len(expected), [g[:2] for g in got]
    for i, (g, e) in enumerate(zip(got, expected, strict=True)):
        title = e[1]
        if title.endswith("…"):
            assert g[1].startswith(title[:-1]), (i, g, e)
            g = (g[0], title, *g[2:])
        assert g == e, i


@pytest.mark.parametrize("key,tree", [("000", TREE_000), ("003", TREE_003), ("004", TREE_004)])
def test_seed_tree(key: str, tree: list[tuple[str, str, int, int | None, int]]) -> None:
    assert_tree(seed_doc(key).sections, tree)


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_seed_sections_are_well_formed(key: str) -> None:
    doc = seed_doc(key)
    ids = {s.id for s in doc.sections}
    assert [s.id for s in doc.sections] == list(range(1, len(doc.sections) + 1))
    for s in doc.sections:
        assert doc.text.startswith(s.label, s.start)
        assert s.start < s.end
        part = next(p for p in doc.parts if p.id == s.part)
        assert part.start <= s.start and s.end <= part.end
        if s.parent is not None:
            parent = doc.section_by_id(s.parent)
            assert parent is not None and s.parent in ids
            assert parent.level < s.level and parent.start < s.start <= s.end <= parent.end
            assert s.path.startswith(parent.path + "/")


def test_seed_paths_and_spans() -> None:
    doc = seed_doc("000")
    b = next(s for s in doc.sections if s.label == "b)" and s.part == 0)
    assert b.path == "III/A/1/b"
    assert doc.text[b.start:b.end].startswith("b) Cấp cơ sở\n\n- Đại diện Thường trực Đảng ủy;")
    last = next(s for s in doc.sections if s.label == "6." and s.part == 0)
    # the last section stops at the recipients block, which is no section
    assert doc.text[last.end:].startswith("Nơi nhận")
    assert not any("Nơi nhận" in (s.title or "") or s.label.startswith("TRƯỞNG")
                   for s in doc.sections)


def test_seed_002_starts_at_arabic() -> None:
    doc = seed_doc("002")
    top = [s.label for s in doc.sections if s.parent is None]
    assert top == [f"{i}." for i in range(1, 10)]
    assert {s.level for s in doc.sections if s.label.endswith(")")} == {2}


# ---------------------------------------------------------------- parts restart the outline

@pytest.mark.parametrize("key,kind,title,first", [
    ("000", "attachment", "ĐỀ CƯƠNG BÁO CÁO SƠ KẾT PHONG TRÀO", "ĐẶC ĐIỂM TÌNH HÌNH CÓ LIÊN QUAN"),
    ("001", "appendix", "Phụ lục ĐỀ CƯƠNG BÁO CÁO TỔNG KẾT", "ĐẶC ĐIỂM TÌNH HÌNH"),
])
def test_seed_parts_restart_at_roman_one(key: str, kind: str, title: str, first: str) -> None:
    doc = seed_doc(key)
    assert [p.id for p in doc.parts] == [0, 1]
    att = doc.parts[1]
    assert att.kind == kind and (att.title or "").startswith(title)
    in_att = [s for s in doc.sections if s.part == 1]
    assert in_att[0].label == "I." and in_att[0].title == first
    assert in_att[0].level == 1 and in_att[0].parent is None
    assert all(s.start >= att.start for s in in_att)
    assert [s.label for s in in_att if s.level == 1] == ["I.", "II.", "III.", "IV.", "V."]
    # header lines of the attachment (its title, BÁO CÁO, the motto) are no sections
    assert not any(s.part == 1 and s.start < in_att[0].start for s in doc.sections)


def test_seed_001_tree_and_continuation_line() -> None:
    doc = seed_doc("001")
    assert len(doc.sections) == 35
    main = [(s.label, s.level) for s in doc.sections if s.part == 0]
    assert main[:6] == [("I.", 1), ("1.", 2), ("2.", 2), ("II.", 1), ("1.", 2), ("a)", 3)]
    # "- xã hội, ..." continues "kinh tế" (page break), it is no bullet and no section
    assert not any(s.label == "-" for s in doc.sections)


# ---------------------------------------------------------------- own text: level inference

def outline(text: str) -> list[tuple[str, str | None, int, str | None]]:
    """(label, title, level, parent label) of every section of `text`."""
    doc = bpextract.parse_text(text)
    by_id = {s.id: s for s in doc.sections}
    return [(s.label, s.title, s.level, by_id[s.parent].label if s.parent else None)
            for s in doc.sections]


HEADER = "ỦY BAN NHÂN DÂN XÃ A\n\nSố: 12/KH-UBND\n\nKẾ HOẠCH\n\nVề việc tổ chức hội nghị\n\n" \
         "Căn cứ Kế hoạch số 5/KH-UBND ngày 02/01/2025 của UBND huyện;\n\n"


def test_document_starting_at_arabic_has_arabic_on_top() -> None:
    got = outline(HEADER + "1. Mục đích\n\nNội dung.\n\na) Một\n\nb) Hai\n\n"
                  "2. Yêu cầu\n\nNội dung.")
    assert got == [("1.", "Mục đích", 1, None), ("a)", "Một", 2, "1."), ("b)", "Hai", 2, "1."),
                   ("2.", "Yêu cầu", 1, None)]


def test_alpha_under_roman_and_roman_under_alpha() -> None:
    got = outline(HEADER + "I. CHUNG\n\nA. CẤP XÃ\n\n1. Thành phần\n\nB. CẤP HUYỆN\n\n"
                  "II. RIÊNG\n\n1. Việc một")
    # `1.` keeps the level it took under `A.` when it comes right under `II.` (a skipped level)
    assert got == [("I.", "CHUNG", 1, None), ("A.", "CẤP XÃ", 2, "I."),
                   ("1.", "Thành phần", 3, "A."), ("B.", "CẤP HUYỆN", 2, "I."),
                   ("II.", "RIÊNG", 1, None), ("1.", "Việc một", 3, "II.")]
    got = outline(HEADER + "A. PHẦN CHUNG\n\nI. Mục tiêu\n\nII. Nhiệm vụ\n\nB. PHẦN RIÊNG\n\n"
                  "I. Kết quả")
    assert [(g[0], g[2], g[3]) for g in got] == [("A.", 1, None), ("I.", 2, "A."),
                                                 ("II.", 2, "A."), ("B.", 1, None),
                                                 ("I.", 2, "B.")]


def test_roman_or_letter_by_sequence() -> None:
    got = outline(HEADER + "A. Một\n\nB. Hai\n\nC. Ba\n\nD. Bốn\n\nE. Năm\n\nG. Sáu\n\nH. Bảy\n\n"
                  "I. Tám\n\nK. Chín")
    assert [(g[0], g[2]) for g in got] == [(x + ".", 1) for x in "ABCDEGHIK"]
    got = outline(HEADER + "I. Một\n\nII. Hai\n\nIII. Ba\n\nIV. Bốn\n\nV. Năm\n\nVI. Sáu")
    assert [(g[0], g[2]) for g in got] == [(x + ".", 1) for x in
                                           ["I", "II", "III", "IV", "V", "VI"]]


def test_skipped_level_mixed_letters_and_number_jump() -> None:
    got = outline(HEADER + "I. TÌNH HÌNH\n\n1. Kết quả\n\na) Một\n\nb) Hai\n\nc. Ba\n\nd) Bốn\n\n"
                  "2. Hạn chế\n\n4. Kinh nghiệm\n\nII. PHƯƠNG HƯỚNG\n\na) Ngay dưới La Mã")
    assert got == [("I.", "TÌNH HÌNH", 1, None), ("1.", "Kết quả", 2, "I."),
                   ("a)", "Một", 3, "1."), ("b)", "Hai", 3, "1."), ("c.", "Ba", 3, "1."),
                   ("d)", "Bốn", 3, "1."), ("2.", "Hạn chế", 2, "I."),
                   ("4.", "Kinh nghiệm", 2, "I."), ("II.", "PHƯƠNG HƯỚNG", 1, None),
                   ("a)", "Ngay dưới La Mã", 3, "II.")]


def test_heading_with_body_on_the_same_line() -> None:
    got = outline(HEADER + "I. MỤC ĐÍCH, YÊU CẦU\n\n"
                  "1. Mục đích: Nhằm đánh giá kết quả đạt được.\n\n"
                  "2. Yêu cầu: Chu đáo, tiết kiệm.\n\nII. HÌNH THỨC: Tổ chức ở 2 cấp")
    assert [(g[0], g[1]) for g in got] == [("I.", "MỤC ĐÍCH, YÊU CẦU"), ("1.", "Mục đích"),
                                           ("2.", "Yêu cầu"), ("II.", "HÌNH THỨC")]


def test_items_are_sections_only_when_they_hold_something() -> None:
    text = HEADER + (
        "1. Nguyên nhân\n\n- Khách quan:\n\n+ Thời tiết xấu.\n\n+ Địa bàn rộng.\n\n"
        "- Chủ quan: cán bộ còn thiếu.\n\n- Kinh phí còn hạn chế.\n\n"
        "2. Bài học\n\nMột là, phải làm tốt tuyên truyền.\n\nHai là, phải phối hợp.\n\n"
        "3. Phương hướng\n\n- Đẩy mạnh công tác tuyên truyền\n\nĐoạn thứ nhất.\n\n"
        "Đoạn thứ hai.\n\n- Tăng cường lãnh đạo.\n\nMột đoạn.")
    got = outline(text)
    assert got == [("1.", "Nguyên nhân", 1, None), ("-", "Khách quan", 2, "1."),
                   ("2.", "Bài học", 1, None), ("3.", "Phương hướng", 1, None),
                   ("-", "Đẩy mạnh công tác tuyên truyền", 2, "3.")]


def test_item_ending_with_full_stop_holds_no_items() -> None:
    got = outline(HEADER + "1. Tuyên truyền\n\n- Qua báo, đài.\n\n"
                  "* Kết quả: nhận thức nâng lên.\n\n2. Vận động")
    assert [g[0] for g in got] == ["1.", "2."]


def test_indented_bullets_nest() -> None:
    got = outline(HEADER + "1. Máy, thiết bị:\n- Tổng số thiết bị:\n    - Trong đó:\n"
                  "        + Đã đăng ký\n        + Đã kiểm định\n2. Thời giờ làm việc")
    assert got == [("1.", "Máy, thiết bị", 1, None), ("-", "Tổng số thiết bị", 2, "1."),
                   ("-", "Trong đó", 3, "-"), ("2.", "Thời giờ làm việc", 1, None)]


def test_caps_heading_and_label_only_division() -> None:
    got = outline(HEADER + "Phần thứ nhất\n\nKẾT QUẢ THỰC HIỆN\n\nGIAI ĐOẠN 2020-2025\n\n"
                  "I. LÃNH ĐẠO\n\nNội dung.\n\nĐÁNH GIÁ CHUNG\n\n1. Ưu điểm\n\n"
                  "Phần thứ hai\n\nPHƯƠNG HƯỚNG\n\n1. Nhận định")
    assert got == [("Phần thứ nhất", "KẾT QUẢ THỰC HIỆN GIAI ĐOẠN 2020-2025", 1, None),
                   ("I.", "LÃNH ĐẠO", 2, "Phần thứ nhất"),
                   ("", "ĐÁNH GIÁ CHUNG", 2, "Phần thứ nhất"), ("1.", "Ưu điểm", 3, ""),
                   ("Phần thứ hai", "PHƯƠNG HƯỚNG", 1, None),
                   ("1.", "Nhận định", 3, "Phần thứ hai")]


def test_chapters_and_articles_numbered_through() -> None:
    text = ("QUYẾT ĐỊNH\n\nCăn cứ Luật Tổ chức chính quyền địa phương;\n\n"
            "Chương I\nQUY ĐỊNH CHUNG\n\nĐiều 1. Phạm vi\n\n1. Quy định này áp dụng.\n\n"
            "a) Cơ quan;\n\nĐiều 2. Đối tượng\n\nChương II\nTỔ CHỨC THỰC HIỆN\n\n"
            "Điều 3. Trách nhiệm\n\nTheo Điều 3. Nội dung trích dẫn\n\nĐiều 4. Hiệu lực")
    got = outline(text)
    assert got == [("Chương I", "QUY ĐỊNH CHUNG", 1, None), ("Điều 1.", "Phạm vi", 2, "Chương I"),
                   ("1.", "Quy định này áp dụng", 3, "Điều 1."), ("a)", "Cơ quan", 4, "1."),
                   ("Điều 2.", "Đối tượng", 2, "Chương I"),
                   ("Chương II", "TỔ CHỨC THỰC HIỆN", 1, None),
                   ("Điều 3.", "Trách nhiệm", 2, "Chương II"),
                   ("Điều 4.", "Hiệu lực", 2, "Chương II")]


def test_header_signature_and_recipients_are_no_sections() -> None:
    text = HEADER + ("I. NỘI DUNG\n\n1. Việc một\n\nNơi nhận:\n- UBND huyện;\n- Lưu: VT.\n\n"
                     "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Văn A")
    doc = bpextract.parse_text(text)
    assert [s.label for s in doc.sections] == ["I.", "1."]
    assert doc.text[doc.sections[-1].end:].startswith("Nơi nhận:")


def test_a_lost_heading_does_not_nest_its_successor() -> None:
    # "Điều 5." was lost in extraction: "Điều 6." must not go under the "2." of Điều 5
    got = outline("Chương I\nCHUNG\n\nĐiều 4. Người nộp thuế\n\n1. Một\n\nChương II\nCĂN CỨ\n\n"
                  "1. Căn cứ tính thuế\n\n2. Phương pháp\n\nĐiều 6. Giá tính thuế\n\n1. Giá bán")
    assert [(g[0], g[3]) for g in got] == [("Chương I", None), ("Điều 4.", "Chương I"),
                                           ("1.", "Điều 4."), ("Chương II", None),
                                           ("1.", "Chương II"), ("2.", "Chương II"),
                                           ("Điều 6.", "Chương II"), ("1.", "Điều 6.")]


def test_out_of_sequence_numbers_are_text() -> None:
    got = outline(HEADER + "1. Một\n\n2. Hai\n\nNăm qua đã có\n\n17. mươi bảy là số dòng\n\n3. Ba")
    assert [g[0] for g in got] == ["1.", "2.", "3."]


def test_each_part_has_its_own_ladder() -> None:
    text = "1. Arabic on top here\n\nI. LA MÃ\n\nĐỀ CƯƠNG\n\nI. LA MÃ TRÊN CÙNG\n\n1. Con"
    cut = text.index("ĐỀ CƯƠNG")
    parts = [Part(0, "main", None, 0, cut), Part(1, "attachment", "ĐỀ CƯƠNG", cut, len(text))]
    secs = build_outline(text, parts, RULES)
    assert [(s.label, s.level, s.part) for s in secs] == [("1.", 1, 0), ("I.", 2, 0),
                                                          ("I.", 1, 1), ("1.", 2, 1)]
    assert secs[1].end == cut and secs[3].end == len(text)


# ---------------------------------------------------------------- robustness and speed

def test_bench_documents_do_not_explode() -> None:
    path = shared_path("data", "bench", "vn_legal_fulltext.jsonl.gz")
    checked = 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % 40:
                continue
            d = json.loads(line)
            if "\nĐiều 1" not in d["text"] or len(d["text"]) > 300_000:
                continue
            text = d["text"]
            secs = build_outline(text, [Part(0, "main", None, 0, len(text))], RULES)
            arts = [s for s in secs if s.style == "article"]
            assert arts, d["id"]
            # an article is never nested under a numbered clause or a bullet
            by_id = {s.id: s for s in secs}
            for a in arts:
                p = by_id.get(a.parent) if a.parent else None
                assert p is None or p.style in ("part", "chapter", "section", "caps"), d["id"]
            assert max(s.level for s in secs) <= 8, d["id"]
            checked += 1
    assert checked >= 10


def test_long_runs_finish_quickly() -> None:
    text = ("1. " * 20000 + "\n" + "- " * 20000 + "\n" + "I" * 30000 + ".\n" + " " * 50000
            + "\n" + "A. B. " * 10000 + "\n" + "ĐÁNH GIÁ " * 20000)
    secs = build_outline(text, [Part(0, "main", None, 0, len(text))], RULES)
    assert [(s.label, s.style, s.level, s.start, s.end) for s in secs] == [
        ("1.", "arabic", 1, 0, 420006), ("A.", "upper_alpha", 2, 180005, 420006)]


def test_heading_wrapped_at_the_line_width() -> None:
    body = "\n".join(["Nội dung của văn bản được ngắt dòng ở độ rộng cố định, như văn bản PDF."]
                     * 12)
    text = (HEADER + "I. MỤC TIÊU\n1. Tổ chức thể chế hóa và thực hiện đầy đủ các nhiệm vụ đã đề\n"
            "ra trong Chỉ thị số 52-\nCT/TW (sau đây gọi tắt là Chỉ thị).\n" + body + "\n"
            "2. Phân công\n" + body + "\n"
            "3. Theo dõi, đôn đốc việc thực hiện kế hoạch ở các bộ, ngành và các địa\n"
            "phương trong cả nước\n7.\n" + body)
    got = outline(text)
    assert [(g[0], g[1]) for g in got] == [
        ("I.", "MỤC TIÊU"),
        ("1.", "Tổ chức thể chế hóa và thực hiện đầy đủ các nhiệm vụ đã đề ra trong Chỉ thị số "
               "52-CT/TW (sau đây gọi tắt là Chỉ thị)"),
        ("2.", "Phân công"),
        ("3.", "Theo dõi, đôn đốc việc thực hiện kế hoạch ở các bộ, ngành và các địa phương "
               "trong cả nước")]


def test_a_list_before_the_first_chapter_ends_there() -> None:
    # a consolidated text lists its amending laws before `Chương I`
    got = outline("VĂN BẢN HỢP NHẤT\n\nLUẬT BẢO HIỂM XÃ HỘI\n\n1. Luật số 35/2018/QH14.\n\n"
                  "2. Bộ luật Lao động số 45/2019/QH14.\n\nChương I\nQUY ĐỊNH CHUNG\n\n"
                  "Điều 1. Phạm vi\n\n1. Luật này quy định.\n\na) Chế độ;\n\nĐiều 2. Đối tượng\n\n"
                  "1. Người lao động.")
    assert [(g[0], g[2], g[3]) for g in got] == [
        ("1.", 1, None), ("2.", 1, None), ("Chương I", 1, None), ("Điều 1.", 2, "Chương I"),
        ("1.", 3, "Điều 1."), ("a)", 4, "1."), ("Điều 2.", 2, "Chương I"), ("1.", 3, "Điều 2.")]


def test_all_caps_lines_that_are_no_headings() -> None:
    got = outline(HEADER + "I. KẾT QUẢ\n\nĐã thực hiện tốt.\n\nTỔNG CỘNG\n\n12 xã\n\n"
                  "Kết quả đạt được\n\nBAN CHỈ ĐẠO\n\nHUYỆN HÀ QUẢNG\n\nĐã thực hiện tốt.\n\n"
                  "ĐÁNH GIÁ CHUNG\n\nNhìn chung đạt yêu cầu.\n\nX. NỘI DUNG SAI SỐ\n\nHết.")
    assert [(g[0], g[1]) for g in got] == [("I.", "KẾT QUẢ"), ("", "ĐÁNH GIÁ CHUNG")]


# ---------------------------------------------------------------- headings cut at hard line ends

# a page flattened to markdown keeps the source's line breaks inside paragraphs (blank lines
# between them): eight blocks of two lines make the text "hard-wrapped"
_BLOCKS = "\n\n".join(["Nội dung của văn bản được ngắt dòng cứng theo\nnguồn của trang web."] * 8)


def test_heading_wrapped_at_hard_line_ends_in_blocks() -> None:
    got = outline(HEADER + "I. MỤC ĐÍCH,\nYÊU CẦU\n\n1. Mục đích\n\na) Quán triệt và triển khai\n"
                  "nghiêm túc, đầy đủ Chỉ thị số 27/CT-TTg; nâng\ncao hiệu quả công tác dân số;\n\n"
                  "b) Đảm bảo sự phối hợp.\n\nII. NỘI DUNG\nTHỰC HIỆN\n\n"
                  "1. Sở Giáo\ndục và Đào tạo\n\n"
                  "2. Phổ biến, giáo dục Luật\nViệc làm và các văn bản\n\n" + _BLOCKS)
    assert [(g[0], g[1]) for g in got] == [
        ("I.", "MỤC ĐÍCH, YÊU CẦU"), ("1.", "Mục đích"),
        ("a)", "Quán triệt và triển khai nghiêm túc, đầy đủ Chỉ thị số 27/CT-TTg; nâng cao hiệu "
               "quả công tác dân số"),
        ("b)", "Đảm bảo sự phối hợp"), ("II.", "NỘI DUNG THỰC HIỆN"),
        ("1.", "Sở Giáo dục và Đào tạo"), ("2.", "Phổ biến, giáo dục Luật Việc làm và các văn bản")]


def test_a_sentence_in_capitals_after_a_heading_is_its_body() -> None:
    # the same blocks: `Điều 1. Phạm vi điều chỉnh` / `Thông tư này ...` is a title and its text;
    # a caps line under a mixed-case title and a line after a closed title start the body
    got = outline(HEADER + "Điều 1. Phạm vi điều chỉnh\nThông tư này quy định chi tiết\nmột số "
                  "điều.\n\nĐiều 2. Đối tượng áp dụng:\ncơ quan, tổ chức.\n\n"
                  "Điều 3. Hiệu lực\nTHI HÀNH NGAY\n\n" + _BLOCKS)
    assert [(g[0], g[1]) for g in got] == [
        ("Điều 1.", "Phạm vi điều chỉnh"), ("Điều 2.", "Đối tượng áp dụng"),
        ("Điều 3.", "Hiệu lực")]


def test_one_line_per_paragraph_goes_on_only_in_lower_case() -> None:
    # no blocks, no fixed width: a line that opens in lower case, or follows a comma, goes on;
    # an item closed by `;` does not
    got = outline(HEADER + "1. Sở Tài\nchính\n2. Ủy ban nhân dân xã,\nphường\n3. Sở Nội vụ\n"
                  "Chủ trì thực hiện.\n- Tuyên truyền;\nvận động nhân dân.\n- Kiểm tra\n")
    assert [(g[0], g[1]) for g in got][:3] == [
        ("1.", "Sở Tài chính"), ("2.", "Ủy ban nhân dân xã, phường"), ("3.", "Sở Nội vụ")]


def test_article_word_alone_on_its_line_takes_the_number_below() -> None:
    got = outline(HEADER + "Điều\n1. Công bố kèm theo Quyết định này danh mục.\nĐiều\n"
                  "2. Quyết định này có hiệu lực.\n")
    # the label as written, its line break kept, so its offsets cover exactly its text
    assert [(g[0], g[1]) for g in got] == [
        ("Điều\n1.", "Công bố kèm theo Quyết định này danh mục"),
        ("Điều\n2.", "Quyết định này có hiệu lực")]


def test_wrapped_headings_of_real_pdf_text_and_markdown_pages() -> None:
    # a Công báo text dump broken at the page width, where a heading's second line opens in
    # lower case (the old rule needed a line filled to the width)
    doc = bpextract.parse_text(bench_text(
        "congbao-txt:cong_doan/van-ban-hop-nhat-so-835-vbhn-bldtbxh-41446"))
    titles = [s.title for s in doc.sections]
    assert ("Thời gian tính hưởng chế độ trợ cấp được tính kể từ ngày thanh niên xung phong "
            "(sau đây viết tắt là TNXP) tập trung tham gia kháng chiến đến ngày hoàn thành "
            "nhiệm vụ trở về địa phương") in titles
    # a thuvienphapluat page flattened to markdown (tests/fixtures/mdweb)
    doc = bpextract.parse(ROOT / "tests" / "fixtures" / "mdweb" / "5cbddd8946f41ee1.md")
    assert [(s.label, s.title) for s in doc.sections][:2] == [
        ("1.", "Về việc ban hành Bảng giá tính lệ phí trước bạ ô tô, xe máy điều chỉnh bổ sung "
               "trong giai đoạn chuyển tiếp (quý 3, quý 4/2025)"),
        ("2.", "Về việc xây dựng Bảng giá tính lệ phí trước bạ ô tô, xe máy trình UBND tỉnh "
               "ban hành")]


def test_footnote_markers_stay_out_of_titles() -> None:
    # a Công báo consolidated law: superscript markers after article titles (`Xã hội¹⁶`)
    doc = bpextract.parse_text(bench_text(
        "congbao-txt:bhxh/van-ban-hop-nhat-so-40-vbhn-vpqh-469125"))
    by_label = {s.label: s.title for s in doc.sections if s.label.startswith("Điều 7")}
    assert by_label["Điều 7a."] == "Trách nhiệm của Bộ Lao động - Thương binh và Xã hội"
    assert by_label["Điều 7b."] == "Trách nhiệm của Bộ Giáo dục và Đào tạo"


def test_marker_spans_blanked_in_order_and_overlapping() -> None:
    from bpextract.outline import _blank
    assert _blank("abcdef", [(4, 6), (1, 2)]) == "a\x00cd\x00\x00"
    assert _blank("abcdef", [(3, 5), (1, 4)]) == "a\x00\x00\x00\x00f"
    assert _blank("abc", []) == "abc"
