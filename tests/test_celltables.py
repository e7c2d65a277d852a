"""Tables as data (issue 15): DOCX/HTML cell grids with merged header cells, pipe, markdown, tab
and one-cell-per-line tables, column meanings from rules/tables.yaml, and indicator tables read
one indicator per value cell without double counting."""

from __future__ import annotations

from pathlib import Path

import pytest

from bpextract import celltables, tableindicators
from bpextract.api import parse, parse_text
from bpextract.model import Document, Table
from bpextract.rules import get_rules
from conftest import bench_text, shared_path

RULES = get_rules()

REPORT = """BÁO CÁO
Tình hình thực hiện kế hoạch năm 2022

Tổng vốn đầu tư đạt 215,4 tỷ.đ.

TT | Chỉ tiêu | Đơn vị tính | Kế hoạch năm 2022 | Thực hiện | Tỷ lệ %
1 | Giá trị sản xuất | Tỷ.đ | 350,5 | 362,1 | 103,3
 | - Nông, lâm, ngư nghiệp | Tỷ.đ | 120 | 125,4 | 104,5
 | - Công nghiệp, xây dựng | Tỷ.đ | 230,5 | 236,7 | 102,7
2 | Tỷ suất sinh | ‰ | 15 | 14,2 | 94,7
"""


def _cells(doc: Document, table: Table) -> None:
    for c in table.cells:
        assert doc.text[c.start:c.end] == c.text
    assert doc.text[table.start:table.end] == table.text


def _grid(table: Table) -> dict[tuple[int, int], tuple[str, int, int, bool]]:
    return {(c.row, c.col): (c.text, c.rowspan, c.colspan, c.header) for c in table.cells}


def test_pipe_report_table_cells_and_header() -> None:
    doc = parse_text(REPORT)
    [t] = doc.tables
    _cells(doc, t)
    assert (t.id, t.kind, t.form, t.rows, t.cols, t.header_rows) == (1, "indicator", "pipe", 5,
                                                                     6, 1)
    g = _grid(t)
    assert g[(0, 3)] == ("Kế hoạch năm 2022", 1, 1, True)
    assert g[(2, 1)] == ("- Nông, lâm, ngư nghiệp", 1, 1, False)  # empty first cell kept
    assert (2, 0) not in g


def test_indicator_table_one_indicator_per_value_cell() -> None:
    doc = parse_text(REPORT)
    table = {(i.row, i.col): i for i in doc.indicators if i.table == 1}
    assert len(table) == 12  # 4 rows x (plan, result, ratio)
    plan, result, ratio = table[(1, 3)], table[(1, 4)], table[(1, 5)]
    assert (plan.value, plan.unit, plan.quantity, plan.status, plan.period, plan.subject) == (
        350_500_000_000, "đồng", "money", "target", "2022", "Giá trị sản xuất")
    assert (result.value, result.status, result.currency) == (362_100_000_000, "achieved", "VND")
    assert (ratio.value, ratio.unit, ratio.comparison, ratio.compared_to) == (
        103.3, "%", "plan", plan.start)
    part = table[(2, 3)]
    assert (part.subject, part.role, part.part_of) == ("Nông, lâm, ngư nghiệp", "part",
                                                       plan.start)
    assert plan.role == "total"
    assert (table[(4, 4)].unit, table[(4, 4)].quantity, table[(4, 4)].value) == ("‰", "rate",
                                                                                14.2)
    for ind in doc.indicators:
        assert doc.text[ind.start:ind.end] == ind.text


def test_no_double_count_and_running_text_unit() -> None:
    doc = parse_text(REPORT)
    starts = [i.start for i in doc.indicators]
    assert len(starts) == len(set(starts))
    [running] = [i for i in doc.indicators if i.table is None]
    assert (running.text, running.value, running.unit) == ("215,4 tỷ.đ", 215_400_000_000, "đồng")


def test_merge_drops_running_figures_inside_table_cells() -> None:
    doc = parse_text(REPORT)
    from_tables = [i for i in doc.indicators if i.table is not None]
    cell = from_tables[0]
    fake = type(cell)(text=cell.text, start=cell.start, end=cell.end, value=1)
    merged = tableindicators.merge([fake], from_tables)
    assert fake not in merged and len(merged) == len(from_tables)


