"""DOCX reader on the real Nghị định 30/2020 files: order, numbering, footnotes, errors."""

from __future__ import annotations

import io
from bisect import bisect_right
from functools import cache
from pathlib import Path

import docx
import pytest
from tests.conftest import FIXTURES, shared_path

import bpextract
from bpextract.errors import InputError
from bpextract.readers import Source
from bpextract.readers.docx import _format, read_docx

MAIN = "nd-30-2020-nd-cp_main.docx"  # Word-authored, header table, Word page breaks
PL3 = "nd-30-2020-nd-cp_phuluc3.docx"  # Word list numbering inside tables
PL5 = "nd-30-2020-nd-cp_phuluc5.docx"  # 5 footnotes, marks inside tables
PL6 = "nd-30-2020-nd-cp_phuluc6.docx"  # 4 footnotes in running text


@cache
def src(name: str) -> Source:
    p = FIXTURES / name
    return read_docx(p.read_bytes(), str(p))


def test_header_of_the_decree() -> None:
    h = bpextract.parse(FIXTURES / MAIN).header
    assert (h.number, h.issue_date, h.doc_type) == ("30/2020/NĐ-CP", "2020-03-05", "Nghị định")
    assert h.issuer == "CHÍNH PHỦ"
    assert h.signer.name == "Nguyễn Xuân Phúc"


def test_header_table_is_read_column_by_column() -> None:
    lines = src(MAIN).text.split("\n")
    assert lines[:7] == ["CHÍNH PHỦ", "_______", "Số: 30/2020/NĐ-CP",
                         "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                         "________________________________________",
                         "Hà Nội, ngày 05 tháng 3 năm 2020"]


def test_paragraphs_in_document_order() -> None:
    text = src(MAIN).text
    assert "\n\nNGHỊ ĐỊNH\n\nVề công tác văn thư\n\n" in text
    assert "\n\nChương I\n\nQUY ĐỊNH CHUNG\n\nĐiều 1. Phạm vi điều chỉnh\n\n" in text
    assert text.index("Điều 1. Phạm vi") < text.index("Điều 2. Đối tượng") < text.index(
        "Nơi nhận:")
    # the signature table: recipients (left column) before the signer (right column)
    tail = text[text.index("Nơi nhận:"):]
    assert tail.index("- Lưu: VT, HC (2).") < tail.index("TM. CHÍNH PHỦ") < tail.index(
        "Nguyễn Xuân Phúc")


def test_page_breaks_recorded_by_word() -> None:
    s = src(MAIN)
    assert s.pages == 20
    assert len(s.page_starts) == 20
    assert s.text.count("\f") == 19
    for start in s.page_starts[1:]:
        assert s.text[start - 3:start] == "\f\n\n"
    i = s.text.index("3. “Văn bản hành chính” là văn bản")
    assert bisect_right(s.page_starts, i) == 2


def test_headers_and_footers_are_left_out() -> None:
    # phụ lục I has 12 header/footer parts (page numbers); none of their text is in the body
    p = shared_path("data", "docx", "nd-30-2020-nd-cp_phuluc1.docx")
    s = read_docx(p.read_bytes(), str(p))
    assert not any(par.strip().isdigit() for par in s.text.split("\n\n"))
    assert s.text.startswith("Phụ lục I")


def test_word_list_numbers_are_rendered() -> None:
    rows = src(PL3).text.split("\n")
    assert "1. | Nghị quyết (cá biệt) | NQ" in rows
    assert "10. | Kế hoạch | KH" in rows
    assert "14. | Báo cáo | BC" in rows


def test_list_numbering_of_own_document() -> None:
    d = docx.Document()
    d.add_paragraph("MỤC ĐÍCH, YÊU CẦU")
    d.add_paragraph("Mục đích", style="List Number")
    d.add_paragraph("Yêu cầu", style="List Number")
    d.add_paragraph("Tuyên truyền", style="List Bullet")
    d.add_paragraph("Tổ chức thực hiện", style="List Number")
    buf = io.BytesIO()
    d.save(buf)
    s = read_docx(buf.getvalue(), "own.docx")
    assert s.text.split("\n\n") == ["MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "2. Yêu cầu",
                                    "- Tuyên truyền", "3. Tổ chức thực hiện"]


