"""Tables as data: every table the readers saw becomes a `Table` record with its cells.

Four sources, one record shape:
- DOCX and HTML tables come with their cell grid from the reader (`Source.tables`: row/column
  spans, header flags), ruled PDF tables with their cell boxes (`Source.pdf_tables`, put on a
  grid by `pdf_grid`); their offsets are mapped from the source into `Document.text`;
- `cell | cell` lines (ruled PDF tables, any table a reader wrote without a grid), markdown
  `| a | b |` lines and tab-separated lines are read from the text itself;
- one-cell-per-line runs (text copied from web pages) are recognised by a header whose lines are
  column cues of `rules/tables.yaml` and read in chunks of the header's column count.
Header rows (merged and multi-line header cells included) are kept as cells with `header` set;
`columns()` tells what each column means (label, unit, value with its status and period, ratio),
which `tableindicators` reads. Every pass is one walk over the lines: linear, bounded by
`limits.max_cells`.
"""

from __future__ import annotations

import dataclasses
import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import and_

import regex

from .errors import RuleError
from .model import Cell, Table
from .normtables import is_norm_table, norm_rules, title_before
from .readers import PdfTable, SourceCell, SourceTable
from .rules import Entry, Rules, Schema, Section, literal_alternation
from .tasks import counts_up, slot_columns

_EX = {"examples": (list, False), "counterexamples": (list, False), "note": (str, False)}

SCHEMAS: Mapping[str, Schema] = {
    "tables": {
        "columns": Section({"name": (str, True), "role": (str, True), "cues": (list, True),
                            "status": (str, False), "period": (str, False),
                            "comparison": (str, False), "measure": (str, False), **_EX},
                           key="name"),
        "kinds": Section({"indicator": (list, False), "task": (list, False)}, mapping=True),
        "rows": Section({"part_markers": (list, False), "skip_values": (list, False),
                         "strip_prefixes": (list, False), "ditto": (list, False),
                         "count_header_prefixes": (list, False),
                         "count_noun_stops": (list, False),
                         "scale_abbreviations": (dict, False)}, mapping=True),
        "norms": Section({"title_cues": (list, False), "title_labels": (list, False),
                          "header_cues": (list, False), "title_lines": (int, False),
                          "header_units": (list, False), "row_roles": (list, False)},
                         mapping=True),
        "periods": Section({"lead_in_chars": (int, False), "until_report": (list, False)},
                           mapping=True),
        "limits": Section({"max_header_rows": (int, False), "min_rows": (int, False),
                           "cell_line_max_chars": (int, False), "max_cells": (int, False),
                           "max_gap_lines": (int, False)},
                          mapping=True),
    }
}

ROLES = ("label", "unit", "value", "ratio", "index", "task", "lead", "partners", "output",
         "deadline")
STATUSES = ("target", "achieved", "estimate", "baseline")
MEASURES = ("money", "count")

_FIGURE = regex.compile(r"[+-]?[ ]?[0-9]++(?:[.,][0-9]++)*+[ ]?%?")
_YEAR = regex.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?:[ ]?[-–][ ]?((?:19|20)[0-9]{2}))?(?![0-9])")
_MONTHS = regex.compile(r"(?<![0-9])(3|6|9|03|06|09)[ ]tháng(?:[ ]đầu)?", regex.I)
_NUMBERING = regex.compile(r"\(?[0-9]{1,2}\)?|\(?[A-Za-z]\)?|[0-9]{1,2}[ ]?=[ ]?[0-9 +/x*=-]{1,24}")
_LETTERS = regex.compile(r"\p{L}{2}")
_LETTER = regex.compile(r"\p{L}")
_YEAR_ONLY = regex.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")
_YEAR_HEAD = regex.compile(r"(?:năm[ ])?[0-9]{4}(?:[ ]?[-–][ ]?[0-9]{4})?", regex.I)
# a row number or label in the first (STT) column: `1`, `1.2.`, `II`, `a)`, `(3)`, `-`
_ROW_LABEL = regex.compile(r"(?:[0-9]{1,3}(?:\.[0-9]{1,3})*+\.?|[IVXLC]{1,6}\.?|\p{L}[.)]?"
                           r"|\([0-9\p{L}]{1,3}\)|[-–+*•])")
_SEP_CHAR = regex.compile(r"[|\t]")
_RUN_OF_3 = regex.compile(rb"\x01{3,}")
_MD_RULE = regex.compile(r"[ ]*\|?[ ]*:?-{2,}:?[ ]*(?:\|[ ]*:?-{2,}:?[ ]*)*+\|?[ ]*")


@dataclass(frozen=True)
class Column:
    """What one column of a table means, read from its header text."""

    col: int
    header: str
    role: str | None = None  # a ROLES value; None when no cue and no year
    status: str | None = None  # value columns: target | achieved | estimate | baseline
    comparison: str | None = None  # ratio columns: plan | same_period
    period: str | None = None  # ISO year or interval read from the header (`2023`, `2021/2025`)
    period_text: str | None = None
    previous: bool = False  # the same period one year before (Cùng kỳ)
    rule: str | None = None  # where the deciding entry is written
    # a ratio written `a/b` (`2T-2005/ 2T-2004`): the periods of a and b, to find its columns
    over: tuple[str | None, str | None] = (None, None)
    # what the column's figures measure whatever the row's unit cell says (`money`: Đơn giá,
    # Thành tiền, whose unit is the header's, while the ĐVT cell is the unit of the quantity)
    measure: str | None = None


