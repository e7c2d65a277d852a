"""Task tables of plans: rows of `Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Sản phẩm |
Thời gian hoàn thành` become Task records (issue 15 item 3).

Works on the Table records the table stage built (it finds no tables itself). A table is a task
table when its header names the fields of `rules/tasks.yaml` (settings.required). Its rows are
read in order:
- a heading row (`I | Hoàn thiện thể chế ...`, or a numbered row whose other cells are empty,
  `4 | Hoàn thiện hệ thống tiêu chuẩn ...` above `- | Công trình giao thông.`) names the group
  of the tasks below it;
- a task row has a number or dash in its label cell, or an agency in charge;
- a row with an empty label and nothing but text is a heading too, unless it follows a header
  printed again on a new page or ends like a sentence: then it continues the task above (its
  cells are added to the task's cells); a repeated header is skipped;
- a row of just a roman or letter label and a text is a group row wherever its two cells were
  placed;
- a row whose label cell holds text (cells shifted left because the reader lost a merged cell)
  cannot be read and is left out, with the continued text that follows it;
- a row with no label and no task but its own deadline and another cell (agency, result) is a
  second result of the task above (its task cell merged down); the task keeps its first one;
- a row that ends early (the cells merged down from the row above, as PDF text loses them)
  takes the missing cells from the task above in the same group.
The deadline is read by dates.py (`Quý II/2026` -> 2026-04..2026-06, `trước 30/6/2025` ->
2025-06-30, `Giai đoạn 2026 - 2030` -> 2026..2030); a cell with no date but a recurring word
(`Hằng năm`, `Thường xuyên`) is `recurring`.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex

from .dates import find_dates
from .errors import RuleError
from .model import Cell, Table, Task
from .rules import Rules, Schema, Section, literal_alternation

FIELDS = ("label", "task", "lead", "partners", "output", "deadline")

SCHEMAS: Mapping[str, Schema] = {
    "tasks": {
        "columns": Section({"field": (str, True), "words": (list, True),
                            "examples": (list, False)}, key="field"),
        "settings": Section({"required": (list, False), "required_any": (list, False),
                             "recurring_words": (list, False),
                             "keep_together": (list, False), "split_before": (list, False)},
                            mapping=True),
        "gantt": Section({"slot_words": (list, False), "marks": (list, False),
                          "min_slots": (int, False)}, mapping=True),
    },
}

_WS = regex.compile(r"\s+")
_ROMAN = regex.compile(r"(?i)[IVXLC]{1,6}\.?")
_LETTER = regex.compile(r"[A-ZĐ]\.?")
_NUMBER = regex.compile(r"\d{1,3}(?:\.\d{1,3}){0,3}\.?")
_DASH = regex.compile(r"[-–—+•*]")
# a lone year in a deadline cell (`2026 và hằng năm`): the column says it is a time, which
# running text does not (dates.py reads a bare year only after `năm`)
_BARE_YEAR = regex.compile(r"(?<![\w/.,\-])(?:19|20)\d\d(?![\w/]|[.,]\d)")
# months listed with one year (`Tháng 11, 12/2012`, `tháng 3 và 4 năm 2024`): the task runs
# from the first to the last; dates.py reads a month only with its own year
_MONTH_LIST = regex.compile(
    r"(?i)(?<!\w)tháng\s+(\d{1,2})((?:\s*(?:,|và|-|–)\s*\d{1,2})+)\s*(?:/|năm\s+)"
    r"((?:19|20)\d\d)(?![\w/])")
_COLUMN_NUMBER = regex.compile(r"[0-9]{1,4}")
_WORD = regex.compile(r"\p{L}")  # a task cell says something (`...` holds no task)
_SEP = regex.compile(r"[,;\n]")
_HOLD = "\u0000"  # stands for a comma inside a phrase kept together while splitting


def _fold(s: str) -> str:
    return str(_WS.sub(" ", s).strip().casefold())


@dataclass
class _Compiled:
    columns: list[tuple[str, str]]  # (folded cue word, field), longest first
    required: tuple[str, ...]
    required_any: tuple[str, ...]
    recurring: regex.Pattern[str]
    keep: regex.Pattern[str] | None
    split_before: regex.Pattern[str] | None
    slot_re: regex.Pattern[str] | None  # a Gantt chart's time-slot header (`tháng 1`, `quý ii`)
    marks: frozenset[str]  # what a Gantt chart's cell may hold (`x`, `...`)
    min_slots: int


_CACHE: weakref.WeakKeyDictionary[Rules, _Compiled] = weakref.WeakKeyDictionary()


def _compile(rules: Rules) -> _Compiled:
    c = _CACHE.get(rules)
    if c is not None:
        return c
    rf = rules["tasks"]
    columns: list[tuple[str, str]] = []
    for e in rf.entries("columns"):
        if e["field"] not in FIELDS:
            raise RuleError(f"{e.where}: field must be one of {', '.join(FIELDS)}")
        columns += [(_fold(str(w)), str(e["field"])) for w in e["words"] if str(w).strip()]
    columns.sort(key=lambda x: (-len(x[0]), x[0]))
    required = tuple(str(f) for f in rf.setting("settings", "required", ["task", "lead"]))
    required_any = tuple(str(f) for f in rf.setting("settings", "required_any", []))
    for f in (*required, *required_any):
        if f not in FIELDS:
            raise RuleError(f"{rf.files[0]}: settings.required: unknown field '{f}'")
    rec = [str(w) for w in rf.setting("settings", "recurring_words", ["hằng năm"])]
    keep = [str(w) for w in rf.setting("settings", "keep_together", [])]
    before = [str(w) for w in rf.setting("settings", "split_before", [])]
    keep_alt = literal_alternation(keep, space=r"\s+")
    slots = [_fold(str(w)) for w in rf.setting("gantt", "slot_words", [])]
    slot_alt = literal_alternation(slots, space=r"\s+")
    c = _Compiled(
        columns=columns, required=required, required_any=required_any,
        recurring=regex.compile(rf"(?i)(?<!\w)(?:{literal_alternation(rec)})(?!\w)"),
        keep=regex.compile(rf"(?i)(?<!\w)(?:{keep_alt})(?!\w)")
        if keep else None,
        split_before=regex.compile("(?i)" + "|".join(
            rf"\s+{regex.escape(w.split()[0])}\s+(?={regex.escape(' '.join(w.split()[1:]))}(?!\w))"
            for w in before if len(w.split()) > 1)) if before else None,
        slot_re=regex.compile(rf"(?:^|\s)(?:{slot_alt})\s+"
                              r"(?:[0-9]{1,3}|[ivx]{1,4})$") if slots else None,
        marks=frozenset(_fold(str(m)) for m in rf.setting("gantt", "marks", [])),
        min_slots=int(rf.setting("gantt", "min_slots", 2)),
    )
    _CACHE[rules] = c
    return c


def _is_group_row(cells: Sequence[Cell]) -> bool:
    """`I | Hoàn thiện thể chế ...`: a roman or letter label and a name, nothing else."""
    filled = [c for c in cells if c.text.strip()]
    return len(filled) == 2 and _label_kind(filled[0].text) == "heading"


def _header_cells(table: Table) -> list[Cell]:
    """Cells of the header rows (row 0 when the table marks none), less a group row the table
    stage counted among them."""
    rows = _row_cells(table)[:max(table.header_rows, 1)]
    return [c for k, r in enumerate(rows) if k == 0 or not _is_group_row(r) for c in r]


@lru_cache(maxsize=1024)
def _cue(word: str) -> regex.Pattern[str]:
    """A column cue word as a whole word, compiled once (not escaped and looked up in the
    regex cache for every header cell)."""
    return regex.compile(rf"(?<!\w){regex.escape(word)}(?!\w)")


def column_fields(table: Table, rules: Rules) -> dict[int, str]:
    """Column -> field, from the header rows (row 0 when the table marks none)."""
    c = _compile(rules)
    texts: dict[int, list[str]] = {}
    for cell in _header_cells(table):
        texts.setdefault(cell.col, []).append(cell.text)
    out: dict[int, str] = {}
    taken: set[str] = set()
    for col in sorted(texts):
        head = _fold(" ".join(texts[col]))
        for word, fld in c.columns:
            if fld not in taken and _cue(word).search(head):
                out[col] = fld
                taken.add(fld)
                break
    return out


def counts_up(texts: Sequence[str]) -> bool:
    """Two or more whole numbers, each one more than the one before (`1 | 2 | 3`, `51 | 52`):
    a row that numbers the columns. ASCII digits only (`²` is a digit to `str.isdigit`)."""
    return len(texts) >= 2 and all(_COLUMN_NUMBER.fullmatch(t) for t in texts) and all(
        int(b) == int(a) + 1 for a, b in itertools.pairwise(texts))


def slot_columns(table: Table, rules: Rules) -> list[int]:
    """The time-slot columns of a Gantt chart: a header ending in a slot word of rules/tasks.yaml
    `gantt` and a number (`Tháng 1`, or `1` under a spanning `Tháng`; `Quý II`) over cells that
    are marks (`x`, `...`) or empty (a shaded bar), never a figure: a monthly figure table
    (`Tháng 1 | Tháng 2` over numbers) has none. A row numbering the columns (`1 | 2 | 3`) is
    skipped. Empty when fewer than `gantt.min_slots` columns are slots."""
    c = _compile(rules)
    if c.slot_re is None:
        return []
    heads: dict[int, list[str]] = {}
    for cell in _header_cells(table):
        for k in range(cell.col, cell.col + max(cell.colspan, 1)):
            heads.setdefault(k, []).append(cell.text)
    slots = {k for k, h in heads.items() if c.slot_re.search(_fold(" ".join(h)))}
    if len(slots) < c.min_slots:
        return []
    for cells in _row_cells(table)[max(table.header_rows, 1):]:
        if counts_up([x.text.strip() for x in cells if x.text.strip()]):
            continue  # `1 | 2 | 3`: the columns numbered
        for x in cells:
            if x.text.strip() and _fold(x.text) not in c.marks:
                slots -= set(range(x.col, x.col + max(x.colspan, 1)))
    return sorted(slots) if len(slots) >= c.min_slots else []


def is_task_table(table: Table, rules: Rules) -> bool:
    """The header names every required field and, if the rules list some, one of
    `required_any` right of the task column (`Nội dung | Cơ quan chủ trì`; `Hạng mục công
    việc | Thời gian thực hiện`) or the time slots of a Gantt chart (`Nội dung công việc |
    Tháng 1 | Tháng 2 ...` over marks)."""
    col_of = {f: k for k, f in column_fields(table, rules).items()}
    c = _compile(rules)
    task = col_of.get("task", -1)
    if not all(f in col_of for f in c.required):
        return False
    return not c.required_any or any(col_of.get(f, -1) > task for f in c.required_any) or (
        "task" in col_of and any(k > task for k in slot_columns(table, rules)))


def split_partners(text: str | None, rules: Rules) -> tuple[str, ...]:
    """`Bộ Khoa học và Công nghệ; các bộ, cơ quan` -> (`Bộ Khoa học và Công nghệ`, `các bộ`,
    `cơ quan`); phrases of settings.keep_together (`UBND tỉnh, thành phố`) stay whole."""
    if not text:
        return ()
    c = _compile(rules)
    s = text
    if c.keep is not None:
        s = c.keep.sub(lambda m: m.group(0).replace(",", _HOLD), s)
    if c.split_before is not None:
        s = c.split_before.sub("\n", s)
    out = []
    for part in _SEP.split(s):
        p = _WS.sub(" ", part.replace(_HOLD, ",")).strip().strip(".").strip()
        if p:
            out.append(p)
    return tuple(out)


def read_deadline(text: str | None, rules: Rules) -> tuple[str | None, str | None, str | None]:
    """(value, end value, kind) of a deadline cell, with dates.py's values; (None, None, None)
    when the cell names no time (`Theo Kế hoạch của Ủy ban Thường vụ Quốc hội`)."""
    if not text or not text.strip():
        return None, None, None
    listed = _MONTH_LIST.search(text)
    if listed is not None:
        months = [int(listed.group(1)), *(int(m) for m in regex.findall(r"\d+", listed.group(2)))]
        year = listed.group(3)
        if all(1 <= m <= 12 for m in months) and months == sorted(months):
            return f"{year}-{months[0]:02d}", f"{year}-{months[-1]:02d}", "range"
    found = [d for d in find_dates(text, rules) if d.kind in ("date", "range", "recurring")]
    if found:
        d = found[0]
        return d.value, d.end_value, d.kind
    m = _BARE_YEAR.search(text)
    if m is not None:
        return m.group(0), None, "date"
    if _compile(rules).recurring.search(text):
        return None, None, "recurring"
    return None, None, None


def _label_kind(label: str) -> str:
    s = label.strip()
    if not s:
        return "empty"
    if _DASH.fullmatch(s):
        return "dash"
    if _NUMBER.fullmatch(s):
        return "number"
    if _ROMAN.fullmatch(s) or _LETTER.fullmatch(s):
        return "heading"
    return "other"


@dataclass
class _Draft:
    cell: Cell
    table: int
    row: int
    label: str | None
    group: str | None
    values: dict[str, str]  # field -> text (lead, partners, output, deadline)
    last_col: int  # the last column the row itself wrote


def _row_cells(table: Table) -> list[list[Cell]]:
    rows: list[list[Cell]] = [[] for _ in range(table.rows or 0)]
    for cell in table.cells:
        while cell.row >= len(rows):
            rows.append([])
        rows[cell.row].append(cell)
    return [sorted(r, key=lambda x: x.col) for r in rows]


def _is_header_piece(cells: Sequence[Cell], head: str) -> bool:
    """The header (or pieces of it, `| | trì thực hiện |`), as printed again on a new page;
    `head` is the folded header text of all columns."""
    filled = [c for c in cells if c.text.strip()]
    return bool(filled) and all(_fold(c.text) in head for c in filled)


def _header_text(table: Table) -> str:
    return " | ".join(_fold(c.text) for c in _header_cells(table))


def _continues(table: Table, first: Table, head: str) -> bool:
    """`table` goes on with the task table `first` (the next page of it): as many columns, and
    no header, or a first row that holds the task table's header or pieces of it (the rows
    below are read as rows whatever the table stage took them for)."""
    if table.cols != first.cols or table.footnote is not None:
        return False
    rows = _row_cells(table)[:1]
    return table.header_rows == 0 or not rows or _is_header_piece(rows[0], head)


def _join(a: str | None, b: str) -> str:
    return b if not a else f"{a} {b}"


def find_tasks(tables: Sequence[Table], text: str, rules: Rules) -> list[Task]:
    """Task records of every task table, in table and row order. `text` is the text the cells'
    offsets point into (Document.text)."""
    out: list[Task] = []
    for run in _task_runs(tables, rules):
        out += _table_tasks(run, text, rules)
    return out


def _task_runs(tables: Sequence[Table], rules: Rules) -> list[list[Table]]:
    """The task tables, each as the list of tables of its pages."""
    runs: list[list[Table]] = []
    i = 0
    while i < len(tables):
        first = tables[i]
        i += 1
        if first.footnote is not None or not is_task_table(first, rules):
            continue
        run = [first]  # a table printed over several pages may reach us as one table a page
        head = _header_text(first)
        while i < len(tables) and _continues(tables[i], first, head):
            run.append(tables[i])
            i += 1
        runs.append(run)
    return runs


def deadline_spans(tables: Sequence[Table], rules: Rules) -> list[tuple[int, int]]:
    """(start, end) of every cell of a task table's deadline column, the header left out: a date
    written there is a deadline (`Tháng 3/2026` in `Thời gian hoàn thành`), whatever words stand
    before it."""
    spans: list[tuple[int, int]] = []
    for run in _task_runs(tables, rules):
        col = {f: c for c, f in column_fields(run[0], rules).items()}.get("deadline")
        if col is None:
            continue
        head = _header_text(run[0])
        for table in run:
            spans += [(c.start, c.end) for c in table.cells
                      if c.col == col and c.text.strip() and _fold(c.text) not in head]
    return spans


def _table_tasks(run: Sequence[Table], text: str, rules: Rules) -> list[Task]:
    """The tasks of one task table, given as the tables of its pages (`run[0]` has the header).
    Every row is read, header rows included: a header row is the header again (skipped), or a
    row the table stage took for one (a group row)."""
    fields = column_fields(run[0], rules)
    col_of = {f: c for c, f in fields.items()}
    head = _header_text(run[0])
    task_col = col_of["task"]
    label_col = col_of.get("label")
    value_fields = [f for f in ("lead", "partners", "output", "deadline") if f in col_of]
    # a Gantt chart's rows name their tasks and nothing else, numbered or not
    gantt = not value_fields and bool(slot_columns(run[0], rules))
    drafts: list[_Draft] = []
    group: str | None = None  # the top heading (`I | ...`)
    subgroup: str | None = None  # a numbered heading (`4 | ...` above its `-` rows)
    after_break = False  # the row above was a header printed again on a new page
    lost = False  # the row above could not be read: what continues it is lost with it
    seen = False  # a body row was read
    rows = [(t, cells, k > 0 and n == 0) for k, t in enumerate(run)
            for n, cells in enumerate(_row_cells(t))]
    for table, cells, new_page in rows:
        after_break = after_break or new_page
        if not cells:
            continue
        if _is_header_piece(cells, head):
            after_break = seen  # the header printed again after some rows: a new page
            continue
        seen = True
        broken, after_break = after_break, False
        by_col = {c.col: c for c in cells}
        if _is_group_row(cells) and min(by_col) != label_col:
            # a group row (`I | Hoàn thiện thể chế ...`) the table stage placed under other
            # columns: its two cells are still label and name
            group, subgroup = [c.text.strip() for c in cells if c.text.strip()][1], None
            continue
        label = by_col[label_col].text.strip() if label_col in by_col else ""
        kind = _label_kind(label) if label_col is not None else "number"
        task_cell = by_col.get(task_col)
        if label_col is not None and task_col != label_col + 1 and kind == "heading":
            task_cell = task_cell or by_col.get(label_col + 1)
        values: dict[str, str] = {f: by_col[col_of[f]].text.strip() for f in value_fields
                  if col_of[f] in by_col and by_col[col_of[f]].text.strip()}
        body = task_cell.text.strip() if task_cell is not None else ""
        if kind == "other":
            lost = True  # cells shifted left by a merged cell the reader lost; not readable
            continue
        if kind == "heading" and not values:
            group, subgroup = body or None, None
            continue
        if kind == "number" and body and not values and label_col is not None and not gantt:
            subgroup = body  # `4 | Hoàn thiện ...` over its `-` rows (a table without numbers
            continue  # has no such heading: a Gantt row names its task and nothing else)
        if kind == "empty" and body and not values and not broken \
                and not body.endswith((".", ";", ":", ",")):
            group, subgroup = body, None  # an unnumbered heading (`| Đề tài nghiên cứu |`)
            continue
        if kind == "number":
            subgroup = None
        if kind == "empty" and not body and "deadline" in values and len(values) > 1:
            lost = True  # another result of the task above, under its merged task cell
            continue
        if task_cell is None or not _WORD.search(body) or (kind == "empty"
                                                            and "lead" not in values):
            if drafts and not lost:  # a cell broken by a page: its text continues the row above
                prev = drafts[-1]
                for f, v in values.items():
                    prev.values[f] = _join(prev.values.get(f), v)
            continue
        lost = False
        last_col = max(by_col)
        if kind in ("dash", "empty") and drafts and drafts[-1].group == (subgroup or group):
            prev = drafts[-1]
            for f in value_fields:  # cells merged down from the row above
                if col_of[f] > last_col and f not in values and f in prev.values:
                    values[f] = prev.values[f]
        drafts.append(_Draft(task_cell, table.id, task_cell.row, label or None,
                             subgroup or group, values, last_col))
    out = []
    for d in drafts:
        dl_text = d.values.get("deadline")
        value, end, dkind = read_deadline(dl_text, rules)
        out.append(Task(
            text=text[d.cell.start:d.cell.end], start=d.cell.start, end=d.cell.end,
            page=d.cell.page, table=d.table, row=d.row, lead=d.values.get("lead"),
            partners=split_partners(d.values.get("partners"), rules),
            output=d.values.get("output"), deadline=value, deadline_end=end,
            deadline_kind=dkind, deadline_text=dl_text, label=d.label, group=d.group))
    return out


__all__ = ["column_fields", "counts_up", "deadline_spans", "find_tasks", "is_task_table",
           "read_deadline", "slot_columns", "split_partners"]
