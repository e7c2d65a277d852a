"""Footnote rule layer: marker forms, bodies detached, split paragraphs joined, links kept."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from tests.conftest import seed_doc

import bpextract
from bpextract.footnotes import compiled, detach_footnotes, should_join
from bpextract.normalize import normalize
from bpextract.rules import get_rules
from bpextract.textmap import TextMap

RULES = get_rules()
MARKERS = RULES["footnotes"].entries("markers")
JOINS = RULES["footnotes"].entries("joins")


def layer_of(text: str, page_starts: tuple[int, ...] = ()):  # type: ignore[no-untyped-def]
    return detach_footnotes(TextMap.identity(text, page_starts), RULES)


# ---------------------------------------------------------------- rules match their examples

@pytest.mark.parametrize("entry", MARKERS, ids=lambda e: e["name"])
def test_marker_rule_examples(entry) -> None:  # type: ignore[no-untyped-def]
    marker = regex.compile(entry["marker"])
    body = regex.compile(entry["body"])
    assert entry.get("examples") and entry.get("body_examples"), entry.where
    for ex in entry["examples"]:
        assert marker.search(ex), f"{entry.where}: marker misses {ex!r}"
    for ex in entry.get("counterexamples", []):
        assert not marker.search(ex), f"{entry.where}: marker matches {ex!r}"
    for ex in entry["body_examples"]:
        assert body.match(ex), f"{entry.where}: body misses {ex!r}"
    for ex in entry.get("body_counterexamples", []):
        assert not body.match(ex), f"{entry.where}: body matches {ex!r}"


@pytest.mark.parametrize("entry", JOINS, ids=lambda e: e["name"])
def test_join_rule_examples(entry) -> None:  # type: ignore[no-untyped-def]
    _, joins = compiled(RULES)
    rule = next(j for j in joins if j.name == entry["name"])
    assert entry.get("examples") and entry.get("counterexamples"), entry.where
    for ex in entry["examples"]:
        prev, nxt = ex.split(" || ")
        assert rule.joins(prev, nxt), f"{entry.where}: does not join {ex!r}"
    for ex in entry["counterexamples"]:
        prev, nxt = ex.split(" || ")
        assert not should_join(prev, nxt, joins), f"{entry.where}: joins {ex!r}"


# ---------------------------------------------------------------- seed 004: nine footnotes

# id, text just before the marker in the main text, marker, first words of the body,
# label and title start of the section holding the marker
SEED_004 = [
    ("1", "đông đảo Nhân dân KVBG", "¹", "Quyết định số 16/HĐBT ngày 22/02/1989",
     "I.", "CÔNG TÁC LÃNH ĐẠO"),
    ("2", "một cách đầy đủ, kịp thời", "²", "Luật Biên Biên phòng Việt Nam; Luật nhập cảnh",
     "1.", "Công tác tuyên truyền, giáo dục"),
    ("3", "cửa khẩu đảm bảo chặt chẽ đúng quy định", "³", "Tổ chức tuần tra 1.236 lần/7.920",
     "2.", "Thực hiện nhiệm vụ quản lý"),
    ("4", "biện pháp đấu tranh, ngăn chặn", "⁴", "Phát hiện 156 vụ/780 đối tượng",
     "2.", "Thực hiện nhiệm vụ quản lý"),
    ("5", "bằng nhiều hình thức", "⁵", "Tham gia tổ chức giao lưu hữu nghị Quốc phòng",
     "2.", "Thực hiện nhiệm vụ quản lý"),
    ("6", "triển khai thực hiện.", "⁶", "Đến nay, đã có 63 tập thể và 460 cá nhân",
     "2.", "Thực hiện nhiệm vụ quản lý"),
    ("7", "người dân tộc thiểu số", "⁷", "Đã giới thiệu 12 đồng chí cán bộ",
     "3.", "Xây dựng khu vực biên giới"),
    ("8", "trồng chuối thương phẩm...", "⁸", "100% xã có trạm y tế, 02 xã",
     "3.", "Xây dựng khu vực biên giới"),
    ("9", "với các đơn Biên phòng", "⁹", "Trong những năm qua HLHPN tỉnh Phú Thọ",
     "4.", "Xây dựng Bộ đội Biên phòng"),
]


def test_seed_004_has_exactly_nine_footnotes() -> None:
    doc = seed_doc("004")
    assert [f.id for f in doc.footnotes] == [str(i) for i in range(1, 10)]
    assert not [w for w in doc.warnings if w.startswith("footnote")]


@pytest.mark.parametrize("fid,before,marker,body,label,title", SEED_004,
                         ids=[r[0] for r in SEED_004])
def test_seed_004_footnote(fid: str, before: str, marker: str, body: str, label: str,
                           title: str) -> None:
    doc = seed_doc("004")
    fn = doc.footnote_by_id(fid)
    assert fn is not None
    assert fn.marker == marker
    assert fn.marker_start is not None and fn.marker_end == fn.marker_start + 1
    assert doc.text[fn.marker_start:fn.marker_end] == marker
    assert doc.text[fn.marker_start - len(before):fn.marker_start] == before
    assert fn.text.startswith(body)
    sec = doc.section_by_id(fn.section)
    assert sec is not None and sec.label == label and (sec.title or "").startswith(title)


def test_seed_004_main_text_holds_no_body_and_reads_joined() -> None:
    doc = seed_doc("004")
    for fn in doc.footnotes:
        assert fn.text[:60] not in doc.text, fn.id
    for sup in "¹²³⁴⁵⁶⁷⁸⁹":
        assert f"\n{sup}" not in doc.text
    assert "nhất là tội phạm xâm phạm an ninh quốc gia, tội phạm về ma túy, tiền giả" in doc.text
    assert "công tác biên phòng, phục vụ cho công cuộc đổi mới" in doc.text
    assert "góp phần huy động sức mạnh tổng hợp" in doc.text
    assert "được coi trọng và xử lý triệt để;" in doc.text
    # km² is a unit, not footnote 2
    assert "1.029,25 km², dân số" in doc.text


def test_seed_004_body_ends_where_the_paragraph_ends() -> None:
    doc = seed_doc("004")
    fn6 = doc.footnote_by_id("6")
    assert fn6 is not None
    assert fn6.text == ("Đến nay, đã có 63 tập thể và 460 cá nhân tham gia tự quản 97,229 km "
                        "đường biên, 27 mốc quốc giới.")


def test_seed_004_records_in_a_footnote_carry_its_id() -> None:
    doc = seed_doc("004")
    in_fn1 = [r for r in doc.references if r.footnote == "1"]
    assert any(r.number == "16/HĐBT" for r in in_fn1)
    fn1 = doc.footnote_by_id("1")
    assert fn1 is not None
    for r in in_fn1:
        assert fn1.text[r.start:r.end] == r.text
        assert r.section == fn1.section


def test_seed_004_offsets_map_back_to_the_source() -> None:
    doc = seed_doc("004")
    raw = Path(doc.source).read_text(encoding="utf-8")
    assert doc.textmap is not None
    for fn in doc.footnotes:
        assert fn.marker_start is not None
        assert raw[doc.textmap.source_offset(fn.marker_start)] == fn.marker


def test_other_seeds_joined_without_footnotes() -> None:
    doc1 = seed_doc("001")
    assert "gắn với phát triển kinh tế - xã hội, củng cố quốc phòng" in doc1.text
    doc3 = seed_doc("003")
    assert "thủ đoạn tinh vi; công tác quản lý, bảo vệ biên giới" in doc3.text
    assert "hoạt động của chính quyền, các đảng phái đối lập" in doc3.text
    assert doc1.footnotes == () and doc3.footnotes == ()


# ---------------------------------------------------------------- every marker form, own text

FORMS = [
    # text, expected (id, marker, body) list
    ("Huyện đã tổ chức 480 buổi tuyên truyền¹ cho nhân dân.\n\n"
     "¹ Trong đó 120 buổi ở xã biên giới.\n\nĐoạn tiếp theo.",
     [("1", "¹", "Trong đó 120 buổi ở xã biên giới.")]),
    ("Thực hiện Nghị định¹⁰ và Quyết định¹¹.\n\n¹⁰Nghị định 02/1998/NĐ-CP.\n\n"
     "¹¹ Quyết định 16/HĐBT.",
     [("10", "¹⁰", "Nghị định 02/1998/NĐ-CP."), ("11", "¹¹", "Quyết định 16/HĐBT.")]),
    ("Theo Kế hoạch số 587/KH[1] của tỉnh.\n\n[1] Kế hoạch ngày 09/12/2015.",
     [("1", "[1]", "Kế hoạch ngày 09/12/2015.")]),
    ("Đã tuần tra 300 lượt[^2] trên tuyến.\n\n[^2]: Phối hợp với Tổ phụ nữ.",
     [("2", "[^2]", "Phối hợp với Tổ phụ nữ.")]),
    ("Nâng cao nhận thức cho nhân dân(1), đoàn viên(2).\n\n(1) Ở 12 xã biên giới.\n\n"
     "(2) Gồm 3 chi đoàn.",
     [("1", "(1)", "Ở 12 xã biên giới."), ("2", "(2)", "Gồm 3 chi đoàn.")]),
]


@pytest.mark.parametrize("text,expected", FORMS, ids=["sup", "sup-multi", "bracket", "md", "paren"])
def test_marker_forms(text: str, expected: list[tuple[str, str, str]]) -> None:
    layer = layer_of(text)
    got = [(f.id, f.marker, f.text) for f in layer.footnotes]
    assert got == expected
    main = layer.text.text
    for f in layer.footnotes:
        assert f.marker_start is not None and f.marker_end is not None
        assert main[f.marker_start:f.marker_end] == f.marker
        assert f.text not in main
    assert layer.warnings == []


def test_paren_items_without_glued_markers_stay_text() -> None:
    text = "Nội dung gồm: (1) tuyên truyền; (2) vận động.\n\n(1) Tuyên truyền ở xã.\n\nHết."
    layer = layer_of(text)
    assert layer.footnotes == []
    assert layer.text.text == text


def test_unit_exponent_is_not_a_marker() -> None:
    text = "Diện tích 1.029,25 km² và 300 m² nhà văn hóa."
    layer = layer_of(text)
    assert layer.footnotes == [] and layer.text.text == text


def test_body_inside_a_sentence_is_removed_and_sentence_joined() -> None:
    text = ("Tình hình tội phạm, nhất là tội phạm xâm phạm an ninh quốc gia,\n\n"
            "³ Tuần tra 1.236 lần.\n\n⁴ Phát hiện 156 vụ.\n\n"
            "tội phạm về ma túy được kiềm chế³ và đẩy lùi⁴.")
    layer = layer_of(text)
    assert layer.text.text == ("Tình hình tội phạm, nhất là tội phạm xâm phạm an ninh quốc gia, "
                               "tội phạm về ma túy được kiềm chế³ và đẩy lùi⁴.")
    assert [(f.id, f.text) for f in layer.footnotes] == [("3", "Tuần tra 1.236 lần."),
                                                         ("4", "Phát hiện 156 vụ.")]


def test_page_break_is_removed_and_split_paragraph_joined() -> None:
    text = "Kết hợp nhiệm vụ công tác biên\n\fphòng, phục vụ đổi mới.\n\fHết trang.\n"
    layer = layer_of(text, (0, 32, 57))
    assert layer.text.text == ("Kết hợp nhiệm vụ công tác biên phòng, phục vụ đổi mới.\n\n"
                               "Hết trang.\n")
    assert "\f" not in layer.text.text
    # origins still point into the source: page of each part of the text
    t = layer.text
    assert t.page_of(t.text.index("phòng,")) == 2 and t.page_of(t.text.index("Hết")) == 3


def test_pdf_style_bodies_at_page_end() -> None:
    # a reader renders native footnotes at the page bottom, then a form feed
    text = ("Đã tổ chức 480 buổi¹ tuyên truyền cho\n¹ Trong đó 120 buổi ở xã.\n\f"
            "nhân dân các dân tộc.")
    layer = layer_of(text, (0, len(text) - 21))
    assert layer.text.text == "Đã tổ chức 480 buổi¹ tuyên truyền cho nhân dân các dân tộc."
    (fn,) = layer.footnotes
    assert fn.id == "1" and fn.text == "Trong đó 120 buổi ở xã." and fn.page == 1


def test_marker_without_body_and_body_without_marker_are_kept_and_reported() -> None:
    text = "Văn bản¹ đã ban hành.\n\n² Ghi chú không có dấu trong bài."
    layer = layer_of(text)
    got = [(f.id, f.marker_start is not None, f.text) for f in layer.footnotes]
    assert got == [("1", True, ""), ("2", False, "Ghi chú không có dấu trong bài.")]
    assert len(layer.warnings) == 2
    assert "has no body" in layer.warnings[0] and "has no marker" in layer.warnings[1]


def test_repeated_numbers_get_distinct_ids() -> None:
    text = "Trang một¹.\n\n¹ Chú thích một.\n\nTrang hai¹.\n\n¹ Chú thích hai."
    layer = layer_of(text)
    assert [(f.id, f.text) for f in layer.footnotes] == [("1", "Chú thích một."),
                                                         ("1#2", "Chú thích hai.")]


def test_origins_survive_normalization() -> None:
    raw = "Báo cáo **quan trọng**¹ của huyện.\r\n\r\n¹ Ghi chú."
    tm = normalize(raw)
    layer = detach_footnotes(tm, RULES)
    (fn,) = layer.footnotes
    assert fn.marker_start is not None
    assert raw[layer.text.source_offset(fn.marker_start)] == "¹"
    assert fn.source_start is not None and raw[fn.source_start:].startswith("Ghi chú")


def test_parse_text_end_to_end_links_section() -> None:
    doc = bpextract.parse_text("KẾ HOẠCH\n\nI. MỤC ĐÍCH\n\nĐã tổ chức 480 buổi².\n\n"
                               "² Trong đó 120 buổi.\n\nII. NỘI DUNG\n\nNội dung.")
    (fn,) = doc.footnotes
    sec = doc.section_by_id(fn.section)
    assert sec is not None and sec.label == "I."
    assert "Trong đó 120 buổi" not in doc.text


def test_long_runs_finish_quickly() -> None:
    text = ("1" * 20000 + " " * 20000 + "." * 20000 + "\n" * 5000 + "¹" * 3000
            + "(" * 5000 + "[^" * 3000 + "\f" * 2000)
    layer = detach_footnotes(TextMap.identity(text), RULES)
    # the run of superscripts at a line start is one body (`¹¹¹`, its first three digits as
    # the number) with no marker; everything else stays main text
    assert [(f.id, f.marker_start) for f in layer.footnotes] == [("111", None)]
    assert len(layer.text.text) == 60001


def test_two_bracket_bodies_on_one_line_017() -> None:
    """Corpus 017 (thuvienphapluat page as text): both notes after the end of the text on ONE
    line, `[1] tại Chương trình ... công lập/ [2] Tại Kế hoạch số 739/KH-UBND ...`: two
    footnotes, each linked to its marker, the `/` between them in neither (it was one footnote
    holding both bodies, and marker [2] had none)."""
    root = Path(__file__).resolve().parent.parent
    text = (root / "corpus" / "017_tvpl_qd-435-qd-ubnd-kontum-2020.txt").read_text(
        encoding="utf-8")
    from bpextract import api
    doc = api.parse_text(text)
    got = [(f.id, f.text[:28], f.text[-22:]) for f in doc.footnotes]
    assert got == [
        ("1", "tại Chương trình số 51-CTr/T", " vị sự nghiệp công lập"),
        ("2", "Tại Kế hoạch số 739/KH-UBND ", " Đảng bộ tỉnh khóa XV."),
    ]
    assert "[2] Tại" not in doc.text