@dataclass(frozen=True)
class _Compiled:
    cue_re: regex.Pattern[str]
    cue_entry: dict[str, Entry]
    kinds: dict[str, tuple[tuple[str, ...], ...]]  # kind -> alternatives, each roles all named
    part_markers: tuple[str, ...]
    skip_values: frozenset[str]
    strip_prefixes: tuple[str, ...]
    ditto: frozenset[str]
    scale_abbreviations: dict[str, int]
    count_prefixes: tuple[str, ...]
    count_stops: frozenset[str]
    max_header_rows: int
    min_rows: int
    cell_line_max: int
    max_cells: int
    max_gap: int
    memo: dict[str, Entry | None] = field(default_factory=dict)  # header -> deciding entry
    # a line as written -> the column it heads alone (`_header_line`), None when it heads none
    line_memo: dict[str, Column | None] = field(default_factory=dict)


def _fold(s: str) -> str:
    return " ".join(s.lower().split())


@lru_cache(maxsize=16)  # once per rule set, not once per document
def compiled(rules: Rules) -> _Compiled:
    """The column cues and settings of rules/tables.yaml, checked and compiled once per rule set."""
    rf = rules["tables"]
    cue_entry: dict[str, Entry] = {}
    for e in rf.entries("columns"):
        if e["role"] not in ROLES:
            raise RuleError(f"{e.where}: role '{e['role']}' not one of {', '.join(ROLES)}")
        if e.get("status") is not None and e["status"] not in STATUSES:
            raise RuleError(f"{e.where}: status '{e['status']}' not one of {', '.join(STATUSES)}")
        if e.get("measure") is not None and e["measure"] not in MEASURES:
            raise RuleError(f"{e.where}: measure '{e['measure']}' not one of "
                            f"{', '.join(MEASURES)}")
        for cue in e["cues"]:
            k = _fold(str(cue))
            if k in cue_entry and cue_entry[k] is not e:
                raise RuleError(f"{e.where}: cue '{cue}' already given at {cue_entry[k].where}")
            cue_entry[k] = e
    alt = literal_alternation(list(cue_entry), space=r"[ \t\u00a0]+")
    cue_re = regex.compile(rf"(?<![\p{{L}}\p{{M}}0-9])(?:{alt})(?![\p{{L}}\p{{M}}])", regex.I)
    kinds: dict[str, tuple[tuple[str, ...], ...]] = {}
    for k in ("indicator", "task"):
        alts = tuple(tuple(str(r) for r in a) if isinstance(a, list) else (str(a),)
                     for a in rf.setting("kinds", k) or ())
        kinds[k] = alts
        for r in (r for a in alts for r in a):
            if r not in ROLES:
                raise RuleError(f"rules/tables.yaml: kinds.{k}: role '{r}' unknown")
    c = _Compiled(
        cue_re=cue_re, cue_entry=cue_entry, kinds=kinds,
        part_markers=tuple(str(m) for m in rf.setting("rows", "part_markers") or ()),
        skip_values=frozenset(str(v) for v in rf.setting("rows", "skip_values") or ()),
        strip_prefixes=tuple(sorted((str(v) for v in rf.setting("rows", "strip_prefixes") or ()),
                                    key=len, reverse=True)),
        ditto=frozenset(str(v) for v in rf.setting("rows", "ditto") or ()),
        count_prefixes=tuple(sorted((str(v) for v in
                                     rf.setting("rows", "count_header_prefixes") or ()),
                                    key=len, reverse=True)),
        count_stops=frozenset(str(v).lower() for v in
                              rf.setting("rows", "count_noun_stops") or ()),
        scale_abbreviations={str(k).lower(): int(v) for k, v in
                             (rf.setting("rows", "scale_abbreviations") or {}).items()},
        max_header_rows=int(rf.setting("limits", "max_header_rows", 3)),
        min_rows=int(rf.setting("limits", "min_rows", 2)),
        cell_line_max=int(rf.setting("limits", "cell_line_max_chars", 120)),
        max_cells=int(rf.setting("limits", "max_cells", 20000)),
        max_gap=int(rf.setting("limits", "max_gap_lines", 3)),
    )
    return c


# --- what a column means ----------------------------------------------------------------------

_MONTH_OF = regex.compile(
    r"(?<![0-9A-Za-z])(?:T|tháng[ ]?)([0-9]{1,2})[ ]?[/.-][ ]?((?:19|20)[0-9]{2})", regex.I)
_MONTHS_TO = regex.compile(r"(?<![0-9])([0-9]{1,2})[ ]?T[ ]?[/.-][ ]?((?:19|20)[0-9]{2})")
_RATIO_PARTS = regex.compile(r"/")
_PLAN_WORD = regex.compile(r"(?<![\p{L}])(?:KH|K\.H|kế hoạch|Kế hoạch)")
_MONTH_WORD = regex.compile(r"(?<![0-9])(?:[0-9]{1,2}T|T[0-9]{1,2})|(?<![\p{L}])(?:tháng|quý)",
                            regex.I)


