"""Figures and units of table cells (issue 15, table stage accuracy): the number convention a
column writes (en-US `197,128,000`, Vietnamese `1.250.000`, both in one hand-typed column) and
whose unit a cell takes (its column header's, the row's ĐVT, or, for money columns, neither when
the ĐVT is the unit of the quantity). On real documents of ../shared other than the corpus/tables
documents the rules were first seen on."""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

import pytest

from bpextract import celltables, tableindicators
from bpextract.api import parse, parse_text
from bpextract.model import Document, Indicator, Table
from bpextract.rules import get_rules
from conftest import bench_text, shared_path

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
def test_an_organ_named_over_a_column_is_no_plan() -> None:
    # the same project's budget: `Khối Đảng | Sở tài chánh | Sở kế hoạch` over each organ's
    # share; `Sở kế hoạch` (Sở Kế hoạch và Đầu tư, typed in lower case) named a `target`
    # column through the plan cue `kế hoạch` before
    doc = _duan()
    t = _table(doc, "Tổng kinh phí được cấp:", "Hoạt động quản lý& điều hành dự án")
    cols = celltables.columns(t, RULES)
    assert [(x.header, x.role, x.status) for x in cols[6:]] == [
        ("Khối Đảng", "value", None), ("Sở tài chánh", "value", None),
        ("Sở kế hoạch", "value", None)]
    got = [(i.row, i.value, i.status) for i in doc.indicators if i.table == t.id and i.col == 8]
    assert got == [(3, 3750000, "unknown"), (4, 51000000, "unknown"), (5, 12000000, "unknown"),
                   (6, 8250000, "unknown"), (7, 75000000, "unknown")]
    assert not any(i.status == "target" for i in doc.indicators if i.table == t.id)


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


def test_the_unit_in_a_value_header_wins_over_the_row_unit() -> None:
    # Thông tư 154/2025/TT-BTC, Biểu mức thu phí: `Số TT | Tên phí, lệ phí | Đơn vị tính | Mức
    # thu (đồng)`, rows `- Sát hạch lý thuyết | Lần | 100.000`: 100 000 đồng a time, not 100 000
    # `Lần`
    text = bench_text("vbpl-html:doc_000355")
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


# --------------------------------------------------------------------- table shapes and kinds

@needs_soffice
def test_a_gantt_schedule_without_agency_is_a_task_table() -> None:
    # Mẫu dự án CNTT (2004, TCVN3 .doc): `Mã hạng mục | Mô tả nội dung công việc | Tiến độ thực
    # hiện kinh phí theo quí trong năm 1998 | Tổng cộng | Ghi chú`, quarters I..IV below, the
    # bars left blank; no lead column, no row numbers
    doc = parse(shared_path("data", "legacy", "original", "tcvn3", "2004-mauduan.doc"))
    gantt = [t for t in doc.tables if t.kind == "task"]
    assert len(gantt) == 2
    first = [t for t in doc.tasks if t.table == gantt[0].id]
    assert [t.text for t in first[:3]] == ["Quản lý dự án", "Tiếp tục Xây dựng dự án khả thi",
                                          "Tổ chức đấu thầu mua sắm thiết bị"]
    assert first[-1].text == "Nghiệm thu" and len(first) == 12  # the `...` row is no task
    assert all(t.deadline is None and t.lead is None and t.group is None for t in first)


@needs_soffice
def test_a_gantt_chart_of_months_is_a_task_table() -> None:
    # Thuyết minh dự án (2004, B1-2-TMDA, TCVN3 .doc), Phụ lục 8 `Kế hoạch tiến độ thực hiện`:
    # `TT | Nội dung công việc | Tháng` over months 1..24, a row numbering the columns, bars
    # written `...`; no agency, no deadline column
    from bpextract.tasks import slot_columns

    doc = parse(shared_path("data", "legacy", "original", "tcvn3", "2004-B1-2-TMDA.doc"))
    [gantt] = [t for t in doc.tables if t.kind == "task"]
    assert gantt.text.startswith("TT | Nội dung công việc | Tháng")
    assert slot_columns(gantt, RULES) == list(range(2, 26))
    rows = [t for t in doc.tasks if t.table == gantt.id]
    assert [(t.label, t.text) for t in rows[:2]] == [("1", "Sửa chữa, xây dựng nhà xưởng"),
                                                     ("2", "Hoàn thiện công nghệ")]
    assert (len(rows), rows[-1].text) == (9, "Đánh giá nghiệm thu")
    assert all(t.deadline is None and t.lead is None for t in rows)
    # the other 17 tables (budget forms with `Thành tiền`, `Số lượng`) keep their kind
    assert sum(1 for t in doc.tables if t.kind == "other") == 17


