"""Indicator tables: one indicator per value cell (issue 15 item 2).

A table whose header names a label column (Chỉ tiêu, Nội dung) and value columns (Kế hoạch,
Thực hiện, Ước thực hiện, Cùng kỳ, years) yields, for each body row and value column, the figure
of the cell with the row's name as subject, the unit of the unit column (`Tỷ.đ` = tỷ đồng, read
through rules/units.yaml), the column's meaning as `status` and `period`, and `table`/`row`/`col`.
A ratio column (Tỷ lệ %, TH/KH, So với cùng kỳ) gives a percentage whose `comparison` names
what it compares and `compared_to` points at the figure compared in the same row. Rows whose
name starts with a part marker (`- Nông, lâm, ngư nghiệp`) are parts of the row above without
one: `role`/`part_of` as in running text. `merge` drops the running-text figures read from the
same cells, so nothing is counted twice.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import regex

from .celltables import Column, columns, compiled, is_figure
from .model import Cell, Indicator, Table
from .rules import Entry, Rules
from .vnnumbers import plain_value, read_number, scaled

_ROW_NUMBER = regex.compile(
    r"(?:[0-9]{1,2}(?:\.[0-9]{1,2}){0,3}\.?|[IVXLC]{1,6}\.|[a-zđ]\)|[a-zđ]\.)[ \t]+")
_UNIT_IN_NAME = regex.compile(r"[ \t]*\(([^()]{1,30})\)[ \t]*$")
_DOT_NUMBER = regex.compile(r"[0-9]{1,15}(?:\.[0-9]{1,15})?")
# a dot that cannot group thousands: not followed by exactly three digits
_DOT_DECIMAL = regex.compile(r"[+-]?[0-9]{1,15}\.(?:[0-9]{1,2}|[0-9]{4,15})")


@dataclass(frozen=True)
class Unit:
    unit: str
    quantity: str
    factor: int = 1
    rule: str | None = None


@lru_cache(maxsize=16)  # once per rule set, not once per document
def _unit_index(rules: Rules) -> tuple[dict[str, Entry], dict[str, int]]:
    rf = rules["units"]
    forms: dict[str, Entry] = {}
    for e in rf.entries("units"):
        for f in e["forms"]:
            forms[" ".join(str(f).lower().split())] = e
    scales = {str(e["word"]).lower(): int(e["factor"]) for e in rf.entries("scales")}
    return forms, scales


def read_unit(text: str, rules: Rules) -> Unit | None:
    """The unit written in a unit cell (`Tỷ.đ`, `triệu đồng`, `Tr. USD`, `Ng. tấn`, `Nghìn tỷ
    đồng`, `%`, `Người`, `ha`): the unit reported, its quantity and the factor values are
    multiplied by (`tỷ đồng`: 10^9 đồng). Up to two scale words, full or abbreviated."""
    t = " ".join(text.strip().strip("()").split())
    if not t or is_figure(t):
        return None
    forms, scales = _unit_index(rules)
    scales = {**scales, **compiled(rules).scale_abbreviations}
    low = t.lower()
    factor = 1
    rest = low
    for _ in range(2):
        if rest in forms:
            break
        word = next((w for w in sorted(scales, key=len, reverse=True)
                     if rest.startswith(w) and (rest[len(w):len(w) + 1] == " " or
                                                (w.endswith(".") and len(rest) > len(w)))), None)
        if word is None:
            break
        factor *= scales[word]
        rest = rest[len(word):].strip()
    e = forms.get(rest)
    if e is None:
        return Unit(t, "other")
    factor *= int(e.get("factor") or 1)
    written = t[len(t) - len(rest):]
    if not any(ch.isupper() for ch in written[1:]):  # `Người` as a unit is `người`
        written = written.lower()
    return Unit(str(e.get("report_as") or written), str(e["kind"]), factor, e.where)


def _name(text: str, markers: Sequence[str], prefixes: Sequence[str] = ()) -> tuple[str, bool]:
    """(row name without `Trong đó:`, numbering or part marker, whether it is marked as a
    part)."""
    t = text.strip()
    part = False
    for p in prefixes:
        if t.startswith(p):  # `Trong đó: X` is a part of the row above, never a new total
            t, part = t[len(p):].strip(), True
            break
    for m in sorted(markers, key=len, reverse=True):
        if t.startswith(m) and t[len(m):len(m) + 1] in (" ", "\t", ""):
            t, part = t[len(m):].strip(), True
            break
    if not part:
        m2 = _ROW_NUMBER.match(t)
        if m2 is not None:
            t = t[m2.end():]
    return t.strip(), part


def _figure(text: str, dot_decimal: bool = False) -> Decimal | None:
    """The number of a figure cell; `dot_decimal`: the table writes `5.7` for 5,7."""
    t = text.strip().rstrip("%").replace(" ", "")
    sign = 1
    if t[:1] in "+-":
        sign, t = (-1 if t[0] == "-" else 1), t[1:]
    if dot_decimal and _DOT_NUMBER.fullmatch(t):
        return Decimal(t) * sign
    value, _ = read_number(t)
    return None if value is None else value * sign


def _figure_cell(cell: Cell | None, dot_decimal: bool) -> tuple[Cell, Decimal] | None:
    """A cell that holds a figure, with its number (None for an empty or a text cell)."""
    if cell is None or not is_figure(cell.text):
        return None
    v = _figure(cell.text, dot_decimal)
    return None if v is None else (cell, v)


def _dot_decimal(table: Table) -> bool:
    """Does the table write decimals with a dot (spreadsheet exports: `87.23599633`, `5.7`)?
    Yes when a body figure has a dot that cannot group thousands and no figure has a comma."""
    dot = comma = False
    for c in table.cells:
        if c.header:
            continue
        t = c.text.strip().rstrip("%")
        if "," in t and is_figure(t):
            comma = True
        elif _DOT_DECIMAL.fullmatch(t):
            dot = True
    return dot and not comma


def _shift_year(period: str | None) -> str | None:
    """The same period one year before (`2023` -> `2022`, `2024-01/2024-06` -> `2023-...`)."""
    if period is None:
        return None
    return str(regex.sub(r"(?:19|20)[0-9]{2}", lambda m: str(int(m.group(0)) - 1), period))


def _label_col(cols: Sequence[Column], table: Table) -> int | None:
    for c in cols:
        if c.role == "label":
            return c.col
    for c in cols:
        if c.role is None:
            return c.col
    return None


def _body(table: Table) -> dict[int, dict[int, Cell]]:
    rows: dict[int, dict[int, Cell]] = {}
    for cell in table.cells:
        if not cell.header:
            rows.setdefault(cell.row, {})[cell.col] = cell
    return rows


def _periods(cols: Sequence[Column]) -> str | None:
    """The period most value columns name (the table's own period), for columns naming none."""
    seen: dict[str, int] = {}
    for c in cols:
        if c.role == "value" and c.period and not c.previous:
            seen[c.period] = seen.get(c.period, 0) + 1
    return max(seen, key=lambda p: (seen[p], p)) if seen else None


def table_indicators(table: Table, rules: Rules) -> list[Indicator]:
    """One indicator per value and ratio cell of an indicator table."""
    if table.kind != "indicator":
        return []
    c = compiled(rules)
    cols = columns(table, rules)
    label = _label_col(cols, table)
    if label is None:
        return []
    unit_col = next((x.col for x in cols if x.role == "unit"), None)
    values = [x for x in cols if x.role == "value"]
    ratios = [x for x in cols if x.role == "ratio"]
    default_period = _periods(cols)
    dots = _dot_decimal(table)
    out: list[Indicator] = []
    unit: Unit | None = None
    parent: dict[int, Indicator] = {}  # col -> the last total row's indicator in that column
    totals: set[int] = set()
    for row, cells in sorted(_body(table).items()):
        name_cell = cells.get(label) or next(
            (cells[k] for k in sorted(cells) if k < label and not is_figure(cells[k].text)), None)
        if name_cell is None or is_figure(name_cell.text):
            continue
        name, is_part = _name(name_cell.text, c.part_markers, c.strip_prefixes)
        written = cells[unit_col].text.strip() if unit_col in cells else ""
        if written not in c.ditto:  # `"` repeats the unit of the row above
            unit = read_unit(written, rules) if written else None
        if unit is None:
            m = _UNIT_IN_NAME.search(name)
            if m is not None:
                unit = read_unit(m.group(1), rules)
                if unit is not None and unit.rule is not None:
                    name = name[:m.start()].strip()
                else:
                    unit = None
        by_col: dict[int, Indicator] = {}
        for col in values:
            found = _figure_cell(cells.get(col.col), dots)
            if found is None:
                continue
            cell, v = found
            u = unit or _header_unit(col.header, rules) or _counted(col.header, c.count_prefixes)
            if cell.text.strip().endswith("%"):
                u = Unit("%", "percent")
            if u is not None and u.factor != 1:
                v = scaled(v, u.factor)
            period = col.period or default_period
            if col.previous:
                period = col.period or _shift_year(default_period)
            ind = Indicator(
                text=cell.text, start=cell.start, end=cell.end, value=plain_value(v),
                unit=u.unit if u else None, quantity=u.quantity if u else None,
                subject=name or None, rule=col.rule or "rules/tables.yaml",
                value_text=cell.text, status=col.status or "unknown", period=period,
                period_text=col.period_text, table=table.id, row=row, col=col.col)
            by_col[col.col] = ind
            out.append(ind)
        plan = next((by_col[x.col] for x in values if x.status == "target" and x.col in by_col),
                    None)
        prev = next((by_col[x.col] for x in values if x.previous and x.col in by_col), None)
        result = next((by_col[x.col] for x in reversed(values)
                       if x.status in ("achieved", "estimate") and not x.previous
                       and x.col in by_col), None)
        for col in ratios:
            found = _figure_cell(cells.get(col.col), dots)
            if found is None:
                continue
            cell, v = found
            kind = col.comparison
            against = prev if kind == "same_period" else plan
            if kind == "plan" and plan is None and prev is not None:
                kind, against = "same_period", prev
            top = result
            if col.over[0] is not None:  # `2T-2005/ 2T-2004`: the columns of those periods
                top = _by_period(values, by_col, col.over[0], ("achieved", "estimate")) or top
            if col.over[1] is not None and kind != "plan":
                against = _by_period(values, by_col, col.over[1], None) or against
            ind = Indicator(
                text=cell.text, start=cell.start, end=cell.end, value=plain_value(v), unit="%",
                quantity="percent", subject=name or None, rule=col.rule or "rules/tables.yaml",
                value_text=cell.text, status=top.status if top else "unknown",
                period=col.period or (top.period if top else None) or default_period,
                period_text=col.period_text, comparison=kind,
                compared_to=against.start if against else None,
                table=table.id, row=row, col=col.col)
            out.append(ind)
        if is_part:
            for k, ind in by_col.items():
                top = parent.get(k)
                if top is not None and top.unit == ind.unit:
                    object.__setattr__(ind, "role", "part")
                    object.__setattr__(ind, "part_of", top.start)
                    totals.add(id(top))
        else:
            parent = dict(by_col)
    for ind in out:
        if id(ind) in totals:
            object.__setattr__(ind, "role", "total")
    return out


def _header_unit(header: str, rules: Rules) -> Unit | None:
    """A known unit in brackets at the end of a column header (`Diện tích (m2)`, `(tỷ đồng)`)."""
    m = _UNIT_IN_NAME.search(header)
    if m is None:
        return None
    u = read_unit(m.group(1), rules)
    return u if u is not None and u.rule is not None else None


def _counted(header: str, prefixes: Sequence[str]) -> Unit | None:
    """`Số dự án` -> a count of `dự án` (one to three words after a count prefix)."""
    h = " ".join(header.split())
    for p in prefixes:
        if h.startswith(p + " "):
            rest = h[len(p) + 1:]
            if 0 < len(rest.split()) <= 3 and not any(ch.isdigit() for ch in rest):
                return Unit(rest if rest[1:].islower() else rest.lower(), "count",
                            rule="rules/tables.yaml")
    return None


def _by_period(values: Sequence[Column], by_col: dict[int, Indicator], period: str,
               statuses: tuple[str, ...] | None) -> Indicator | None:
    """The row's figure in the value column of `period` (of one of `statuses`, if given)."""
    for col in values:
        ind = by_col.get(col.col)
        if ind is not None and ind.period == period and (statuses is None
                                                          or ind.status in statuses):
            return ind
    return None


def find_table_indicators(text: str, tables: Sequence[Table], rules: Rules) -> list[Indicator]:
    """Indicators of every indicator table of a document, in document order."""
    out: list[Indicator] = []
    for t in tables:
        out += table_indicators(t, rules)
    out.sort(key=lambda i: i.start)
    return out


def merge(running: Sequence[Indicator], from_tables: Sequence[Indicator]) -> list[Indicator]:
    """Running-text indicators and table ones, without the running-text figures read from a
    cell a table indicator stands on (the table reading knows the column's meaning)."""
    if not from_tables:
        return list(running)
    spans = sorted((i.start, i.end) for i in from_tables)
    starts = [s for s, _ in spans]
    kept: list[Indicator] = []
    for ind in running:
        k = bisect_right(starts, ind.start) - 1
        inside = k >= 0 and spans[k][1] > ind.start
        nxt = k + 1 < len(spans) and spans[k + 1][0] < ind.end
        if not inside and not nxt:
            kept.append(ind)
    out = [*kept, *from_tables]
    out.sort(key=lambda i: (i.start, i.end))
    return out