def test_markdown_and_cell_lines_tables() -> None:
    text = ("Biểu 2\n| Chỉ tiêu | ĐVT | Năm 2021 | Năm 2022 |\n|---|---|---|---|\n"
            "| Dân số | Người | 12.500 | 12.800 |\n| Diện tích lúa | ha | 1.200 | 1.150 |\n\n"
            "TT\nChỉ tiêu\nĐơn vị tính\nKế hoạch\nƯớc thực hiện\n1\nThu ngân sách\nTr.đ\n5.000\n"
            "5.200\n2\nHộ nghèo\nHộ\n120\n98\nHết.\n")
    doc = parse_text(text, source="x.md")
    md, lines = doc.tables
    _cells(doc, md)
    _cells(doc, lines)
    assert (md.form, md.rows, md.cols, md.header_rows, md.kind) == ("pipe", 3, 4, 1, "indicator")
    assert (lines.form, lines.rows, lines.cols, lines.kind) == ("cell-lines", 3, 5, "indicator")
    by = {(i.table, i.row, i.col): i for i in doc.indicators}
    assert (by[(1, 1, 3)].value, by[(1, 1, 3)].period, by[(1, 1, 3)].unit) == (12800, "2022",
                                                                               "người")
    est = by[(2, 1, 4)]
    assert (est.value, est.unit, est.status, est.subject) == (5_200_000_000, "đồng", "estimate",
                                                              "Thu ngân sách")
    assert "Hết." not in lines.text


def test_tab_table_and_multirow_text_header() -> None:
    text = ("Chỉ tiêu\tĐVT\tNăm 2022\tNăm 2023\nKH\tTH\tKH\tTH\n"
            "Sản lượng lúa\ttấn\t1.000\t1.020\t1.050\t1.100\n")
    doc = parse_text(text)
    [t] = doc.tables
    assert (t.form, t.rows, t.cols, t.header_rows) == ("tab", 3, 6, 2)
    g = _grid(t)
    assert g[(0, 2)] == ("Năm 2022", 1, 2, True) and g[(0, 3 + 1)][0] == "Năm 2023"
    assert g[(1, 2)][0] == "KH" and g[(1, 5)][0] == "TH"  # lower header sits over the values
    inds = {i.col: i for i in doc.indicators if i.table == 1}
    assert (inds[2].status, inds[2].period, inds[5].status, inds[5].period) == (
        "target", "2022", "achieved", "2023")


@pytest.mark.parametrize(("header", "role", "status", "comparison", "period"), [
    ("Chỉ tiêu", "label", None, None, None),
    ("Đơn vị tính", "unit", None, None, None),
    ("Kế hoạch năm 2023", "value", "target", None, "2023"),
    ("Ước thực hiện năm 2023", "value", "estimate", None, "2023"),
    ("Thực hiện 6 tháng đầu năm 2024", "value", "achieved", None, "2024-01/2024-06"),
    ("Cùng kỳ", "value", "achieved", None, None),
    ("Tỷ lệ %", "ratio", None, "plan", None),
    ("TH/KH (%)", "ratio", None, "plan", None),
    ("So với cùng kỳ (%)", "ratio", None, "same_period", None),
    ("Giai đoạn 2021-2025", "value", None, None, "2021/2025"),
    ("Cơ quan chủ trì", "lead", None, None, None),
    ("Ghi chú", None, None, None, None),
])
def test_column_meaning(header: str, role: str | None, status: str | None,
                        comparison: str | None, period: str | None) -> None:
    m = celltables.column_meaning(0, header, RULES)
    assert (m.role, m.status, m.comparison, m.period) == (role, status, comparison, period)


def test_rules_examples_decide_their_entry() -> None:
    for e in RULES["tables"].entries("columns"):
        assert e.get("examples"), e.where
        for ex in e["examples"]:
            assert celltables.column_entry(ex, RULES) is e, (e.where, ex)
        for ex in e.get("counterexamples") or []:
            assert celltables.column_entry(ex, RULES) is not e, (e.where, ex)


def test_read_unit() -> None:
    u = tableindicators.read_unit("Tỷ.đ", RULES)
    assert u is not None and (u.unit, u.quantity, u.factor) == ("đồng", "money", 10**9)
    u = tableindicators.read_unit("Triệu đồng", RULES)
    assert u is not None and (u.unit, u.factor) == ("đồng", 10**6)
    u = tableindicators.read_unit("ha", RULES)
    assert u is not None and (u.unit, u.quantity, u.factor) == ("ha", "area", 1)


