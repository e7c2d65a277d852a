"""PDF reader on real files: header, pages, footnotes from geometry, running headers, errors.

Every test runs with both character engines (pdfium, the default, and pdfplumber): the layout
after the characters is shared, so both must give the same answers.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import FIXTURES, shared_path

import bpextract
from bpextract.errors import InputError
from bpextract.model import Document
from bpextract.readers import Source
from bpextract.readers import pdf as reader
from bpextract.readers.pdf import ENGINES, read_pdf

BHXH = "congbao_vbhn-19-2020-vpqh_luat-bhxh.pdf"  # Công báo, footnotes across pages
PHUTHO = "phutho_qd-quy-che-phoi-hop-nnn_signed.pdf"  # number stamped by the signing tool
SCAN = "scan_phutho_cv-275-stttt-cntt_2011.pdf"


@pytest.fixture(autouse=True, params=ENGINES)
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The engine under test, also made the default so `bpextract.parse` uses it."""
    name: str = request.param
    monkeypatch.setattr(reader, "DEFAULT_ENGINE", name)
    return name


def src(name: str) -> Source:
    return _src(FIXTURES / name, reader.DEFAULT_ENGINE)


def doc(name: str) -> Document:
    return _doc(FIXTURES / name, reader.DEFAULT_ENGINE)


def shared_src(name: str) -> Source:
    return _src(shared_path("data", "pdf", name), reader.DEFAULT_ENGINE)


@cache
def _src(p: Path, engine: str) -> Source:
    return read_pdf(p.read_bytes(), str(p), engine)  # type: ignore[arg-type]


@cache
def _doc(p: Path, engine: str) -> Document:
    assert engine == reader.DEFAULT_ENGINE
    return bpextract.parse(p)


def page_of(s: Source, needle: str) -> int:
    i = s.text.index(needle)
    return bisect_right(s.page_starts, i)


@pytest.mark.parametrize(("name", "number", "date", "doc_type"), [
    ("congbao_nq-113-nq-cp.pdf", "113/NQ-CP", "2026-04-25", "Nghị quyết"),
    ("congbao_qd-798-qd-ttg.pdf", "798/QĐ-TTg", "2026-05-05", "Quyết định"),
    ("congbao_tt-01-2025-tt-bldtbxh.pdf", "01/2025/TT-BLĐTBXH", "2025-01-10", "Thông tư"),
    ("tvpl-style_nd-100-2001-nd-cp.pdf", "100/2001/NĐ-CP", "2001-12-26", "Nghị định"),
])
def test_header_of_gazette_pdfs(name: str, number: str, date: str, doc_type: str) -> None:
    h = doc(name).header
    assert (h.number, h.issue_date, h.doc_type) == (number, date, doc_type)


def test_header_of_large_gazette_pdf() -> None:
    h = bpextract.parse(shared_path("data", "pdf", "congbao_nd-158-2025-nd-cp.pdf")).header
    assert (h.number, h.issue_date, h.doc_type) == ("158/2025/NĐ-CP", "2025-06-25", "Nghị định")


def test_split_number_is_rejoined_from_the_signature_stamp() -> None:
    s = src(PHUTHO)
    # the `63` is drawn by the signature widget over the blank of `Số:      /2025/QĐ-CTUBND`
    assert "Số: 63/2025/QĐ-CTUBND   Phú Thọ, ngày 17 tháng 10 năm 2025" in s.text.split("\n")
    h = doc(PHUTHO).header
    assert h.number_raw == "63/2025/QĐ-CTUBND"
    assert h.issue_date == "2025-10-17"
    assert h.doc_type == "Quyết định"
    assert h.signer.name == "Trần Duy Đông"


