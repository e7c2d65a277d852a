"""Ruled PDF tables read from the reader's cell boxes (issue 15 item 6): `Source.pdf_tables`
put on the grid their edges draw (spans, empty cells in place), a table continued over page
breaks joined into one, and a unit in a spanning header applied to the columns under it."""

from __future__ import annotations

from functools import cache

import pytest
from tests.conftest import shared_path

import bpextract
from bpextract import celltables, tableindicators
from bpextract.model import Document, Table
from bpextract.readers import PdfTable
from bpextract.rules import get_rules

RULES = get_rules()


@cache
def _doc(*parts: str) -> Document:
    return bpextract.parse(shared_path("data", *parts))


def _table(doc: Document, first_row: str, holding: str = "") -> Table:
    return next(t for t in doc.tables if t.text.startswith(first_row) and holding in t.text)


def _at(table: Table, text: str) -> tuple[int, int, int, int]:
    c = next(c for c in table.cells if c.text == text)
    return c.row, c.col, c.rowspan, c.colspan


def test_merged_and_empty_cells_of_a_gazette_table_keep_their_columns() -> None:
    """Thông tư 04/2023/TT-BKHĐT, feature catalogue: 13 columns under three header rows; the
    row `6 | | LQ03 | ...` has an empty `Dữ liệu hiện trạng` cell and cells merged down over
    the six attribute rows, which used to slide left in the `cell | cell` text."""
    t = _table(_doc("pdf", "congbao_tt-04-2023-tt-bkhdt_tables.pdf"),
               "TT | Kiểu đối tượng địa lý | Tên lớp", "| LQ03 |")
    assert (t.cols, t.header_rows) == (13, 3)
    assert _at(t, "Kiểu đối tượng địa lý") == (0, 1, 1, 4)
    assert _at(t, "Dữ liệu định hướng phát triển") == (2, 2, 1, 1)
    row, col, rowspan, _ = _at(t, "LQ03")
    assert (col, rowspan) == (2, 6)
    assert (row, 0) == _at(t, "6")[:2]
    assert _at(t, "HanhLangKinhTe")[1] == 5
    assert sum(1 for c in t.cells if c.text == "maDoiTuong" and c.row == row and c.col == 6) == 1


def test_a_table_continued_over_ten_pages_is_one_table() -> None:
    """Thông tư 36/2026/TT-BTC, Phụ lục I: the norm table runs from page 13 to page 22 with the
    same column edges; one table of 177 rows (header once), 4 columns, a figure under
    `Ngày công thực hiện` on every task row."""
    d = _doc("pdf", "congbao_tt-36-2026-tt-btc_177p_tables.pdf")
    t = _table(d, "TT | Nội dung | Mức chuyên gia | Ngày công thực hiện")
    assert (t.rows, t.cols, t.header_rows) == (177, 4, 1)
    assert sum(1 for c in t.cells if c.text == "Ngày công thực hiện") == 1
    days = [c for c in t.cells if c.col == 3 and not c.header]
    assert len(days) == 142 and all(celltables.is_figure(c.text) for c in days)
    assert {c.page for c in days} == set(range(13, 23))
    assert len([i for i in d.indicators if i.table == t.id]) == 142


def test_pdf_grid_spans_from_cell_edges() -> None:
    box = {"Hồ": (85, 147, 199, 194), "Mực nước (m)": (199, 147, 539, 165),
           "Từ 1/9": (199, 165, 304, 194), "Từ 21/9": (304, 165, 411, 194),
           "Từ 15/11": (411, 165, 539, 194), "A": (85, 194, 199, 212),
           "116": (199, 194, 304, 212), "120": (304, 194, 411, 212),
           "121": (411, 194, 539, 212), "B": (85, 212, 199, 230), "405": (199, 212, 539.5, 230)}
    order = [["Hồ", "Mực nước (m)"], ["Từ 1/9", "Từ 21/9", "Từ 15/11"],
             ["A", "116", "120", "121"], ["B", "405"]]
    rows = tuple(tuple((t, box[t], 0) for t in row) for row in order)
    grid = celltables.pdf_grid(PdfTable(1, (85, 147, 539, 230), 0, 0, rows))
    spans = [(c.row, c.col, c.rowspan, c.colspan) for c in grid.cells]
    assert spans == [(0, 0, 2, 1), (0, 1, 1, 3), (1, 1, 1, 1), (1, 2, 1, 1), (1, 3, 1, 1),
                     (2, 0, 1, 1), (2, 1, 1, 1), (2, 2, 1, 1), (2, 3, 1, 1),
                     (3, 0, 1, 1), (3, 1, 1, 3)]


def test_a_unit_in_a_spanning_header_reaches_the_columns_under_it() -> None:
    """Thông tư 06/2025/TT-TTCP report forms (HTML): `Tiền (Triệu đồng)` and `Đất (m2)` head
    two columns each (`Tổng số ...`, `Số ... đã thu`); each takes the unit; a bracket that is
    no unit (`(số văn bản)`) gives none."""
    d = _doc("html", "vbpl_tt-06-2025-tt-ttcp_report-forms.html")
    t = d.tables[1]
    units = {c.col: tableindicators._header_unit(c.header, RULES)
             for c in celltables.columns(t, RULES)}
    money, land = units[5], units[7]
    assert money is not None and (money.unit, money.factor) == ("đồng", 1_000_000)
    assert units[6] == money
    assert land is not None and (land.unit, land.quantity) == ("m2", "area")
    assert units[8] == land
    assert units[33] is None


@pytest.mark.parametrize(("written", "unit", "factor"), [
    ("10⁶m³", "m³", 10**6),
    ("(10^6 m3)", "m3", 10**6),
    # as a PDF reader flattens a raised 6 (QĐ 911/2018's `W (10⁶m³)`; the bench's TCVN text
    # writes `dung tích từ 20 x 106 m3`): in a unit cell it is 10⁶ m³, never 106 cubic metres
    ("106m³", "m³", 10**6),
    ("103 m3", "m3", 10**3),
    # a raised ² / ³ written before the line it floats over
    ("3 m /s", "m³/s", 1),
    ("2 km", "km²", 1),
    ("m³/s", "m³/s", 1),
    ("100m", "100m", 1),  # no power of ten 3-9: not scaled
])
def test_units_with_powers_of_ten_and_displaced_exponents(written: str, unit: str,
                                                          factor: int) -> None:
    u = tableindicators.read_unit(written, RULES)
    assert u is not None and (u.unit, u.factor) == (unit, factor)