def test_docx_merged_header_cells() -> None:
    doc = parse(shared_path("data", "docx", "nd-30-2020-nd-cp_phuluc1.docx"))
    [t] = [t for t in doc.tables if t.text.startswith("STT")]
    _cells(doc, t)
    assert (t.form, t.cols, t.header_rows) == ("docx", 9, 2)
    g = _grid(t)
    assert g[(0, 0)] == ("STT", 2, 1, True)
    assert g[(0, 5)] == ("Ví dụ minh họa", 1, 4, True)
    assert g[(1, 5)] == ("Phông chữ Times New Roman", 1, 3, True)
    assert g[(1, 8)] == ("Cỡ chữ", 1, 1, True)
    assert g[(2, 1)] == ("Quốc hiệu và Tiêu ngữ", 1, 1, False)
    assert all(c.page == 2 for c in t.cells[:10])


def test_the_box_numbers_of_a_layout_legend_are_no_figures() -> None:
    # NĐ 30/2020 Phụ lục I: `Ô số | : | Thành phần thể thức văn bản`, `1 | : | Quốc hiệu và
    # Tiêu ngữ`: the box numbers of the page layout are codes (index), not 16 figures
    doc = parse(shared_path("data", "docx", "nd-30-2020-nd-cp_phuluc1.docx"))
    legends = [t for t in doc.tables if t.text.startswith("Ô số")]
    assert len(legends) == 2
    assert {c.role for t in legends for c in celltables.columns(t, RULES) if c.col == 0} == \
        {"index"}
    assert {t.kind for t in legends} == {"other"}
    assert not [i for i in doc.indicators if i.table in {t.id for t in legends}]


def test_html_spans_and_numbering_row() -> None:
    doc = parse(shared_path("data", "html", "vbpl_tt-06-2025-tt-ttcp_report-forms.html"))
    t = next(t for t in doc.tables if t.text.startswith("TT | Tên, số, ngày"))
    _cells(doc, t)
    assert (t.form, t.cols, t.header_rows, t.kind) == ("html", 8, 3, "other")
    g = _grid(t)
    assert g[(0, 4)] == ("Kết quả khắc phục", 1, 3, True)
    assert g[(0, 7)] == ("Ghi chú", 2, 1, True)
    assert g[(1, 5)] == ("Chưa khắc phục xong", 1, 1, True)
    assert g[(2, 0)] == ("MS", 1, 1, True)  # the column numbering row closes the header
    assert len(doc.tables) == 12


def test_prose_has_no_table() -> None:
    doc = parse_text("Điều 1. Ban hành kèm theo Quyết định này Kế hoạch năm 2023.\n"
                     "Điều 2. Quyết định có hiệu lực kể từ ngày ký.\n")
    assert doc.tables == ()


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet", "sqlite", "xlsx"])
def test_tables_and_cells_in_every_output_format(tmp_path: Path, fmt: str) -> None:
    import sqlite3

    import pandas as pd

    from bpextract import batch

    src = tmp_path / "in"
    src.mkdir()
    (src / "report.txt").write_text(REPORT, encoding="utf-8")
    out = tmp_path / ("out.sqlite" if fmt == "sqlite" else "out.xlsx" if fmt == "xlsx" else "out")
    batch.extract([src], out, fmt=fmt, progress=False)
    frames: dict[str, pd.DataFrame] = {}
    for name in ("tables", "cells"):
        if fmt == "csv":
            frames[name] = pd.read_csv(out / f"{name}.csv")
        elif fmt == "jsonl":
            frames[name] = pd.read_json(out / f"{name}.jsonl", lines=True)
        elif fmt == "parquet":
            frames[name] = pd.read_parquet(out / f"{name}.parquet")
        elif fmt == "sqlite":
            with sqlite3.connect(out) as con:
                frames[name] = pd.read_sql(f"select * from {name}", con)
        else:
            frames[name] = pd.read_excel(out, sheet_name=name)
    tables, cells = frames["tables"], frames["cells"]
    assert list(tables[["id", "kind", "form", "rows", "cols", "header_rows"]].iloc[0]) == [
        1, "indicator", "pipe", 5, 6, 1]
    assert "cells" not in tables.columns
    assert len(cells) == 28  # 6 + 6 + 5 + 5 + 6: rows 2 and 3 have no TT cell
    row = cells[(cells["row"] == 1) & (cells["col"] == 3)].iloc[0]
    assert (row["table"], row["text"], bool(row["header"])) == (1, "350,5", False)


