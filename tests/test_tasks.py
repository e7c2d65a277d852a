"""Task tables of plans -> Task records (bpextract.tasks, issue 15 item 3).

Real tables: the Phụ lục of Nghị quyết 116/NQ-CP (corpus/tasks/031, a Kế hoạch) and of Nghị quyết
97/NQ-CP (corpus/tasks/032), as the PDF reader writes them (`cell | cell` rows); the general
rules again on another document, the tab-separated 2003 research task list of Bộ Kế hoạch và Đầu
tư (shared/data bench, viparse-gt). The table stage (celltables) is another module; until its
Table records reach these documents, `_table` below stands in for it: one Table of the `|` or
TAB rows between two lines, header = the first row.
"""

from __future__ import annotations

import dataclasses
import gzip
import itertools
import json
from functools import cache
from pathlib import Path

import pytest

import bpextract
from bpextract.errors import RuleError
from bpextract.model import Cell, Document, Table, Task
from bpextract.quality import load_gold, score
from bpextract.rules import Rules, get_rules
from bpextract.tasks import (
    deadline_spans,
    find_tasks,
    is_task_table,
    read_deadline,
    split_partners,
)
from conftest import CORPUS, shared_path

TASKS_DIR = CORPUS / "tasks"
RULES = get_rules()


def _table(text: str, first: int, last: int, sep: str = "|") -> Table:
    """Stand-in for the table stage: the `sep` rows of lines first..last as one Table."""
    lines = text.split("\n")
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln) + 1)
    cells: list[Cell] = []
    row = 0
    for i in range(first, last + 1):
        if sep not in lines[i]:
            continue
        pos = starts[i]
        for col, part in enumerate(lines[i].split(sep)):
            lead = len(part) - len(part.lstrip())
            s, e = pos + lead, pos + len(part.rstrip())
            cells.append(Cell(row=row, col=col, text=text[s:max(s, e)], start=s,
                              end=max(s, e), header=row == 0))
            pos += len(part) + 1
        row += 1
    return Table(text=text[starts[first]:starts[last + 1] - 1], start=starts[first],
                 end=starts[last + 1] - 1, rows=row, cols=max(c.col for c in cells) + 1,
                 header_rows=1, cells=tuple(cells), form="pipe" if sep == "|" else "tab")


@cache
def _doc(name: str) -> Document:
    return bpextract.parse(TASKS_DIR / name)


def _tasks(name: str, header: str) -> tuple[Document, list[Task]]:
    doc = _doc(name)
    lines = doc.text.split("\n")
    first = next(i for i, ln in enumerate(lines) if ln.startswith(header))
    return doc, find_tasks([_table(doc.text, first, len(lines) - 1)], doc.text, RULES)


@cache
def _nq116() -> tuple[Document, list[Task]]:
    return _tasks("031_congbao_nq-116-nq-cp.pdf", "TT | Nội dung, nhiệm vụ")


@cache
def _nq97() -> tuple[Document, list[Task]]:
    return _tasks("032_congbao_nq-97-nq-cp.pdf", "TT | Tên nhiệm vụ")


def _by_text(tasks: list[Task], start: str) -> Task:
    found = [t for t in tasks if t.text.startswith(start)]
    assert len(found) == 1, (start, [t.text[:40] for t in found])
    return found[0]


# --------------------------------------------------------------------------- NQ 116 (Kế hoạch)

def test_nq116_every_task_row_once_in_order_with_its_span() -> None:
    doc, tasks = _nq116()
    assert len(tasks) == 36
    assert [t.label for t in tasks[:8]] == ["1", "2", "3", "-", "-", "-", "-", "5"]
    assert [t.row for t in tasks] == sorted(t.row for t in tasks)
    for t in tasks:
        assert doc.text[t.start:t.end] == t.text
    # group rows and a continued cell are no tasks
    assert not [t for t in tasks if t.text.startswith(("Hoàn thiện thể chế, chính sách",
                                                       "Hoàn thiện hệ thống tiêu chuẩn",
                                                       "(UAV)", "Các bộ, cơ quan, địa phương"))]