def test_header_laid_out_with_tabs_of_own_document() -> None:
    d = docx.Document()
    p = d.add_paragraph("ỦY BAN NHÂN DÂN")
    p.add_run().add_tab()
    p.add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    p = d.add_paragraph("Số:  12/KH-UBND")
    r = p.add_run()
    r.add_tab()
    r.add_tab()
    p.add_run("Hà Nội, ngày 5 tháng 6 năm 2025")
    d.add_paragraph("KẾ HOẠCH")
    buf = io.BytesIO()
    d.save(buf)
    s = read_docx(buf.getvalue(), "own.docx")
    assert s.text == ("ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n"
                      "Số: 12/KH-UBND\tHà Nội, ngày 5 tháng 6 năm 2025\n\nKẾ HOẠCH")
    h = bpextract.parse_text(s.text, format="docx").header
    assert (h.number, h.issue_date, h.doc_type) == ("12/KH-UBND", "2025-06-05", "Kế hoạch")


@pytest.mark.parametrize(("n", "fmt", "label"), [
    (4, "upperRoman", "IV"), (9, "upperRoman", "IX"), (14, "lowerRoman", "xiv"),
    (1, "lowerLetter", "a"), (5, "lowerLetter", "e"), (27, "lowerLetter", "aa"),
    (3, "upperLetter", "C"), (7, "decimalZero", "07"), (12, "decimal", "12"),
])
def test_number_formats_as_word_draws_them(n: int, fmt: str, label: str) -> None:
    assert _format(n, fmt) == label


def _with_endnote(body: str) -> bytes:
    """A DOCX of our own with one endnote (python-docx cannot write notes: edit the package)."""
    import zipfile

    d = docx.Document()
    d.add_paragraph("Kết quả đạt được MARK.")
    buf = io.BytesIO()
    d.save(buf)
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    notes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:endnotes {w}>'
             '<w:endnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p>'
             f'</w:endnote><w:endnote w:id="1"><w:p><w:r><w:t>{body}</w:t></w:r></w:p>'
             '</w:endnote></w:endnotes>')
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            raw = zin.read(item.filename)
            if not item.filename.endswith((".xml", ".rels")):
                zout.writestr(item, raw)
                continue
            data = raw.decode("utf-8")
            if item.filename == "word/document.xml":
                data = data.replace(
                    "Kết quả đạt được MARK.",
                    'Kết quả đạt được</w:t></w:r><w:r><w:endnoteReference w:id="1"/></w:r>'
                    '<w:r><w:t>.')
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace("</Relationships>", (
                    '<Relationship Id="rIdEn" Type="http://schemas.openxmlformats.org/'
                    'officeDocument/2006/relationships/endnotes" Target="endnotes.xml"/>'
                    "</Relationships>"))
            elif item.filename == "[Content_Types].xml":
                data = data.replace("</Types>", (
                    '<Override PartName="/word/endnotes.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"/></Types>'))
            zout.writestr(item, data)
        zout.writestr("word/endnotes.xml", notes)
    return out.getvalue()


def test_endnotes_of_own_document_are_kept() -> None:
    s = read_docx(_with_endnote("Số liệu của Chi cục Thống kê huyện."), "own.docx")
    assert s.text == "Kết quả đạt được¹.\n\n¹ Số liệu của Chi cục Thống kê huyện."
    (note,) = s.native_footnotes
    assert (note.id, note.marker_offset, note.text) == (
        "1", s.text.index("¹"), "Số liệu của Chi cục Thống kê huyện.")


def test_tables_are_rows_of_cells() -> None:
    rows = src(PL6).text.split("\n")
    assert "11 | Ghi chú | Description | String | 500" in rows