def test_review_page_draws_tables() -> None:
    from bpextract.review import review_page

    page = review_page(parse_text(REPORT))
    assert '<h2>Tables (1)</h2>' in page
    assert '<th>Kế hoạch năm 2022</th>' in page
    assert 'class="rec ind"' in page and "<td>Giá trị sản xuất</td>" in page


CORPUS = Path(__file__).resolve().parent.parent / "corpus"
# spreadsheet reports whose text is also in shared/data/bench (viparse-gt:...): table test data
# with gold, kept out of corpus/ so the corpus stays an independent sample
REPORT_TABLES = Path(__file__).resolve().parent / "fixtures" / "report_tables"


def _by_cell(doc: Document, table: int) -> dict[tuple[int, int], object]:
    return {(i.row, i.col): i for i in doc.indicators if i.table == table}


def test_spreadsheet_export_with_two_header_rows() -> None:
    # MPI "ước thực hiện xuất khẩu tháng 1 năm 2005": Đơn vị / tính and K.H / 2005 written on
    # two rows, So sánh (%) written once over two ratio columns, `"` repeating the unit above
    doc = parse(REPORT_TABLES / "029_viparse_2005-C6DFD_XK_01-05.txt")
    [t] = doc.tables
    _cells(doc, t)
    assert (t.kind, t.form, t.rows, t.cols, t.header_rows) == ("indicator", "tab", 26, 8, 2)
    g = _grid(t)
    assert g[(0, 6)] == ("So sánh (%)", 1, 2, True) and g[(1, 7)][0] == "Ư1T-2005/ KH2005"
    by = _by_cell(doc, 1)
    plan, last, est, vs_year, vs_plan = (by[(2, c)] for c in range(3, 8))
    assert (plan.value, plan.unit, plan.quantity, plan.status, plan.period) == (
        30_200_000_000, "USD", "money", "target", "2005")
    assert (last.status, last.period, est.status, est.period) == ("achieved", "2004-01",
                                                                  "estimate", "2005-01")
    assert (vs_year.value, vs_year.comparison, vs_year.compared_to) == (119.6172249,
                                                                       "same_period", last.start)
    assert (vs_plan.comparison, vs_plan.compared_to, vs_plan.status) == ("plan", plan.start,
                                                                         "estimate")
    part = by[(3, 3)]  # `Trong đó: - DN ĐTNN kể cả dầu thô`, unit `"`
    assert (part.subject, part.value, part.unit, part.role, part.part_of) == (
        "DN ĐTNN kể cả dầu thô", 15_200_000_000, "USD", "part", plan.start)
    oil = by[(6, 3)]
    assert (oil.subject, oil.value, oil.unit) == ("Dầu thô", 18_500_000, "tấn")


def test_ratio_columns_find_their_periods() -> None:
    doc = parse(REPORT_TABLES / "030_viparse_2005-4E4ZD_XKT2.05.txt")
    by = _by_cell(doc, 1)
    two_months, year_before = by[(2, 6)], by[(2, 7)]
    assert (two_months.status, two_months.period) == ("estimate", "2005-01/2005-02")
    assert (year_before.status, year_before.period) == ("achieved", "2004-01/2004-02")
    vs_month, vs_year, vs_plan = by[(2, 8)], by[(2, 9)], by[(2, 10)]
    assert (vs_month.comparison, vs_month.period, vs_month.status) == ("previous_period",
                                                                      "2005-02", "estimate")
    assert (vs_year.comparison, vs_year.compared_to) == ("same_period", year_before.start)
    assert (vs_plan.comparison, vs_plan.compared_to) == ("plan", by[(2, 3)].start)


