"""Figures and units of table cells (issue 15, table stage accuracy): the number convention a
column writes (en-US `197,128,000`, Vietnamese `1.250.000`, both in one hand-typed column) and
whose unit a cell takes (its column header's, the row's ĐVT, or, for money columns, neither when
the ĐVT is the unit of the quantity). On real documents of ../shared other than the corpus/tables
documents the rules were first seen on."""

from __future__ import annotations

import gzip
import json
import shutil
from functools import cache

import pytest

from bpextract import tableindicators
from bpextract.api import parse, parse_text
from bpextract.model import Document, Indicator, Table
from bpextract.rules import get_rules
from conftest import shared_path

RULES = get_rules()

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice not installed (apt: libreoffice-writer-nogui)")


@cache
def _duan() -> Document:
    # Dự án CNTT of Lâm Đồng (2004), Word 97 .doc in TCVN3 fonts: budget tables typed by hand
    return parse(shared_path("data", "legacy", "original", "tcvn3", "2004-duanLD9820.doc"))


def _table(doc: Document, head: str, first_cell: str) -> Table:
    """The first table whose text starts with `head` and whose body holds `first_cell`."""
    return next(t for t in doc.tables if t.text.startswith(head)
                and any(c.text == first_cell and not c.header for c in t.cells))


def _by_cell(doc: Document, table: Table) -> dict[tuple[int, int], Indicator]:
    return {(i.row, i.col): i for i in doc.indicators if i.table == table.id}


@needs_soffice
def test_a_column_typed_both_ways_reads_each_figure_its_own_way() -> None:
    # `Thành tiền 1998`: `6,000,000` and `3,750,000` (en-US) over `500.000` and the total
    # `14.000.000` (Vietnamese): 6 000 000 + 2 x 3 750 000 + 500 000 = 14 000 000
    doc = _duan()
    t = _table(doc, "Sè TT | Nội dung đào tạo", "6,000,000")
    by = _by_cell(doc, t)
    col = next(c.col for c in t.cells if c.text == "6,000,000")
    got = [i.value for (r, k), i in sorted(by.items()) if k == col]
    assert got == [6_000_000, 3_750_000, 3_750_000, 500_000, 14_000_000]
    assert sum(got[:-1]) == got[-1]
    assert tableindicators.conventions(t)[col] == "mixed"


@needs_soffice
def test_dot_decimals_and_units_of_a_price_table() -> None:
    # `STT | Tên thiết bị | Đơn vị | Đơn giá | Số lượng | Thành tiền`: `Đơn vị` (chiếc) is the
    # unit of the quantity; prices in millions written `9.5`, `1.04` (a dot decimal)
    doc = _duan()
    t = _table(doc, "STT | Tên thiết bị, cấu hình kỹ thuật | Đơn vị | Đơn giá", "28.5")
    by = _by_cell(doc, t)
    price, count, amount = by[(3, 3)], by[(3, 4)], by[(3, 5)]
    assert price.subject == amount.subject == "Máy trạm: Pentium MMX 200 Mhz; 16 Mb RAM; 2,1 GB HDD"
    assert (price.value, price.unit) == (9.5, None)  # money with no unit stated: not `chiếc`
    assert (count.value, count.unit, count.quantity) == (3, "chiếc", "count")
    assert (amount.value, amount.unit) == (28.5, None)
    assert by[(4, 3)].value == 1.04
    assert tableindicators.conventions(t)[5] == "en"


@cache
def _bench(doc_id: str) -> str:
    with gzip.open(shared_path("data", "bench", "vn_legal_fulltext.jsonl.gz"), "rt",
                   encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if rec["id"] == doc_id:
                return str(rec["text"])
    raise AssertionError(f"bench record {doc_id} missing")


def test_the_unit_in_a_value_header_wins_over_the_row_unit() -> None:
    # Thông tư 154/2025/TT-BTC, Biểu mức thu phí: `Số TT | Tên phí, lệ phí | Đơn vị tính | Mức
    # thu (đồng)`, rows `- Sát hạch lý thuyết | Lần | 100.000`: 100 000 đồng a time, not 100 000
    # `Lần`
    text = _bench("vbpl-html:doc_000355")
    doc = parse_text(text)
    t = next(t for t in doc.tables if "Mức thu (đồng)" in t.text)
    inds = [i for i in doc.indicators if i.table == t.id]
    fee = next(i for i in inds if i.subject == "Sát hạch lý thuyết" and i.text == "100.000")
    assert (fee.value, fee.unit, fee.quantity) == (100_000, "đồng", "money")
    assert all(i.unit == "đồng" for i in inds), {i.unit for i in inds}


@pytest.mark.parametrize(("cells", "want"), [
    (["197,128,000", "532,000"], [197_128_000, 532_000]),  # the column's sure figure decides
    (["1.250.000", "532,5"], [1_250_000, 532.5]),
    (["87.23599633", "12.000"], [87.23599633, 12]),  # spreadsheet export, dot decimals
    (["0.790", "28,611"], [0.79, 28_611]),  # `0.` cannot open a thousands group
])
def test_column_conventions(cells: list[str], want: list[float]) -> None:
    rows = "\n".join(f"{k + 1} | Chỉ tiêu {k + 1} | {c}" for k, c in enumerate(cells))
    doc = parse_text(f"TT | Chỉ tiêu | Giá trị\n{rows}\n")
    assert [i.value for i in doc.indicators if i.table == 1] == want


def test_counted_noun_stops_before_where() -> None:
    assert tableindicators._counted("Số cổng trên switch", ["Số lượng", "Số"],
                                    frozenset({"trên"})) == tableindicators.Unit(
        "cổng", "count", rule="rules/tables.yaml")
    assert tableindicators._counted("Số lượng", ["Số lượng", "Số"]) is None