def _period(header: str) -> tuple[str | None, str | None]:
    """(ISO period, text) of the time a header names: `2023`, `2021/2025`, `T1/2004` ->
    `2004-01`, `2T.2005` (two months) -> `2005-01/2005-02`, `6 tháng đầu năm 2024` ->
    `2024-01/2024-06`; the first one written."""
    first = [m for m in (_MONTH_OF.search(header), _MONTHS_TO.search(header)) if m is not None]
    if first:
        m = min(first, key=lambda x: x.start())
        month, year = int(m.group(1)), m.group(2)
        if 1 <= month <= 12:
            if m.re is _MONTH_OF:
                return f"{year}-{month:02d}", m.group(0)
            return (f"{year}-01/{year}-{month:02d}" if month > 1 else f"{year}-01"), m.group(0)
    m = _YEAR.search(header)
    if m is None:
        return None, None
    if m.group(2):
        return f"{m.group(1)}/{m.group(2)}", m.group(0)
    mm = _MONTHS.search(header)
    if mm is not None and mm.end() <= m.start():
        months = int(mm.group(1))
        return f"{m.group(1)}-01/{m.group(1)}-{months:02d}", header[mm.start():m.end()]
    return m.group(1), m.group(0)


def _decide(header: str, c: _Compiled) -> Entry | None:
    if header in c.memo:
        return c.memo[header]
    best: tuple[int, int] | None = None
    entry: Entry | None = None
    for m in c.cue_re.finditer(header):
        key = (len(m.group(0)), -m.start())
        if best is None or key > best:
            best, entry = key, c.cue_entry.get(_fold(m.group(0)))
    if len(c.memo) < 50_000:
        c.memo[header] = entry
    return entry


def column_entry(header: str, rules: Rules) -> Entry | None:
    """The rules entry a column header names (longest cue found wins), or None."""
    return _decide(" ".join(header.split()), compiled(rules))


def column_meaning(col: int, header: str, rules: Rules) -> Column:
    """What a column holds, from its header text (all header rows joined)."""
    e = column_entry(header, rules)
    period, ptext = _period(header)
    if e is None:
        return Column(col, header, "value" if period else None, period=period,
                      period_text=ptext)
    comparison = e.get("comparison")
    over: tuple[str | None, str | None] = (None, None)
    if e["role"] == "ratio":
        comparison = _ratio_kind(header) or comparison
        if "/" in header:
            a, b = header.rsplit("/", 1)
            over = (_period(a)[0], _period(b)[0])
            period, ptext = _period(a)
    return Column(col, header, str(e["role"]), e.get("status"), comparison, period,
                  ptext, e.get("period") == "previous", e.where, over, e.get("measure"))


def _ratio_kind(header: str) -> str | None:
    """What a ratio header written as `a/b` compares: `plan` when b is a plan (`.../KH2005`),
    `same_period` when b is the same months of an earlier year (`T1-2005/ T1-2004`),
    `previous_year` for whole years (`Ước 2002/ 2001`), `previous_period` for an earlier period
    of the same year (`T2-2005/ T1-2005`); None when the header has no `/`."""
    if "/" not in header:
        return None
    parts = header.rsplit("/", 1)
    if _PLAN_WORD.search(parts[1]):
        return "plan"
    ya = [int(y) for y in _YEAR_ONLY.findall(parts[0])]
    yb = [int(y) for y in _YEAR_ONLY.findall(parts[1])]
    if not ya or not yb:
        return None
    if ya[-1] == yb[-1]:
        return "previous_period"
    return "same_period" if _MONTH_WORD.search(parts[1]) else "previous_year"


def columns(table: Table, rules: Rules) -> list[Column]:
    """The meaning of every column of `table`, read from its header cells."""
    heads: list[list[str]] = [[] for _ in range(table.cols)]
    for cell in table.cells:
        if not cell.header or (cell.colspan >= table.cols > 1 and table.header_rows > 1):
            continue  # a caption across the whole table (`Chi phí triển khai`) heads no column
        for k in range(cell.col, min(cell.col + cell.colspan, table.cols)):
            if not heads[k] or heads[k][-1] != cell.text:
                heads[k].append(cell.text)
    out = [column_meaning(k, " ".join(h), rules) for k, h in enumerate(heads)]
    body: list[list[str]] = [[] for _ in range(table.cols)]
    for cell in table.cells:
        if not cell.header and cell.colspan == 1 and cell.col < table.cols:
            body[cell.col].append(cell.text)
    label_seen = any(x.role == "label" for x in out)
    for k, x in enumerate(out):
        if x.role is not None or not body[k] or (x.header and is_figure(x.header.split()[0])):
            continue  # a data row taken for the header says nothing of its columns
        years = sum(1 for t in body[k] if _YEAR.search(t) and len(t.strip()) <= 12)
        figures = sum(1 for t in body[k] if is_figure(t) and not _is_year(t))
        if _row_numbers(body[k]):  # `1, 2, 3, 4` down a column without header: row numbers
            out[k] = dataclasses.replace(x, role="index", rule="numbering")
        elif not label_seen and 2 * years > len(body[k]):  # `Năm`: a column of years
            out[k] = dataclasses.replace(x, role="label", rule="years")
            label_seen = True
        elif 2 * figures > len(body[k]) and (_LETTERS.search(x.header) or
                                              not table.header_rows):  # no header
            out[k] = dataclasses.replace(x, role="value", rule="figures")
        elif not label_seen and figures == 0:
            out[k] = dataclasses.replace(x, role="label", rule="words")
            label_seen = True
    return out


