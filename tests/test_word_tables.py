"""Word tables that reached the text one cell per line or column by column (issue 15 item 4):
a small ruled table is a data table read row by row, a list typed into one row of a table
(a paragraph per item in each cell) is a row per item; the layout tables of a letter stay
column by column."""

from __future__ import annotations

import io
import shutil

import docx
import pytest
from tests.conftest import shared_path

from bpextract.readers import read
from bpextract.readers.docx import read_docx

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice not installed (apt: libreoffice-writer-nogui)")


def _docx(style: str | None, rows: list[tuple[str, str]]) -> bytes:
    d = docx.Document()
    d.add_paragraph("Lược đồ")
    t = d.add_table(rows=len(rows), cols=2)
    if style:
        t.style = d.styles[style]
    for tr, (a, b) in zip(t.rows, rows, strict=True):
        tr.cells[0].text, tr.cells[1].text = a, b
    d.add_paragraph("Diễn giải")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


SWIMLANE = [("Tác nhân", "Thao tác"), ("Cán bộ Văn phòng", ""), ("Lãnh đạo Sở", "")]


def test_a_small_table_drawn_with_its_style_lines_is_read_row_by_row() -> None:
    text = read_docx(_docx("Table Grid", SWIMLANE), "t.docx").text
    assert "\nTác nhân | Thao tác\nCán bộ Văn phòng | \nLãnh đạo Sở | \n" in text


def test_the_same_table_without_lines_is_a_layout_read_column_by_column() -> None:
    text = read_docx(_docx(None, SWIMLANE), "t.docx").text
    assert "\nTác nhân\nCán bộ Văn phòng\nLãnh đạo Sở\nThao tác\n" in text


@needs_soffice
def test_ruled_one_row_layout_tables_of_a_form_stay_column_by_column() -> None:
    """Nghị định 37/2007 appendix forms draw lines round their issuer | motto table: one row,
    still a layout block read column by column (the header stage reads it so)."""
    text = read(shared_path("data", "doc", "cp_nd-37-2007-nd-cp_no-header-table.doc")).text
    assert ("\nCƠ QUAN, TỔ CHỨC, ĐƠN VỊ CÓ THẨM QUYỀN QUẢN LÝ NGƯỜI KÊ KHAI\n_______\n"
            "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n") in text
    assert "NGƯỜI KÊ KHAI _______ | CỘNG" not in text


@needs_soffice
def test_a_gantt_typed_as_one_row_of_paragraphs_is_a_row_per_task() -> None:
    """2004 Mẫu B1-2-TMDA, Phụ lục 8: the nine tasks and their `...` month cells are typed as
    paragraphs of a single table row; each paragraph is a row of the grid."""
    src = read(shared_path("data", "legacy", "original", "tcvn3", "2004-B1-2-TMDA.doc"))
    text = src.text
    dots = " | ..." * 24
    assert f"\n1 | Sửa chữa, xây dựng nhà xưởng{dots}\n2 | Hoàn thiện công nghệ{dots}\n" in text
    assert f"\n9 | Đánh giá nghiệm thu{dots}\n" in text
    at = text.index("1 | Sửa chữa, xây dựng nhà xưởng")
    table = next(t for t in src.tables if t.start <= at < t.end)
    cell = next(c for c in table.cells if c.start == at + len("1 | "))
    assert text[cell.start:cell.end] == "Sửa chữa, xây dựng nhà xưởng"
    assert cell.col == 1
    assert sum(1 for c in table.cells if c.row == cell.row) == 26


def test_a_ruled_code_list_typed_as_one_row_of_paragraphs_is_a_row_per_code() -> None:
    """A `Mã | Mô tả` list whose codes and names are paragraphs of one table row: two rows of
    XML, four written; ruled, it is a data table, a row per code, not two columns of lines."""
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    t.style = d.styles["Table Grid"]
    t.rows[0].cells[0].text, t.rows[0].cells[1].text = "Mã", "Mô tả"
    for cell, names in zip(t.rows[1].cells, (["LP", "AN", "QP"],
                                             ["Luật pháp", "An ninh", "Quốc phòng"]),
                           strict=True):
        cell.paragraphs[0].text = names[0]
        for name in names[1:]:
            cell.add_paragraph(name)
    buf = io.BytesIO()
    d.save(buf)
    src = read_docx(buf.getvalue(), "t.docx")
    assert src.text == "Mã | Mô tả\nLP | Luật pháp\nAN | An ninh\nQP | Quốc phòng"
    assert [(c.row, c.col, src.text[c.start:c.end]) for c in src.tables[0].cells][-2:] == [
        (3, 0, "QP"), (3, 1, "Quốc phòng")]
