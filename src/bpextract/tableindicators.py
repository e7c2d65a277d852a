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

import dataclasses
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import regex

from .celltables import Column, columns, compiled, is_figure
from .model import Cell, DateRecord, Document, Indicator, Table
from .normtables import header_unit_word, is_norm_table, norm_rules, title_before
from .rules import Entry, Rules, literal_alternation
from .vnnumbers import plain_value, read_number, scaled

_ROW_NUMBER = regex.compile(
    r"(?:[0-9]{1,2}(?:\.[0-9]{1,2}){0,3}\.?|[IVXLC]{1,6}\.|[a-zđ]\)|[a-zđ]\.)[ \t]+")
_UNIT_IN_NAME = regex.compile(r"[ \t]*\(([^()]{1,30})\)[ \t]*$")
_UNIT_IN_HEADER = regex.compile(r"\(([^()]{1,30})\)")
# The two ways a table writes its figures. `vi`: `1.250.000`, `350,5`; `en` (en-US, spreadsheet
# exports, budget tables typed in Excel): `197,128,000`, `1,250.5`, `87.23599633`. A figure
# tells its convention when its separators can only be read one way (two groups of three, a
# group then the other mark, a decimal part that is not three digits, a `0.`/`0,` before the
# mark); `532,000` or `8.000` alone tells nothing.
_EN_FIGURE = regex.compile(r"[0-9]{1,3}(?:,[0-9]{3})*+(?:\.[0-9]++)?+|[0-9]++(?:\.[0-9]++)?+")
_EN_SURE = regex.compile(
    r"[0-9]{1,3}(?:,[0-9]{3}){2,}+(?:\.[0-9]++)?+|[0-9]{1,3}(?:,[0-9]{3})++\.[0-9]++"
    r"|[0-9]++\.(?:[0-9]{1,2}|[0-9]{4,})|0\.[0-9]++")
_VI_SURE = regex.compile(
    r"[0-9]{1,3}(?:\.[0-9]{3}){2,}+(?:,[0-9]++)?+|[0-9]{1,3}(?:\.[0-9]{3})++,[0-9]++"
    r"|[0-9]++,(?:[0-9]{1,2}|[0-9]{4,})|0,[0-9]++")
# one mark before three digits: a decimal part in one convention, a thousands group in the other
_ONE_GROUP = regex.compile(r"[1-9][0-9]{0,2}[.,][0-9]{3}")


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


_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_UNSUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# `10⁶m³`, `10^6 m3`, and `106m³` as a PDF reader flattens the raised 6 (exponent 3-9; a unit
# cell holds a unit, never a number of cubic metres)
_POWER = regex.compile(r"10(\^?[3-9]|[³⁴⁵⁶⁷⁸⁹])[ ]?(\p{L}.{0,12})")
# `3 m /s`: a PDF reader that writes a raised ² / ³ before the line it floats over
_DISPLACED = regex.compile(r"([23])[ ]((?:k|d|c|m)?m)[ ]?(/\p{L}{1,3})?")


def _raised(t: str) -> str:
    """A unit whose exponent a reader moved before it (`3 m /s` -> `m³/s`, `2 km` -> `km²`)."""
    m = _DISPLACED.fullmatch(t)
    if m is None:
        return t
    unit, exp, per = str(m.group(2)), str(m.group(1)), str(m.group(3) or "")
    return unit + exp.translate(_SUP) + per


def read_unit(text: str, rules: Rules) -> Unit | None:
    """The unit written in a unit cell (`Tỷ.đ`, `triệu đồng`, `Tr. USD`, `Ng. tấn`, `Nghìn tỷ
    đồng`, `%`, `Người`, `ha`): the unit reported, its quantity and the factor values are
    multiplied by (`tỷ đồng`: 10^9 đồng). Up to two scale words, full or abbreviated."""
    t = _raised(" ".join(text.strip().strip("()").split()))
    if not t or is_figure(t):
        return None
    forms, scales = _unit_index(rules)
    power = _POWER.fullmatch(t)  # `10⁶m³`: a power of ten before a known unit scales it
    if power and " ".join(power.group(2).lower().split()) in forms:
        u = read_unit(power.group(2), rules)
        if u is not None:
            exp = int(power.group(1).lstrip("^").translate(_UNSUP))
            return dataclasses.replace(u, factor=u.factor * 10 ** exp)
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