def test_week_columns_of_a_shaded_gantt_are_time_slots() -> None:
    # corpus/tables/042: `TT | TÊN CÔNG VIỆC | NHÓM THỰC HIỆN | THỜI GIAN ...` over `Tuần 1..4`
    # (26 day columns, bars shaded: empty cells)
    from bpextract.tasks import slot_columns

    doc = parse(Path(__file__).parents[1] / "corpus" / "tables" /
                "042_qlvb_nhat-ky-thi-cong-qlvbdh-2012.doc")
    gantt = next(t for t in doc.tables if t.kind == "task")
    assert slot_columns(gantt, RULES) == list(range(3, 29))


@pytest.mark.parametrize("name", ["029_viparse_2005-C6DFD_XK_01-05.txt",
                                  "030_viparse_2005-4E4ZD_XKT2.05.txt"])
def test_monthly_figure_tables_have_no_time_slots(name: str) -> None:
    # export reports by month (`T1/2005 | T2/2005 | 2T.2005` over figures): indicator tables
    from bpextract.tasks import slot_columns

    doc = parse(Path(__file__).parent / "fixtures" / "report_tables" / name)
    ind = [t for t in doc.tables if t.kind == "indicator"]
    assert len(ind) == 1 and slot_columns(ind[0], RULES) == []
    assert doc.tasks == ()


def test_month_columns_of_figures_are_no_gantt_but_marks_are() -> None:
    from bpextract.tasks import slot_columns

    head = "TT | Nội dung công việc | Tháng 1 | Tháng 2 | Tháng 3\n"
    figures = parse_text(head + "1 | Tiếp nhận hồ sơ | 120 | 135 | 140\n"
                                "2 | Giải quyết hồ sơ | 118 | 130 | 139\n")
    [t] = figures.tables
    assert t.kind != "task" and slot_columns(t, RULES) == [] and figures.tasks == ()
    marks = parse_text(head + "1 | Khảo sát hiện trạng | x | x | \n"
                              "2 | Xây dựng phần mềm | | x | x\n")
    [t] = marks.tables
    assert t.kind == "task" and slot_columns(t, RULES) == [2, 3, 4]
    assert [k.text for k in marks.tasks] == ["Khảo sát hiện trạng", "Xây dựng phần mềm"]


def test_cv_forms_that_start_with_the_time_are_no_task_tables() -> None:
    # `Thời gian | Đơn vị công tác | Chức danh/chức vụ | Lĩnh vực công việc` (a CV's career
    # history) names a time and work, but the time comes first: not a schedule
    for doc_id in ("vbpl-html:doc_000323", "vbpl-html:doc_000617"):
        doc = parse_text(bench_text(doc_id))
        assert doc.tables and all(t.kind != "task" for t in doc.tables), doc_id
        assert doc.tasks == ()


def test_deadline_months_sharing_a_year() -> None:
    from bpextract.tasks import read_deadline

    assert read_deadline("Tháng 11, 12/2012", RULES) == ("2012-11", "2012-12", "range")
    assert read_deadline("tháng 3 và 4 năm 2024", RULES) == ("2024-03", "2024-04", "range")
    assert read_deadline("Từ tháng 01/2013", RULES) == ("2013-01", None, "date")


def test_report_forms_end_their_header_at_the_column_numbers() -> None:
    # Thông tư 06/2025/TT-TTCP, report forms: five header rows, then `MS | 1 = 2 + 3 = 4 + 5 |
    # 2 | 3 | ...` numbering the columns, no data row; the column numbers are no figures
    doc = parse(shared_path("data", "html", "vbpl_tt-06-2025-tt-ttcp_report-forms.html"))
    first = doc.tables[0]
    assert (first.rows, first.cols, first.header_rows, first.kind) == (6, 27, 6, "other")
    assert [i for i in doc.indicators if i.table is not None] == []


def test_a_lone_header_row_and_a_table_without_header() -> None:
    rows = [["Ngày đến", "Số đến", "Nơi gửi", "Trích yếu"]]
    assert celltables._header_count(rows, 3) == 1  # a blank form: its empty rows left out
    pcs = [["Máy PC", "Main G31, CPU Dual Core E5500"], ["Máy PC", "Celeron 2.4 GHz"],
           ["Máy PC", "CPU Pen IV 2.8 GHz"]]
    assert celltables._header_count(pcs, 3) == 0  # its first cell heads the rows below again
    use_cases = [["STT", "Loại use-case", "Số use-case", "Trọng số"], ["1", "B", "", ""],
                 ["", "use-case đơn giản", "3", "5"]]
    assert celltables._header_count(use_cases, 3) == 1  # `1 | B`: a group row, no numbering