def _row_numbers(texts: Sequence[str]) -> bool:
    """Three or more cells, each a whole number that counts on from the one above or starts
    again at 1 (`1 2 3 4 1 2`), and no other figure: a column numbering rows."""
    nums: list[int] = []
    for t in texts:
        u = t.strip().rstrip(".")
        if u.isdigit() and len(u) <= 3:
            nums.append(int(u))
        elif is_figure(u):
            return False
    return len(nums) >= 3 and nums[0] == 1 and all(
        b in (a + 1, 1) for a, b in itertools.pairwise(nums))


def classify(cols: Sequence[Column], rules: Rules) -> str:
    """`indicator`, `task` or `other`, from the roles of the columns (rules kinds): a task table
    names the roles of one of the `task` alternatives, left to right in the order given (`lead`;
    or `task` then `deadline`, a schedule; a CV form's `Thời gian | Đơn vị công tác | Công việc`
    starts with the time and is none)."""
    c = compiled(rules)
    roles = {x.role for x in cols}
    first: dict[str, int] = {}
    for x in cols:
        if x.role is not None:
            first.setdefault(x.role, x.col)
    for alt in c.kinds["task"]:
        at = [first[r] for r in alt if r in first]
        if alt and len(at) == len(alt) and at == sorted(at):
            return "task"
    values = sum(1 for x in cols if x.role == "value")
    if values and any(all(r in roles for r in alt) for alt in c.kinds["indicator"]):
        return "indicator"
    return "other"


# --- helpers on cell texts --------------------------------------------------------------------

def is_figure(text: str) -> bool:
    """A cell holding one number (`350,5`, `103,3%`, `-2,1`)."""
    return _FIGURE.fullmatch(text.strip()) is not None


def _is_year(text: str) -> bool:
    t = text.strip()
    return len(t) == 4 and t.isdigit() and 1900 <= int(t) <= 2100


def _numbering_row(texts: Sequence[str]) -> bool:
    """A row that numbers the columns (`1 | 2 | 3`, `(1) | (2) | (3)=(2)/(1)`, `MS | 1 | 2`):
    every cell a column number, save a short first one."""
    cells = [t.strip() for t in texts if t.strip()]
    if 2 * len(cells) < len(texts):  # `1 | B | | | |`: a group row, not the columns numbered
        return False
    if cells and len(cells[0]) <= 4 and not _NUMBERING.fullmatch(cells[0]):
        cells = cells[1:]
    letters = {t.strip("()").isalpha() for t in cells}  # `A | B | C` or `1 | 2 | 3`, not `1 | B`
    return len(cells) >= 2 and len(letters) == 1 and all(_NUMBERING.fullmatch(t) for t in cells)


def _header_count(rows: Sequence[Sequence[str]], limit: int) -> int:
    """Leading rows with no figure in them (and a numbering row right after them), at most
    `limit`; 1 when no row holds a figure (a table of words) or when none is found; 0 when the
    first row is a name and figures (a lookup table written a series per row)."""
    if len(rows) < 2:
        # a lone row of words is a blank form's header (`Ngày đến | Số đến | ...`, its empty
        # rows left out)
        single = [t for r in rows for t in r if t.strip()]
        return 1 if len(single) >= 2 and not any(is_figure(t) for t in single) else 0
    lead = [t.strip() for t in rows[0] if t.strip()]
    rest = lead[1:]
    if len(rest) >= 2 and _LETTER.search(lead[0]) and not _numbering_row(rows[0]) and \
            not counts_up(rest) and not any(
            _LETTER.search(t) or _is_year(t) for t in rest) and \
            3 * sum(1 for t in rest if is_figure(t)) >= 2 * len(rest):
        # `Z(m) | 320,50 | 325,00 | ...` (a figure wrapped in its cell, `100,0 0`, is still no
        # word): a series per row, no header row; `Câu hỏi | 11 | 12 | ...` numbers columns
        return 0
    limit = min(limit, len(rows) - 1)
    n = 0
    while n < limit and not any(is_figure(t) and not _is_year(t) for t in rows[n]):
        filled = [t.strip() for t in rows[n] if t.strip()]
        if n > 0 and (len(filled) == 1 or (len(filled) == 2 and _ROW_LABEL.fullmatch(filled[0]))):
            break  # a group row (`A. Chỉ tiêu kinh tế`, `I | Tính điểm`) is the body's
        n += 1
    if n == limit and not any(is_figure(t) and not _is_year(t) for r in rows[n:] for t in r):
        # no figure anywhere: only the first row can be told a header, and not when its first
        # cell stands again at the head of a row below (`Máy PC | <spec>` five times)
        first = next((t.strip() for t in rows[0] if t.strip()), "")
        if first and any(next((t.strip() for t in r if t.strip()), "") == first
                         for r in rows[1:]):
            return 0
        n = 1
    if n == limit:
        n = _through_numbering(rows, n, 3 * limit)
    elif 0 < n < len(rows) and _numbering_row(rows[n]):
        n += 1
    return max(n, 1)


def _through_numbering(rows: Sequence[Sequence[str]], n: int, cap: int) -> int:
    """Header rows `n`, or more when rows of words below them end in a row numbering the
    columns (`MS | 1 = 2 + 3 | 2 | 3`) within `cap` rows: a deep report-form header."""
    k = n
    while k < min(len(rows), cap) and not _numbering_row(rows[k]) and \
            not any(is_figure(t) and not _is_year(t) for t in rows[k]):
        k += 1
    return k + 1 if k < min(len(rows), cap) and _numbering_row(rows[k]) else n