def _bare(text: str) -> tuple[int, str]:
    """(sign, digits and separators) of a figure cell (`-2,1%` -> (-1, `2,1`))."""
    t = text.strip().rstrip("%").replace(" ", "")
    if t[:1] in "+-":
        return (-1 if t[0] == "-" else 1), t[1:]
    return 1, t


def _figure(text: str, convention: str = "vi") -> Decimal | None:
    """The number of a figure cell written in `convention` (`conventions`): `en` reads
    commas as thousands groups and a dot as the decimal point (`197,128,000`, `5.7`); `mixed`
    (a column typed both ways) reads each figure that can be read one way only in its own way
    and `500.000` / `532,000` as thousands; `vi` is the running-text reading."""
    sign, t = _bare(text)
    english = convention == "en" or (convention == "mixed" and _EN_SURE.fullmatch(t) is not None)
    if english and _EN_FIGURE.fullmatch(t):
        return Decimal(t.replace(",", "")) * sign
    if convention == "mixed" and _ONE_GROUP.fullmatch(t):
        return Decimal(t.replace(",", "").replace(".", "")) * sign
    value, _ = read_number(t)
    return None if value is None else value * sign


def _figure_cell(cell: Cell | None, convention: str) -> tuple[Cell, Decimal] | None:
    """A cell that holds a figure, with its number (None for an empty or a text cell)."""
    if cell is None or not is_figure(cell.text):
        return None
    v = _figure(cell.text, convention)
    return None if v is None else (cell, v)


def _votes(cells: Sequence[Cell]) -> tuple[int, int]:
    """(en-US, Vietnamese) figures among `cells` that can be read one way only."""
    en = vi = 0
    for c in cells:
        if not is_figure(c.text):
            continue
        t = _bare(c.text)[1]
        if _EN_SURE.fullmatch(t):
            en += 1
        elif _VI_SURE.fullmatch(t):
            vi += 1
    return en, vi


def conventions(table: Table) -> dict[int, str]:
    """How each column writes its figures: `en` (`197,128,000`, `1,250.5`, `87.235996`), `vi`
    (`1.250.000`, `350,5`) or `mixed` (both, as a budget table typed by hand: `6,000,000` over
    `14.000.000`). Each column decides by its own figures that can be read one way only; a
    column with none (`532,000`, `60,000`, `10`) follows the table's; a table with none, or with
    both and a column that tells nothing, keeps the Vietnamese reading of running text."""
    body: dict[int, list[Cell]] = {}
    for c in table.cells:
        if not c.header:
            body.setdefault(c.col, []).append(c)
    en_all, vi_all = _votes([c for cs in body.values() for c in cs])
    out: dict[int, str] = {}
    for col, cells in body.items():
        en, vi = _votes(cells)
        if en and vi:
            out[col] = "mixed"
        elif en or (not vi and en_all and not vi_all):
            out[col] = "en"
        else:
            out[col] = "vi"
    return out


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