def test_nq116_fields_of_a_task_row() -> None:
    _doc116, tasks = _nq116()
    t = tasks[0]
    assert t.text.startswith("Rà soát, thể chế hóa các chủ trương")
    assert t.lead == "Bộ NN&MT, Bộ Quốc phòng"
    assert t.partners == ("Các bộ", "cơ quan", "địa phương")
    assert (t.deadline, t.deadline_end, t.deadline_kind) == ("2026", "2027", "range")
    assert t.deadline_text == "Năm 2026 - 2027"
    assert t.output is None  # this table has no Sản phẩm column
    assert t.group == ("Hoàn thiện thể chế, chính sách, các quy định của pháp luật về công tác "
                       "phòng, chống thiên tai")


def test_nq116_cells_merged_down_over_dash_rows() -> None:
    _doc116, tasks = _nq116()
    road = _by_text(tasks, "Công trình giao thông.")
    assert road.label == "-"
    assert road.lead == "Bộ Xây dựng"
    # partners and deadline are one merged cell over the `-` rows: the PDF text has them once
    assert road.partners == ("Bộ Khoa học và Công nghệ", "các bộ", "cơ quan")
    assert (road.deadline, road.deadline_kind) == ("2026", "date")
    assert road.deadline_text == "Năm 2026 và các năm tiếp theo"
    assert road.group is not None and road.group.startswith("Hoàn thiện hệ thống tiêu chuẩn")
    telecom = _by_text(tasks, "Công trình thông tin liên lạc.")
    assert telecom.partners == ("Các bộ", "cơ quan")  # its own cell, not the merged one
    assert telecom.deadline == "2026"


def test_nq116_recurring_and_unnumbered_subtask() -> None:
    _doc116, tasks = _nq116()
    drill = _by_text(tasks, "Xây dựng và diễn tập các kịch bản")
    assert (drill.deadline, drill.deadline_kind, drill.partners) == (None, "recurring", ())
    order = _by_text(tasks, "Thực hiện đặt hàng, giao nhiệm vụ")
    assert order.label is None
    assert order.lead == "Bộ Giáo dục và Đào tạo"
    assert order.group is not None and order.group.startswith("Đẩy mạnh phát triển nguồn")
    media = _by_text(tasks, "Đổi mới, đa dạng hóa trong công tác tuyên truyền")
    assert media.deadline_text == "Thường xuyên, hằng năm"
    assert media.deadline_kind == "recurring"
    assert media.lead == ("Bộ Văn hóa, Thể thao và Du lịch, các Bộ, cơ quan, UBND các tỉnh, "
                          "thành phố")


# --------------------------------------------------------------------------- NQ 97

def test_nq97_repeated_headers_and_shifted_rows_are_skipped() -> None:
    _doc97, tasks = _nq97()
    assert len(tasks) == 29
    assert [t.label for t in tasks] == [str(i) for i in range(1, 30)]
    assert all(t.output for t in tasks)


def test_nq97_outputs_deadlines_and_page_broken_cells() -> None:
    _doc97, tasks = _nq97()
    kpi = tasks[6]
    assert kpi.output == "Đề án trình Thủ tướng Chính phủ"
    assert (kpi.deadline, kpi.deadline_kind) == ("2026-03", "date")
    assert (tasks[0].deadline, tasks[0].deadline_text) == ("2026", "2026 và hằng năm")
    assert (tasks[9].deadline, tasks[9].deadline_kind) == (None, None)  # Theo Kế hoạch của ...
    # task 12 runs onto the next page: its lead and output continue there
    assert tasks[11].lead == ("Bộ Tư pháp (đối với các nội dung liên quan đến thủ tục hành chính) "
                              "Bộ Tài chính (đối với các nội dung liên quan đến điều kiện đầu tư "
                              "kinh doanh)")
    assert tasks[11].output is not None
    assert tasks[11].output.endswith("trong năm 2026 được trình Ban Chỉ đạo Trung ương về hoàn "
                                     "thiện thể chế, pháp luật")
    assert tasks[22].partners == ("Đài Truyền hình Việt Nam", "Đài Tiếng nói Việt Nam", "các bộ",
                                  "ngành", "UBND tỉnh, thành phố")