def test_tables_split_at_titles_and_repeated_headers() -> None:
    doc = parse(REPORT_TABLES / "028_viparse_2005-34448_Data_08-2005_Website.txt")
    assert len(doc.tables) == 10
    assert all(t.kind == "indicator" and t.header_rows == 1 for t in doc.tables)
    by = _by_cell(doc, 1)
    assert (by[(1, 2)].value, by[(1, 2)].unit, by[(1, 2)].quantity) == (3798, "dự án", "count")
    total = by[(19, 3)]
    assert (total.subject, total.value) == ("Tổng số", 48_154_971_106)
    doc = parse(REPORT_TABLES / "026_viparse_2005-KH2003-bieu.txt")
    assert [t.header_rows for t in doc.tables] == [1, 1, 2, 2, 2, 2, 2, 2, 2]
    gdp = next(i for i in doc.indicators if i.text == "163.5" and i.table == 1)
    assert (gdp.value, gdp.unit, gdp.status, gdp.period) == (163_500_000_000_000, "đồng",
                                                             "achieved", "2001")


@pytest.mark.parametrize(("header", "period", "comparison"), [
    ("TH T1/2004", "2004-01", None),
    ("Ư.TH 2T.2005", "2005-01/2005-02", None),
    ("So sánh (%) Ước 2002/ 2001", "2002", "previous_year"),
    ("So sánh (%) 2T-2005/ KH2005", "2005-01/2005-02", "plan"),
])
def test_header_periods_and_ratio_kinds(header: str, period: str, comparison: str | None) -> None:
    m = celltables.column_meaning(0, header, RULES)
    assert (m.period, m.comparison) == (period, comparison)


def test_unit_cells_with_scales() -> None:
    for text, unit, factor in [("Tr. USD", "USD", 10**6), ("Ng. tấn", "tấn", 1000),
                               ("Nghìn tỷ đồng", "đồng", 10**12), ("Triệu người", "người", 10**6)]:
        u = tableindicators.read_unit(text, RULES)
        assert u is not None and (u.unit, u.factor) == (unit, factor), text


def test_a_first_row_of_a_name_and_figures_is_no_header() -> None:
    """A table that starts with a data row (`6.2.1. Tỷ lệ di tích ... | 95% | 95% | 95%`, bench
    doc_000272; QĐ 911/2018's `Z(m) | 320,50 | 325,00 | ...` lookup tables) has no header row;
    `Câu hỏi | 51 | 52 | ... | 60` numbers its columns and stays the header (doc_000552)."""
    text = bench_text("vbpl-html:doc_000272")
    t = next(t for t in celltables.find_tables(text, RULES) if t.text.startswith("6.2.1. Tỷ lệ"))
    assert t.header_rows == 0
    assert not any(c.header for c in t.cells)
    quiz = bench_text("vbpl-html:doc_000552")
    heads = [t.header_rows for t in celltables.find_tables(quiz, RULES)
             if t.text.startswith("Câu hỏi\t")]
    assert heads and set(heads) == {1}
    rows = [["Z(m)", "70,00", "72,00", "100,0 0"], ["W (106m 3)", "0,00", "0,20", "0,40"],
            ["F 2 (km )", "0,00", "0,08", "0,16"]]
    assert celltables._header_count(rows, 3) == 0
    assert celltables._header_count([["Năm", "2020", "2021", "2022"], *rows[1:]], 3) == 1


def test_rows_named_by_a_time_column_make_an_indicator_table() -> None:
    """No label column, the rows named by their period, figures beside them: an indicator table
    (bench doc_000360 `TT | Thời gian quá hạn | Hệ số rủi ro (%) | ...`, `Từ 0 đến 15 ngày ...
    | 16`; QĐ 911/2018's Phụ lục III `Từ 16/12 | Đến 20/12 | 407,4 | 409,0`)."""
    text = bench_text("vbpl-html:doc_000360")
    t = next(t for t in celltables.find_tables(text, RULES)
             if t.text.startswith("TT\tThời gian quá hạn\tHệ số rủi ro (%)"))
    roles = [c.role for c in celltables.columns(t, RULES)]
    assert "label" not in roles and roles[:2] == ["index", "deadline"]
    assert t.kind == "indicator"