def table_indicators(table: Table, rules: Rules, title: str = "") -> list[Indicator]:
    """One indicator per value and ratio cell of an indicator table (`title`: the lines above
    it, which tell a norm table)."""
    if table.kind != "indicator":
        return []
    c = compiled(rules)
    cols = columns(table, rules)
    norm = is_norm_table(title, [x.header for x in cols], rules)
    label = _label_col(cols, table)
    if label is None and norm:  # a norm per work item (`Nội dung công việc`): its rows' names
        row_roles = norm_rules(rules).row_roles
        label = next((x.col for x in cols if x.role in row_roles), None)
    if label is None:
        return []
    unit_col = next((x.col for x in cols if x.role == "unit"), None)
    values = [x for x in cols if x.role == "value"]
    ratios = [x for x in cols if x.role == "ratio"]
    default_period = _periods(cols)
    convention = conventions(table)
    # the unit the money columns' headers name (`T.Tiền (VND)`), for one that names none
    # (`Đơn giá đã có VAT` beside it)
    money_unit = next((u for x in values if x.measure == "money"
                       for u in (_header_unit(x.header, rules),) if u is not None), None)
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
            found = _figure_cell(cells.get(col.col), convention.get(col.col, "vi"))
            if found is None:
                continue
            cell, v = found
            u = _cell_unit(col, unit, money_unit, rules, c.count_prefixes, c.count_stops)
            if u is None and norm:
                u = _norm_unit(col.header, rules)
            if cell.text.strip().endswith("%"):
                u = Unit("%", "percent")
            if u is not None and u.factor != 1:
                v = scaled(v, u.factor)
            period = col.period or default_period
            if col.previous:
                period = col.period or _shift_year(default_period)
            ind = Indicator(
                text=cell.text, start=cell.start, end=cell.end, value=plain_value(v),
                unit=u.unit if u else None,
                quantity=u.quantity if u else ("count" if col.measure == "count" else None),
                subject=name or None, rule=col.rule or "rules/tables.yaml",
                value_text=cell.text, status=_status(col, norm), period=period,
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
            found = _figure_cell(cells.get(col.col), convention.get(col.col, "vi"))
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


def _status(col: Column, norm: bool) -> str:
    """A value column's status; none in a norm table, whose figures are prescribed, neither
    reached nor aimed at (`thực hiện` in `Ngày công thực hiện` is "to perform", `Nghị quyết
    của Quốc hội` over a `Mức chi tối đa` column names a kind of text, not a target)."""
    if col.status is None or norm:
        return "unknown"
    return col.status


def _norm_unit(header: str, rules: Rules) -> Unit | None:
    """The unit a norm column's header starts with (`Ngày công thực hiện` -> `ngày công`), a
    count of it when the unit rules do not know it (`Công`)."""
    word = header_unit_word(header, rules)
    if word is None:
        return None
    u = read_unit(word, rules)
    if u is None or u.rule is None:
        return Unit(word.lower(), "count", rule="rules/tables.yaml")
    return u


def _cell_unit(col: Column, row_unit: Unit | None, money_unit: Unit | None, rules: Rules,
               prefixes: Sequence[str], stops: frozenset[str]) -> Unit | None:
    """The unit of a value cell: the unit its column header names (`Thành tiền (VNĐ)`) wins
    over the row's unit cell; a money column (`Đơn giá`) takes the row's unit only when it is
    money (the ĐVT of `ĐVT | SL | Đơn giá | Thành tiền` is the quantity's), else the unit its
    fellow money columns name; a count column (`SL`) counts a row unit the unit rules do not
    know (`người/ngày`); other columns take the row's unit, then what their header counts
    (`Số dự án`)."""
    own = _header_unit(col.header, rules)
    if own is not None:
        return own
    if col.measure == "money":
        return row_unit if row_unit is not None and row_unit.quantity == "money" else money_unit
    if col.measure == "count" and row_unit is not None and row_unit.rule is None:
        return dataclasses.replace(row_unit, quantity="count")  # `10 | người/ngày`
    return row_unit or _counted(col.header, prefixes, stops)


def _header_unit(header: str, rules: Rules) -> Unit | None:
    """A known unit in brackets in a column header (`Diện tích (m2)`, `(tỷ đồng)`), the last
    one when several: a spanning header's unit reaches the columns under it (`Mực nước cao
    nhất trước lũ (m)` over `Từ 01 tháng 9 đến 20 tháng 9` ...), whose joined header no
    longer ends with it. A bracket that is no unit (`Dung tích (Wtb)`) is skipped."""
    for m in reversed(list(_UNIT_IN_HEADER.finditer(header))):
        u = read_unit(m.group(1), rules)
        if u is not None and u.rule is not None:
            return u
    return None


def _counted(header: str, prefixes: Sequence[str], stops: frozenset[str] = frozenset()
             ) -> Unit | None:
    """`Số dự án` -> a count of `dự án` (one to three words after a count prefix; the noun ends
    before a word of `count_noun_stops`: `Số cổng trên switch` counts `cổng`)."""
    h = " ".join(header.split())
    for p in prefixes:  # longest first: `Số lượng` alone counts nothing named
        if h.lower() == p.lower():
            return None
        if h.startswith(p + " "):
            words = h[len(p) + 1:].split()
            cut = next((k for k, w in enumerate(words) if k and w.lower() in stops), len(words))
            rest = " ".join(words[:cut])
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
    lines = norm_rules(rules).title_lines
    for t in tables:
        out += table_indicators(t, rules, title_before(text, t.start, lines))
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


# --- the period of a report table's cells -------------------------------------------------------

_DATED = ("achieved", "estimate", "target")  # statuses of figures that belong to a time


@lru_cache(maxsize=16)  # once per rule set
def _until_report(rules: Rules) -> tuple[int, regex.Pattern[str] | None]:
    rf = rules["tables"]
    words = [str(w) for w in rf.setting("periods", "until_report") or ()]
    alt = literal_alternation(words, space=r"[ \t]+")
    pat = regex.compile(rf"[ \t]*(?:{alt})(?![\p{{L}}\p{{M}}])", regex.I) if words else None
    return int(rf.setting("periods", "lead_in_chars", 600)), pat


def _lead_in(text: str, start: int, reach: int, floor: int = 0) -> tuple[int, int]:
    """(start, end) of the paragraph right before the line of `start` (the table's lead-in:
    its first cell may stand after empty ones, ` |  | Tổng ...`), at most `reach` characters
    back and not before `floor` (the end of the table above)."""
    end = text.rfind("\n", 0, start) + 1
    while end > 0 and text[end - 1].isspace():  # `text[:end].rstrip()`, without the copy
        end -= 1
    lo = max(0, floor, end - reach)
    k = text.rfind("\n\n", lo, end)
    return (k + 2 if k >= 0 else lo), end


def table_periods(doc: Document, rules: Rules, by_section: Mapping[int, DateRecord],
                  whole: DateRecord | None,
                  value_of: Callable[[DateRecord], str | None]) -> None:
    """Set the period of the table cells whose column names none and whose figure belongs to
    a time (status achieved, estimate, target: `Đã xử lý` in a Báo cáo), in place: the period
    the table's lead-in paragraph names (its last period date; a start followed by `đến thời
    điểm báo cáo` runs to the report's date), else the one of the heading above the table
    (`by_section`), else the document's reporting period (`whole`). A cell of status unknown
    (a norm, a level, a lookup value) is about no time and keeps none."""
    cells = [i for i in doc.indicators if i.table is not None and i.footnote is None
             and i.period is None and i.status in _DATED]
    if not cells:
        return
    reach, until = _until_report(rules)
    tables = {t.id: t for t in doc.tables}
    dates = sorted((d for d in doc.dates if d.footnote is None and d.role == "period"
                    and d.value is not None), key=lambda d: d.start)
    starts = [d.start for d in dates]
    issued = doc.header.issue_date
    found: dict[int, tuple[str | None, str | None]] = {}
    for ind in cells:
        t = tables.get(ind.table or 0)
        if t is None:
            continue
        if t.id not in found:
            above = max((x.end for x in doc.tables if x.end <= t.start), default=0)
            lo, hi = _lead_in(doc.text, t.start, reach, above)
            k = bisect_right(starts, hi) - 1
            value: str | None = None
            said: str | None = None
            if k >= 0 and dates[k].start >= lo:
                d = dates[k]
                value, said = value_of(d), d.text
                m = until.match(doc.text, d.end, hi) if until is not None else None
                if m is not None and value and issued and d.kind != "range" \
                        and value <= issued:
                    value, said = f"{value}/{issued}", doc.text[d.start:m.end()]
            else:
                rec = (by_section.get(ind.section) if ind.section is not None else None) \
                    or whole
                if rec is not None:
                    value, said = value_of(rec), rec.text
            found[t.id] = (value, said)
        value, said = found[t.id]
        if value is not None:
            object.__setattr__(ind, "period", value)  # this run's own record, not yet shared
            object.__setattr__(ind, "period_text", said)