def test_native_footnotes_linked_at_their_marks() -> None:
    s = src(PL6)
    notes = s.native_footnotes
    assert [n.id for n in notes] == ["1", "2", "3", "4"]
    assert notes[0].text.startswith("Dữ liệu đặc tả của văn bản, hồ sơ là thông tin mô tả")
    assert notes[1].text == "Mã định danh của cơ quan, tổ chức lập danh mục hồ sơ được mặc " \
                            "định trong Hệ thống."
    assert [n.page for n in notes] == [1, 2, 2, 2]
    for n in notes:
        assert n.marker_offset is not None
        assert s.text[n.marker_offset] == n.id.translate(str.maketrans("1234", "¹²³⁴"))
    first = notes[0].marker_offset
    assert first is not None
    assert s.text[first - 14:first + 2] == "dữ liệu đặc tả¹."
    # bodies are paragraphs at the end, in the text conventions
    assert s.text.endswith("\n\n⁴ Mã định danh của cơ quan, tổ chức lập danh mục hồ sơ được mặc "
                           "định trong Hệ thống.")


def test_footnotes_in_tables_reach_the_document() -> None:
    s = src(PL5)
    assert len(s.native_footnotes) == 5
    # the mark is glued to the word before it, even when Word had a space there
    assert "TÊN ĐƠN VỊ¹" in s.text
    # a number typed again by hand after the mark is not kept in the body
    assert s.native_footnotes[4].text == "Áp dụng cho hồ sơ có thời hạn bảo quản vĩnh viễn."
    d = bpextract.parse(FIXTURES / PL5)
    assert [f.id for f in d.footnotes] == ["1", "2", "3", "4", "5"]
    assert d.footnotes[0].text == "Tên đơn vị nộp lưu hồ sơ, tài liệu."
    assert d.footnotes[0].marker_start is not None
    assert "³ Áp dụng đối với văn bản giấy" not in d.text


def test_all_shared_docx_read() -> None:
    folder = shared_path("data", "docx")
    counts = {}
    for p in sorted(folder.glob("*.docx")):
        s = read_docx(p.read_bytes(), str(p))
        assert s.text.strip() and s.format == "docx"
        counts[p.name.removeprefix("nd-30-2020-nd-cp_").removesuffix(".docx")] = len(
            s.native_footnotes)
    assert counts == {"main": 0, "phuluc1": 1, "phuluc2": 0, "phuluc3": 0, "phuluc4": 0,
                      "phuluc5": 5, "phuluc6": 4}


@pytest.mark.parametrize(("data", "message"), [
    (b"", "not a DOCX file"),
    (b"plain text saved as .docx", "not a DOCX file"),
    (b"PK\x03\x04" + b"\x00" * 60, "truncated or corrupt"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 60, "encrypted DOCX or an old Word .doc"),
])
def test_bad_files_get_their_own_message(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_docx(data, "bad.docx")


def test_truncated_real_docx() -> None:
    data = (FIXTURES / PL6).read_bytes()
    with pytest.raises(InputError, match="truncated or corrupt"):
        read_docx(data[: len(data) // 2], "cut.docx")


def test_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    import zipfile

    p = tmp_path / "x.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("hello.txt", "xin chào")
    with pytest.raises(InputError, match="not a Word document"):
        read_docx(p.read_bytes(), str(p))


def test_footnote_page_is_the_page_of_its_mark() -> None:
    """Word records page breaks; a footnote's page is where its mark stands, not the last page
    where the reader put the bodies."""
    doc = bpextract.parse(FIXTURES / "nd-30-2020-nd-cp_phuluc6.docx")
    assert [(f.id, f.page) for f in doc.footnotes] == [("1", 1), ("2", 2), ("3", 2), ("4", 2)]


def test_wide_space_gap_is_a_column_stop_but_a_draft_blank_is_not() -> None:
    from bpextract.readers.docx import _fold

    # header columns typed with spaces (Word 97) -> one tab; an unsigned draft's blanks stay text
    assert _fold("ỦY BAN NHÂN DÂN            CỘNG HÒA XÃ HỘI") == "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI"
    assert _fold("Quyết định số        /QĐ-STTTT ngày        tháng        năm 2012") == \
        "Quyết định số /QĐ-STTTT ngày tháng năm 2012"
    assert _fold("Tháng        /2012") == "Tháng /2012"