def test_a_first_row_of_superscript_digits_is_read_not_a_crash() -> None:
    """`²` is a digit to `str.isdigit` but not to `int`: the column-number test of a table's
    first row takes ASCII digits only (a tab table under `Diện tích | ² | ³` raised ValueError
    and lost the whole document)."""
    from bpextract.tasks import counts_up

    assert counts_up(["1", "2", "3"]) is True
    assert counts_up(["51", "52"]) is True
    assert counts_up(["²", "³"]) is False
    assert counts_up(["1"]) is False
    assert counts_up(["2020", "2022"]) is False
    doc = parse_text("Bảng 1\n\nDiện tích\t²\t³\nĐất\t10\t12\nRừng\t20\t24\n"
                               "Nước\t5\t7\n")
    assert len(doc.tables) == 1
    t = doc.tables[0]
    assert (t.rows, t.cols) == (4, 3)
    assert [(c.text, c.header) for c in t.cells if c.row == 3] == [
        ("Nước", False), ("5", False), ("7", False)]


# ------------------------------------------------ tab tables: lines without a tab inside them

def _table_with(doc: Document, body_text: str) -> Table:
    return next(t for t in doc.tables
                if any(c.text == body_text and not c.header for c in t.cells))


def test_a_tab_less_group_row_under_the_header_keeps_the_header() -> None:
    # QĐ định mức of doc_000585: `TT | Thành phần hao phí | Đơn vị tính | Trị số định mức hao
    # phí`, `1 | 2 | 3 | 4`, `1 | Nhân công`, then `Lao động trực tiếp/người` without a tab: the
    # table was cut there and `Viên chức hạng IV ... | Công | 29` taken for a new header
    doc = parse_text(bench_text("vbpl-html:doc_000585"))
    t = _table_with(doc, "Viên chức hạng IV và tương đương")
    assert t.text.startswith("TT\tThành phần hao phí\tĐơn vị tính\tTrị số định mức hao phí")
    assert (t.kind, t.rows, t.header_rows) == ("indicator", 21, 2)
    group = next(c for c in t.cells if c.text == "Lao động trực tiếp/người")
    assert (group.header, group.col, group.colspan) == (False, 0, 4)
    got = [(i.subject, i.value, i.unit, i.status) for i in doc.indicators if i.table == t.id]
    assert got[:2] == [("Viên chức hạng IV và tương đương", 29, "Công", "unknown"),
                       ("Viên chức hạng III và tương đương", 87.5, "Công", "unknown")]
    assert len([x for x in doc.tables if x.text.startswith("TT\tThành phần hao phí")]) == 5


def test_a_group_row_between_numbered_rows_stays_in_its_table() -> None:
    # TT of doc_000360 (risk weights): `3 | Giấy tờ có giá ... | 0`, `II. Trái phiếu Chính phủ`,
    # `4 | Trái phiếu Chính phủ không trả lãi | 0`: one table under its header
    doc = parse_text(bench_text("vbpl-html:doc_000360"))
    t = _table_with(doc, "II. Trái phiếu Chính phủ")
    assert t.text.startswith("Các hạng mục đầu tư\tHệ số rủi ro (%)")
    assert "II. Trái phiếu Chính phủ\n4\tTrái phiếu Chính phủ không trả lãi" in t.text
    row = next(c.row for c in t.cells if c.text == "II. Trái phiếu Chính phủ")
    assert not any(c.header for c in t.cells if c.row >= row)


def test_a_heading_before_a_new_header_ends_the_tab_table() -> None:
    # doc_000459: `5.1 | Tỷ lệ về khả năng chi trả ...`, then `Điều 13. Trọng số ...` and a
    # sentence, then the next table's `STT | Tiêu chí/Chỉ tiêu | Trọng số (%)`: two tables
    doc = parse_text(bench_text("vbpl-html:doc_000459"))
    t = _table_with(doc, "Tỷ lệ an toàn vốn")
    assert t.text.startswith("STT\tTiêu chí/Chỉ tiêu\tTrọng số (%)")
    assert [c.text for c in t.cells if c.header] == ["STT", "Tiêu chí/Chỉ tiêu", "Trọng số (%)"]


def test_a_form_grid_numbering_its_columns_again_is_no_data_row() -> None:
    # an exam answer sheet of doc_000552: `Câu hỏi | 1 | 2 | ... | 10`, `Trả lời` (no tab),
    # `Câu hỏi | 11 | 12 | ...`: the tab-less line is followed by the columns numbered again,
    # no data row, so the sheet's grid is not read on as one table of figures
    doc = parse_text(bench_text("vbpl-html:doc_000552"))
    sheet = next(t for t in doc.tables if t.text.startswith("Cán bộ coi thi"))
    assert sheet.rows == 2
    assert "Trả lời" not in sheet.text