def test_gold_of_corpus_tasks_scores() -> None:
    """The tool (on the stand-in tables) against the hand gold of corpus/tasks."""
    pairs = []
    for name, made in (("031_congbao_nq-116-nq-cp", _nq116()), ("032_congbao_nq-97-nq-cp",
                                                                  _nq97())):
        doc, tasks = made
        gold = load_gold(TASKS_DIR / "gold" / f"{name}.json")
        pairs.append((dataclasses.replace(doc, tasks=tuple(tasks)), gold))
    report = score(pairs)
    c = report.tables["tasks"]
    assert (c.tp, c.fp, c.fn) == (65, 0, 0)
    assert report.fields["tasks.lead"].correct == 65
    assert report.fields["tasks.deadline"].correct == 65
    assert report.fields["tasks.deadline_kind"].correct == 65
    assert report.fields["tasks.partners"].correct == 65
    assert report.fields["tasks.group"].correct == 36
    # 032 tasks 17, 18: the shifted row of the second result is dropped with the fragment
    # that continues it on the next page, so the first result's output stays whole
    assert report.fields["tasks.output"].correct == 65


# --------------------------------------------------------------------------- other document

@cache
def _research_list() -> str:
    bench = shared_path("data", "bench", "vn_legal_fulltext.jsonl.gz")
    with gzip.open(bench, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if rec["id"] == "viparse-gt:2005-2942C_Detai2003":
                return str(rec["text"])
    raise AssertionError("bench record missing")


def test_general_rules_on_a_tab_table_with_other_columns() -> None:
    """Columns in another order (Thời gian before Đơn vị chủ trì), no partners column, an
    unnumbered group row, TAB cells: the same rules read it."""
    text = _research_list()
    lines = text.split("\n")
    first = next(i for i, ln in enumerate(lines) if ln.startswith("STT\t"))
    table = _table(text, first, len(lines) - 1, sep="\t")
    assert is_task_table(table, RULES)
    tasks = find_tasks([table], text, RULES)
    assert len(tasks) == 28
    assert [t.label for t in tasks[:3]] == ["1", "2", "3"]
    assert tasks[1].text == ("Giải pháp chuyển dịch cơ cấu kinh tế nông nghiệp Vùng Đồng Bằng "
                             "Sông Cửu Long đến năm 2010")
    assert all(t.group == "Đề tài nghiên cứu khoa học" for t in tasks)
    assert tasks[1].lead is not None and tasks[1].lead.startswith("TT NC KT Miền Nam")
    # `09 tháng` is a duration, no deadline date
    assert (tasks[1].deadline, tasks[1].deadline_kind, tasks[1].deadline_text) == (
        None, None, "09 tháng")
    assert tasks[20].deadline_text == "12 tháng"
    assert all(t.partners == () for t in tasks)


def test_a_table_without_agency_column_is_no_task_table() -> None:
    text = "STT | Chỉ tiêu | Đơn vị tính | Kế hoạch\n1 | Giá trị sản xuất | Tỷ.đ | 350,5"
    table = _table(text, 0, 1)
    assert not is_task_table(table, RULES)
    assert find_tasks([table], text, RULES) == []


# --------------------------------------------------------------------------- cells

@pytest.mark.parametrize(("cell", "want"), [
    ("Quý II/2026", ("2026-04", "2026-06", "range")),
    ("Trước 30/6/2025", ("2025-06-30", None, "date")),
    ("năm 2025", ("2025", None, "date")),
    ("Giai đoạn 2026 - 2030", ("2026", "2030", "range")),
    ("Tháng 02/2026", ("2026-02", None, "date")),
    ("Hằng năm", (None, None, "recurring")),
    ("Thường xuyên", (None, None, "recurring")),
    ("2026 và hằng năm", ("2026", None, "date")),
    ("Kỳ họp thứ nhất Quốc hội khóa XVI", (None, None, None)),
    ("", (None, None, None)),
])
def test_read_deadline(cell: str, want: tuple[str | None, str | None, str | None]) -> None:
    assert read_deadline(cell, RULES) == want


@pytest.mark.parametrize(("cell", "want"), [
    ("Bộ Khoa học và Công nghệ; các bộ, cơ quan",
     ("Bộ Khoa học và Công nghệ", "các bộ", "cơ quan")),
    ("Các bộ, ngành, UBND tỉnh, thành phố trực thuộc trung ương",
     ("Các bộ", "ngành", "UBND tỉnh, thành phố trực thuộc trung ương")),
    ("Bộ Văn hóa, Thể thao và Du lịch, Bộ Tài chính",
     ("Bộ Văn hóa, Thể thao và Du lịch", "Bộ Tài chính")),
    ("Sở Nội vụ\nSở Tài chính.", ("Sở Nội vụ", "Sở Tài chính")),
    (None, ()),
])
def test_split_partners(cell: str | None, want: tuple[str, ...]) -> None:
    assert split_partners(cell, RULES) == want


def test_rule_errors_name_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "tasks.yaml").write_text(
        "columns:\n  - field: lead\n    words: [chủ trì]\n  - field: agency\n    words: [x]\n",
        encoding="utf-8")
    with pytest.raises(RuleError, match=r"tasks\.yaml:4: field must be one of"):
        find_tasks([_table("TT | Nội dung | Chủ trì\n1 | a | b", 0, 1)], "", Rules(tmp_path))
    (tmp_path / "tasks.yaml").write_text("columns:\n  - field: lead\n    word: [x]\n",
                                         encoding="utf-8")
    with pytest.raises(RuleError, match=r"tasks\.yaml:3"):
        Rules(tmp_path)["tasks"]