def test_a_tab_row_without_its_number_cell_sits_under_the_last_columns() -> None:
    # Thông tư 154/2025/TT-BTC: `- Sát hạch lý thuyết | Lần | 100.000` under `a | Đối với ...`:
    # the STT cell was merged down in the web page and is missing from the tab row
    doc = parse_text(bench_text("vbpl-html:doc_000355"))
    t = next(t for t in doc.tables if "Mức thu (đồng)" in t.text)
    cell = next(c for c in t.cells if c.text == "- Sát hạch thực hành trong hình")
    row = sorted((c.col, c.text) for c in t.cells if c.row == cell.row)
    assert row == [(1, "- Sát hạch thực hành trong hình"), (2, "Lần"), (3, "350.000")]


# ------------------------------------------------------------------------------- norm tables

@cache
def _tt36() -> Document:
    # Công báo TT 36/2026/TT-BTC (177 pages): Phụ lục I-XI, norms tables `TT | Nội dung | Mức
    # chuyên gia | Ngày công thực hiện`, each joined over its pages
    return parse(shared_path("data", "pdf", "congbao_tt-36-2026-tt-btc_177p_tables.pdf"))


def test_a_norms_table_reports_no_result_and_counts_labour_days() -> None:
    # `Ngày công thực hiện` is the days of work a task is allowed ("to perform"), not work
    # performed: no `achieved`; the header's `Ngày công` is the figures' unit
    doc = _tt36()
    first = doc.tables[0]
    assert (first.kind, first.rows) == ("indicator", 177)
    cells = [i for i in doc.indicators if i.table is not None]
    assert len(cells) == 1993
    assert {(i.status, i.unit, i.quantity) for i in cells} == {("unknown", "ngày công", "count")}
    assert {i.period for i in cells} == {None}  # a norm belongs to no period
    by = {(i.row, i.col): i for i in cells if i.table == first.id}
    a8 = by[(10, 3)]  # `a.8 | Hệ thống bản đồ, sơ đồ liên quan | CG2 | 150`
    assert (a8.value, a8.subject) == (150, "Hệ thống bản đồ, sơ đồ liên quan")


def test_a_norms_table_is_told_by_its_title_or_a_header_cue() -> None:
    from bpextract.normtables import is_norm_table, title_before

    text = ("Phụ lục I\n\nĐỊNH MỨC CHO HOẠT ĐỘNG TRỰC TIẾP LẬP QUY HOẠCH\n\n(Kèm theo Thông tư "
            "số 36/2026/TT-BTC)\n\nTT | Nội dung")
    title = title_before(text, text.index("TT |"), 4)
    assert title.splitlines() == ["Phụ lục I", "ĐỊNH MỨC CHO HOẠT ĐỘNG TRỰC TIẾP LẬP QUY HOẠCH",
                                  "(Kèm theo Thông tư số 36/2026/TT-BTC)"]
    assert is_norm_table(title, ["TT", "Nội dung"], RULES)
    assert is_norm_table("B. Bảng định mức\nĐơn vị tính: 01 cuộc", ["STT"], RULES)
    assert is_norm_table("PHỤ LỤC 3\nMỨC CHI TỐI ĐA ĐỐI VỚI SẢN PHẨM", ["STT"], RULES)
    assert is_norm_table("", ["Nội dung", "Mức chuyên gia", "Ngày công thực hiện"], RULES)
    # a report's table: the cue words are no title, or stand inside a sentence
    assert not is_norm_table("Biểu 2. Kết quả thực hiện năm 2024", ["Chỉ tiêu", "Thực hiện"],
                             RULES)
    assert not is_norm_table("Kết quả thực hiện so với định mức như sau:",
                             ["Chỉ tiêu", "Thực hiện"], RULES)
    assert not is_norm_table("", ["Chỉ tiêu", "Đơn giá", "Thành tiền"], RULES)


def test_a_norms_table_of_another_ministry_has_no_target() -> None:
    # TT 25/2025/TT-BVHTTDL, Phụ lục I `B. Bảng định mức` (`STT | Nội dung công việc | Đơn vị
    # tính | Trị số định mức`): `Khảo sát, lập kế hoạch ...` (a group row the table stage took
    # for the header) named a `target` column before
    doc = parse_text(bench_text("vbpl-html:doc_000408"))
    cells = [i for i in doc.indicators if i.table is not None]
    assert len(cells) == 76
    assert {i.status for i in cells} == {"unknown"}
    # the header is the `STT` row, not cut off by the tab-less `Nhân công lao động trực tiếp`
    # under it: that line is a group row, and each work item's norm is read in `Công`
    norms = _table(doc, "STT", "Nhân công lao động trực tiếp")
    assert [x.text for x in norms.cells if x.header] == [
        "STT", "Nội dung công việc", "Đơn vị tính", "Trị số định mức"]
    assert norms.kind == "indicator"
    got = [(i.subject, i.value, i.unit) for i in cells if i.table == norms.id]
    assert got[:3] == [("Khảo sát về di sản văn hóa phi vật thể", 20, "Công"),
                       ("Xây dựng báo cáo khảo sát về di sản văn hóa phi vật thể", 12, "Công"),
                       ("Xây dựng mẫu phiếu thu thập thông tin phục vụ sưu tầm", 6, "Công")]
    assert len(got) == 13