# --- building a Table -------------------------------------------------------------------------

@dataclass
class _RawCell:
    row: int
    col: int
    start: int
    end: int
    rowspan: int = 1
    colspan: int = 1
    header: bool = False


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\u00a0|":
        start += 1
    while end > start and text[end - 1] in " \t\u00a0|":
        end -= 1
    return start, end


def _make(text: str, raw: list[_RawCell], form: str, header_rows: int, start: int,
          end: int, rules: Rules, tid: int) -> Table | None:
    cells: list[Cell] = []
    rows = 0
    cols = 0
    for r in raw:
        s, e = _trim(text, r.start, r.end)
        if e <= s:
            continue
        cells.append(Cell(row=r.row, col=r.col, text=text[s:e], start=s, end=e,
                          header=r.row < header_rows or r.header, rowspan=r.rowspan,
                          colspan=r.colspan))
        rows = max(rows, r.row + r.rowspan)
        cols = max(cols, r.col + r.colspan)
    if not cells or cols < 2:
        return None
    cells.sort(key=lambda x: (x.row, x.col))
    table = Table(text=text[start:end], start=start, end=end, id=tid, form=form, rows=rows,
                  cols=cols, header_rows=header_rows, cells=tuple(cells))
    cols_meaning = columns(table, rules)
    kind = classify(cols_meaning, rules)
    if kind == "other" and _norm_rows(text, table, cols_meaning, rules) is not None:
        kind = "indicator"  # a norm per work item (`Nội dung công việc | ... | Định mức`)
    if kind == "indicator":  # a value column with a figure under its header
        valued = {x.col for x in cols_meaning if x.role in ("value", "ratio")}
        if not any(x.col in valued and not x.header and is_figure(x.text) for x in cells):
            kind = "other"
    if kind != "task":  # a Gantt chart: a task column left of time slots holding marks
        task = next((x.col for x in cols_meaning if x.role == "task"), None)
        if task is not None and any(k > task for k in slot_columns(table, rules)):
            kind = "task"
    object.__setattr__(table, "kind", kind)
    return table


def _norm_rows(text: str, table: Table, cols: Sequence[Column], rules: Rules) -> int | None:
    """The column naming the rows of a norm table without a label column: the first whose role
    is a norms `row_roles` one (`Nội dung công việc`), when a value column stands right of it
    and the title or a header tells a norm table (normtables); else None."""
    if any(x.role == "label" for x in cols):
        return None
    n = norm_rules(rules)
    col = next((x.col for x in cols if x.role in n.row_roles), None)
    if col is None or not any(x.role == "value" and x.col > col for x in cols):
        return None
    title = title_before(text, table.start, n.title_lines)
    return col if is_norm_table(title, [x.header for x in cols], rules) else None


def _to_doc(origin: Sequence[int] | None, pos: int) -> int:
    """Document offset of source offset `pos` (origin: per document char, its source offset)."""
    if origin is None:
        return pos
    return bisect_left(origin, pos)


def _from_hint(text: str, hint: SourceTable, origin: Sequence[int] | None, rules: Rules,
               tid: int) -> Table | None:
    c = compiled(rules)
    rows = sorted({x.row for x in hint.cells})
    dense = {r: i for i, r in enumerate(rows)}
    raw: list[_RawCell] = []
    for h in hint.cells:
        s, e = _to_doc(origin, h.start), _to_doc(origin, h.end)
        if e <= s:
            continue
        r = dense[h.row]
        span = sum(1 for k in rows[r:] if k < h.row + h.rowspan) if h.rowspan > 1 else 1
        raw.append(_RawCell(r, h.col, s, e, max(span, 1), h.colspan, h.header))
    if not raw:
        return None
    marked = [x.row for x in raw if x.header]
    header_rows = max(marked) + 1 if marked else 0
    width = max(x.col + x.colspan for x in raw)
    grid: list[list[str]] = [[""] * width for _ in rows]  # empty cells kept: `1 | B | | |`
    for x in raw:
        grid[x.row][x.col] = text[x.start:x.end]
    if header_rows:  # the columns numbered under the header (a blank form ends there)
        header_rows = _through_numbering(grid, header_rows, 3 * c.max_header_rows)
    if not header_rows:
        header_rows = _header_count(grid, c.max_header_rows)
        # a header cell merged down reaches further than the rows counted
        for x in raw:
            if x.row < header_rows and x.rowspan > 1:
                header_rows = max(header_rows, min(x.row + x.rowspan, c.max_header_rows,
                                                   len(rows) - 1))
    start = min(x.start for x in raw)
    end = max(x.end for x in raw)
    return _make(text, raw, hint.form, header_rows, start, end, rules, tid)