def test_nq116_as_one_table_a_page_reads_the_same() -> None:
    """The table stage may give a table printed over six pages as six tables, the later ones
    headed by what the page repeats (`|  | trì thực hiện | phối hợp |`): they are one task
    table."""
    doc, whole = _nq116()
    lines = doc.text.split("\n")
    first = next(i for i, ln in enumerate(lines) if ln.startswith("TT | Nội dung, nhiệm vụ"))
    breaks = [i for i, ln in enumerate(lines) if ln.strip() == "|  | trì thực hiện | phối hợp |"]
    assert len(breaks) == 5
    bounds = [first, *breaks, len(lines)]
    pages = [_table(doc.text, a, b - 1) for a, b in itertools.pairwise(bounds)]
    pages = [dataclasses.replace(t, id=k + 1) for k, t in enumerate(pages)]
    assert [is_task_table(t, RULES) for t in pages] == [True] + [False] * 5
    tasks = find_tasks(pages, doc.text, RULES)
    assert [(t.text, t.lead, t.partners, t.deadline, t.group) for t in tasks] == [
        (t.text, t.lead, t.partners, t.deadline, t.group) for t in whole]
    assert [t.table for t in tasks[:8]] == [1] * 8
    assert tasks[8].table == 2 and tasks[8].text.startswith("Hoàn thiện các quy định về xử lý")
    # the `(UAV), ...` row on top of page 5 continues task III.4, it is no heading
    uav = _by_text(tasks, "Hiện đại hóa hệ thống quan trắc")
    assert uav.table == 3  # its last line, `(UAV), ...`, tops the next page
    assert _by_text(tasks, "Cập nhật bản đồ rủi ro thiên tai").group == uav.group


def test_second_result_row_under_a_merged_task_cell_is_not_merged_into_the_first() -> None:
    """NQ 97 task 15 has two results under one task cell; the PDF text loses the merged cell
    and the label, so the second result's row starts with its agency. Aligned under its
    columns (as a table stage that keeps the column grid gives it), it is still no part of
    the first result."""
    doc = _doc("032_congbao_nq-97-nq-cp.pdf")
    lines = doc.text.split("\n")
    head = next(ln for ln in lines if ln.startswith("TT | Tên nhiệm vụ"))
    row15 = next(ln for ln in lines if ln.startswith("15 | "))
    second = next(ln for ln in lines if ln.startswith("Bộ Tài chính | Các bộ, cơ quan ngang bộ "
                                                      "| Báo cáo kết quả"))
    text = "\n".join([head, row15, " |  | " + second])
    tasks = find_tasks([_table(text, 0, 2)], text, RULES)
    assert len(tasks) == 1
    assert tasks[0].lead == "Bộ Tài chính"
    assert tasks[0].partners == ("Các bộ", "cơ quan ngang bộ")
    assert tasks[0].deadline == "2026-05"
    assert tasks[0].output is not None and tasks[0].output.startswith("Báo cáo chuyên đề")