def test_a_report_table_keeps_its_statuses() -> None:
    text = ("Biểu 1. Kết quả thực hiện các chỉ tiêu năm 2024\n\n"
            "Chỉ tiêu | Đơn vị tính | Kế hoạch | Thực hiện\n"
            "Công trình hoàn thành | Công trình | 12 | 10\n"
            "Lao động được đào tạo | người | 300 | 320\n")
    doc = parse_text(text)
    got = [(i.value, i.status) for i in doc.indicators if i.table is not None]
    assert got == [(12, "target"), (10, "achieved"), (300, "target"), (320, "achieved")]


# ------------------------------------------------------------- status and period of report cells

def test_received_and_processed_columns_of_a_report_are_results_of_its_period() -> None:
    # corpus/tables/043, Báo cáo 99/BC-STC of 20/5/2019: `Số lượng tiếp nhận | Đã xử lý` over
    # `Hồ sơ`, introduced by `Từ ngày 01/01/2019 đến thời điểm báo cáo, Sở Tài chính tiếp nhận
    # được 137 hồ sơ ..., cụ thể:`
    doc = parse(Path(__file__).parents[1] / "corpus" / "tables" /
                "043_stc-daknong_bc-99-stc-cchc-2019.pdf")
    cells = [i for i in doc.indicators if i.table is not None]
    assert [(i.col, i.value, i.unit, i.quantity, i.status, i.period) for i in cells] == [
        (3, 137, "Hồ sơ", "count", "achieved", "2019-01-01/2019-05-20"),
        (4, 137, "Hồ sơ", "count", "achieved", "2019-01-01/2019-05-20")]
    assert cells[0].period_text == "ngày 01/01/2019 đến thời điểm báo cáo"


_REPORT = """UBND TỈNH ĐẮK NÔNG
SỞ TƯ PHÁP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 45/BC-STP
Gia Nghĩa, ngày 15 tháng 4 năm 2024

BÁO CÁO
Kết quả giải quyết thủ tục hành chính quý I năm 2024

I. KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH

{lead}

STT | Tên thủ tục | Đơn vị tính | Số lượng tiếp nhận | Đã giải quyết
1 | Cấp phiếu lý lịch tư pháp | Hồ sơ | 850 | 842
2 | Đăng ký hoạt động văn phòng công chứng | Hồ sơ | 12 | 12

II. ĐÁNH GIÁ CHUNG

Công tác giải quyết thủ tục hành chính bảo đảm đúng thời hạn.
"""


@pytest.mark.parametrize(("lead", "period"), [
    # no date in the lead-in: the report's period (its title's `quý I năm 2024`)
    ("Sở Tư pháp đã tiếp nhận và giải quyết hồ sơ như sau:", "2024-01/2024-03"),
    # a start `đến nay`: from it to the report's date
    ("Từ ngày 01/01/2024 đến nay, Sở Tư pháp đã tiếp nhận và giải quyết hồ sơ như sau:",
     "2024-01-01/2024-04-15"),
])
def test_report_cells_without_a_period_take_the_lead_in_or_report_period(
        lead: str, period: str) -> None:
    doc = parse_text(_REPORT.format(lead=lead))
    cells = [i for i in doc.indicators if i.table is not None]
    assert [(i.value, i.unit, i.status, i.period) for i in cells] == [
        (850, "Hồ sơ", "achieved", period), (842, "Hồ sơ", "achieved", period),
        (12, "Hồ sơ", "achieved", period), (12, "Hồ sơ", "achieved", period)]


def test_a_table_caption_names_the_period_of_its_result_columns() -> None:
    # Cục ĐTNN data of 08/2005: each table under its caption `đầu tư trực tiếp nước ngoài theo
    # ngành 1988-2005 (tính tới ngày 22/8/2005 ...)`; `Đầu tư thực hiện` (achieved) names no
    # period, and the caption's is not the rows of the table above it
    doc = parse(Path(__file__).parent / "fixtures" / "report_tables" /
                "028_viparse_2005-34448_Data_08-2005_Website.txt")
    done = [i for i in doc.indicators if i.table is not None and i.status == "achieved"]
    assert len(done) == 164
    assert {(i.period, i.period_text) for i in done} == {("1988/2005", "1988-2005")}
    # the other columns (`Số dự án`, `TVĐT`) say nothing of status, nor of their period
    assert {i.period for i in doc.indicators if i.table is not None
            and i.status == "unknown"} == {None}