def test_two_column_header_reads_row_by_row() -> None:
    # issuer | motto and number | place-date on shared baselines: a grid, read across as the
    # page (and the transcripts of issue 12) read it, the cells three spaces apart
    lines = src(PHUTHO).text.split("\n")
    assert lines[:3] == [
        "CHỦ TỊCH ỦY BAN NHÂN DÂN   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "TỈNH PHÚ THỌ   Độc lập - Tự do - Hạnh phúc",
        "Số: 63/2025/QĐ-CTUBND   Phú Thọ, ngày 17 tháng 10 năm 2025"]
    # the same header repeated over the annexed Quy chế
    i = lines.index("CHỦ TỊCH ỦY BAN NHÂN DÂN   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 3)
    assert lines[i + 1] == "TỈNH PHÚ THỌ   Độc lập - Tự do - Hạnh phúc"


def test_header_cells_and_spans_from_the_rows() -> None:
    d = doc(PHUTHO)
    h, text = d.header, d.text
    assert (h.issuer, h.place, h.issue_date) == (
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ", "Phú Thọ", "2025-10-17")
    a, b = h.spans["number"]
    assert text[a:b] == "63/2025/QĐ-CTUBND"
    a, b = h.spans["issue_date"]
    assert text[a:b] == "ngày 17 tháng 10 năm 2025"


def _seg_line(top: float, *segs: tuple[float, float, str]) -> Any:
    return reader._Line(chars=[], top=top, bottom=top + 10, size=10, x0=segs[0][0],
                        x1=segs[-1][1], text=" ".join(t for _, _, t in segs), segments=list(segs))


def test_column_block_rows_when_every_line_pairs_columns_otherwise() -> None:
    geo = reader._Geometry(size=10, left=50, right=550)
    grid = [_seg_line(100, (60, 200, "BỘ TÀI CHÍNH"), (300, 540, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA")),
            _seg_line(114, (60, 200, "Số: 1/TT-BTC"), (300, 540, "Hà Nội, ngày 2 tháng 1")),
            _seg_line(160, (200, 400, "THÔNG TƯ"))]
    assert reader._column_block(grid, 0, geo) == (2, [
        "BỘ TÀI CHÍNH   CỘNG HÒA XÃ HỘI CHỦ NGHĨA", "Số: 1/TT-BTC   Hà Nội, ngày 2 tháng 1"])
    # as many lines left as right, but baselines apart: two flows, left column first
    sign = [_seg_line(100, (60, 160, "Nơi nhận:"), (330, 470, "BỘ TRƯỞNG")),
            _seg_line(114, (60, 160, "- Như trên;")),
            _seg_line(140, (340, 460, "Nguyễn Văn A"))]
    assert reader._column_block(sign, 0, geo) == (3, [
        "Nơi nhận:", "- Như trên;", "BỘ TRƯỞNG", "Nguyễn Văn A"])


def test_signature_block_left_then_right_column() -> None:
    text = src(PHUTHO).text
    block = text[text.index("Nơi nhận:"):]
    block = block[:block.index("\n\n")]
    lines = block.split("\n")
    assert lines[1] == "- Văn phòng Chính phủ;"
    assert lines[-3:] == ["- Lưu: VT, NC5.", "CHỦ TỊCH", "Trần Duy Đông"]


def test_page_map_and_form_feeds() -> None:
    s = src(BHXH)
    assert s.pages == 36
    assert len(s.page_starts) == 36
    assert s.text.count("\f") == 35
    for start in s.page_starts[1:]:
        assert s.text[start - 3:start] == "\f\n\n"
    assert page_of(s, "Điều 1. Phạm vi điều chỉnh") == 2
    assert page_of(s, "b) Người làm việc theo hợp đồng lao động có thời hạn từ đủ 01 tháng") == 3


def test_page_numbers_on_records() -> None:
    d = doc(BHXH)
    assert d.pages == 36
    art1 = next(s for s in d.sections if s.label.startswith("Điều 1"))
    assert art1.page == 2
    assert all(r.page is not None and 1 <= r.page <= 36 for r in d.references)


def test_no_running_header_or_page_number_in_text() -> None:
    for name in (BHXH, "congbao_qd-798-qd-ttg.pdf", "congbao_tt-01-2025-tt-bldtbxh.pdf"):
        text = src(name).text
        assert "CÔNG BÁO/Số" not in text
        assert "CÔNG BÁO" not in text
    # page numbers printed alone at the top or bottom of the page are gone too
    paras = src(PHUTHO).text.split("\n\n")
    assert not any(p.strip().isdigit() for p in paras)


def test_paragraph_lines_are_joined() -> None:
    text = src(BHXH).text
    assert ("Luật này quy định chế độ, chính sách bảo hiểm xã hội; quyền và trách nhiệm của "
            "người lao động, người sử dụng lao động;") in text
    assert "\n\nĐiều 2. Đối tượng áp dụng\n\n1. Người lao động là công dân Việt Nam" in text
    # a wrapped line that starts like a heading continues its paragraph
    assert ("các thành viên quy định tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."
            in src("congbao_qd-798-qd-ttg.pdf").text)
    assert ("khoản 4 Điều 11 Nghị định số 115/2015/NĐ-CP và khoản 4 Điều 5 Nghị định số "
            "134/2015/NĐ-CP." in src("congbao_tt-01-2025-tt-bldtbxh.pdf").text)


def test_footnotes_from_geometry_across_pages() -> None:
    s = src(BHXH)
    notes = s.native_footnotes
    assert [n.id for n in notes] == ["1", "2", "3", "4", "5"]
    assert [n.page for n in notes] == [1, 7, 22, 25, 26]
    first = notes[0]
    assert first.text.startswith("Luật An toàn, vệ sinh lao động số 84/2015/QH13 có căn cứ")
    # the body runs on to page 2 under a full-width rule: joined into one footnote
    assert "số 05/2007/QH12, Luật An toàn thông tin mạng số 86/2015/QH13" in first.text
    assert first.text.endswith("Quốc hội ban hành Bộ luật Lao động.”")
    assert notes[1].text.startswith("Từ “quy hoạch,” được bãi bỏ")
    # the marker is a superscript glued to its word, the body a paragraph at its page end
    assert first.marker_offset is not None
    assert s.text[first.marker_offset - 20:first.marker_offset + 2] == "Luật Bảo hiểm xã hội¹."
    assert "\n\n¹ Luật An toàn, vệ sinh lao động số 84/2015/QH13" in s.text
    assert page_of(s, "¹ Luật An toàn, vệ sinh lao động") == 1
    # footnote text never leaks into the page it continues on
    page2 = s.text[s.page_starts[1]:s.page_starts[2]]
    assert "Luật An toàn thông tin mạng" not in page2


def test_pdf_footnote_reaches_the_document_like_a_text_footnote() -> None:
    d = doc(BHXH)
    assert [f.id for f in d.footnotes] == ["1", "2", "3", "4", "5"]
    assert d.footnotes[0].text.startswith("Luật An toàn, vệ sinh lao động số 84/2015/QH13")
    assert d.footnotes[0].page == 1
    assert "¹ Luật An toàn" not in d.text  # the body was detached by the footnote layer
    fn_refs = [r for r in d.references if r.footnote == "1"]
    assert any(r.number == "84/2015/QH13" for r in fn_refs)


def test_footnotes_in_court_precedent_and_consolidated_law() -> None:
    s = shared_src("vbpl_anle-51-2021-AL.pdf")
    assert len(s.native_footnotes) == 1
    assert s.text.startswith("ÁN LỆ SỐ 51/2021/AL¹")
    s = shared_src("vbpl_vbhn-23-2020-vpqh_congbao-1093-1094.pdf")
    # 18 footnotes; the last sits above a `(Xem tiếp Công báo số ...)` trailer line
    assert [n.id for n in s.native_footnotes] == [str(i) for i in range(1, 19)]
    assert all(n.marker_offset is not None for n in s.native_footnotes)
    assert s.native_footnotes[-1].text.startswith("Từ “Thường trực” được bổ sung")
    assert "pháp lệnh.\n\n(Xem tiếp Công báo số 1095 + 1096)\n\n¹⁸ Từ" in s.text


def test_constitution_outline_and_centred_titles() -> None:
    s = shared_src("vbpl_vanbangoc_hien-phap-2013_congbao.pdf")
    assert s.pages == 28
    # a chapter title centred over two lines is one paragraph; its label stays on its own
    assert ("\n\nChương III\n\nKINH TẾ, XÃ HỘI, VĂN HÓA, GIÁO DỤC, KHOA HỌC, CÔNG NGHỆ VÀ "
            "MÔI TRƯỜNG\n\nĐiều 50\n\n") in s.text
    assert s.text.count("\n\nĐiều ") == 120  # Điều 1 .. Điều 120, each starting a paragraph
    assert page_of(s, "KINH TẾ, XÃ HỘI, VĂN HÓA") == 9


def test_tables_are_rows_of_cells() -> None:
    s = shared_src("congbao_nd-158-2025-nd-cp.pdf")
    assert ("STT | Số thứ tự mẫu | Tên mẫu\n1 | Mẫu số 01 | Đơn đề nghị xác nhận\n"
            "2 | Mẫu số 02 | Giấy xác nhận\n"
            "3 | Mẫu số 03 | Đơn đề nghị giải quyết chế độ tử tuất") in s.text
    # the outline around the table is intact
    assert "\n\nPhụ lục II\n\nDANH MỤC BIỂU MẪU\n\n" in s.text
    assert page_of(s, "STT | Số thứ tự mẫu | Tên mẫu") == 57


def test_table_heavy_gazette() -> None:
    s = shared_src("congbao_tt-04-2023-tt-bkhdt_tables.pdf")
    rows = s.text.split("\n")
    assert "4 | Nông nghiệp và phát triển nông thôn | NongNghiepPhatTrienNongThon" in rows
    assert "10 | Y tế | YTe" in rows
    assert sum(1 for r in rows if r.count(" | ") >= 2) > 100
    # pages 27-32 are scanned diagrams: said in a warning, not passed over silently
    assert s.warnings == ("page(s) 27, 28, 29, 30, 31, 32: an image without a text layer; "
                          "what it shows is not read (OCR the file if it holds text)",)
    # each table is its own block: the row before the first row is a blank line
    i = s.text.index("1 | Kinh tế - xã hội và đầu tư | KinhTeXaHoiDauTu")
    assert s.text[s.text.rindex("\n\n", 0, i):i].count("\n") >= 2


# ---- our own PDF, written here: Courier 12 pt body, 9 pt notes, 7 pt raised marks


def _just(text: str, n: int) -> str:
    """Widen the spaces of `text` to exactly n chars (Courier: justified to the margin)."""
    words = text.split()
    gaps = len(words) - 1
    spaces = n - sum(len(w) for w in words)
    out = words[0]
    for i, w in enumerate(words[1:]):
        out += " " * (spaces // gaps + (1 if i < spaces % gaps else 0)) + w
    assert len(out) == n
    return out


def _line(x: int, y: int, text: str, size: int = 12) -> str:
    return f"BT /F1 {size} Tf {x} {y} Td ({text}) Tj ET\n"


def _page(n: int, body: str, notes: str) -> str:
    head = _line(200, 800, f"OFFICIAL GAZETTE/No 12/Day 01-4-2020 {n + 60}")
    return head + _line(290, 30, str(n)) + body + notes


def _own_pdf() -> bytes:
    p1 = _page(1, (
        _line(108, 700, _just("The first paragraph starts here with an indent of", 55))
        + _line(72, 684, _just("half an inch and it runs on to the next line of the page", 60))
        + _line(72, 668, "so that it ends short.")
        + "BT /F1 12 Tf 72 652 Td (The second paragraph cites a source) Tj "
          "/F1 7 Tf 5 Ts (1) Tj /F1 12 Tf 0 Ts (.) Tj ET\n"
        + _line(72, 636, _just("1. First item of a list that is long enough to reach", 60))
        + _line(72, 620, "the right margin.")
        + _line(72, 604, "2. Second item.")), (
        "72 160 m 200 160 l S\n"
        "BT /F1 7 Tf 72 146 Td 3 Ts (1) Tj /F1 9 Tf 0 Ts "
        "( The note body starts on the first page and it) Tj ET\n"
        + _line(72, 135, "continues on the next one", 9)))
    p2 = _page(2, (
        _line(72, 700, _just("text that goes on from the first page of the document", 60))
        + _line(72, 684, "and ends here.")), (
        "72 160 m 520 160 l S\n" + _line(72, 146, "after a page break, where it ends.", 9)))
    objs = {1: "<< /Type /Catalog /Pages 2 0 R >>",
            2: "<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>",
            7: "<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>"}
    for pg, content in ((3, p1), (5, p2)):
        objs[pg] = ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                    f"/Resources << /Font << /F1 7 0 R >> >> /Contents {pg + 1} 0 R >>")
        objs[pg + 1] = f"<< /Length {len(content)} >>\nstream\n{content}\nendstream"
    out = bytearray(b"%PDF-1.4\n")
    offs = {}
    for k in sorted(objs):
        offs[k] = len(out)
        out += f"{k} 0 obj\n{objs[k]}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += b"xref\n0 8\n0000000000 65535 f \n"
    out += "".join(f"{offs[k]:010d} 00000 n \n" for k in sorted(objs)).encode()
    out += f"trailer\n<< /Size 8 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_own_pdf_paragraphs_marks_and_notes() -> None:
    s = read_pdf(_own_pdf(), "own.pdf")
    assert s.pages == 2
    paras = s.text.split("\n\n")
    assert paras == [
        "The first paragraph starts here with an indent of half an inch and it runs on to the "
        "next line of the page so that it ends short.",
        "The second paragraph cites a source¹.",
        "1. First item of a list that is long enough to reach the right margin.",
        "2. Second item.",
        "¹ The note body starts on the first page and it continues on the next one after a "
        "page break, where it ends.",
        "\f",
        "text that goes on from the first page of the document and ends here.",
    ]
    assert s.page_starts == (0, s.text.index("text that goes on"))
    (note,) = s.native_footnotes
    assert (note.id, note.page) == ("1", 1)
    assert note.marker_offset == s.text.index("¹.")
    assert "GAZETTE" not in s.text  # running header, repeated on both pages


def test_a_damaged_page_is_named_and_the_rest_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    real = reader._extract

    def broken(doc: Any, index: int) -> Any:
        if index == 1:
            raise ValueError("bad content stream")
        return real(doc, index)

    monkeypatch.setattr(reader, "_extract", broken)
    s = read_pdf(_own_pdf(), "own.pdf")
    assert s.pages == 2
    assert "The second paragraph cites a source¹." in s.text
    assert "text that goes on" not in s.text
    assert s.warnings == ("page(s) 2 could not be read (ValueError): the PDF is damaged there "
                          "and their text is missing; repair or re-export the file",)
    monkeypatch.setattr(reader, "_extract", lambda doc, index: 1 / 0)
    with pytest.raises(InputError, match="corrupt"):
        read_pdf(_own_pdf(), "own.pdf")


def test_scanned_pdf_is_an_error_that_asks_for_ocr() -> None:
    p = FIXTURES / SCAN
    with pytest.raises(InputError, match="scanned image PDF") as err:
        read_pdf(p.read_bytes(), str(p))
    assert "ocrmypdf" in str(err.value)
    with pytest.raises(InputError, match="OCR"):
        bpextract.parse(p)


def test_truncated_and_corrupt_and_not_pdf(tmp_path: Path) -> None:
    data = (FIXTURES / "congbao_nq-113-nq-cp.pdf").read_bytes()
    with pytest.raises(InputError, match="truncated"):
        read_pdf(data[: len(data) // 3], "cut.pdf")
    with pytest.raises(InputError, match="not a PDF"):
        read_pdf(b"<html>not found</html>", "page.pdf")
    with pytest.raises(InputError, match=r"corrupt|truncated"):
        read_pdf(b"%PDF-1.4\n" + b"\x00garbage" * 50 + b"\n%%EOF\n", "junk.pdf")


def test_encrypted_pdf_asks_for_a_decrypted_copy() -> None:
    pdf = _encrypted_pdf()
    with pytest.raises(InputError, match="encrypted"):
        read_pdf(pdf, "locked.pdf")


def _encrypted_pdf() -> bytes:
    """A minimal PDF with a standard security handler (RC4, unknown user password)."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32
        + b"> /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += f"{i} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offs:
        out += f"{off:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R /Encrypt 4 0 R "
            f"/ID [<{'ab' * 16}> <{'ab' * 16}>] >>\nstartxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def test_folder_run_every_file_is_a_document_or_an_error() -> None:
    folders = [shared_path("data", "pdf"), shared_path("data", "docx")]
    files = sorted(p.name for f in folders for p in f.iterdir())
    run = bpextract.parse_folder(*folders)
    notes: dict[str, int] = {}
    with pytest.warns(UserWarning, match="OCR"):
        for d in run:
            notes[Path(d.source).name] = len(d.footnotes)
            assert "CÔNG BÁO/Số" not in d.text
            assert d.pages is not None and d.pages >= 1
    docs = list(notes)
    errors = {Path(e.source).name: e for e in run.errors}
    assert sorted(docs + list(errors)) == files
    assert {k: v for k, v in notes.items() if v} == {
        "congbao_vbhn-19-2020-vpqh_luat-bhxh.pdf": 5,
        "congbao_vbhn-5-vbhn-btc_343p.pdf": 60,  # two series: 1-15, then 1-45 in the appendices
        "vbpl_vbhn-23-2020-vpqh_congbao-1093-1094.pdf": 18,
        "vbpl_anle-51-2021-AL.pdf": 1,
        "vbpl_anle-57-2023.pdf": 1,
        "nd-30-2020-nd-cp_phuluc1.docx": 1,
        "nd-30-2020-nd-cp_phuluc5.docx": 5,
        "nd-30-2020-nd-cp_phuluc6.docx": 4,
    }
    assert len(files) == 23
    assert sorted(errors) == [
        "scan_phutho_cv-275-stttt-cntt_2011.pdf", "scan_phutho_cv-4532-ubnd-ksttthc_2011.pdf"]
    for e in errors.values():
        assert e.error == "InputError"
        assert "scanned image PDF" in e.message and "OCR" in e.message


def test_folder_run_goes_on_after_bad_files(tmp_path: Path) -> None:
    for name in ("congbao_nq-113-nq-cp.pdf", SCAN, "nd-30-2020-nd-cp_phuluc6.docx"):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<<")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    run = bpextract.parse_folder(tmp_path)
    with pytest.warns(UserWarning):
        docs = sorted(Path(d.source).name for d in run)
    assert docs == ["congbao_nq-113-nq-cp.pdf", "nd-30-2020-nd-cp_phuluc6.docx"]
    msgs = {Path(e.source).name: e.message for e in run.errors}
    assert sorted(msgs) == ["broken.docx", "broken.pdf", SCAN]
    assert "truncated" in msgs["broken.pdf"]
    assert "truncated or corrupt" in msgs["broken.docx"]
    assert "OCR" in msgs[SCAN]


def test_cli_extract_writes_documents_and_error_rows(tmp_path: Path) -> None:
    import pandas as pd
    from click.testing import CliRunner

    from bpextract.cli import main

    src_dir = tmp_path / "in"
    src_dir.mkdir()
    for name in ("congbao_nq-113-nq-cp.pdf", SCAN, "nd-30-2020-nd-cp_phuluc6.docx"):
        (src_dir / name).write_bytes((FIXTURES / name).read_bytes())
    (src_dir / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<<")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["extract", str(src_dir), "-o", str(out)])
    assert res.exit_code == 1  # some files failed; the run went on
    docs = pd.read_csv(out / "documents.csv")
    assert sorted(Path(x).name for x in docs["source"]) == [
        "congbao_nq-113-nq-cp.pdf", "nd-30-2020-nd-cp_phuluc6.docx"]
    assert sorted(docs["pages"]) == [2, 2]
    errs = pd.read_csv(out / "errors.csv")
    msgs = {Path(s).name: m for s, m in zip(errs["source"], errs["message"], strict=True)}
    assert sorted(msgs) == ["broken.pdf", SCAN]
    assert "OCR" in msgs[SCAN]
    assert "truncated" in msgs["broken.pdf"]


def test_exponents_whose_tops_sort_first_stay_in_their_line() -> None:
    """Four raised `2`s of `m²` on one line of an anle page start higher than the line's own
    glyphs, so sorted by top they formed a line `2 2 2 2` of their own and left `205,2m .`
    behind. A run of small digits set above a bigger char's baseline joins that char's line,
    where they are superscripts: `m²`. Footnote markers elsewhere keep their place."""
    text = shared_src("vbpl_anle-51-2021-AL.pdf").text
    assert "2,5m²/xe = 1.140m² và 01 xe đạp/01 hộ = 228 xe x 0,9m² = 205,2m². Tổng" in text
    assert "2 2 2 2" not in text and "205,2m ." not in text
    notes = shared_src("vbpl_vbhn-23-2020-vpqh_congbao-1093-1094.pdf")
    assert "phải có tên⁶. Không" in notes.text