def test_second_result_without_agency_is_not_merged_either() -> None:
    """NQ 97 task 26: `Bộ chỉ số được tổ chức thi hành trên thực tế | 2027 - 2030` is its second
    result (agency cells merged down), aligned under Kết quả and Thời gian hoàn thành."""
    doc = _doc("032_congbao_nq-97-nq-cp.pdf")
    lines = doc.text.split("\n")
    head = next(ln for ln in lines if ln.startswith("TT | Tên nhiệm vụ"))
    row26 = next(ln for ln in lines if ln.startswith("26 | "))
    second = next(ln for ln in lines if ln.startswith("Bộ chỉ số được tổ chức thi hành"))
    text = "\n".join([head, row26, " |  |  |  | " + second])
    tasks = find_tasks([_table(text, 0, 2)], text, RULES)
    assert [(t.output, t.deadline, t.deadline_text) for t in tasks] == [
        ("Bộ chỉ số được xây dựng trình cơ quan có thẩm quyền ban hành", "2026", "2026")]


def test_dates_in_the_deadline_column_are_deadlines() -> None:
    """`Tháng 3/2026` in Thời gian hoàn thành has no deadline word before it (dates.py alone
    gives it role period); the column makes it a deadline. A date of a reference keeps its
    role."""
    doc = _doc("032_congbao_nq-97-nq-cp.pdf")
    lines = doc.text.split("\n")
    first = next(i for i, ln in enumerate(lines) if ln.startswith("TT | Tên nhiệm vụ"))
    spans = deadline_spans([_table(doc.text, first, len(lines) - 1)], RULES)
    texts = [doc.text[s:e] for s, e in spans]
    assert texts[:3] == ["2026 và hằng năm", "Thường xuyên", "Thường xuyên"]
    assert "Theo Kế hoạch của Ủy ban Thường vụ Quốc hội" in texts
    assert "Thời gian hoàn thành" not in texts
    # the whole pipeline: the table stage's tables, then the tasks stage
    # one task table continued from page 3 to page 16 (the reader's ruled table per page,
    # joined by the table stage), 47 rows
    assert [(t.page, t.rows, t.cols) for t in doc.tables] == [(3, 47, 7)]
    assert {c.page for c in doc.tables[0].cells} == set(range(3, 17))
    assert len(doc.tasks) == 29
    assert [d.role for d in doc.dates if d.text == "Tháng 3/2026"] == ["deadline", "deadline"]
    assert next(d for d in doc.dates if d.text == "ngày 07/02/2026").role == "reference"
    # Quý IV/2026 of Điều 2 (a deadline word) and at least the 15 month dates of the numbered
    # rows' deadline cells (the second results' rows depend on where the table stage puts them)
    assert sum(d.role == "deadline" for d in doc.dates) >= 16
    for t in doc.tasks:
        if t.deadline_text and t.deadline_text.startswith("Tháng"):
            inside = [d for d in doc.dates if d.text == t.deadline_text
                      and abs(d.start - t.start) < 2000]
            assert inside and all(d.role == "deadline" for d in inside), t.deadline_text
    assert [d.role for d in doc.dates if d.text == "Quý IV/2026"] == ["deadline"]


@pytest.mark.parametrize("name", ["031_congbao_nq-116-nq-cp", "032_congbao_nq-97-nq-cp"])
def test_corpus_tasks_gold_fits_its_document(name: str) -> None:
    """Every annotated text of corpus/tasks/gold is found at its occurrence (as test_gold does
    for corpus/gold)."""
    from bpextract.quality import gold_problems

    gold = load_gold(TASKS_DIR / "gold" / f"{name}.json")
    assert gold_problems(gold, _doc(f"{name}.pdf")) == []
    assert len(gold.tables["tasks"]) == {"031": 36, "032": 29}[name[:3]]


def test_corpus_tasks_end_to_end() -> None:
    """The whole pipeline (the table stage's tables of the PDF reader's `|` rows, then this
    stage) finds every annotated task once, with its deadline."""
    pairs = [(_doc(f"{n}.pdf"), load_gold(TASKS_DIR / "gold" / f"{n}.json"))
             for n in ("031_congbao_nq-116-nq-cp", "032_congbao_nq-97-nq-cp")]
    report = score(pairs)
    c = report.tables["tasks"]
    assert (c.tp, c.fp, c.fn) == (65, 0, 0)
    assert report.fields["tasks.deadline"].correct == 65
    assert report.fields["tasks.deadline_kind"].correct == 65
    # 031's first group row comes as a second header row, its two cells under the last two
    # columns: still the group of the tasks below it
    assert report.fields["tasks.group"].correct == 36
