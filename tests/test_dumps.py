"""Text dumps of paged files: page chrome cut out (chrome.py) and page-foot footnotes with
glued number markers found (footnotes.dump_footnotes), on real dumps."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from tests.conftest import bench_text

from bpextract import api
from bpextract.chrome import _lines, compiled, find_chrome
from bpextract.rules import get_rules

RULES = get_rules()
FIX = Path(__file__).parent / "fixtures" / "dumps"
# the DEV half of the held-out dumps (benchmarks/data/dumps_heldout, SOURCES.md); the FINAL
# half is never used by a test
HELDOUT = Path(__file__).parent.parent / "benchmarks" / "data" / "dumps_heldout" / "dumps"


def heldout_dump(name: str) -> str:
    import gzip
    with gzip.open(HELDOUT / f"{name}.txt.gz", "rt", encoding="utf-8") as f:
        return f.read()


# ---------------------------------------------------------------- rules match their examples

@pytest.mark.parametrize("entry", RULES["chrome"].entries("lines"), ids=lambda e: e["name"])
def test_chrome_rule_examples(entry) -> None:  # type: ignore[no-untyped-def]
    pattern = regex.compile(entry["pattern"])
    assert entry.get("examples"), entry.where
    for ex in entry["examples"]:
        assert pattern.fullmatch(ex.strip()), f"{entry.where}: misses {ex!r}"
    for ex in entry.get("counterexamples", []):
        assert not pattern.fullmatch(ex.strip()), f"{entry.where}: matches {ex!r}"


@pytest.mark.parametrize("key", ["marker", "body", "separator", "bare_body_text",
                                 "continuation", "glued_to_number", "glued_body"])
def test_dump_rule_examples(key: str) -> None:
    rf = RULES["footnotes"]
    pattern = regex.compile(rf.setting("dumps", key), regex.M)
    examples = rf.setting("dumps", f"{key}_examples")
    assert examples
    for ex in examples:
        m = pattern.search(ex) if key in ("marker", "glued_to_number") else (
            pattern.match(ex) if key in ("body", "continuation", "glued_body")
            else pattern.fullmatch(ex))
        assert m, f"dumps.{key} misses {ex!r}"
    for ex in rf.setting("dumps", f"{key}_counterexamples"):
        m = pattern.search(ex) if key in ("marker", "glued_to_number") else (
            pattern.match(ex) if key in ("body", "continuation", "glued_body")
            else pattern.fullmatch(ex))
        assert not m, f"dumps.{key} matches {ex!r}"


@pytest.mark.parametrize("key", ["sentence_end", "body_not_after"])
def test_dump_line_end_examples(key: str) -> None:
    rf = RULES["footnotes"]
    pattern = regex.compile(rf.setting("dumps", key))
    assert rf.setting("dumps", f"{key}_examples")
    for ex in rf.setting("dumps", f"{key}_examples"):
        assert pattern.search(ex), ex
    for ex in rf.setting("dumps", f"{key}_counterexamples"):
        assert not pattern.search(ex), ex


# ---------------------------------------------------------------- chrome

def test_chrome_lines_of_a_congbao_page_turn() -> None:
    text = ("từ ngày 01 tháng 01 năm 2021.\n\f"
            "66                 CÔNG BÁO/Số 1093 + 1094/Ngày 21-11-2020\n\n"
            "     4. Lệnh, quyết định của Chủ tịch nước.\n"
            "Tổng số 45\n"
            "Ký bởi: Cổng Thông tin điện tử Chính phủ\nEmail: thongtinchinhphu@chinhphu.vn\n"
            "Cơ quan: Văn phòng Chính phủ\n")
    lines = _lines(text)
    find_chrome(lines, compiled(RULES))
    kinds = [(ln.text[:20], ln.kind) for ln in lines if ln.text]
    assert kinds == [("từ ngày 01 tháng 01 ", None),
                     ("66                 C", "header"),
                     ("4. Lệnh, quyết định ", None),
                     ("Tổng số 45", None),
                     ("Ký bởi: Cổng Thông t", "signature"),
                     ("Email: thongtinchinh", "signature"),
                     ("Cơ quan: Văn phòng C", "signature")]


def test_a_lone_email_line_is_text_and_a_lone_number_mid_page_is_not_a_page_number() -> None:
    text = "Đầu mối liên hệ:\nEmail: sotuphap@phutho.gov.vn\n\nSố hộ nghèo\n45\nnăm 2025\n"
    lines = _lines(text)
    find_chrome(lines, compiled(RULES))
    assert [ln.kind for ln in lines if ln.text] == [None] * 5


def test_pdftotext_dump_loses_its_chrome_and_keeps_its_pages() -> None:
    raw = (FIX / "vbhn-23-2020-vpqh.pdftotext-layout.txt").read_text(encoding="utf-8")
    doc = api.parse_text(raw)
    assert doc.pages == 32  # 33 PDF pages; pdftotext ends the last with a form feed
    assert "CÔNG BÁO/Số" not in doc.text and "Thời gian ký" not in doc.text
    # the Công báo date (21-11-2020) and the signing time (20.11.2020) were chrome only
    assert not [d for d in doc.dates if d.value in ("2020-11-21", "2020-11-20")]
    # no page number (64..96) became a count: the main-text indicators are all durations
    assert sorted({i.text for i in doc.indicators if i.footnote is None}) == [
        "03 ngày", "10 ngày", "15 ngày", "20 ngày", "30 ngày"]
    art10 = next(s for s in doc.sections if s.label == "Điều 10.")
    assert art10.page == 7
    # offsets still point into the raw dump
    tm = doc.textmap
    assert tm is not None
    i = doc.text.index("Điều 5. Nguyên tắc")
    assert raw[tm.source_offset(i):tm.source_offset(i) + 18] == "Điều 5. Nguyên tắc"


# ---------------------------------------------------------------- footnotes

def test_pdftotext_dump_footnotes_match_the_pdf() -> None:
    raw = (FIX / "vbhn-23-2020-vpqh.pdftotext-layout.txt").read_text(encoding="utf-8")
    doc = api.parse_text(raw)
    assert [f.id for f in doc.footnotes] == [str(n) for n in range(1, 19)]
    tm = doc.textmap
    assert tm is not None
    got = {}
    for f in doc.footnotes:
        assert f.marker_start is not None
        src = tm.source_offset(f.marker_start)
        got[f.id] = (raw[src - 6:src + 1], f.page, f.text[:40])
    # glued to a word (`luật1.`), after a list number (`3.2 Pháp lệnh`, `8a.4`)
    assert got["1"] == ("p luật1", 1, "Luật số 63/2020/QH14 sửa đổi, bổ sung mộ")
    assert got["2"] == ("    3.2", 2, "Khoản này được sửa đổi, bổ sung theo quy")
    assert got["4"] == ("   8a.4", 3, "Khoản này được bổ sung theo quy định tại")
    # the body whose number stands alone over a line starting `Điều này ...`
    assert got["5"][2] == "Điều này được sửa đổi, bổ sung theo quy "
    assert got["16"][1] == 30
    # bodies are out of the main text; the sentence cut by them and the page turn is whole
    assert "Khoản này được sửa đổi, bổ sung theo quy định tại điểm a" not in doc.text
    assert "3.² Pháp lệnh, nghị quyết của Ủy ban thường vụ Quốc hội" in doc.text
    # a body's own figures belong to the footnote, not to the main text
    assert all(i.footnote is not None for i in doc.indicators if i.text.startswith("01 tháng"))


def test_bodies_listed_after_the_end_of_a_word_dump() -> None:
    raw = (FIX / "nd-30-2020-phuluc6.docx-text.txt").read_text(encoding="utf-8")
    doc = api.parse_text(raw)
    assert [(f.id, f.text[:30]) for f in doc.footnotes] == [
        ("1", "Dữ liệu đặc tả của văn bản, hồ"),
        ("2", "Mã định danh của cơ quan, tổ c"),
        ("3", "Mã định danh của cơ quan, tổ c"),
        ("4", "Mã định danh của cơ quan, tổ c")]
    f1 = doc.footnotes[0]
    assert f1.marker_start is not None
    assert doc.text[f1.marker_start - 14:f1.marker_start + 1] == "dữ liệu đặc tả¹"
    assert not doc.text.rstrip().endswith("mặc định trong")


def test_congbao_text_with_footnotes_inline() -> None:
    raw = bench_text("congbao-txt:bhxh/van-ban-hop-nhat-so-16-vbhn-btc-30897")
    doc = api.parse_text(raw)
    assert doc.pages == 17
    assert [f.id for f in doc.footnotes] == [str(n) for n in range(1, 20)]
    by_id = {f.id: f for f in doc.footnotes}
    # `QUYẾT ĐỊNH1` (title), `nghiệp.2` (after the full stop), `d)3 Cơ quan` (after a label)
    for fid, before in (("1", "QUYẾT ĐỊNH"), ("2", "thất nghiệp."), ("3", "d)")):
        m = by_id[fid].marker_start
        assert m is not None
        assert doc.text[m - len(before):m] == before
    assert by_id["1"].text.startswith("Văn bản này được hợp nhất từ 02 Quyết định sau:")
    assert by_id["3"].page == 3
    # the Công báo date and the signing time are chrome: no date from them
    assert not [d for d in doc.dates if d.value in ("2020-03-22", "2020-03-25")]
    # page numbers 41..57 are no indicators
    assert not [i for i in doc.indicators if regex.fullmatch(r"4\d|5[0-7]", i.text)]


# ---------------------------------------------------------------- guards against false notes

def test_list_items_article_numbers_and_table_rows_are_no_footnotes() -> None:
    text = ("Điều 3. Giải thích từ ngữ\n"
            "Trong Luật này, các từ ngữ dưới đây được hiểu như sau:\n"
            "1. Hiến pháp.\n2. Bộ luật, luật, nghị quyết của Quốc hội.\n"
            "Kết quả thực hiện năm 2024 tại các huyện\n"
            "1    Hà Nội      1.234     5.678\n"
            "2    Phú Thọ     2.345     6.789\n"
            "15 tuổi trở lên và không thuộc đối tượng quy định tại khoản 1 Điều này.\n")
    doc = api.parse_text(text)
    assert doc.footnotes == ()
    assert "1. Hiến pháp." in doc.text


def test_a_numbered_line_without_its_marker_is_no_footnote() -> None:
    # a page foot line `3 ...` whose number no marker before it carries stays text
    text = ("Quốc hội ban hành Luật này.\n\n3 tháng đầu năm các địa phương báo cáo kết quả.\n")
    doc = api.parse_text(text)
    assert doc.footnotes == ()
    assert "3 tháng đầu năm" in doc.text


def test_corpus_transcript_with_page_numbers_has_no_footnotes() -> None:
    # 005 (viparse transcript): page numbers `1`..`4` on their own lines, `1,3 tỷ m3`
    path = Path(__file__).parent.parent / "corpus" / "005_viparse_2007-1AF57_02-2007.txt"
    doc = api.parse(path)
    assert doc.footnotes == ()
    assert "1,3 tỷ m3" in doc.text


def test_a_superscript_digit_alone_on_a_line_is_no_page_number() -> None:
    # found by test_robust: '¹'.isdigit() is true, int('¹') raises
    doc = api.parse_text("Báo cáo\n¹\nkết quả\n²\n")
    assert doc.pages is None
    assert "¹" in doc.text


def test_body_continued_after_the_page_break_congbao() -> None:
    """Công báo text of VBHN 40/VBHN-VPQH (Luật Bảo hiểm y tế): note 11 breaks off at the page
    foot (`... trong khám bệnh, chữa`); its rest stands on the next page right above that
    page's own foot (`bệnh, đăng ký khám bệnh, ... Luật Bảo hiểm y tế.` / `12 Từ ...`). The
    rest belongs to note 11, not to the main text (it was left between item 9 of the article
    and the next page's notes)."""
    raw = bench_text("congbao-txt:bhxh/van-ban-hop-nhat-so-40-vbhn-vpqh-469125")
    doc = api.parse_text(raw)
    by_id = {f.id: f for f in doc.footnotes}
    body = " ".join(by_id["11"].text.split())
    assert body.startswith("Khoản này được sửa đổi, bổ sung theo quy định tại điểm a khoản 3")
    assert body.endswith("trong khám bệnh, chữa bệnh, đăng ký khám bệnh, chữa bệnh bảo hiểm y tế "
                         "ban đầu, chuyển người bệnh giữa các cơ sở khám bệnh, chữa bệnh bảo "
                         "hiểm y tế, thủ tục khám bệnh, chữa bệnh bảo hiểm y tế có hiệu lực kể "
                         "từ ngày 01 tháng 01 năm 2025 theo quy định tại khoản 2 Điều 3 của Luật "
                         "số 51/2024/QH15 sửa đổi, bổ sung một số điều của Luật Bảo hiểm y tế.")
    assert by_id["12"].text.startswith("Từ “quy hoạch,” được bãi bỏ")
    flat = " ".join(doc.text.split())
    assert "về bảo hiểm y tế; bệnh, đăng ký khám bệnh" not in flat
    assert "9. Tổ chức nghiên cứu khoa học và hợp tác quốc tế về bảo hiểm y tế;" in flat


def test_a_wrapped_article_number_is_no_footnote_body() -> None:
    """Công báo text of TT 20/2026/TT-BTC: `... quy định tại điểm b3 khoản` / `1 Điều 9 của Luật
    Thuế thu nhập doanh nghiệp gồm:` is the clause's number wrapped to the next line, not note 1
    (the marker `b3`... is a point label); the text has no footnotes at all."""
    raw = bench_text("congbao-txt:thue_tncn/thong-tu-so-20-2026-tt-btc-469144")
    doc = api.parse_text(raw)
    assert doc.footnotes == ()
    flat = " ".join(doc.text.split())
    assert "quy định tại điểm b3 khoản 1 Điều 9 của Luật Thuế thu nhập doanh nghiệp gồm" in flat


def test_marker_set_apart_after_a_clause_label() -> None:
    """Công báo text of VBHN 5/VBHN-BTC: the notes on changed clauses are marked after the
    clause label with a space (`4. 3 (được bãi bỏ)`, `5. 4 Sở giao dịch ...`, `Điều 6. 10
    (được bãi bỏ)`), as a superscript comes out of the PDF. All 15 notes are found (3 before:
    the sequence broke at 3), two-digit markers are read whole (no note `0` from `¹⁰`), and
    the marker is glued to its label."""
    raw = bench_text("congbao-txt:thue_tncn/van-ban-hop-nhat-so-5-vbhn-btc-469151")
    doc = api.parse_text(raw)
    # 1-15 in the text; 16-45 glued to the appendix numbers (`Phụ lục số 1116` = appendix 11,
    # note 16), found since the body's number splits such a label
    assert [f.id for f in doc.footnotes] == [str(n) for n in range(1, 46)]
    by_id = {f.id: f for f in doc.footnotes}
    for fid, label in (("16", "Phụ lục số 11"), ("20", "Phụ lục số 14A"), ("45", "Phụ lục số 39")):
        m = by_id[fid].marker_start
        assert m is not None
        assert doc.text[m - len(label):m] == label
        assert by_id[fid].text.startswith(label + " được")
    assert by_id["3"].text.startswith("Khoản này được bãi bỏ theo quy định tại khoản 2 Điều 14")
    assert by_id["10"].text.startswith("Điều này được bãi bỏ theo quy định tại khoản 2 Điều 14")
    m = by_id["10"].marker_start
    assert m is not None
    assert doc.text[m - len("Điều 6."):m] == "Điều 6."
    flat = " ".join(doc.text.split())
    assert "Điều 6.¹⁰ (được bãi bỏ) Điều 7.¹¹ (được bãi bỏ)" in flat


def test_a_later_part_of_a_document_goes_on_with_its_numbering() -> None:
    """pdftotext -layout of Công báo 1095+1096/2020, the second part of VBHN 23/VBHN-VPQH
    (`Tiếp theo Công báo số 1093 + 1094`): its notes are 19-93. Before, the dump layer waited
    for note 1 and found none of them."""
    doc = api.parse_text(heldout_dump("vbpl_vbhn-23-2020-vpqh_congbao-1095-1096.pdftotext-l"))
    assert [f.id for f in doc.footnotes] == [str(n) for n in range(19, 94)]
    by_id = {f.id: f for f in doc.footnotes}
    assert by_id["19"].text.startswith("Khoản này được sửa đổi, bổ sung theo quy định tại")
    assert by_id["19"].page == 3  # as in the PDF


def test_a_consolidated_text_whose_first_marker_is_set_apart() -> None:
    """Công báo text of VBHN 4082/VBHN-BLĐTBXH: the first marker stands apart before the full
    stop (`... nhà giáo giáo dục nghề nghiệp 1.`), so note 1 was not found and with it none of
    the 15 (the numbering had to start at 1). Now the set-apart marker is read, and the notes
    from 2 would be kept even without it (they stand at the feet of seven pages)."""
    raw = bench_text("congbao-txt:cong_doan/van-ban-hop-nhat-so-4082-vbhn-bldtbxh-42696")
    doc = api.parse_text(raw)
    assert [f.id for f in doc.footnotes] == [str(n) for n in range(1, 16)]
    by_id = {f.id: f for f in doc.footnotes}
    assert by_id["1"].text.startswith("Thông tư số 28/2022/TT-BLĐTBXH có căn cứ ban hành")
    m = by_id["1"].marker_start
    assert m is not None
    assert doc.text[m - len("nghề nghiệp"):m + 1] == "nghề nghiệp¹"
    assert by_id["15"].text.startswith("Điều 3 của Thông tư số 28/2022/TT-BLĐTBXH")


def test_numbered_table_rows_on_two_pages_are_no_later_part() -> None:
    """Công báo text of TT 13/2023/TT-BLĐTBXH: rows 45-51 of an equipment table (`45 Phần
    mềm dựng phim ...`) on two pages, numbers glued to words above them: no footnotes (a
    numbering that does not start at 1 is taken only over the feet of three pages or more)."""
    raw = bench_text("congbao-txt:cong_doan/thong-tu-so-13-2023-tt-bldtbxh-41157")
    doc = api.parse_text(raw)
    assert doc.footnotes == ()
    assert "Phần mềm dựng phim" in doc.text


def test_a_body_under_its_number_may_start_with_an_article_number() -> None:
    """pdftotext -layout of Công báo VBHN 835/VBHN-BLĐTBXH (held-out DEV): note 3's number
    stands alone over `Điều 5 của Thông tư số 08/2023/TT-BLĐTBXH sửa đổi, ...` (a sentence,
    not the heading `Điều 5. ...`); it was lost before."""
    doc = api.parse_text(heldout_dump("congbao_vbhn-835-bldtbxh.pdftotext-l"))
    by_id = {f.id: f for f in doc.footnotes}
    assert by_id["3"].text.startswith("Điều 5 của Thông tư số 08/2023/TT-BLĐTBXH sửa đổi, bổ")
    assert "Điều 8. Hiệu lực thi hành³" in doc.text


def test_chrome_not_repeated_examples() -> None:
    rf = RULES["chrome"]
    pattern = regex.compile(rf.setting("settings", "not_repeated"))
    for ex in rf.setting("settings", "not_repeated_examples"):
        assert pattern.match(ex), ex
    for ex in rf.setting("settings", "not_repeated_counterexamples"):
        assert not pattern.match(ex), ex


def test_a_marker_glued_to_the_number_of_a_form() -> None:
    """pdftotext -layout of Công báo VBHN 835/VBHN-BLĐTBXH (held-out DEV): each form of the
    appendix is headed `Mẫu số 515` (form 5, note 15) ... `Mẫu số 1525`; the body `15 Mẫu này
    được ban hành ...` stands at the same page's foot. The form labels were cut as a running
    header (repeated at the top of half the pages) and the notes 15-25 lost; now the label
    stays text and the body's number splits it: `Mẫu số 5¹⁵`."""
    doc = api.parse_text(heldout_dump("congbao_vbhn-835-bldtbxh.pdftotext-l"))
    assert [f.id for f in doc.footnotes] == [str(n) for n in range(1, 26)]
    by_id = {f.id: f for f in doc.footnotes}
    for n, form in ((15, "5"), (20, "10"), (25, "15")):
        f = by_id[str(n)]
        assert f.text.startswith("Mẫu này được ban hành theo quy định tại Điều 4")
        m = f.marker_start
        assert m is not None
        assert doc.text[m - len(f"Mẫu số {form}"):m] == f"Mẫu số {form}"