def _edges(values: Sequence[float], tol: float) -> list[float]:
    """Sorted distinct positions, values closer than `tol` to the last one kept counted as it."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _slot(edges: Sequence[float], v: float) -> int:
    """Index of the edge nearest to `v`."""
    k = bisect_left(edges, v)
    if k == len(edges) or (k > 0 and v - edges[k - 1] < edges[k] - v):
        k -= 1
    return k


def _columns_of(table: PdfTable, tol: float) -> list[float]:
    return _edges([v for row in table.rows for _, box, _ in row for v in (box[0], box[2])], tol)


def _texts(row: Sequence[tuple[str, object, int]]) -> list[str]:
    return [" ".join(t.split()) for t, _, _ in row]


def pdf_runs(tables: Sequence[PdfTable], text: str, origin: Sequence[int] | None = None,
             tol: float = 2.0) -> list[PdfTable]:
    """Ruled PDF tables with a table continued over page breaks joined into one: a table on
    the next page, nothing but blank lines and page breaks between them in `text`, with the
    same column edges (`text` is the document text, `origin` maps it to the source offsets
    the tables carry). Header rows the next page repeats are dropped; the next page's rows are
    moved below the last ones so the grid runs on."""
    out: list[PdfTable] = []
    for t in tables:
        if not t.rows:
            continue
        last = out[-1] if out else None
        if last is not None and t.page > last.page \
                and not text[_to_doc(origin, last.end):_to_doc(origin, t.start)].strip() \
                and len(a := _columns_of(last, tol)) == len(b := _columns_of(t, tol)) \
                and all(abs(x - y) <= tol for x, y in zip(a, b, strict=True)):
            rows = list(t.rows)
            k = 0
            while k < min(len(rows), len(last.rows)) and _texts(rows[k]) == _texts(last.rows[k]):
                k += 1
            rows = rows[k:]
            if rows:
                dy = last.bbox[3] - min(box[1] for _, box, _ in rows[0])
                rows = [tuple((x, (box[0], box[1] + dy, box[2], box[3] + dy), at)
                              for x, box, at in row) for row in rows]
            x0, y0, x1, y1 = last.bbox
            out[-1] = PdfTable(last.page, (x0, y0, x1, y1 + t.bbox[3] - t.bbox[1]), last.start,
                               t.end, last.rows + tuple(rows))
            continue
        out.append(t)
    return out


def pdf_grid(table: PdfTable, tol: float = 2.0) -> SourceTable:
    """A ruled PDF table on the grid its cell boxes draw: every distinct left/right edge starts
    a column, every top/bottom edge a row, so a cell spanning several (`Hồ` over six reservoirs,
    a `TT` merged down three header rows, `405` over three period columns) gets its spans, and
    an empty cell (a sub-row's `TT`) keeps its place instead of shifting the row left."""
    boxes = [box for row in table.rows for _, box, _ in row]
    xs = _edges([b[0] for b in boxes] + [b[2] for b in boxes], tol)
    ys = _edges([b[1] for b in boxes] + [b[3] for b in boxes], tol)
    cells: list[SourceCell] = []
    for row in table.rows:
        for text, (x0, top, x1, bottom), start in row:
            c0, c1 = _slot(xs, x0), _slot(xs, x1)
            r0, r1 = _slot(ys, top), _slot(ys, bottom)
            cells.append(SourceCell(r0, c0, start, start + len(text), max(r1 - r0, 1),
                                    max(c1 - c0, 1)))
    return SourceTable("pdf", table.start, table.end, tuple(cells))


# --- tables written as text -------------------------------------------------------------------

def _split(line: str, sep: str) -> list[tuple[int, int]]:
    """(start, end) of the cells of one line, relative to the line. A markdown row
    (`| a | b |`) drops its outer bars; a reader's row (`a | b`, `| b` with an empty first
    cell) keeps every cell."""
    out: list[tuple[int, int]] = []
    pos = 0
    for part in line.split(sep):
        out.append((pos, pos + len(part)))
        pos += len(part) + 1
    stripped = line.strip()
    if sep == "|" and len(out) > 2 and stripped.startswith("|") and stripped.endswith("|"):
        out = out[1:-1]
    return out


def _line_sep(line: str) -> str | None:
    s = line.strip()
    if " | " in line or (s.startswith("|") and s.endswith("|") and s.count("|") >= 3):
        return "|"
    if "\t" in s:
        return "\t"
    return None


def _spread(row: list[_RawCell], cols: int, upper: bool, meanings: Sequence[Column]) -> None:
    """Place a header row written with fewer cells than the table has columns: a lower header
    row sits over the last columns (the first ones are merged down from above); an upper one
    keeps its label/unit/index cells one column wide and shares the rest among its groups."""
    n = len(row)
    if n >= cols or n == 0:
        return
    if not upper:
        for k, cell in enumerate(row):
            cell.col = cols - n + k
        return
    fixed = [k for k, m in enumerate(meanings[:n]) if m.role in ("label", "unit", "index")]
    groups = n - len(fixed)
    free = cols - len(fixed)
    if groups <= 0 or free % groups:
        return
    width = free // groups
    col = 0
    for k, cell in enumerate(row):
        cell.col = col
        cell.colspan = 1 if k in fixed else width
        col += cell.colspan


def _widen(text: str, upper: list[_RawCell], lower: list[_RawCell], rules: Rules) -> None:
    """A merged header cell written once (`So sánh (%)` over two ratio columns, the other slots
    left empty): a value or ratio group cell reaches over the empty slots to its right that have
    a header cell below them."""
    below = {x.col for x in lower if text[x.start:x.end].strip()}
    for k, cell in enumerate(upper):
        if not text[cell.start:cell.end].strip():
            continue
        role = column_meaning(0, text[cell.start:cell.end], rules).role
        if role not in ("value", "ratio"):
            continue
        q = k + 1
        while q < len(upper) and not text[upper[q].start:upper[q].end].strip() and \
                upper[q].col in below:
            q += 1
        cell.colspan = max(cell.colspan, upper[q - 1].col - cell.col + 1)


def _header_like(line: str, sep: str, rules: Rules) -> bool:
    """A line that names columns: two cells or more that are column cues, and no figure."""
    texts = [line[a:b].strip() for a, b in _split(line, sep)]
    if any(is_figure(t) and not _is_year(t) for t in texts):
        return False
    return sum(1 for t in texts if t and column_entry(t, rules) is not None) >= 2


def _text_table(text: str, lines: Sequence[tuple[int, int]], sep: str, form: str, rules: Rules,
                tid: int) -> Table | None:
    c = compiled(rules)
    grid: list[list[_RawCell]] = []
    rule_after: int | None = None
    for ls, le in lines:
        line = text[ls:le]
        if sep == "|" and _MD_RULE.fullmatch(line):
            rule_after = len(grid)
            continue
        if not line.strip():
            continue  # a blank line of separators inside the table is no row
        row = len(grid)
        grid.append([_RawCell(row, k, ls + a, ls + b)
                     for k, (a, b) in enumerate(_split(line, sep))])
    if len(grid) < c.min_rows:
        return None
    texts = [[text[x.start:x.end].strip() for x in r] for r in grid]
    header_rows = rule_after if rule_after is not None else _header_count(texts, c.max_header_rows)
    cols = max(len(r) for r in grid)
    for h in range(header_rows):
        meanings = [column_meaning(k, t, rules) for k, t in enumerate(texts[h])]
        _spread(grid[h], cols, h == 0 and header_rows > 1, meanings)
    for h in range(header_rows - 1):
        _widen(text, grid[h], grid[h + 1], rules)
    # tab rows (web tables turned into text) leave out a cell merged down from above; a PDF's
    # `cell | cell` rows end early instead (tasks.py fills them from the row above)
    numbered = sep == "\t" and header_rows > 0 and bool(texts[0]) and \
        column_meaning(0, texts[0][0], rules).role == "index"
    for r, t in zip(grid[header_rows:], texts[header_rows:], strict=True):
        if len(r) == 1:
            r[0].colspan = cols
        elif numbered and len(r) < cols and not _ROW_LABEL.fullmatch(t[0]):
            # a row without its number cell (merged down from the row above, which the text
            # lost): its cells are the last ones (`- Sát hạch lý thuyết | Lần | 100.000`)
            for x in r:
                x.col += cols - len(r)
    raw = [x for r in grid for x in r]
    return _make(text, raw, form, header_rows, lines[0][0], lines[-1][1], rules, tid)


def _lines(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _header_line(text: str, c: _Compiled, rules: Rules) -> Column | None:
    """The column a line of a one-cell-per-line table heads, None when it names none; kept
    per line as written (short lines such as `Đơn vị tính` or `Ghi chú` come back in
    document after document)."""
    if text in c.line_memo:
        return c.line_memo[text]
    m = _read_header_line(text, rules)
    if len(c.line_memo) < 50_000:
        c.line_memo[text] = m
    return m


def _read_header_line(text: str, rules: Rules) -> Column | None:
    t = text.strip()
    if not t or len(t) > 60:
        return None
    if column_entry(t, rules) is None and not _YEAR_HEAD.fullmatch(t):
        return None  # no cue and not a year: no column (what column_meaning would end in)
    m = column_meaning(0, t, rules)
    if m.role is None:
        return None
    if m.role == "value" and m.rule is None and not _YEAR_HEAD.fullmatch(t):
        return None
    return m


def _cell_line_tables(text: str, lines: Sequence[tuple[int, int]], used: Sequence[bool],
                      rules: Rules, first_id: int) -> list[Table]:
    """One-cell-per-line tables: a run of >= 3 header lines naming columns (one of them a
    label or index, one a value or unit), then rows of as many lines while they fit."""
    c = compiled(rules)
    out: list[Table] = []
    i = 0
    n = len(lines)
    # A line can head a column only when it is free, not blank and at most 60 characters
    # (`_header_line`'s own first test); only a run of 3 such lines or more can hold a
    # table's header lines, so a start with fewer than 3 ahead is passed over without asking
    # the rules what its lines mean. The runs are found in one scan of a flag per line.
    lens = list(map(len, map(str.strip, text.split("\n"))))
    flags = bytearray(map(and_, map(bool, lens), map((60).__ge__, lens)))
    for q in itertools.compress(range(n), used):
        flags[q] = 0
    runs = [(m.start(), m.end()) for m in _RUN_OF_3.finditer(flags)]
    run_ends = [b for _, b in runs]
    while i < n:
        r = bisect_right(run_ends, i)  # the run holding line i, or the next one
        if r == len(runs):
            break
        a, b = runs[r]
        i = max(i, a)
        if b - i < 3:
            i = b
            continue
        head: list[Column] = []
        j = i
        while j < n and not used[j] and len(head) < 20:
            m = _header_line(text[lines[j][0]:lines[j][1]], c, rules)
            if m is None:
                break
            head.append(m)
            j += 1
        roles = [h.role for h in head]
        k = len(head)
        if k < 3 or not ({"label", "index"} & set(roles)) or not (
                {"value", "ratio", "unit"} & set(roles)) or "value" not in roles:
            i = max(j, i + 1)
            continue
        rows: list[list[tuple[int, int]]] = [list(lines[i:j])]
        pos = j
        while pos + k <= n:
            chunk = lines[pos:pos + k]
            if any(used[pos + q] for q in range(k)) or not _fits(text, chunk, roles, c):
                break
            rows.append(list(chunk))
            pos += k
        if len(rows) >= c.min_rows:
            raw = [_RawCell(r, q, s, e) for r, row in enumerate(rows) for q, (s, e) in
                   enumerate(row)]
            t = _make(text, raw, "cell-lines", 1, rows[0][0][0], rows[-1][-1][1], rules,
                      first_id + len(out))
            if t is not None:
                out.append(t)
            i = pos
        else:
            i = j
    return out


def _fits(text: str, chunk: Sequence[tuple[int, int]], roles: Sequence[str | None],
          c: _Compiled) -> bool:
    """A chunk of lines is a row when its lines are short, its value and ratio cells are figures
    (or empty marks) and its label cell is not a figure."""
    for (s, e), role in zip(chunk, roles, strict=True):
        t = text[s:e].strip()
        if not t or len(t) > c.cell_line_max:
            return False
        if role in ("value", "ratio") and not (is_figure(t) or t in c.skip_values):
            return False
        if role == "label" and is_figure(t):
            return False
    return True


def _data_row(line: str) -> bool:
    """A tab row that carries on a table: a figure in a cell, or a row number or label in the
    first (`1 | Tiền mặt | 0`, `II | Trái phiếu Chính phủ`); not a row numbering the columns."""
    texts = [line[a:b].strip() for a, b in _split(line, "\t")]
    filled = [t for t in texts if t]
    if not filled or counts_up(filled) or counts_up(filled[1:]):
        return False  # `Câu hỏi | 11 | 12 | ...`: the columns numbered again, a form's grid
    return _ROW_LABEL.fullmatch(texts[0]) is not None or any(is_figure(t) for t in texts)


def _group_gap(text: str, lines: Sequence[tuple[int, int]], j: int, last: int,
               used: Sequence[bool], c: _Compiled) -> bool:
    """Line `j`, without a tab, inside a tab table: a group row spanning the table (`Nhân công
    lao động trực tiếp` under the header, `II. Trái phiếu Chính phủ`) or a cell's text carried
    to a line of its own. So it is when it and the tab-less lines after it are short (a cell's
    length) and not blank, no more than `max_gap` lines after the run's last row, and the next
    tab line is a data row; a heading or a paragraph followed by a new header ends the table."""
    q = j
    while q < len(lines) and not used[q] and q - last <= c.max_gap:
        line = text[lines[q][0]:lines[q][1]]
        if "\t" in line:
            return _line_sep(line) == "\t" and _data_row(line)
        t = line.strip()
        if not t or len(t) > c.cell_line_max:
            return False
        q += 1
    return False


def find_tables(text: str, rules: Rules, hints: Sequence[SourceTable] = (),
                origin: Sequence[int] | None = None, pdf: bool = False,
                pdf_tables: Sequence[PdfTable] = ()) -> list[Table]:
    """Every table in `text`: the readers' own tables (`hints` and the ruled `pdf_tables`,
    offsets in the source; `origin` maps each character of `text` to its source offset) first,
    then the ones written as text (pipe, tab and one-cell-per-line), ids in document order
    from 1."""
    c = compiled(rules)
    found: list[Table] = []
    budget = c.max_cells
    for h in [*hints, *(pdf_grid(t) for t in pdf_runs(pdf_tables, text, origin))]:
        if budget <= 0:
            break
        t = _from_hint(text, h, origin, rules, 0)
        if t is not None:
            found.append(t)
            budget -= len(t.cells)
    lines = _lines(text)
    starts = [s for s, _ in lines]
    used = [False] * len(lines)
    for t in found:
        a = bisect_left(starts, t.start + 1) - 1
        b = bisect_left(starts, t.end)
        for k in range(max(a, 0), b):
            used[k] = True
    # a line has a separator only when it holds a `|` or a tab: the others are passed over
    # without reading them (the same walk: `_line_sep` is None for them)
    marked = sorted({bisect_right(starts, m.start()) - 1 for m in _SEP_CHAR.finditer(text)})
    k = 0
    while budget > 0:
        at = bisect_left(marked, k)
        if at == len(marked):
            break
        k = marked[at]
        s, e = lines[k]
        sep = None if used[k] else _line_sep(text[s:e])
        if sep is None:
            k += 1
            continue
        j = k
        last = k  # the last line of the run with two cells or more
        figures_seen = False
        while j < len(lines) and not used[j] and j - last <= c.max_gap:
            line = text[lines[j][0]:lines[j][1]]
            if _line_sep(line) == sep:
                if figures_seen and j > k and _header_like(line, sep, rules):
                    break  # a header again: the next table starts here
                figures_seen = figures_seen or any(
                    is_figure(line[a:b]) for a, b in _split(line, sep))
                last = j
            elif not (sep == "\t" and ("\t" in line or _group_gap(text, lines, j, last, used, c))):
                break  # a few tab lines with one cell (group rows) or none stay inside the run
            j += 1
        j = last + 1
        form = "tab" if sep == "\t" else ("pdf" if pdf else "pipe")
        t = _text_table(text, lines[k:j], sep, form, rules, 0)
        if t is not None:
            found.append(t)
            budget -= len(t.cells)
            for q in range(k, j):
                used[q] = True
        k = j
    if budget > 0:
        found += _cell_line_tables(text, lines, used, rules, 0)
    found.sort(key=lambda t: t.start)
    for n, t in enumerate(found, 1):
        object.__setattr__(t, "id", n)
    return found
